"""Commands for Neo4j: the workspace's local server, loading data, and the Cypher templates."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from cs_peers.inputs.limits import LOAD_BATCH_ROWS
from cs_peers.workspace import workspace_home

from .audit_commands import audited
from .options import (
    FilesArg,
    MappingOpt,
    Neo4jOpt,
    SetAsideOpt,
    VocabularyOpt,
    WorkspaceOpt,
    say,
)
from .sources import backend, read_files

# This module's commands; cli/app.py adds them to the `cs-peers` command (add_typer).
app = typer.Typer()

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
    from cs_peers.backend import start_local_database

    server = start_local_database(workspace_home(workspace), progress=say)
    typer.echo(f"Neo4j {server.version} running at {server.uri} (pid {server.pid})")
    typer.echo(f"user {server.username}; password in {server.home / 'neo4j' / 'password'}")


@neo4j_app.command("stop")
def neo4j_stop(workspace: WorkspaceOpt = None) -> None:
    """Stop the local Neo4j cleanly, so a restart finds the data intact.

    Example: cs-peers neo4j stop
    """
    from cs_peers.backend import stop_local_database

    stopped = stop_local_database(workspace_home(workspace))
    typer.echo("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j_app.command("status")
def neo4j_status(workspace: WorkspaceOpt = None) -> None:
    """Show the local Neo4j's URI, version and counts per label and relationship type.

    Example: cs-peers neo4j status
    """
    from cs_peers.backend import local_database_counts, local_database_status

    home = workspace_home(workspace)
    server = local_database_status(home)
    if server is None:
        typer.echo(
            f"Neo4j is not running for workspace {home} (start it with: cs-peers neo4j start)"
        )
        raise typer.Exit(1)
    typer.echo(
        f"Neo4j {server.version} running at {server.uri} (pid {server.pid}), workspace {home}"
    )
    counts = local_database_counts(home)
    for row in counts.itertuples(index=False):
        typer.echo(f"  {row[0]:<12} {row[1]:<24} {row[2]:>10,}")


@app.command()
def load(
    data: FilesArg = None,
    neo4j: Neo4jOpt = False,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=100, max=200_000, help="Rows per transaction.")
    ] = LOAD_BATCH_ROWS,
    vocabulary: VocabularyOpt = None,
    mapping: MappingOpt = None,
    set_aside_bad_rows: SetAsideOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Validate a dataset, then load it into Neo4j in batches (reloading changes nothing).

    A load stopped half-way completes without duplicates when run again.

    Example: cs-peers load sample_graphs/borough --neo4j
    """
    if not neo4j:
        raise typer.BadParameter("loading needs --neo4j (the configured or local Neo4j)")
    dataset = read_files(
        data, vocabulary, mapping, set_aside=set_aside_bad_rows, workspace=workspace
    )
    counts = dataset.counts()
    total = counts["young_people"] + counts["adults"] + counts["contexts"] + counts["associations"]
    stores = backend(True, workspace)
    with typer.progressbar(length=total, label="Loading", file=sys.stderr) as bar:
        shown = [0]

        def advance(done: int, _total: int) -> None:
            # The loader reports rows done so far; the bar wants the step since last time.
            bar.update(done - shown[0])
            shown[0] = done

        report = stores.load(dataset, batch_size=batch_size, progress=advance)
    typer.echo(
        f"loaded {report.people:,} people, {report.contexts:,} contexts and "
        f"{report.associations:,} associations in {report.seconds:.1f} s "
        f"({report.rows_per_second:,.0f} rows/s)"
    )


@app.command()
def query(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="A template name (see --list).", show_default=False)
    ] = "",
    param: Annotated[
        list[str] | None, typer.Option("--param", help="A parameter as key=value (repeatable).")
    ] = None,
    output: Annotated[
        str, typer.Option("--format", help="table, csv or json.", case_sensitive=False)
    ] = "table",
    list_templates: Annotated[bool, typer.Option("--list", help="List the templates.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Run a Cypher template from the library against the configured Neo4j.

    An unknown template, or a missing or extra parameter, exits 2 and shows the signature.

    Example: cs-peers query ego_network --param person_id=YP001 --param depth=2
    """
    from cs_peers.backend import prepare_query, query_templates
    from cs_peers.safe_text import safe_csv_text

    if list_templates or not name:
        for signature, description in query_templates():
            typer.echo(f"{signature}\n    {description}")
        return
    if output not in ("table", "csv", "json"):
        raise typer.BadParameter("expected table, csv or json", param_hint="--format")
    pairs = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"{item!r} is not key=value", param_hint="--param")
        pairs[key.strip()] = value
    template, values = prepare_query(name, pairs)
    stores = backend(True, workspace)
    with audited(ctx, "stdout", template=template):
        rows = stores.query(template, values)
    if output == "csv":
        typer.echo(safe_csv_text(rows), nl=False)
    elif output == "json":
        typer.echo(json.dumps(rows.to_dict("records"), default=str, indent=2))
    else:
        typer.echo(rows.to_string(index=False) if len(rows) else "(no rows)")
