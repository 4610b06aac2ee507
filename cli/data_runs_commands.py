"""Commands that analyse and print: groups, changes since a run, contexts in a window, runs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cs_peers.analysis.contexts import DEFAULT_WINDOW_DAYS

from .analysis_options import AnalysisOptions, analysis_options
from .audit_commands import audited
from .options import Neo4jOpt, SinceOpt, UntilOpt, WorkspaceOpt, as_date, keep_run, say
from .sources import backend

if TYPE_CHECKING:
    import pandas as pd

    from cs_peers.analysis.meetings import ChangeReport
    from cs_peers.analysis.run import Analysis
    from cs_peers.inputs.dataset import Dataset

# This module's commands; cli/app.py adds them to the `cs-peers` command (add_typer).
app = typer.Typer()

__all__ = ["changes", "contexts", "groups", "list_runs"]

# Long tables are cut on screen; the CSV files always hold everything.
SHOWN_ROWS = 30


def _table(frame: pd.DataFrame) -> str:
    shown = frame.head(SHOWN_ROWS)
    text = shown.to_string(index=False)
    if len(frame) > SHOWN_ROWS:
        text += f"\n… and {len(frame) - SHOWN_ROWS} more"
    return str(text)


@app.command()
@analysis_options()
def groups(
    ctx: typer.Context,
    *,
    analysis: AnalysisOptions,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            help="Write memberships here: group_id, person_id, placed_with_group (e.g. '9 of "
            "10 runs'), ties_also_to.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Find candidate peer groups of young people and summarise them.

    Groups are candidates for practitioners to check with the people who know these young
    people. Young people in no group are absent from the CSV.

    Example: cs-peers groups sample_graphs/borough --csv groups.csv
    """
    from cs_peers.outputs.folders import write_output_file
    from cs_peers.outputs.groups_files import GROUPS_COLUMNS, OLD_GROUPS_COLUMNS, groups_csv_text

    result, history = analysis.analyse()
    if csv is not None:
        with audited(
            ctx, csv, fingerprint=result.dataset.fingerprint, groups=len(result.groups.groups)
        ):
            write_output_file(
                csv,
                groups_csv_text(result),
                # An earlier cs-peers wrote the old header: that file is ours to replace too.
                is_ours=lambda first: (
                    first in (",".join(GROUPS_COLUMNS), ",".join(OLD_GROUPS_COLUMNS))
                ),
            )
    keep_run(history)
    _print_groups(result)
    if result.run is not None:
        say(f"run {result.run.run_id} kept in the workspace")
    if csv is not None:
        say(f"memberships written to {csv}")


def _print_groups(result: Analysis) -> None:
    from cs_peers.analysis.grouping.groups import PeerGroups
    from cs_peers.analysis.profiles import group_summary_table

    found, table = result.groups, result.groups.groups
    # Only the rows shown are summarised (each group's figures are its own): the whole table
    # took a gigabyte at a million young people, to print thirty rows.
    shown = table.head(SHOWN_ROWS)
    members = found.memberships[found.memberships["group_id"].isin(shown["group_id"])]
    summary = group_summary_table(result.dataset, PeerGroups(members, shown, found.parameters))
    typer.echo(f"{len(table)} candidate peer groups, {len(found.memberships)} young people in them")
    if len(summary):
        more = f"\n… and {len(table) - SHOWN_ROWS} more" if len(table) > SHOWN_ROWS else ""
        typer.echo(summary.to_string(index=False) + more)
    unstable = table.loc[~table["holds_together"], "group_id"].tolist()
    if unstable:
        typer.echo(f"do not hold together across runs (check with care): {', '.join(unstable)}")
    if result.reviews is not None and result.reviews.hidden:
        typer.echo(
            "set aside by review (judged not a group, nothing new recorded since): "
            + ", ".join(result.reviews.hidden)
        )
    if "too_large" in table and table["too_large"].any():
        big = table[table["too_large"]]
        listed = ", ".join(f"{g} ({n})" for g, n in zip(big["group_id"], big["size"], strict=True))
        typer.echo(
            f"larger than a peer group, with no inner split (check who belongs together): {listed}"
        )


@app.command()
@analysis_options()
def changes(
    *,
    analysis: AnalysisOptions,
    since_meeting: Annotated[
        datetime | None,
        typer.Option(
            "--since-meeting",
            formats=["%Y-%m-%d"],
            help="Compare with the meeting of this day (default: the last meeting before "
            "today; see `cs-peers meetings`).",
        ),
    ] = None,
    since_run: Annotated[
        str,
        typer.Option(
            "--since-run",
            help="Compare with a run instead: a run id (see `cs-peers runs`) or a date "
            "YYYY-MM-DD (the latest run kept on or before it).",
        ),
    ] = "",
) -> None:
    """Tell, for each group, what changed since the last meeting: who joined (and why), who
    left or was removed, new records and contexts, and the actions closed since.

    The same words as the pack's since-last-meeting page and the briefing. Its run (kept with
    --record, for stable ids) is never the baseline of a later meeting: only meetings are.

    Example: cs-peers changes sample_graphs/borough --since-meeting 2026-11-20
    """
    from cs_peers.analysis.meetings import NO_BASELINE
    from cs_peers.tasks.changes import report_changes

    if since_meeting is not None and since_run:
        raise typer.BadParameter("give --since-meeting or --since-run, not both")
    found, report = report_changes(
        backend(analysis.neo4j, analysis.workspace),
        analysis.plain_request(),
        since_meeting=as_date(since_meeting),
        since_run=since_run,
        keep=analysis.record,
        progress=say,
    )
    if report is None:
        typer.echo(NO_BASELINE)
        return
    _print_changes(report, found.dataset)


def _print_changes(report: ChangeReport, dataset: Dataset) -> None:
    from cs_peers.analysis.meetings import record_lines

    labels = dataset.labels()
    typer.echo(report.baseline.describe())
    for change in report.changed:
        typer.echo(f"\n{change.heading()}")
        for line in change.lines(labels):
            typer.echo(f"  {line}")
        for line in record_lines(change.new_records, labels):
            typer.echo(f"  new record: {line}")
    if report.closed_actions:
        typer.echo("\nActions closed since the last meeting")
        for state in report.closed_actions:
            typer.echo(f"  {state.closing_line()}")
    if not report.changed:
        typer.echo("Nothing changed for any group.")


# The command's help, with the window's default as the library defines it.
_CONTEXTS_HELP = f"""Rank schools, places and online spaces by the young people and groups using
them.

The window defaults to the {DEFAULT_WINDOW_DAYS} days up to the latest observation; the trend
compares it with the window of equal length before.

Example: cs-peers contexts sample_graphs/borough --since 2026-07-01
"""


@app.command(help=_CONTEXTS_HELP)
@analysis_options(dates=False)
def contexts(
    *,
    analysis: AnalysisOptions,
    since: SinceOpt = None,
    until: UntilOpt = None,
) -> None:
    """Print contexts ranked by use in the window (the help is ``_CONTEXTS_HELP``)."""
    from cs_peers.analysis.contexts import context_usage, context_window

    result, history = analysis.analyse()
    keep_run(history)
    dataset = result.dataset
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
    records = backend(neo4j, workspace).history.list_runs()
    if not records:
        typer.echo("no runs kept yet")
    for r in records:
        typer.echo(
            f"{r.run_id}  {r.created_at}  {r.store:5}  {r.lineage or '-'}  {r.selection}  "
            f"data recorded until {r.recorded_until or '-'}"
        )
