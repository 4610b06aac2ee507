"""Reviews: what a meeting decided about a candidate group, kept and never overwritten.

A :class:`Review` says that on a day someone (``by``) decided a group's status —
``confirmed``, ``not-a-group`` or ``needs-review`` —, perhaps took young people out of it or put
them in, agreed actions with owners and due dates, and set the next review date. Reviews are
appended to a log (:class:`FileReviewLog` in the workspace, one JSON object per line; or
``(:GroupReview)`` nodes in Neo4j, see :mod:`cs_peers.graphdb.reviews`) and never changed: a
later decision is a new review, and the latest one of a group is the one that applies.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from cs_peers.errors import ReviewError, WorkspaceError

__all__ = [
    "STATUSES",
    "Action",
    "FileReviewLog",
    "Review",
    "ReviewLog",
    "check_day",
    "latest_reviews",
]

STATUSES = ("confirmed", "not-a-group", "needs-review")


def check_day(value: str, option: str) -> str:
    """Return ``value`` if it is an ISO day (YYYY-MM-DD), else raise ReviewError naming ``option``.

    >>> check_day("2026-12-01", "--due")
    '2026-12-01'
    """
    try:
        return date.fromisoformat(value).isoformat() if len(value) == 10 else _bad(value, option)
    except ValueError:
        return _bad(value, option)


def _bad(value: str, option: str) -> str:
    raise ReviewError(f"{option} {value!r} is not a date in the form YYYY-MM-DD (e.g. 2026-12-01)")


@dataclass(frozen=True)
class Action:
    """One agreed action: what, who owns it, by when (ISO day)."""

    text: str
    owner: str
    due: str


@dataclass(frozen=True)
class Review:
    """One meeting decision about one group, as kept.

    ``members`` are the group's members in ``run_id`` when it was reviewed (a not-a-group
    decision stands while they and their records stay as they were); ``decided_on`` is the
    meeting's day, ``recorded_at`` when the decision was kept (UTC).
    """

    review_id: str
    group_id: str
    lineage: str
    run_id: str
    status: str
    decided_on: str
    recorded_at: str
    by: str
    note: str = ""
    remove: tuple[str, ...] = ()
    add: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    review_date: str = ""
    members: tuple[str, ...] = field(default=(), repr=False)

    def to_json(self) -> str:
        """Return the review as one line of JSON."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Review:
        """Return the review read back from :meth:`to_json` text."""
        data: dict[str, Any] = json.loads(text)
        data["actions"] = tuple(Action(**a) for a in data.get("actions", ()))
        for name in ("remove", "add", "members"):
            data[name] = tuple(data.get(name, ()))
        return cls(**data)

    def describe(self) -> str:
        """Return the decision as one line: day, status, who, and what changed."""
        parts = [f"{self.decided_on} {self.group_id}: {self.status} (by {self.by})"]
        if self.remove:
            parts.append("removed " + ", ".join(self.remove))
        if self.add:
            parts.append("added " + ", ".join(self.add))
        parts += [f"action: {a.text} — {a.owner}, due {a.due}" for a in self.actions]
        if self.review_date:
            parts.append(f"review by {self.review_date}")
        if self.note:
            parts.append(f"note: {self.note}")
        return "; ".join(parts)


class ReviewLog(Protocol):
    """Where reviews are kept: append-only."""

    def list_reviews(self) -> list[Review]:
        """Return every review, in the order they were kept."""
        ...

    def append(self, review: Review) -> None:
        """Keep one more review; nothing kept before is changed."""
        ...


class FileReviewLog:
    """Reviews kept in ``home/reviews.jsonl``, one JSON object per line, only ever appended."""

    def __init__(self, home: Path) -> None:
        self.path = Path(home) / "reviews.jsonl"

    def list_reviews(self) -> list[Review]:
        """Return every review in the file, oldest first."""
        if not self.path.is_file():
            return []
        reviews = []
        for number, line in enumerate(self.path.read_text("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                reviews.append(Review.from_json(line))
            except (ValueError, TypeError) as exc:
                raise WorkspaceError(
                    f"{self.path}, line {number}: not a review cs-peers can read ({exc})"
                ) from exc
        return reviews

    def append(self, review: Review) -> None:
        """Append one line, written and flushed to disk in one call."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = (review.to_json() + "\n").encode("utf-8")
        # O_APPEND: each decision lands whole at the end, even with two analysts at once.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)


def latest_reviews(reviews: list[Review], lineage: str | None = None) -> dict[str, list[Review]]:
    """Return each group's reviews, oldest first (of one lineage when ``lineage`` is given)."""
    by_group: dict[str, list[Review]] = {}
    for review in reviews:
        if lineage is None or review.lineage == lineage:
            by_group.setdefault(review.group_id, []).append(review)
    return by_group
