"""Options shared by several commands, and the one way commands open their data."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from cs_peers.analysis.grouping.groups import DEFAULT_RESOLUTION, GroupingParameters
from cs_peers.analysis.history import FileRunHistory, RunHistory
from cs_peers.analysis.pending_history import PendingHistory
from cs_peers.analysis.provenance import DEFAULT_MARKING
from cs_peers.analysis.reviews.records import FileReviewLog, ReviewLog
from cs_peers.analysis.run import Analysis, analyse
from cs_peers.errors import CsPeersError
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.limits import InputLimits
from cs_peers.inputs.load import load_dataset
from cs_peers.inputs.vocabulary import load_vocabulary
from cs_peers.workspace import workspace_home

DataArg = Annotated[
    Path | None,
    typer.Argument(
        help="A folder of CSV files (people.csv, contexts.csv, associations.csv) or an .xlsx "
        "workbook with sheets of those names. Leave out with --neo4j.",
        show_default=False,
    ),
]
Neo4jOpt = Annotated[
    bool,
    typer.Option(
        "--neo4j",
        help="Read from the configured Neo4j (NEO4J_URI… if set, else the workspace's local "
        "Neo4j) instead of files.",
    ),
]
VocabularyOpt = Annotated[
    Path | None,
    typer.Option(
        "--vocabulary",
        help="A TOML vocabulary of association types replacing the default one.",
        exists=True,
        dir_okay=False,
    ),
]
MappingOpt = Annotated[
    Path | None,
    typer.Option(
        "--mapping",
        help="A TOML mapping file that reads your own files (your headers, sheets, words and "
        "date order) as the input contract; DATA may then be left out. See `cs-peers mapping`.",
        exists=True,
        dir_okay=False,
    ),
]
ResolutionOpt = Annotated[
    float | None,
    typer.Option(
        "--resolution",
        min=0.0001,
        max=1.0,
        help="How much recorded evidence each pair in a group must share on average (0–1). "
        "Default: chosen from the data (the most significant partition). Higher gives "
        "smaller, tighter groups; lower gives larger, looser ones.",
        show_default=False,
    ),
]
SeedOpt = Annotated[
    int, typer.Option("--seed", help="Random seed; the same seed and data give the same groups.")
]
RunsOpt = Annotated[
    int,
    typer.Option(
        "--runs", min=1, max=100, help="Detection runs (seeds) behind each membership's confidence."
    ),
]
AsOfOpt = Annotated[
    datetime | None,
    typer.Option(
        "--as-of",
        formats=["%Y-%m-%d"],
        help="Use only associations recorded on or before this date "
        "(rebuild what a past meeting saw).",
    ),
]
SinceOpt = Annotated[
    datetime | None,
    typer.Option(
        "--since",
        formats=["%Y-%m-%d"],
        help="Use only associations observed on or after this date.",
    ),
]
UntilOpt = Annotated[
    datetime | None,
    typer.Option(
        "--until",
        formats=["%Y-%m-%d"],
        help="Use only associations observed on or before this date.",
    ),
]
MarkingOpt = Annotated[
    str, typer.Option("--marking", help="Protective marking printed on every page and diagram.")
]
RevealNamesOpt = Annotated[
    bool,
    typer.Option(
        "--reveal-names",
        help="Show real names instead of labels. Off by default: outputs are pseudonymised.",
    ),
]
WorkspaceOpt = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        help="Where runs and the local Neo4j are kept (default: $CS_PEERS_HOME, else ./.cs-peers).",
        file_okay=False,
    ),
]
LineageOpt = Annotated[
    str | None,
    typer.Option(
        "--lineage",
        help="Name the dataset this run continues (letters, digits, . _ -). By default a run is "
        "matched to the earlier runs in the workspace that share most of its people, and data "
        "no earlier run shares starts afresh.",
        show_default=False,
    ),
]
RecordOpt = Annotated[
    bool,
    typer.Option(
        "--record/--no-record", help="Keep this run in the workspace so group ids stay stable."
    ),
]


# The `cs-peers --limit NAME=VALUE` overrides of this invocation (set by the app's callback).
_limit_overrides: dict[str, str] = {}


def remember_limits(overrides: dict[str, str]) -> None:
    """Keep this invocation's ``--limit`` overrides, checked now so a typo fails at once."""
    InputLimits().with_overrides(overrides)
    _limit_overrides.clear()
    _limit_overrides.update(overrides)


def input_limits() -> InputLimits:
    """Return the input limits, raised by any ``cs-peers --limit NAME=VALUE`` given."""
    return InputLimits().with_overrides(_limit_overrides)


AudienceOpt = Annotated[
    str,
    typer.Option(
        "--audience",
        help="Who the output is for: meeting (the agencies involved; default), partner "
        "(another agency: pseudonyms, no references, only the --group asked for) or "
        "case-file (one young person's groups, initials only; needs --person).",
    ),
]
PersonOpt = Annotated[
    str | None,
    typer.Option("--person", help="With --audience case-file: the young person's id."),
]


def audience_view(
    result: Analysis,
    *,
    audience: str,
    marking: str,
    groups: list[str] | None,
    person: str | None,
    workspace: Path | None,
    reveal_names: bool,
) -> tuple[Analysis, str]:
    """Return the analysis as the audience may see it, and the marking naming the audience."""
    from cs_peers.outputs.audiences import audience_named, for_audience, marking_for

    profile = audience_named(audience)
    view = for_audience(
        result,
        profile,
        home=workspace_home(workspace),
        groups=groups,
        person=person,
        reveal_names=reveal_names,
    )
    return view, marking_for(marking, profile)


def say(message: str) -> None:
    """Print a progress message on stderr, keeping stdout for results."""
    print(message, file=sys.stderr, flush=True)


def as_date(value: datetime | None) -> date | None:
    """Return the date part of an option value."""
    return value.date() if value is not None else None


def grouping_parameters(resolution: float | None, seed: int, runs: int) -> GroupingParameters:
    """Return the grouping parameters from the common options."""
    return GroupingParameters(resolution=resolution, seed=seed, runs=runs)


def open_dataset(
    data: Path | None,
    neo4j: bool,
    vocabulary: Path | None,
    *,
    as_of: datetime | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    workspace: Path | None = None,
    mapping: Path | None = None,
) -> Dataset:
    """Return the validated dataset from files or from Neo4j, filtered by the date options."""
    vocab = load_vocabulary(vocabulary)
    if neo4j and data is not None:
        raise typer.BadParameter("give either DATA or --neo4j, not both")
    if neo4j and mapping is not None:
        raise typer.BadParameter("--mapping reads files; it cannot be used with --neo4j")
    if neo4j:
        from cs_peers.graphdb.history import open_store
        from cs_peers.graphdb.read_back import read_dataset_from_neo4j

        with open_store(home=workspace_home(workspace), env=os.environ) as store:
            dataset: Dataset = read_dataset_from_neo4j(store, vocab)
    elif data is None and mapping is None:
        raise typer.BadParameter(
            "give DATA (a CSV folder or .xlsx workbook), --mapping FILE, or --neo4j"
        )
    else:
        dataset = load_dataset(data, vocab, mapping=mapping, limits=input_limits())
    selected = dataset.filtered(as_of=as_date(as_of), since=as_date(since), until=as_date(until))
    if len(selected.associations) == 0:
        raise CsPeersError(
            f"no associations in this selection ({selected.selection}); "
            "widen --as-of, --since or --until"
        )
    return selected


def analysed(
    dataset: Dataset,
    params: GroupingParameters,
    *,
    neo4j: bool,
    workspace: Path | None,
    record: bool,
    lineage: str | None = None,
) -> tuple[Analysis, PendingHistory | None]:
    """Return the analysis of ``dataset`` and where its run will be kept.

    The run is held, not kept, until the command calls :func:`keep_run` once its outputs are
    complete. With ``--neo4j`` the run is kept in the database and the groups are written back
    as ``(:PeerGroup)`` nodes, so that the Cypher templates can ask about them.
    """
    history = PendingHistory(run_history(neo4j, workspace)) if record else None
    result = analyse(
        dataset,
        params,
        history=history,
        store="neo4j" if neo4j else "files",
        lineage=lineage,
        reviews=review_log(neo4j, workspace).list_reviews() if record else None,
        progress=say,
    )
    if neo4j:
        from cs_peers.graphdb.history import write_groups_back

        write_groups_back(result, home=workspace_home(workspace), env=os.environ)
        say("groups written back to Neo4j as (:PeerGroup)<-[:MEMBER_OF]-(:Person)")
    return result, history


def open_and_analyse(
    data: Path | None,
    *,
    neo4j: bool,
    vocabulary: Path | None,
    workspace: Path | None,
    record: bool,
    resolution: float | None = DEFAULT_RESOLUTION,
    seed: int = 0,
    runs: int = 10,
    as_of: datetime | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    mapping: Path | None = None,
    lineage: str | None = None,
) -> tuple[Analysis, PendingHistory | None]:
    """Return the analysis of the data the common options name, and where its run is held."""
    dataset = open_dataset(
        data,
        neo4j,
        vocabulary,
        as_of=as_of,
        since=since,
        until=until,
        workspace=workspace,
        mapping=mapping,
    )
    return analysed(
        dataset,
        grouping_parameters(resolution, seed, runs),
        neo4j=neo4j,
        workspace=workspace,
        record=record,
        lineage=lineage,
    )


def keep_run(history: PendingHistory | None) -> None:
    """Keep the held run, now that the command's outputs are complete."""
    if history is not None:
        history.commit()


def protected_paths(data: Path | None, workspace: Path | None) -> list[Path]:
    """Return what an output folder must never replace: the input data and the workspace."""
    return [p for p in (data, workspace_home(workspace)) if p is not None]


def review_log(neo4j: bool, workspace: Path | None) -> ReviewLog:
    """Return where meeting decisions are kept: the workspace folder, or Neo4j with --neo4j."""
    home = workspace_home(workspace)
    if neo4j:
        from cs_peers.graphdb.reviews import Neo4jReviewLog

        log: ReviewLog = Neo4jReviewLog.connect(home=home, env=os.environ)
        return log
    return FileReviewLog(home)


def run_history(neo4j: bool, workspace: Path | None) -> RunHistory:
    """Return where runs are kept: the workspace folder, or Neo4j with --neo4j."""
    home = workspace_home(workspace)
    if neo4j:
        from cs_peers.graphdb.history import Neo4jRunHistory

        history: RunHistory = Neo4jRunHistory.connect(home=home, env=os.environ)
        return history
    return FileRunHistory(home)


__all__ = [
    "DEFAULT_MARKING",
    "DEFAULT_RESOLUTION",
    "AsOfOpt",
    "AudienceOpt",
    "DataArg",
    "LineageOpt",
    "MappingOpt",
    "MarkingOpt",
    "Neo4jOpt",
    "PersonOpt",
    "RecordOpt",
    "ResolutionOpt",
    "RevealNamesOpt",
    "RunsOpt",
    "SeedOpt",
    "SinceOpt",
    "UntilOpt",
    "VocabularyOpt",
    "WorkspaceOpt",
    "analysed",
    "as_date",
    "audience_view",
    "grouping_parameters",
    "input_limits",
    "keep_run",
    "open_and_analyse",
    "open_dataset",
    "protected_paths",
    "remember_limits",
    "review_log",
    "run_history",
    "say",
]
