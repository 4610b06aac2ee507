"""Commands on a dataset: validate, sample, groups, changes, contexts, runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from cs_peers.analysis.changes import changes_since
from cs_peers.analysis.contexts import context_usage, context_window
from cs_peers.analysis.history import MEMBERSHIP_COLUMNS, find_base_run, memberships_to_csv
from cs_peers.analysis.lineage import match_lineage
from cs_peers.analysis.profiles import group_summary_table
from cs_peers.analysis.run import analyse
from cs_peers.inputs.load import load_dataset
from cs_peers.inputs.vocabulary import load_vocabulary
from cs_peers.outputs.folders import output_folder, write_output_file

from .app import app
from .audit_commands import log_export
from .options import (
    DEFAULT_RESOLUTION,
    AsOfOpt,
    DataArg,
    LineageOpt,
    MappingOpt,
    Neo4jOpt,
    RecordOpt,
    ResolutionOpt,
    RunsOpt,
    SeedOpt,
    SinceOpt,
    UntilOpt,
    VocabularyOpt,
    WorkspaceOpt,
    as_date,
    grouping_parameters,
    input_limits,
    keep_run,
    open_and_analyse,
    open_dataset,
    run_history,
    say,
)

# Long tables are cut on screen; the CSV files always hold everything.
SHOWN_ROWS = 30


@app.command()
def validate(
    data: Annotated[
        Path | None,
        typer.Argument(
            help="A CSV folder or an .xlsx workbook (leave out with --mapping).",
            show_default=False,
        ),
    ] = None,
    vocabulary: VocabularyOpt = None,
    mapping: MappingOpt = None,
) -> None:
    """Check a dataset against the input contract and report every problem.

    Exit code 0 when valid (with a one-line summary), 1 with problems, 2 for usage errors.
    With --mapping, your own files are read through the mapping and problems name your file,
    sheet, row, header and value.

    Example: cs-peers validate sample_graphs/borough
    """
    if data is None and mapping is None:
        raise typer.BadParameter("give DATA (a CSV folder or .xlsx workbook), or --mapping FILE")
    dataset = load_dataset(
        data, load_vocabulary(vocabulary), mapping=mapping, limits=input_limits()
    )
    counts = dataset.counts()
    typer.echo(
        f"valid: {counts['young_people']} young people, {counts['adults']} adults, "
        f"{counts['contexts']} contexts, {counts['associations']} associations "
        f"(fingerprint {dataset.fingerprint})"
    )


@app.command()
def sample(
    out: Annotated[
        Path,
        typer.Option("--out", help="Folder to write the synthetic dataset into.", file_okay=False),
    ],
    young_people: Annotated[
        int, typer.Option("--young-people", min=10, max=5_000_000, help="How many young people.")
    ] = 1000,
    seed: SeedOpt = 0,
    mixing: Annotated[
        float,
        typer.Option(
            "--mixing",
            min=0.0,
            max=0.9,
            help="Share of each young person's peer links that leave their planted group.",
        ),
    ] = 0.2,
) -> None:
    """Write a synthetic, fictional dataset with planted groups and the truth beside it.

    Example: cs-peers sample --out /tmp/sample --young-people 10000 --seed 7
    """
    from cs_peers.inputs.sample import generate_sample

    # A sample never replaces anything, and appears only once every file is complete.
    with output_folder(out, "sample dataset", replace=False) as tmp:
        summary = generate_sample(
            tmp, young_people=young_people, seed=seed, mixing=mixing, progress=say
        )
    typer.echo(
        f"wrote {out}: {summary.young_people} young people, {summary.adults} adults, "
        f"{summary.contexts} contexts, {summary.associations} associations, "
        f"{summary.groups} planted groups (truth.csv)"
    )


def _table(frame: pd.DataFrame) -> str:
    shown = frame.head(SHOWN_ROWS)
    text = shown.to_string(index=False)
    if len(frame) > SHOWN_ROWS:
        text += f"\n… and {len(frame) - SHOWN_ROWS} more"
    return str(text)


@app.command()
def groups(
    ctx: typer.Context,
    data: DataArg = None,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            help="Write memberships here: group_id, person_id, confidence, bridge_to.",
            dir_okay=False,
        ),
    ] = None,
    neo4j: Neo4jOpt = False,
    resolution: ResolutionOpt = DEFAULT_RESOLUTION,
    seed: SeedOpt = 0,
    runs: RunsOpt = 10,
    as_of: AsOfOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    vocabulary: VocabularyOpt = None,
    mapping: MappingOpt = None,
    workspace: WorkspaceOpt = None,
    record: RecordOpt = True,
    lineage: LineageOpt = None,
) -> None:
    """Find candidate peer groups of young people and summarise them.

    Groups are candidates for practitioners to check with the people who know these young
    people. Young people in no group are absent from the CSV.

    Example: cs-peers groups sample_graphs/borough --csv groups.csv
    """
    result, history = open_and_analyse(
        data,
        neo4j=neo4j,
        vocabulary=vocabulary,
        workspace=workspace,
        record=record,
        resolution=resolution,
        seed=seed,
        runs=runs,
        as_of=as_of,
        since=since,
        until=until,
        mapping=mapping,
        lineage=lineage,
    )
    dataset = result.dataset
    if csv is not None:
        write_output_file(
            csv,
            memberships_to_csv(result.groups.memberships),
            is_ours=lambda first: first == ",".join(MEMBERSHIP_COLUMNS),
        )
    keep_run(history)
    if csv is not None:
        log_export(ctx, csv, fingerprint=dataset.fingerprint, groups=len(result.groups.groups))
    summary = group_summary_table(dataset, result.groups)
    typer.echo(
        f"{len(summary)} candidate peer groups, "
        f"{len(result.groups.memberships)} young people in them"
    )
    if len(summary):
        typer.echo(_table(summary))
    unstable = summary.loc[~summary["holds_together"], "group_id"].tolist()
    if unstable:
        typer.echo(f"do not hold together across runs (check with care): {', '.join(unstable)}")
    if result.reviews is not None and result.reviews.hidden:
        typer.echo(
            "set aside by review (judged not a group, nothing new recorded since): "
            + ", ".join(result.reviews.hidden)
        )
    table = result.groups.groups
    if "too_large" in table and table["too_large"].any():
        big = table[table["too_large"]]
        listed = ", ".join(f"{g} ({n})" for g, n in zip(big["group_id"], big["size"], strict=True))
        typer.echo(
            f"larger than a peer group, with no inner split (check who belongs together): {listed}"
        )
    if result.run is not None:
        say(f"run {result.run.run_id} kept in the workspace")
    if csv is not None:
        say(f"memberships written to {csv}")


@app.command()
def changes(
    data: DataArg = None,
    since_run: Annotated[
        str,
        typer.Option(
            "--since",
            help="A run id (see `cs-peers runs`) or a date YYYY-MM-DD: compare with the latest "
            "run kept on or before it.",
        ),
    ] = "",
    neo4j: Neo4jOpt = False,
    resolution: ResolutionOpt = DEFAULT_RESOLUTION,
    seed: SeedOpt = 0,
    runs: RunsOpt = 10,
    as_of: AsOfOpt = None,
    vocabulary: VocabularyOpt = None,
    mapping: MappingOpt = None,
    workspace: WorkspaceOpt = None,
    lineage: LineageOpt = None,
) -> None:
    """List, for each group, who joined or left and the new associations and contexts.

    Example: cs-peers changes sample_graphs/borough --since 2026-10-01
    """
    if not since_run:
        raise typer.BadParameter("--since RUN|DATE is required", param_hint="--since")
    history = run_history(neo4j, workspace)
    dataset = open_dataset(
        data, neo4j, vocabulary, as_of=as_of, workspace=workspace, mapping=mapping
    )
    # Compare only with runs of the same data: the lineage this run will join.
    match = match_lineage(history.list_runs(), dataset, name=lineage, load=history.get)
    base = find_base_run(history, since_run, lineage=match.lineage)
    result = analyse(
        dataset,
        grouping_parameters(resolution, seed, runs),
        history=history,
        store="neo4j" if neo4j else "files",
        lineage=match.lineage,
        progress=say,
    )
    labels = dataset.labels()
    typer.echo(
        f"changes since run {base.run_id} (data recorded until {base.recorded_until or 'undated'})"
    )
    set_aside = set(result.reviews.hidden) if result.reviews else set()
    changed = [
        c
        for c in changes_since(dataset, result.groups, base)
        if c.changed and c.group_id not in set_aside
    ]
    for change in changed:
        typer.echo(f"\n{change.group_id} ({change.status})")
        if change.joined:
            typer.echo("  joined: " + ", ".join(labels[p] for p in change.joined))
        if change.left:
            typer.echo("  left: " + ", ".join(labels.get(p, p) for p in change.left))
        for line in change.association_lines(labels):
            typer.echo(f"  new association: {line}")
        if change.new_contexts:
            typer.echo("  new contexts: " + ", ".join(labels[c] for c in change.new_contexts))
    if not changed:
        typer.echo("no changes")


@app.command()
def contexts(
    data: DataArg = None,
    neo4j: Neo4jOpt = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    resolution: ResolutionOpt = DEFAULT_RESOLUTION,
    seed: SeedOpt = 0,
    runs: RunsOpt = 10,
    vocabulary: VocabularyOpt = None,
    mapping: MappingOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Rank schools, places and online spaces by the young people and groups using them.

    The window defaults to the 90 days up to the latest observation; the trend compares it with
    the window of equal length before.

    Example: cs-peers contexts sample_graphs/borough --since 2026-07-01
    """
    dataset = open_dataset(data, neo4j, vocabulary, workspace=workspace, mapping=mapping)
    result = analyse(dataset, grouping_parameters(resolution, seed, runs), progress=say)
    window = context_window(dataset, since=as_date(since), until=as_date(until))
    start, end = window if window is not None else (None, None)
    table = context_usage(dataset, result.groups, since=start, until=end)
    if start is None or end is None:
        typer.echo(
            "contexts used by young people in all associations (none has an observed_on date, "
            "so there is no window and no trend)"
        )
    else:
        typer.echo(
            f"contexts used by young people from {start} to {end} "
            f"(trend against the {(end - start).days + 1} days before)"
        )
    typer.echo(_table(table) if len(table) else "no context was used in that window")


@app.command("runs")
def list_runs(neo4j: Neo4jOpt = False, workspace: WorkspaceOpt = None) -> None:
    """List the runs kept in the workspace (or in Neo4j), oldest first, with their lineage.

    Example: cs-peers runs
    """
    history = run_history(neo4j, workspace)
    records = history.list_runs()
    if not records:
        typer.echo("no runs kept yet")
    for r in records:
        typer.echo(
            f"{r.run_id}  {r.created_at}  {r.store:5}  {r.lineage or '-'}  {r.selection}  "
            f"data recorded until {r.recorded_until or '-'}"
        )
