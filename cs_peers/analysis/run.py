"""The whole analysis in one call: evidence, groups, stable ids and provenance.

Commands that need groups (``groups``, ``render``, ``assess``, ``pack``, ``changes``) all go
through :func:`analyse`, so they agree on the groups for the same data, parameters and seed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from cs_peers.analysis.grouping.evidence import build_peer_evidence
from cs_peers.analysis.grouping.groups import PeerGroups, detect_peer_groups
from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.history import RunHistory, RunRecord, record_run
from cs_peers.analysis.identity import IdentityEvent, assign_stable_ids
from cs_peers.analysis.provenance import run_provenance, utc_now
from cs_peers.analysis.reviews.apply import ReviewState, adjust_groups, review_state
from cs_peers.analysis.reviews.records import Review
from cs_peers.inputs.dataset import Dataset

__all__ = ["Analysis", "analyse"]


@dataclass(frozen=True)
class Analysis:
    """Groups with stable ids, the run they were kept as (if any), and provenance."""

    dataset: Dataset
    groups: PeerGroups
    run: RunRecord | None
    events: list[IdentityEvent] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)
    # What the meeting's reviews say about these groups (None when no run is kept).
    reviews: ReviewState | None = None


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
            adjust=lambda g, e, lin: adjust_groups(g, e, kept, lin),
        )
        state = review_state(
            dataset, stable, kept, run.lineage, closed=closed_actions, owners=action_owners
        )
        stable = state.shown(stable)
    # "generated at" is when this analysis ran, by the clock; it used to default to the data's
    # latest recorded date, which printed 2026-10-31 on a pack made on 2026-12-01.
    provenance = run_provenance(
        dataset, stable, run_id=run.run_id if run else "", generated_at=utc_now()
    )
    return Analysis(dataset, stable, run, events, provenance, state)
