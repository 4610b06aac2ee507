"""Erasure and retention on the command line: ``forget`` a person, ``prune`` old records."""

from __future__ import annotations

from typing import Annotated

import typer

from cs_peers.errors import CsPeersError
from cs_peers.workspace import workspace_home

from .options import Neo4jOpt, WorkspaceOpt, say
from .sources import backend

# This module's commands; cli/app.py adds them to the `cs-peers` command (add_typer).
app = typer.Typer()


@app.command()
def forget(
    people: Annotated[
        list[str], typer.Argument(help="The ids of the people to erase.", show_default=False)
    ],
    by: Annotated[str, typer.Option("--by", help="Who asked for or made the erasure.")] = "",
    reason: Annotated[
        str, typer.Option("--reason", help="Why (e.g. a request under UK GDPR Article 17).")
    ] = "",
    neo4j: Neo4jOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Erase people from the workspace's run histories, reviews and copies (and Neo4j).

    Afterwards every file of the workspace (and, with --neo4j, every node and relationship
    property) is searched for each id; the command says where any is left and exits 1 if so.
    The erasure is logged in the audit log with a salted hash of each id, never the id.
    Your own input files are yours to edit: cs-peers never writes to them.

    Example: cs-peers forget YP001 --by "J. Analyst" --reason "erasure request ER-12"
    """
    from cs_peers.governance.erasure import forget_people

    if not by or not reason:
        raise typer.BadParameter("say who (--by) and why (--reason): erasures are logged")
    stores = backend(neo4j, workspace)
    proof = forget_people(stores.workspace, people, by=by, reason=reason, neo4j=stores.neo4j)
    report = proof.workspace
    say(f"workspace: {report.rows_removed} rows removed, {report.texts_rewritten} texts rewritten")
    if neo4j:
        say("Neo4j: " + ", ".join(f"{k} {v}" for k, v in proof.neo4j.items()))
    if not proof.complete:
        raise CsPeersError("the ids are still found in:\n  " + "\n  ".join(proof.remaining))
    places = "the workspace" + (" and Neo4j" if neo4j else "")
    typer.echo(f"erased {len(people)} id(s); checked: none is left anywhere in {places}")
    if proof.outputs:
        typer.echo(
            "outputs made earlier may still hold them (cs-peers never deletes your files; "
            "re-make or delete these):\n  " + "\n  ".join(proof.outputs)
        )


@app.command()
def prune(
    older_than: Annotated[
        int | None,
        typer.Option(
            "--older-than",
            min=1,
            help="Remove runs and audit entries older than this many days "
            "(default: the workspace's retention.toml 'days').",
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Remove runs, past reviews and audit entries kept longer than the retention period.

    Reviews go once their review date is more than 30 days past. What was removed is logged.

    Example: cs-peers prune --older-than 365
    """
    from cs_peers.governance.erasure import prune_workspace, retention_days

    home = workspace_home(workspace)
    days = older_than or retention_days(home)
    if days is None:
        raise typer.BadParameter(
            f"give --older-than DAYS, or set 'days = N' in {home / 'retention.toml'}",
            param_hint="--older-than",
        )
    report = prune_workspace(backend(False, workspace).workspace, days)
    typer.echo(
        f"removed {len(report.runs)} runs, {report.reviews} reviews and "
        f"{report.audit_entries} audit entries older than {report.cutoff[:10]}"
    )
