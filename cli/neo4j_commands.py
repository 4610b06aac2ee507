"""Commands for Neo4j: the workspace's local server, loading data, and the Cypher templates."""

from __future__ import annotations

import typer

from cs_peers.neo4j_local import (
    local_neo4j_status,
    start_local_neo4j,
    stop_local_neo4j,
    workspace_home,
)

from .app import app
from .options import WorkspaceOpt, say

neo4j_app = typer.Typer(
    help="Run the workspace's local Neo4j Community 5.26 (built from Maven Central).",
    no_args_is_help=True,
)
app.add_typer(neo4j_app, name="neo4j")


@neo4j_app.command("start")
def neo4j_start(workspace: WorkspaceOpt = None) -> None:
    """Start the local Neo4j (harmless when it is already running).

    The first start fetches Neo4j from Maven Central and caches it; later starts take seconds.

    Example: cs-peers neo4j start
    """
    server = start_local_neo4j(workspace_home(workspace), progress=say)
    typer.echo(f"Neo4j {server.version} running at {server.uri} (pid {server.pid})")
    typer.echo(f"user {server.username}; password in {server.home / 'neo4j' / 'password'}")


@neo4j_app.command("stop")
def neo4j_stop(workspace: WorkspaceOpt = None) -> None:
    """Stop the local Neo4j cleanly, so a restart finds the data intact.

    Example: cs-peers neo4j stop
    """
    stopped = stop_local_neo4j(workspace_home(workspace))
    typer.echo("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status(workspace: WorkspaceOpt = None) -> None:
    """Show the local Neo4j's URI, version and counts per label and relationship type.

    Example: cs-peers neo4j status
    """
    home = workspace_home(workspace)
    server = local_neo4j_status(home)
    if server is None:
        typer.echo(
            f"Neo4j is not running for workspace {home} (start it with: cs-peers neo4j start)"
        )
        raise typer.Exit(1)
    typer.echo(
        f"Neo4j {server.version} running at {server.uri} (pid {server.pid}), workspace {home}"
    )
    from cs_peers.store import open_store

    with open_store(home=home, env={}) as store:
        counts = store.run("graph_counts", {})
    for row in counts.itertuples(index=False):
        typer.echo(f"  {row[0]:<12} {row[1]:<24} {row[2]:>10,}")
