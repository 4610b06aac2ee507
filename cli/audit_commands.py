"""The audit log on the command line: every export logged, ``cs-peers audit`` to read it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from cs_peers.errors import CsPeersError
from cs_peers.workspace import workspace_home

from .app import app
from .options import WorkspaceOpt


def log_export(ctx: typer.Context, output: Path | str | None, **details: Any) -> None:
    """Append this command's export to the workspace's audit log."""
    from cs_peers.governance.audit import append_audit, redacted_command

    params = dict(ctx.params)
    home = workspace_home(params.get("workspace"))
    entry = {
        "output": str(Path(output).resolve()) if isinstance(output, Path) else output,
        "reveal_names": bool(params.get("reveal_names", False)),
        "audience": params.get("audience") or "meeting",
        **details,
    }
    kept = append_audit(home, "export", redacted_command(str(ctx.info_name), params), entry)
    if params.get("neo4j"):
        # The database the export read from keeps its own copy of who exported what.
        import json
        import os

        from cs_peers.graphdb.history import open_store

        with open_store(home=home, env=os.environ) as store:
            store.run(
                "save_audit_entry",
                {
                    "number": kept.number,
                    "hash": kept.hash,
                    "at": kept.at,
                    "entry": json.dumps(kept.__dict__, default=str),
                },
            )


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

    home = workspace_home(workspace)
    if verify:
        problems = verify_audit(home)
        if problems:
            raise CsPeersError("the audit log was tampered with:\n  " + "\n  ".join(problems))
        typer.echo(f"audit log intact: {len(read_audit(home))} entries")
        return
    entries = read_audit(home)
    day = start.date().isoformat() if start else ""
    shown = [e for e in entries if e.at[:10] >= day]
    if not shown:
        typer.echo("no audit entries" + (f" since {day}" if day else ""))
    for e in shown:
        facts = ", ".join(f"{k}={v}" for k, v in e.details.items() if v not in (None, "", False))
        typer.echo(f"{e.number:>4}  {e.at}  {e.user}  {e.action}  {e.command}")
        if facts:
            typer.echo(f"      {facts}")
