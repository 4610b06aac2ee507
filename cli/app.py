"""The ``cs-peers`` command: a thin typer layer over the :mod:`cs_peers` library.

Each command opens its data, calls the library, and prints. Errors a user can cause arrive as
:class:`cs_peers.errors.CsPeersError` and are turned into ``ERROR: …`` and exit code 1 in one
place, :class:`ReportingGroup` (exit code 2 for the usage errors among them, such as a wrong
template parameter; ``CS_PEERS_DEBUG=1`` adds the traceback and its cause), and so is an
error of the machine (a full disk, a read-only folder) met where the library did not expect
one; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import logging
import os
from dataclasses import fields
from typing import Annotated, Any

import typer
import typer.core

from cs_peers.errors import CANNOT_WRITE, CsPeersError
from cs_peers.inputs.limits import InputLimits

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
            _report(exc, exc.message_for(_flags(ctx.command).get(exc.parameter or "")))
            raise typer.Exit(exc.exit_code) from exc
        except OSError as exc:
            # The library names the file for the errors it expects; a full disk or a
            # read-only folder met anywhere else is still the machine, not a bug.
            if exc.errno not in CANNOT_WRITE:
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            _report(exc, f"{where}{exc.strerror or exc}")
            raise typer.Exit(1) from exc


def _report(exc: BaseException, message: str) -> None:
    """Print ``ERROR: message``, and the traceback with ``CS_PEERS_DEBUG=1``."""
    typer.echo(f"ERROR: {message}", err=True)
    if os.environ.get("CS_PEERS_DEBUG", "") not in ("", "0"):
        import traceback

        typer.echo("".join(traceback.format_exception(exc)), err=True, nl=False)


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


class _Stderr(logging.Handler):
    """Prints the library's notices (the ``cs_peers`` logger) on this command's stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        typer.echo(self.format(record), err=True)


def _say_library_notices() -> None:
    """Let what the library says it did on its own (e.g. removing an unfinished output left
    by a killed command) reach the user, once per process."""
    logger = logging.getLogger("cs_peers")
    if not any(isinstance(h, _Stderr) for h in logger.handlers):
        logger.addHandler(_Stderr())
        logger.setLevel(logging.INFO)
        logger.propagate = False


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"cs-peers {version('cs-peers')}")
        except PackageNotFoundError:
            typer.echo("cs-peers (version unknown: not installed as a package)")
        raise typer.Exit()


def _limits_help() -> str:
    """Return the input limits with their defaults as InputLimits holds them, for ``--limit``."""
    defaults = InputLimits()
    shown = [f"{f.name} ({getattr(defaults, f.name)})" for f in fields(defaults)]
    shown[0] = shown[0].replace("(", "(default ", 1)
    return ", ".join(shown)


@app.callback()
def _options(
    limit: Annotated[
        list[str] | None,
        typer.Option(
            "--limit",
            metavar="NAME=VALUE",
            help="Raise an input limit for this command (repeatable): "
            f"{_limits_help()}. Example: cs-peers --limit row_kb=4096 validate DATA",
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
    _say_library_notices()
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
