"""The ``cs-peers`` command: a thin typer layer over the :mod:`cs_peers` library.

Each command opens its data, calls the library, and prints. Errors a user can cause arrive as
:class:`cs_peers.errors.CsPeersError` and are turned into ``ERROR: …`` and exit code 1 in one
place, :class:`ReportingGroup` (exit code 2 for the usage errors among them, such as a wrong
template parameter); anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from typing import Any

import typer
import typer.core

from cs_peers.errors import CsPeersError

__all__ = ["app", "main"]


class ReportingGroup(typer.core.TyperGroup):
    """A command group that reports cs-peers errors as one clean message and exit code 1."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except CsPeersError as exc:
            typer.echo(f"ERROR: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None


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

# Importing the command modules registers their commands on `app`.
from . import data_commands, neo4j_commands, output_commands, review_commands  # noqa: E402,F401


def main() -> None:
    """Run the ``cs-peers`` command line."""
    app()
