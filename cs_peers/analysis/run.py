"""The whole analysis in one call: evidence, groups, stable ids and provenance.

Commands that need groups (``groups``, ``render``, ``assess``, ``pack``, ``changes``) all go
through :func:`analyse`, so they agree on the groups for the same data, parameters and seed.

One analysis asked for, and the one call that answers it.

An :class:`AnalysisRequest` says where the data comes from (a :class:`DataSource`: files, or
Neo4j), which of it (a :class:`TimeSelection`), how to group it (:class:`GroupingParameters`,
whose defaults are the only defaults), whether to keep the run and where (a
:class:`~cs_peers.analysis.history.RunHistory`), the meeting's reviews, the lineage, and where
to write the groups back (a :class:`GroupsWriter`, for Neo4j). :func:`analyse_request` does it.
Every ``cs-peers`` command that analyses builds one request and makes this one call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from cs_peers.analysis._identity import IdentityEvent, assign_stable_ids
from cs_peers.analysis.grouping.evidence import build_peer_evidence
from cs_peers.analysis.grouping.groups import PeerGroups, detect_peer_groups
from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.history import RunHistory, RunRecord, record_run
from cs_peers.analysis.provenance import Provenance, shown_provenance, utc_now
from cs_peers.analysis.reviews.apply import ReviewState, review_state
from cs_peers.analysis.reviews.decide import action_states
from cs_peers.analysis.reviews.records import MeetingLog, Review
from cs_peers.errors import CsPeersError
from cs_peers.inputs.dataset import Dataset

__all__ = [
    "Analysis",
    "AnalysisRequest",
    "DataSource",
    "GroupsWriter",
    "TimeSelection",
    "analyse",
    "analyse_request",
    "selected_dataset",
]


@dataclass(frozen=True)
class Analysis:
    """Groups with stable ids, the run they were kept as (if any), and provenance."""

    dataset: Dataset
    groups: PeerGroups
    run: RunRecord | None
    events: list[IdentityEvent] = field(default_factory=list)
    provenance: Provenance | None = None
    # What the meeting's reviews say about these groups (None when no run is kept).
    reviews: ReviewState | None = None

    def shown_provenance(self) -> dict[str, str]:
        """Return the provenance as outputs list it (no items when there is none)."""
        return shown_provenance(self.provenance)


def analyse(
    dataset: Dataset,
    params: GroupingParameters,
    *,
    history: RunHistory | None = None,
    store: str = "files",
    lineage: str | None = None,
    reviews: list[Review] | None = None,
    closed_actions: frozenset[str] = frozenset(),
    action_owners: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
) -> Analysis:
    """Return the candidate peer groups of ``dataset``, with stable ids and provenance.

    With a ``history`` the run is matched to the previous one of its dataset lineage (ids
    kept; ``lineage`` names the lineage, see :mod:`cs_peers.analysis.lineage`) and recorded; without
    one, ids are numbered ``PG-0001``… in group order. ``reviews`` (kept meeting decisions)
    apply to a kept run: see :mod:`cs_peers.analysis.reviews.apply`; candidates judged not a
    group, with nothing new since, are left out of the groups returned (but kept in the run).
    ``closed_actions`` are the ids of the actions closed since they were agreed;
    ``action_owners`` who owns each action passed on since, by id.
    ``jobs`` is how many processes run Leiden (default: every core available); the groups are
    the same whatever it is.
    """
    say = progress or (lambda _message: None)
    say(f"Weighing the evidence between {dataset.counts()['young_people']:,} young people…")
    evidence = build_peer_evidence(dataset, max_context_size=params.max_context_size)
    say(f"Finding candidate groups (Leiden-CPM, up to {params.runs} runs)…")
    groups = detect_peer_groups(evidence, params, jobs=jobs)
    state: ReviewState | None = None
    if history is None:
        stable, events, _ = assign_stable_ids(groups, None)
        run = None
    else:
        kept = reviews or []
        stable, run, events = record_run(
            history,
            dataset,
            groups,
            store=store,
            lineage=lineage,
            progress=say,
            reviews=kept,
        )
        state = review_state(
            dataset, stable, kept, run.lineage, closed=closed_actions, owners=action_owners
        )
        stable = state.shown(stable)
    # "generated at" is when this analysis ran, by the clock; it used to default to the data's
    # latest recorded date, which printed 2026-10-31 on a pack made on 2026-12-01.
    provenance = Provenance.of(
        dataset, stable, run_id=run.run_id if run else "", generated_at=utc_now()
    )
    return Analysis(dataset, stable, run, events, provenance, state)


class DataSource(Protocol):
    """Where a validated dataset comes from: files (:class:`~cs_peers.inputs.source.FilesSource`)
    or Neo4j (:class:`~cs_peers.graphdb.source.Neo4jDataSource`)."""

    @property
    def kind(self) -> str:
        """Return the store's name recorded with each run: ``files`` or ``neo4j``."""
        ...

    def describe(self) -> str:
        """Return where the data is read from, in words."""
        ...

    def load(self) -> Dataset:
        """Return the validated dataset."""
        ...


class GroupsWriter(Protocol):
    """Where the groups of an analysis are written back (Neo4j's ``(:PeerGroup)`` nodes)."""

    def describe(self) -> str:
        """Return where the groups go, in words."""
        ...

    def write_groups(self, dataset: Dataset, groups: PeerGroups, run: RunRecord | None) -> None:
        """Replace the groups kept there with ``groups`` of ``dataset`` (from ``run``, if kept)."""
        ...


@dataclass(frozen=True)
class TimeSelection:
    """Which associations count: recorded by ``as_of``, observed from ``since`` to ``until``."""

    as_of: date | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AnalysisRequest:
    """One analysis asked for: source, selection, parameters, and what to keep and write back.

    With ``record`` the run is matched to the earlier runs of its lineage in ``history`` (ids
    kept) and saved there, and ``reviews`` apply; without it, ids are numbered ``PG-0001``….
    """

    source: DataSource
    parameters: GroupingParameters = field(default_factory=GroupingParameters)
    selection: TimeSelection = field(default_factory=TimeSelection)
    record: bool = False
    history: RunHistory | None = None
    reviews: MeetingLog | None = None
    lineage: str | None = None
    write_back: GroupsWriter | None = None
    # How many processes run Leiden (None: every core available). How the work is done, not
    # what it finds: it is not a grouping parameter and is not recorded with the run.
    jobs: int | None = None

    def __post_init__(self) -> None:
        if self.record and self.history is None:
            raise ValueError("a request that records a run needs a history to keep it in")


def selected_dataset(request: AnalysisRequest) -> Dataset:
    """Return the request's dataset, restricted to its time selection.

    Raises
    ------
    CsPeersError
        If no association is left in the selection.
    """
    chosen = request.selection
    selected = request.source.load().filtered(
        as_of=chosen.as_of, since=chosen.since, until=chosen.until
    )
    if len(selected.associations) == 0:
        raise CsPeersError(
            f"no associations in this selection ({selected.selection}); "
            "widen the time selection (as of, since, until)"
        )
    return selected


def analyse_request(
    request: AnalysisRequest,
    *,
    dataset: Dataset | None = None,
    progress: Callable[[str], None] | None = None,
) -> Analysis:
    """Return the analysis the request asks for (groups, stable ids, provenance).

    ``dataset`` is :func:`selected_dataset` of the request when the caller has it already.

    Examples
    --------
    >>> from cs_peers.inputs.sample.generate import sample_path
    >>> from cs_peers.inputs.source import FilesSource
    >>> request = AnalysisRequest(FilesSource(sample_path("borough")))
    >>> analyse_request(request).groups.groups["group_id"].iloc[0]
    'PG-0001'
    """
    data = selected_dataset(request) if dataset is None else dataset
    history = request.history if request.record else None
    kept = request.reviews.list_reviews() if history is not None and request.reviews else None
    closed: frozenset[str] = frozenset()
    owners: dict[str, str] = {}
    if kept and request.reviews is not None:
        states = action_states(kept, request.reviews.list_action_events())
        closed = frozenset(s.action_id for s in states if not s.is_open)
        owners = {s.action_id: s.owner for s in states if len(s.owners) > 1}
    result = analyse(
        data,
        request.parameters,
        history=history,
        store=request.source.kind,
        lineage=request.lineage,
        reviews=kept,
        closed_actions=closed,
        action_owners=owners,
        progress=progress,
        jobs=request.jobs,
    )
    if request.write_back is not None:
        request.write_back.write_groups(result.dataset, result.groups, result.run)
        if progress is not None:
            progress(f"groups written back to {request.write_back.describe()}")
    return result
