"""The audit log on the command line: every export logged, ``cs-peers audit`` to read it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
def audited(
    ctx: typer.Context,
    output: Path | str | None,
    *,
    people: Iterable[str] = (),
    **details: Any,
) -> Iterator[AuditEntry]:
    """Log this command's export before it is made, and its outcome after (audit first).

    Nothing may be written before the ``with`` starts: if the entry cannot be kept, the
    export is not made. Every output written inside it carries the entry's number and hash.
    ``people`` are ids the export names that the command did not read from a dataset (a
    question asked of Neo4j): like the dataset's, any of them in the output path or the command
    line is logged as its salted hash.
    """
    from cs_peers.governance.audit import audited_export, redacted_command

    params = dict(ctx.params)
    stores = backend(bool(params.get("neo4j", False)), params.get("workspace"))
    stores.workspace.note_people(people)
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
    against: Annotated[
        list[Path] | None,
        typer.Option(
            "--against",
            help="With --verify: also check that the entry this export (a folder or file "
            "cs-peers wrote) was logged under is still in the log, unchanged (repeatable).",
            exists=True,
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Show the audit log: every export, erasure and pruning, with who, when and what.

    The log is append-only; each entry carries the keyed hash of the one before it, so
    `--verify` finds any entry that was edited, removed or reordered (exit 1). Every export
    carries the number and hash of its entry: `--verify --against PATH` also finds entries
    removed from the end of the log after PATH was made.

    Example: cs-peers audit --verify --against pack
    """
    from cs_peers.governance.audit import check_export_against_log, read_audit, verify_audit

    if against and not verify:
        raise typer.BadParameter("--against checks an export with --verify", param_hint="--against")
    database = backend(False, workspace).workspace
    if verify:
        problems = verify_audit(database)
        notes = []
        for path in against or []:
            checked = check_export_against_log(database, path)
            problems += checked.problems
            if checked.pruned:
                notes.append(
                    f"{path}: its entry {checked.number} is older than the log's first kept "
                    "entry (removed by prune): it cannot be checked"
                )
            elif not checked.problems:
                notes.append(f"{path}: its entry {checked.number} is in the log, unchanged")
        if problems:
            raise CsPeersError("the audit log was tampered with:\n  " + "\n  ".join(problems))
        typer.echo(f"audit log intact: {len(read_audit(database))} entries")
        for note in notes:
            typer.echo(note)
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
