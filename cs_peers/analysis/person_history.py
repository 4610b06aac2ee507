"""One young person's candidate groups over time: the Level 1 casework question.

"Which groups has this young person been in, and since when?" — answered from the runs kept in
the workspace (or Neo4j) and the meetings' decisions about them. Only that young person's own
groups and the decisions naming them are told: never another child's id, never a score.
"""

from __future__ import annotations

from dataclasses import dataclass

from cs_peers.analysis.history import RunHistory
from cs_peers.analysis.reviews.records import MeetingLog

__all__ = ["PersonHistory", "PersonRun", "person_history"]


@dataclass(frozen=True)
class PersonRun:
    """Where the young person stood in one kept run: their group (``""`` when in none)."""

    run_id: str
    day: str
    kind: str
    group_id: str
    meeting: str = ""

    def line(self) -> str:
        """Return the run as one line: day, what the run was, and the group."""
        what = f"the meeting of {self.meeting}" if self.meeting else f"{self.kind} run"
        where = f"in candidate group {self.group_id}" if self.group_id else "in no group"
        return f"{self.day} ({what}, run {self.run_id}): {where}"


@dataclass(frozen=True)
class PersonHistory:
    """A young person's groups across the kept runs, and the decisions that named them."""

    person_id: str
    label: str
    runs: tuple[PersonRun, ...]
    decisions: tuple[str, ...]

    @property
    def groups(self) -> list[str]:
        """Return every group they were placed in, in the order first seen."""
        return list(dict.fromkeys(r.group_id for r in self.runs if r.group_id))

    def since(self, group_id: str) -> str:
        """Return the day of the first kept run that placed them in ``group_id``."""
        return next((r.day for r in self.runs if r.group_id == group_id), "")

    def lines(self) -> list[str]:
        """Return the history as plain lines: a summary, each run, each decision."""
        if not self.runs:
            return [f"{self.label}: no run of this dataset is kept yet"]
        summary = (
            ", ".join(f"{g} (since {self.since(g)})" for g in self.groups)
            if self.groups
            else "no candidate group in any kept run"
        )
        lines = [f"{self.label}: {summary}"]
        lines += [f"  {r.line()}" for r in self.runs]
        lines += [f"  decision: {d}" for d in self.decisions]
        return lines


def person_history(
    history: RunHistory, log: MeetingLog, person_id: str, *, label: str, lineage: str | None = None
) -> PersonHistory:
    """Return ``person_id``'s groups in every kept run (of ``lineage`` when given), oldest
    first, with the meetings those runs were and the decisions naming them."""
    meetings = {(m.lineage, m.run_id): m.held_on for m in log.list_meetings()}
    runs = []
    for meta in history.list_runs():
        if lineage is not None and meta.lineage != lineage:
            continue
        members = history.get(meta.run_id).memberships
        mine = members.loc[members["person_id"] == person_id, "group_id"]
        runs.append(
            PersonRun(
                run_id=meta.run_id,
                day=meta.created_at[:10],
                kind=meta.kind,
                group_id=str(mine.iloc[0]) if len(mine) else "",
                meeting=meetings.get((meta.lineage, meta.run_id), ""),
            )
        )
    decisions = []
    for review in log.list_reviews():
        if lineage is not None and review.lineage != lineage:
            continue
        if person_id in review.remove:
            decisions.append(
                f"{review.decided_on} {review.group_id}: removed by the meeting (by {review.by})"
            )
        if person_id in review.add:
            decisions.append(
                f"{review.decided_on} {review.group_id}: added by the meeting (by {review.by})"
            )
        if person_id in review.members and person_id not in review.remove:
            decisions.append(
                f"{review.decided_on} {review.group_id}: {review.status} (by {review.by})"
            )
    return PersonHistory(person_id, label, tuple(runs), tuple(decisions))
