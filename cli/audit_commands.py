"""The audit log on the command line: every export logged, ``cs-peers audit`` to read it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cs_peers.errors import CsPeersError

from .options import WorkspaceOpt
from .sources import backend

if TYPE_CHECKING:
    from cs_peers.governance.audit import AuditEntry

# This module's commands; cli/app.py adds them to the `cs-peers` command (add_typer).
app = typer.Typer()


@contextmanager
def audited(ctx: typer.Context, output: Path | str | None, **details: Any) -> Iterator[AuditEntry]:
    """Log this command's export before it is made, and its outcome after (audit first).

    Nothing may be written before the ``with`` starts: if the entry cannot be kept, the
    export is not made.
    """
    from cs_peers.governance.audit import audited_export, redacted_command

    params = dict(ctx.params)
    stores = backend(bool(params.get("neo4j", False)), params.get("workspace"))
    entry = {
        "output": str(Path(output).resolve()) if isinstance(output, Path) else output,
        "reveal_names": bool(params.get("reveal_names", False)),
        "audience": params.get("audience") or "meeting",
        **details,
    }
    command = redacted_command(str(ctx.info_name), params)
    with audited_export(stores.workspace, command, entry, neo4j=stores.neo4j) as intent:
        yield intent


@app.command()
def audit(
    start: Annotated[
        datetime | None,
        typer.Option("--from", formats=["%Y-%m-%d"], help="Only entries on or after this date."),
    ] = None,
    verify: Annotated[
        bool, typer.Option("--verify", help="Check that no entry was changed or removed.")
    ] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Show the audit log: every export, erasure and pruning, with who, when and what.

    The log is append-only; each entry carries the hash of the one before it, so `--verify`
    finds any entry that was edited, removed or reordered (exit 1).

    Example: cs-peers audit --from 2026-11-01
    """
    from cs_peers.governance.audit import read_audit, verify_audit

    database = backend(False, workspace).workspace
    if verify:
        problems = verify_audit(database)
        if problems:
            raise CsPeersError("the audit log was tampered with:\n  " + "\n  ".join(problems))
        typer.echo(f"audit log intact: {len(read_audit(database))} entries")
        return
    entries = read_audit(database)
    day = start.date().isoformat() if start else ""
    shown = [e for e in entries if e.at[:10] >= day]
    if not shown:
        typer.echo("no audit entries" + (f" since {day}" if day else ""))
    for e in shown:
        facts = ", ".join(f"{k}={v}" for k, v in e.details.items() if v not in (None, "", False))
        typer.echo(f"{e.number:>4}  {e.at}  {e.user}  {e.action}  {e.command}")
        if facts:
            typer.echo(f"      {facts}")
