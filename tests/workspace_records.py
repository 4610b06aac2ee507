"""What a workspace keeps, read back for assertions (runs, reviews, audit entries)."""

from __future__ import annotations

from pathlib import Path

from cs_peers.analysis.history import RunRecord
from cs_peers.analysis.reviews.records import Review
from cs_peers.governance.audit import AuditEntry, read_audit
from cs_peers.workspacedb import WorkspaceMeetingLog, WorkspaceRunHistory, open_workspace

__all__ = ["kept_audit", "kept_reviews", "kept_runs"]


def kept_runs(home: Path) -> list[RunRecord]:
    """Return the runs kept in the workspace at ``home`` (none when it has no database yet)."""
    if not (home / "workspace.sqlite3").exists():
        return []
    with open_workspace(home) as database:
        return WorkspaceRunHistory(database).list_runs()


def kept_reviews(home: Path) -> list[Review]:
    """Return the reviews kept in the workspace at ``home``."""
    if not (home / "workspace.sqlite3").exists():
        return []
    with open_workspace(home) as database:
        return WorkspaceMeetingLog(database).list_reviews()


def kept_audit(home: Path, action: str | None = None) -> list[AuditEntry]:
    """Return the audit entries (of one ``action`` if given) of the workspace at ``home``."""
    with open_workspace(home) as database:
        return [e for e in read_audit(database) if action is None or e.action == action]
