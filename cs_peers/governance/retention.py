"""Retention: removing what the workspace has kept longer than needed.

``prune_workspace`` removes runs kept before the cut-off (with their memberships, and the
meetings that showed them), review records whose review date (plus a grace period) has passed
(with their actions), and audit entries older than the cut-off, in one transaction, and
reports what it removed; the command logs that report in the audit log. Ages are measured by
the real clock — when a run was really kept —, never by ``SOURCE_DATE_EPOCH``, which only
stamps outputs. The retention period can be set once per workspace in
``WORKSPACE/retention.toml`` (``days = 365``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cs_peers.errors import WorkspaceError
from cs_peers.governance.audit import append_audit, prune_audit
from cs_peers.workspacedb.database import WorkspaceDatabase

__all__ = ["REVIEW_GRACE_DAYS", "PruneReport", "prune_workspace", "retention_days"]

REVIEW_GRACE_DAYS = 30


@dataclass
class PruneReport:
    """What pruning removed."""

    cutoff: str
    runs: list[str] = field(default_factory=list)
    reviews: int = 0
    meetings: int = 0
    audit_entries: int = 0


def retention_days(home: Path) -> int | None:
    """Return the workspace's retention period in days, or None when it sets none."""
    path = Path(home) / "retention.toml"
    if not path.is_file():
        return None
    try:
        days = tomllib.loads(path.read_text("utf-8")).get("days")
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceError(f"{path}: not TOML ({exc})") from exc
    if not isinstance(days, int) or days < 1:
        raise WorkspaceError(f"{path}: 'days' must be a whole number of days, not {days!r}")
    return days


def prune_workspace(
    database: WorkspaceDatabase, older_than_days: int, *, now: datetime | None = None
) -> PruneReport:
    """Return what was removed from the workspace as older than the period."""
    now = now or datetime.now(UTC)
    cutoff = (now - timedelta(days=older_than_days)).replace(microsecond=0).isoformat()
    last_review_day = (now.date() - timedelta(days=REVIEW_GRACE_DAYS)).isoformat()
    report = PruneReport(cutoff=cutoff)
    with database.transaction() as db:
        report.runs = [
            str(r[0])
            for r in db.execute(
                "SELECT run_id FROM runs WHERE kept_at < ? ORDER BY position", (cutoff,)
            )
        ]
        db.executemany("DELETE FROM runs WHERE run_id = ?", [(r,) for r in report.runs])
        report.meetings = db.execute(
            "DELETE FROM meetings WHERE run_id NOT IN (SELECT run_id FROM runs)"
        ).rowcount
        report.reviews = db.execute(
            "DELETE FROM reviews WHERE review_date <> '' AND review_date < ?", (last_review_day,)
        ).rowcount
    report.audit_entries = prune_audit(database, cutoff)
    database.compact()
    append_audit(
        database,
        "prune",
        f"cs-peers prune --older-than {older_than_days}",
        {
            "cutoff": report.cutoff,
            "runs": len(report.runs),
            "reviews": report.reviews,
            "meetings": report.meetings,
            "audit_entries": report.audit_entries,
        },
    )
    return report
