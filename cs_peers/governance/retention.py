"""Retention: removing what the workspace has kept longer than needed.

``prune_workspace`` removes runs created before the cut-off, review records whose review date
(plus a grace period) has passed, and audit entries older than the cut-off, and reports what it
removed; the command logs that report in the audit log. The retention period can be set once
per workspace in ``WORKSPACE/retention.toml`` (``days = 365``).
"""

from __future__ import annotations

import json
import shutil
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cs_peers.errors import WorkspaceError
from cs_peers.governance.audit import prune_audit

__all__ = ["PruneReport", "prune_workspace", "retention_days"]

REVIEW_GRACE_DAYS = 30


@dataclass
class PruneReport:
    """What pruning removed."""

    cutoff: str
    runs: list[str] = field(default_factory=list)
    reviews: int = 0
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


def _prune_reviews(home: Path, today: date) -> int:
    """Remove review records whose review date plus the grace period has passed."""
    removed = 0
    last_day = (today - timedelta(days=REVIEW_GRACE_DAYS)).isoformat()
    logs = [Path(home) / "reviews.jsonl", *sorted((Path(home) / "reviews").glob("*.jsonl"))]
    for path in [p for p in logs if p.is_file()]:
        lines = [line for line in path.read_text("utf-8").splitlines() if line.strip()]
        kept = []
        for line in lines:
            review_date = str(json.loads(line).get("review_date") or "")
            if review_date and review_date < last_day:
                removed += 1
            else:
                kept.append(line)
        if len(kept) != len(lines):
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_text("".join(k + "\n" for k in kept), "utf-8")
            tmp.replace(path)
    return removed


def prune_workspace(
    home: Path, older_than_days: int, *, now: datetime | None = None
) -> PruneReport:
    """Return what was removed from the workspace at ``home`` as older than the period."""
    now = now or datetime.now(UTC)
    cutoff = (now - timedelta(days=older_than_days)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    report = PruneReport(cutoff=cutoff)
    runs = Path(home) / "runs"
    if runs.is_dir():
        for folder in sorted(runs.iterdir()):
            meta = folder / "run.json"
            # Only real run folders are removed; a link is never followed out of the workspace.
            if folder.is_symlink() or not meta.is_file():
                continue
            created = str(json.loads(meta.read_text("utf-8")).get("created_at", ""))
            if created and created < cutoff:
                shutil.rmtree(folder)
                report.runs.append(folder.name)
    report.reviews = _prune_reviews(home, now.date())
    report.audit_entries = prune_audit(home, cutoff)
    return report
