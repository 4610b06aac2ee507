"""Commands that keep a meeting's decisions: review, reviews, workspace set/show."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cs_peers.workspace import read_pack_settings, workspace_home, write_pack_settings

from .options import Neo4jOpt, SetAsideOpt, VocabularyOpt, WorkspaceOpt
from .sources import backend, open_dataset

# This module's commands; cli/app.py adds them to the `cs-peers` command (add_typer).
app = typer.Typer()

workspace_app = typer.Typer(
    help="What every pack from this workspace is for: purpose, owner and review date.",
    no_args_is_help=True,
)
app.add_typer(workspace_app, name="workspace")


@app.command()
def review(
    group_id: Annotated[str, typer.Argument(help="The group's id, e.g. PG-0003.")],
    status: Annotated[
        str,
        typer.Option(
            "--status", help="confirmed, not-a-group or needs-review.", show_default=False
        ),
    ],
    by: Annotated[
        str, typer.Option("--by", help="Who decided (name or role).", show_default=False)
    ],
    remove: Annotated[
        list[str] | None,
        typer.Option("--remove", help="A young person (id) who does not belong (repeatable)."),
    ] = None,
    add: Annotated[
        list[str] | None,
        typer.Option("--add", help="A young person (id) who belongs (repeatable)."),
    ] = None,
    action: Annotated[
        list[str] | None,
        typer.Option("--action", help="An agreed action (repeatable; each with --owner, --due)."),
    ] = None,
    owner: Annotated[
        list[str] | None, typer.Option("--owner", help="Who owns the action, in the same order.")
    ] = None,
    due: Annotated[
        list[str] | None,
        typer.Option("--due", help="When the action is due (YYYY-MM-DD), in the same order."),
    ] = None,
    review_date: Annotated[
        str, typer.Option("--review-date", help="When the group is reviewed next (YYYY-MM-DD).")
    ] = "",
    note: Annotated[
        str, typer.Option("--note", help="Why (kept in the workspace, not printed in packs).")
    ] = "",
    on: Annotated[
        str, typer.Option("--on", help="The meeting's day (YYYY-MM-DD); default today.")
    ] = "",
    data: Annotated[
        Path | None,
        typer.Option(
            "--data", help="The data, so that --add may name anyone in it (not only past members)."
        ),
    ] = None,
    neo4j: Neo4jOpt = False,
    vocabulary: VocabularyOpt = None,
    set_aside_bad_rows: SetAsideOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Keep a meeting's decision about a candidate group (never overwriting earlier ones).

    Later runs use it: a confirmed group keeps its id, a removed young person stays out, a
    candidate judged not a group is set aside until new records change it.

    Example: cs-peers review PG-0002 --status confirmed --by "Strategy meeting" --remove YP014
    --action "Youth worker visit" --owner "J. Lee" --due 2026-12-15 --review-date 2027-01-10
    """
    from cs_peers.analysis.reviews.decide import record_review
    from cs_peers.errors import ReviewError

    actions, owners, dues = action or [], owner or [], due or []
    if not (len(actions) == len(owners) == len(dues)):
        raise ReviewError(
            f"each --action needs its --owner and --due (given {len(actions)} actions, "
            f"{len(owners)} owners, {len(dues)} due dates)"
        )
    known = None
    if add and (data is not None or neo4j):
        dataset = open_dataset(
            data, neo4j, vocabulary, workspace=workspace, set_aside=set_aside_bad_rows
        )
        known = set(dataset.young_people["id"])
    stores = backend(neo4j, workspace)
    kept = record_review(
        stores.history,
        stores.meetings,
        group_id,
        status=status,
        by=by,
        note=note,
        remove=remove or [],
        add=add or [],
        actions=list(zip(actions, owners, dues, strict=True)),
        review_date=review_date,
        decided_on=on or None,
        known_people=known,
    )
    typer.echo(f"kept review {kept.review_id} ({kept.lineage}): {kept.describe()}")


@app.command("reviews")
def list_reviews(
    group: Annotated[
        list[str] | None, typer.Option("--group", help="Only this group id (repeatable).")
    ] = None,
    neo4j: Neo4jOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """List the meeting decisions kept, oldest first, with their notes.

    Example: cs-peers reviews --group PG-0002
    """
    reviews = backend(neo4j, workspace).meetings.list_reviews()
    if group:
        reviews = [r for r in reviews if r.group_id in group]
    if not reviews:
        typer.echo("no reviews kept yet")
    for r in reviews:
        typer.echo(f"{r.review_id}  {r.lineage}  recorded {r.recorded_at}  {r.describe()}")


@workspace_app.command("set")
def workspace_set(
    purpose: Annotated[
        str | None, typer.Option("--purpose", help="Why these maps are made.")
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Who is responsible for them.")
    ] = None,
    review_date: Annotated[
        str | None, typer.Option("--review-date", help="When they are reviewed (YYYY-MM-DD).")
    ] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Set the purpose, owner and review date every pack and seed of this workspace shows.

    Example: cs-peers workspace set --purpose "MACE panel, December" --owner "EFH team"
    --review-date 2027-01-10
    """
    if purpose is None and owner is None and review_date is None:
        raise typer.BadParameter("give --purpose, --owner or --review-date")
    settings = write_pack_settings(
        workspace_home(workspace), purpose=purpose, owner=owner, review_date=review_date
    )
    typer.echo(
        f"purpose: {settings.purpose or '(not set)'}; owner: {settings.owner or '(not set)'}; "
        f"review date: {settings.review_date or '(not set)'}"
    )


@workspace_app.command("export")
def workspace_export(
    ctx: typer.Context,
    out: Annotated[
        Path,
        typer.Option("--out", help="A new (or empty) folder to write into.", file_okay=False),
    ],
    workspace: WorkspaceOpt = None,
) -> None:
    """Write everything the workspace database keeps as plain files (runs, reviews, meetings,
    action events, the audit and erasure logs): a backup, or a way to read it without SQLite.

    The files hold case ids: keep them as securely as the workspace.

    Example: cs-peers workspace export --out workspace-files
    """
    from cs_peers.errors import OutputError
    from cs_peers.workspacedb.files import export_workspace

    from .audit_commands import audited

    if out.exists() and any(out.iterdir()):
        raise OutputError(f"{out} is not empty; give a new or empty folder")
    # Case ids leave the workspace: logged like every export.
    with audited(ctx, out):
        written = export_workspace(backend(False, workspace).workspace, out)
    typer.echo(f"wrote {len(written)} files to {out}")


@workspace_app.command("show")
def workspace_show(workspace: WorkspaceOpt = None) -> None:
    """Show where the workspace is and the purpose, owner and review date it gives packs.

    Example: cs-peers workspace show
    """
    home = workspace_home(workspace)
    settings = read_pack_settings(home)
    typer.echo(f"workspace: {home}")
    typer.echo(f"purpose: {settings.purpose or '(not set)'}")
    typer.echo(f"owner: {settings.owner or '(not set)'}")
    typer.echo(f"review date: {settings.review_date or '(not set)'}")
