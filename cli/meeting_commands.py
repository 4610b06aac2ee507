"""Commands about meetings and their actions: meetings, actions, action close/reassign."""

from __future__ import annotations

from typing import Annotated

import typer

from .audit_commands import audited
from .options import DataArg, MappingOpt, Neo4jOpt, VocabularyOpt, WorkspaceOpt
from .sources import backend, open_dataset

# This module's commands; cli/app.py adds them to the `cs-peers` command (add_typer).
app = typer.Typer()

__all__ = ["action_close", "action_reassign", "list_actions", "list_meetings", "person"]

action_app = typer.Typer(
    help="Close an agreed action (done or dropped) or pass it to another owner.",
    no_args_is_help=True,
)
app.add_typer(action_app, name="action")

ActionIdArg = Annotated[str, typer.Argument(help="The action's id, e.g. AC-0003.")]
ByOpt = Annotated[str, typer.Option("--by", help="Who decided (name or role).", show_default=False)]
OnOpt = Annotated[
    str, typer.Option("--on", help="The day it happened (YYYY-MM-DD); default today.")
]


@app.command("meetings")
def list_meetings(neo4j: Neo4jOpt = False, workspace: WorkspaceOpt = None) -> None:
    """List the meetings kept: day, dataset lineage, the run they saw, its data, decisions.

    A meeting is kept by `cs-peers pack --meeting DATE`, or by the first review recorded
    with `--on DATE`. "Since the last meeting" is always told against one of these.

    Example: cs-peers meetings
    """
    stores = backend(neo4j, workspace)
    meetings = stores.meetings.list_meetings()
    if not meetings:
        typer.echo("no meetings kept yet (make the pack for one with `cs-peers pack --meeting`)")
        return
    reviews = stores.meetings.list_reviews()
    runs = {r.run_id: r for r in stores.history.list_runs()}
    typer.echo("held_on     lineage     run                       data fingerprint  decisions")
    for m in meetings:
        decided = sum(1 for r in reviews if r.lineage == m.lineage and r.decided_on == m.held_on)
        run = runs.get(m.run_id)
        fingerprint = run.fingerprint if run is not None else "(run pruned)"
        typer.echo(
            f"{m.held_on}  {m.lineage:<10}  {m.run_id:<24}  {fingerprint:<16}  {decided} "
            f"(kept by {m.how})"
        )


@app.command("actions")
def list_actions(
    open_only: Annotated[
        bool, typer.Option("--open", help="Only the actions still open (overdue included).")
    ] = False,
    output: Annotated[
        str, typer.Option("--format", help="table (default) or csv.", show_default=False)
    ] = "table",
    neo4j: Neo4jOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """List every action agreed by the meetings: action_id, group_id, action, owner, due, status.

    Status is open, overdue, done or dropped.

    Example: cs-peers actions --open --format csv
    """
    from cs_peers import clock
    from cs_peers.analysis.reviews.decide import ACTION_COLUMNS, action_states
    from cs_peers.safe_text import safe_csv_text

    if output not in ("table", "csv"):
        raise typer.BadParameter("expected table or csv", param_hint="--format")
    log = backend(neo4j, workspace).meetings
    states = action_states(log.list_reviews(), log.list_action_events())
    if open_only:
        states = [s for s in states if s.is_open]
    today = clock.today()
    rows = [s.row(today) for s in states]
    if output == "csv":
        import pandas as pd

        typer.echo(safe_csv_text(pd.DataFrame(rows, columns=list(ACTION_COLUMNS))), nl=False)
        return
    if not rows:
        typer.echo("no actions" + (" open" if open_only else " agreed yet"))
        return
    widths = [max(len(str(v)) for v in col) for col in zip(ACTION_COLUMNS, *rows, strict=True)]
    for row in [ACTION_COLUMNS, *rows]:
        typer.echo("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


@action_app.command("close")
def action_close(
    action_id: ActionIdArg,
    outcome: Annotated[str, typer.Option("--outcome", help="done or dropped.", show_default=False)],
    by: ByOpt,
    on: OnOpt = "",
    note: Annotated[
        str, typer.Option("--note", help="What came of it (kept, not printed in packs).")
    ] = "",
    neo4j: Neo4jOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Close an action as done or dropped (kept beside it, never overwriting it).

    A closed action leaves the overdue list and appears once under "closed since the last
    meeting" in the next pack.

    Example: cs-peers action close AC-0003 --outcome done --by "J. Lee" --on 2026-12-02
    """
    from cs_peers.analysis.reviews.decide import close_action

    event = close_action(
        backend(neo4j, workspace).meetings,
        action_id,
        outcome=outcome,
        by=by,
        on=on or None,
        note=note,
    )
    typer.echo(
        f"closed action {event.action_id} as {event.outcome} on {event.decided_on} (by {event.by})"
    )


@action_app.command("reassign")
def action_reassign(
    action_id: ActionIdArg,
    owner: Annotated[str, typer.Option("--owner", help="Who owns it now.", show_default=False)],
    by: ByOpt,
    on: OnOpt = "",
    neo4j: Neo4jOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Pass an open action to another owner (the earlier owners stay in its history).

    Example: cs-peers action reassign AC-0003 --owner "K. Patel" --by "Strategy meeting"
    """
    from cs_peers.analysis.reviews.decide import reassign_action

    event = reassign_action(
        backend(neo4j, workspace).meetings, action_id, owner=owner, by=by, on=on or None
    )
    typer.echo(f"action {event.action_id} now owned by {event.owner} (from {event.decided_on})")


@app.command("person")
def person(
    ctx: typer.Context,
    data: DataArg = None,
    person_id: Annotated[
        str | None, typer.Argument(help="The young person's id.", show_default=False)
    ] = None,
    neo4j: Neo4jOpt = False,
    vocabulary: VocabularyOpt = None,
    mapping: MappingOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Show one young person's candidate groups across the kept runs and meetings: since when,
    in which meetings, and the decisions naming them (casework, Level 1).

    With --neo4j, give only the id. A case-file pack (--audience case-file --person ID) holds
    the same as person.html.

    Example: cs-peers person sample_graphs/borough YP004
    """
    from cs_peers.analysis.lineage import match_lineage
    from cs_peers.analysis.person_history import person_history
    from cs_peers.errors import PersonNotFoundError

    if neo4j and data is not None and person_id is None:
        data, person_id = None, str(data)
    if person_id is None:
        raise typer.BadParameter("give the young person's id", param_hint="PERSON_ID")
    dataset = open_dataset(data, neo4j, vocabulary, workspace=workspace, mapping=mapping)
    young = set(dataset.young_people["id"])
    if person_id not in young:
        raise PersonNotFoundError(f"no young person {person_id!r} in {dataset.source}")
    stores = backend(neo4j, workspace)
    runs = stores.history.list_runs()
    lineage = match_lineage(runs, dataset, load=stores.history.get).lineage if runs else None
    with audited(ctx, "stdout", fingerprint=dataset.fingerprint):
        told = person_history(
            stores.history,
            stores.meetings,
            person_id,
            label=dataset.labels().get(person_id, person_id),
            lineage=lineage,
        )
    for line in told.lines():
        typer.echo(line)
