"""The ``cs-peers`` command: a thin typer layer over the :mod:`cs_peers` library.

Each command opens its data, calls the library, and prints. Errors a user can cause arrive as
:class:`cs_peers.errors.CsPeersError` and are turned into ``ERROR: …`` and exit code 1 in one
place, :class:`ReportingGroup` (exit code 2 for the usage errors among them, such as a wrong
template parameter; ``CS_PEERS_DEBUG=1`` adds the traceback and its cause); anything else is
a bug and keeps its traceback.
"""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer
import typer.core

from cs_peers.errors import CsPeersError

__all__ = ["app", "main"]


class ReportingGroup(typer.core.TyperGroup):
    """A command group that reports cs-peers errors as one clean message and their exit code.

    With ``CS_PEERS_DEBUG=1`` the message is followed by the traceback, with the cause (a
    driver's or the file system's own error) chained under it, for a bug report.
    """

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        from .sources import close_backends

        try:
            try:
                return super().invoke(ctx)
            finally:
                close_backends()
        except CsPeersError as exc:
            typer.echo(
                f"ERROR: {exc.message_for(_flags(ctx.command).get(exc.parameter or ''))}", err=True
            )
            if os.environ.get("CS_PEERS_DEBUG", "") not in ("", "0"):
                import traceback

                typer.echo("".join(traceback.format_exception(exc)), err=True, nl=False)
            raise typer.Exit(exc.exit_code) from exc


def _flags(command: Any) -> dict[str, str]:
    """Return each parameter name of the app (and its commands) with its long flag."""
    flags: dict[str, str] = {}
    for param in getattr(command, "params", []):
        long = [o for o in getattr(param, "opts", []) if o.startswith("--")]
        if long:
            # By the parameter's name, and by the flag's own word (`type` for --type).
            flags.setdefault(param.name, long[0])
            for flag in long:
                flags.setdefault(flag[2:].replace("-", "_"), flag)
    for sub in getattr(command, "commands", {}).values():
        for name, flag in _flags(sub).items():
            flags.setdefault(name, flag)
    return flags


app = typer.Typer(
    cls=ReportingGroup,
    name="cs-peers",
    help=(
        "Peer-network analysis for Contextual Safeguarding: validate case associations, find "
        "candidate peer groups, draw offline network diagrams and write peer group assessment "
        "seeds.\n\nGroups are candidates for practitioners to check, never labels or scores."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"cs-peers {version('cs-peers')}")
        except PackageNotFoundError:
            typer.echo("cs-peers (version unknown: not installed as a package)")
        raise typer.Exit()


@app.callback()
def _options(
    limit: Annotated[
        list[str] | None,
        typer.Option(
            "--limit",
            metavar="NAME=VALUE",
            help="Raise an input limit for this command (repeatable): file_mb (default 2048), "
            "row_kb (1024), columns (500), rows (20000000), workbook_mb (512). "
            "Example: cs-peers --limit row_kb=4096 validate DATA",
        ),
    ] = None,
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Options for every command; they come before the command's name."""
    # Records about children: whatever this command creates (workspace, runs, outputs, the
    # local Neo4j's files) is readable by its owner only (folders 0700, files 0600).
    os.umask(0o077)
    overrides = {}
    for item in limit or []:
        name, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--limit")
        overrides[name.strip()] = value.strip()
    from .options import remember_limits

    remember_limits(overrides)


# The command modules, each with its own `app` of commands, composed into `cs-peers` here.
from . import (  # noqa: E402
    audit_commands,
    data_commands,
    data_runs_commands,
    equality_commands,
    erasure_commands,
    export_commands,
    mapping_commands,
    meeting_commands,
    neo4j_commands,
    output_commands,
    pack_commands,
    question_commands,
    review_commands,
)

for _module in (
    data_commands,
    data_runs_commands,
    equality_commands,
    output_commands,
    pack_commands,
    export_commands,
    question_commands,
    review_commands,
    meeting_commands,
    audit_commands,
    erasure_commands,
    mapping_commands,
    neo4j_commands,
):
    app.add_typer(_module.app)


def main() -> None:
    """Run the ``cs-peers`` command line."""
    app()
