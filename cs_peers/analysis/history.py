"""The run history: each run's groups, parameters and identity events, kept between meetings.

Runs are kept in the workspace database (:class:`cs_peers.workspacedb._records.WorkspaceRunHistory`)
or, with ``--neo4j``, in Neo4j (:class:`cs_peers.graphdb.records.Neo4jRunHistory`); both follow
:class:`RunHistory`. A run is ``exploratory`` (``groups``, ``contexts``, questions…) or made by
a ``pack``; only a meeting's run, or failing that a pack's, is ever the baseline of "since the
last meeting" (:mod:`cs_peers.analysis.meetings`).

A run history that keeps a run only once the outputs made from it are complete.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, Protocol

import pandas as pd

from cs_peers.analysis._identity import IdentityEvent, assign_stable_ids
from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.analysis.lineage import LINEAGE_COUNTER, match_lineage, people_hashes, people_sketch
from cs_peers.analysis.provenance import utc_now
from cs_peers.analysis.reviews.apply import adjust_groups
from cs_peers.analysis.reviews.records import Review
from cs_peers.errors import RunNotFoundError, WorkspaceError
from cs_peers.inputs.dataset import Dataset
from cs_peers.safe_text import safe_csv_text

__all__ = [
    "GROUP_COUNTER",
    "RUN_KINDS",
    "PendingHistory",
    "RunHistory",
    "RunRecord",
    "find_base_run",
    "lineage_runs",
    "memberships_from_csv",
    "memberships_to_csv",
    "record_run",
]


MEMBERSHIP_COLUMNS = ["group_id", "person_id", "confidence", "bridge_to"]
RUN_KINDS = ("exploratory", "pack")
# The counter group ids (PG-0001…) are numbered from: unique in a workspace, never reused.
GROUP_COUNTER = "group"


@dataclass(frozen=True)
class RunRecord:
    """One recorded run: its stable-id memberships, provenance and identity events."""

    run_id: str
    created_at: str
    store: str
    source: str
    fingerprint: str
    selection: str
    recorded_until: str
    parameters: dict[str, Any]
    events: list[dict[str, Any]]
    next_number: int
    memberships: pd.DataFrame = field(repr=False)
    # Which dataset lineage the run belongs to, the run it was matched to ("" for the first of
    # its lineage) and a sketch of its people (see :mod:`cs_peers.analysis.lineage`). Runs kept
    # before
    # lineages existed have none of these.
    lineage: str = ""
    matched_run: str = ""
    people_sketch: list[int] = field(default_factory=list, repr=False)
    # ``pack`` once a pack was made from it (see the module docstring), else ``exploratory``.
    kind: str = "exploratory"

    def meta(self) -> dict[str, Any]:
        """Return everything but the memberships, as JSON-ready values."""
        data = asdict(replace(self, memberships=pd.DataFrame()))
        data.pop("memberships")
        return data

    def same_analysis(self, other: RunRecord) -> bool:
        """Return whether both runs analysed the same data the same way."""
        return (self.fingerprint, self.selection, self.parameters) == (
            other.fingerprint,
            other.selection,
            other.parameters,
        )


class RunHistory(Protocol):
    """Where runs are kept."""

    def list_runs(self) -> list[RunRecord]:
        """Return every run, oldest first (memberships may be empty: load with ``get``)."""
        ...

    def get(self, run_id: str) -> RunRecord:
        """Return one run with its memberships, or raise RunNotFoundError."""
        ...

    def save(self, record: RunRecord, *, claims: Mapping[str, tuple[int, int]] = {}) -> None:
        """Keep a run; nothing is half-written when this fails.

        ``claims`` maps a counter to the numbers ``(first, after)`` the run used (its new
        group ids, a new lineage's number): they are taken in the same step, and if another
        command took any of them meanwhile, :class:`~cs_peers.errors.WorkspaceError` says so
        and nothing is kept — so no two runs ever give one id to two groups.
        """
        ...

    def peek(self, counter: str) -> int:
        """Return the next number of ``counter`` that no kept run has used (1 if none has)."""
        ...

    def mark_pack(self, run_id: str) -> None:
        """Record that a pack was made from the run ``run_id`` (its kind becomes ``pack``)."""
        ...


def memberships_to_csv(memberships: pd.DataFrame) -> str:
    """Return memberships as CSV text (the groups CSV format)."""
    return safe_csv_text(memberships[MEMBERSHIP_COLUMNS])


def memberships_from_csv(text: str) -> pd.DataFrame:
    """Return memberships read back from :func:`memberships_to_csv` text."""
    if not text.strip():
        return pd.DataFrame(columns=MEMBERSHIP_COLUMNS)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if frame.empty:
        return pd.DataFrame(columns=MEMBERSHIP_COLUMNS)
    return frame.astype({"confidence": float})


def _run_id(created_at: str, fingerprint: str, existing: set[str]) -> str:
    stamp = created_at.replace("-", "").replace(":", "").replace("+0000", "")[:15]
    base = f"{stamp}-{fingerprint[:6]}"
    run_id, n = base, 1
    while run_id in existing:
        n += 1
        run_id = f"{base}-{n}"
    return run_id


def record_run(
    history: RunHistory,
    dataset: Dataset,
    groups: PeerGroups,
    *,
    store: str = "files",
    created_at: str | None = None,
    lineage: str | None = None,
    progress: Callable[[str], None] | None = None,
    reviews: Sequence[Review] = (),
) -> tuple[PeerGroups, RunRecord, list[IdentityEvent]]:
    """Return the groups with stable ids, the run as kept, and its identity events.

    The groups are matched to the latest run of the same dataset lineage (see
    :func:`cs_peers.analysis.lineage.match_lineage`; ``lineage`` names one explicitly). Data of a
    new
    lineage gets fresh ids, never used before in the workspace, and ``progress`` is told so.
    When the latest run of the lineage analysed the same data with the same parameters, it is
    returned as it is and nothing new is kept, so repeating a command neither changes ids nor
    floods the history. The meeting's ``reviews`` of the lineage apply to the groups and events
    before the run is kept (see :func:`cs_peers.analysis.reviews.apply.adjust_groups`).
    """
    runs = history.list_runs()
    claims: dict[str, tuple[int, int]] = {}

    def fresh_lineage(taken: int) -> str:
        number = max(history.peek(LINEAGE_COUNTER), taken + 1)
        claims[LINEAGE_COUNTER] = (number, number + 1)
        return f"lineage-{number}"

    match = match_lineage(runs, dataset, name=lineage, load=history.get, fresh=fresh_lineage)
    latest = history.get(match.latest.run_id) if match.latest is not None else None
    previous = latest.memberships if latest is not None else None
    # Ids are unique in the whole workspace, so that a group id names one group of one dataset:
    # new groups are numbered from the history's counter, and claim their numbers when kept.
    floor = max(history.peek(GROUP_COUNTER), *(r.next_number for r in runs), 1)
    stable, events, next_number = assign_stable_ids(groups, previous, next_number=floor)
    old_ids = set(previous["group_id"]) if previous is not None else set()
    fresh = len(set(stable.groups["group_id"]) - old_ids)
    if fresh:
        claims[GROUP_COUNTER] = (next_number - fresh, next_number)
    if progress is not None and runs and (match.new or len({r.lineage for r in runs}) > 1):
        progress(match.describe(f"PG-{next_number - fresh:04d}"))
    # Which reviews apply depends on the lineage, known only once the run is matched above.
    stable, events = adjust_groups(stable, events, list(reviews), match.lineage)
    created_at = created_at or utc_now()
    record = RunRecord(
        run_id=_run_id(created_at, dataset.fingerprint, {r.run_id for r in runs}),
        created_at=created_at,
        store=store,
        source=dataset.source,
        fingerprint=dataset.fingerprint,
        selection=dataset.selection,
        recorded_until=dataset.recorded_until(),
        parameters=groups.parameters.as_dict(),
        # What asdict gives, without its deep copy of each event (11,000 of them at 100k).
        events=[
            {"kind": e.kind, "group_id": e.group_id, "related": e.related, "detail": e.detail}
            for e in events
        ],
        next_number=next_number,
        memberships=stable.memberships[MEMBERSHIP_COLUMNS].reset_index(drop=True),
        lineage=match.lineage,
        matched_run=latest.run_id if latest is not None else "",
        people_sketch=people_sketch(people_hashes(dataset)),
    )
    if latest is not None and latest.same_analysis(record):
        kept = [
            IdentityEvent(e["kind"], e["group_id"], tuple(e["related"]), e["detail"])
            for e in latest.events
        ]
        return stable, latest, kept
    history.save(record, claims=claims)
    return stable, record, events


def lineage_runs(history: RunHistory, lineage: str | None) -> list[RunRecord]:
    """Return the runs of one lineage, oldest first (every run when ``lineage`` is None)."""
    runs = history.list_runs()
    return runs if lineage is None else [r for r in runs if r.lineage == lineage]


def find_base_run(history: RunHistory, since: str, *, lineage: str | None = None) -> RunRecord:
    """Return the run named ``since``, or the latest run created on or before a date ``since``.

    With ``lineage``, only runs of that dataset lineage count.

    Raises
    ------
    WorkspaceError
        If no such run is kept (in that lineage).
    """
    runs = lineage_runs(history, lineage)
    try:
        day = date.fromisoformat(since)
    except ValueError:
        run = history.get(since)
        if lineage is not None and run.lineage != lineage:
            raise WorkspaceError(
                f"run {since!r} is of another dataset (lineage {run.lineage or 'unnamed'!r}, "
                f"not {lineage!r}); see `cs-peers runs`"
            ) from None
        return run
    before = [r for r in runs if r.created_at[:10] <= day.isoformat()]
    if not before:
        first = runs[0].created_at[:10] if runs else "none yet"
        raise RunNotFoundError(f"no run was kept on or before {since} (first run: {first})")
    return history.get(before[-1].run_id)


class PendingHistory:
    """Wraps a :class:`~cs_peers.analysis.history.RunHistory`: ``save`` waits until :meth:`commit`.

    A pack interrupted half-way must not be remembered as a run that a meeting saw, so commands
    that write outputs analyse against a pending history and commit it after the last file is in
    place. Reads see the held run as if it were kept, so the outputs can compare with it.
    """

    def __init__(self, history: RunHistory) -> None:
        self.history = history
        self.held: RunRecord | None = None
        self.claims: Mapping[str, tuple[int, int]] = {}

    def list_runs(self) -> list[RunRecord]:
        """Return the kept runs, oldest first, followed by the held one."""
        runs = self.history.list_runs()
        return [*runs, self.held] if self.held is not None else runs

    def get(self, run_id: str) -> RunRecord:
        """Return one run with its memberships (the held one included)."""
        if self.held is not None and self.held.run_id == run_id:
            return self.held
        return self.history.get(run_id)

    def save(self, record: RunRecord, *, claims: Mapping[str, tuple[int, int]] = {}) -> None:
        """Hold ``record`` (and the numbers it claims) until :meth:`commit`."""
        self.held, self.claims = record, dict(claims)

    def peek(self, counter: str) -> int:
        """Return the underlying history's next number of ``counter``."""
        return self.history.peek(counter)

    def mark_pack(self, run_id: str) -> None:
        """Mark the held run (kept as ``pack`` at :meth:`commit`) or a kept one."""
        if self.held is not None and self.held.run_id == run_id:
            self.held = replace(self.held, kind="pack")
        else:
            self.history.mark_pack(run_id)

    def commit(self) -> RunRecord | None:
        """Return the run now kept in the underlying history (None if nothing was held)."""
        held, self.held = self.held, None
        if held is not None:
            self.history.save(held, claims=self.claims)
        return held
