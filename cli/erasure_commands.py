"""Erasure and retention on the command line: ``forget`` a person, ``prune`` old records."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from cs_peers.errors import CsPeersError
from cs_peers.workspace import workspace_home

from .app import app
from .options import Neo4jOpt, WorkspaceOpt, say


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
    if not by or not reason:
        raise typer.BadParameter("say who (--by) and why (--reason): erasures are logged")
    from cs_peers.governance.audit import append_audit, read_audit, salted_id_hash
    from cs_peers.governance.erasure import forget_in_neo4j, forget_in_workspace

    home = workspace_home(workspace)
    report = forget_in_workspace(home, people)
    say(
        f"workspace: {len(report.files_rewritten)} files rewritten, "
        f"{report.rows_removed} rows removed"
    )
    remaining_neo4j: list[str] = []
    if neo4j:
        from cs_peers.graphdb.history import Neo4jRunHistory, open_store

        with open_store(home=home, env=os.environ) as store:
            history = Neo4jRunHistory(store.settings)
            report.neo4j = forget_in_neo4j(store, history, people)
            for person in people:
                nodes = int(store.run("find_id_in_nodes", {"value": person})["nodes"].iloc[0])
                links = store.run("find_id_in_relationships", {"value": person})
                if nodes or int(links["relationships"].iloc[0]):
                    remaining_neo4j.append(person)
        say("Neo4j: " + ", ".join(f"{k} {v}" for k, v in report.neo4j.items()))
    hashes = [salted_id_hash(home, p) for p in people]
    for person, hashed in zip(people, hashes, strict=True):
        reason = reason.replace(person, f"[id {hashed}]")
    append_audit(
        home,
        "erasure",
        f"cs-peers forget [{len(people)} ids redacted]",
        {
            "ids": hashes,
            "by": by,
            "reason": reason,
            "files_rewritten": len(report.files_rewritten),
            "rows_removed": report.rows_removed,
            **{f"neo4j_{k}": v for k, v in report.neo4j.items()},
        },
    )
    if report.remaining or remaining_neo4j:
        where = report.remaining + [f"Neo4j (id {p})" for p in remaining_neo4j]
        raise CsPeersError("the ids are still found in:\n  " + "\n  ".join(where))
    places = "the workspace" + (" and Neo4j" if neo4j else "")
    typer.echo(f"erased {len(people)} id(s); checked: none is left anywhere in {places}")
    outputs = sorted(
        {str(e.details["output"]) for e in read_audit(home) if e.action == "export"}
        - {"stdout", "None"}
    )
    if outputs:
        typer.echo(
            "outputs made earlier may still hold them (cs-peers never deletes your files; "
            "re-make or delete these):\n  " + "\n  ".join(outputs)
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
    from cs_peers.governance.audit import append_audit
    from cs_peers.governance.retention import prune_workspace, retention_days

    home = workspace_home(workspace)
    days = older_than or retention_days(home)
    if days is None:
        raise typer.BadParameter(
            f"give --older-than DAYS, or set 'days = N' in {home / 'retention.toml'}",
            param_hint="--older-than",
        )
    report = prune_workspace(home, days)
    append_audit(
        home,
        "prune",
        f"cs-peers prune --older-than {days}",
        {
            "cutoff": report.cutoff,
            "runs": len(report.runs),
            "reviews": report.reviews,
            "audit_entries": report.audit_entries,
        },
    )
    typer.echo(
        f"removed {len(report.runs)} runs, {report.reviews} reviews and "
        f"{report.audit_entries} audit entries older than {report.cutoff[:10]}"
    )
