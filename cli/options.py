"""Options shared by several commands, declared once, and small helpers every command uses.

Only typer, the standard library and light cs-peers modules are imported here (no pandas):
``cs-peers --help`` imports every command module."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cs_peers.analysis.grouping.parameters import RESOLUTION_RANGE, RUNS_RANGE
from cs_peers.workspace import workspace_home

if TYPE_CHECKING:
    from cs_peers.analysis.history import PendingHistory
    from cs_peers.inputs.limits import InputLimits

DataArg = Annotated[
    Path | None,
    typer.Argument(
        help="A folder of CSV files (people.csv, contexts.csv, associations.csv) or an .xlsx "
        "workbook with sheets of those names. Leave out with --neo4j.",
        show_default=False,
    ),
]
FilesArg = Annotated[
    Path | None,
    typer.Argument(
        help="A CSV folder or an .xlsx workbook (leave out with --mapping).",
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
SetAsideOpt = Annotated[
    bool,
    typer.Option(
        "--set-aside-bad-rows",
        help="Leave out rows with problems, each whole, instead of refusing the data, and list "
        "them with file, sheet, row and reason in set-aside.csv (beside the outputs, else in "
        "the workspace). Problems of a whole file or header still stop the command.",
    ),
]
ResolutionOpt = Annotated[
    float | None,
    typer.Option(
        "--resolution",
        min=RESOLUTION_RANGE[0],
        max=RESOLUTION_RANGE[1],
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
        "--runs",
        min=RUNS_RANGE[0],
        max=RUNS_RANGE[1],
        help="Detection runs (seeds) behind each membership's confidence.",
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        min=1,
        help="Processes that run Leiden at once (default: every core available). Changes how "
        "long the analysis takes, never the groups.",
    ),
]


def _day(name: str, help: str) -> Any:
    """Return an option that reads a date as YYYY-MM-DD."""
    return typer.Option(name, formats=["%Y-%m-%d"], help=help)


AsOfOpt = Annotated[
    datetime | None,
    _day(
        "--as-of",
        "Use only associations recorded on or before this date (rebuild what a past meeting saw).",
    ),
]
SinceOpt = Annotated[
    datetime | None, _day("--since", "Use only associations observed on or after this date.")
]
UntilOpt = Annotated[
    datetime | None, _day("--until", "Use only associations observed on or before this date.")
]


def _marking(value: str) -> str:
    # A blank marking would leave pages unmarked (the audience suffix alone is not a marking).
    if not value.strip():
        raise typer.BadParameter("must not be blank: every output carries a protective marking")
    return value


MarkingOpt = Annotated[
    str,
    typer.Option(
        "--marking",
        callback=_marking,
        help="Protective marking printed on every page and diagram.",
    ),
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
    if overrides:
        from cs_peers.inputs.limits import InputLimits

        InputLimits().with_overrides(overrides)
    _limit_overrides.clear()
    _limit_overrides.update(overrides)


def input_limits() -> InputLimits:
    """Return the input limits, raised by any ``cs-peers --limit NAME=VALUE`` given."""
    from cs_peers.inputs.limits import InputLimits

    return InputLimits().with_overrides(_limit_overrides)


def say(message: str) -> None:
    """Print a progress message on stderr, keeping stdout for results."""
    print(message, file=sys.stderr, flush=True)


def as_date(value: datetime | None) -> date | None:
    """Return the date part of an option value."""
    return value.date() if value is not None else None


def keep_run(history: PendingHistory | None) -> None:
    """Keep the held run, now that the command's outputs are complete."""
    if history is not None:
        history.commit()


def protected_paths(data: Path | None, workspace: Path | None) -> list[Path]:
    """Return what an output folder must never replace: the input data and the workspace."""
    return [p for p in (data, workspace_home(workspace)) if p is not None]


__all__ = [
    "AsOfOpt",
    "DataArg",
    "FilesArg",
    "JobsOpt",
    "LineageOpt",
    "MappingOpt",
    "MarkingOpt",
    "Neo4jOpt",
    "RecordOpt",
    "ResolutionOpt",
    "RevealNamesOpt",
    "RunsOpt",
    "SeedOpt",
    "SetAsideOpt",
    "SinceOpt",
    "UntilOpt",
    "VocabularyOpt",
    "WorkspaceOpt",
    "as_date",
    "input_limits",
    "keep_run",
    "protected_paths",
    "remember_limits",
    "say",
]
