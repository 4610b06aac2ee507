"""Peer associations: events inside planted groups, and links leading out of them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cs_peers.inputs.sample._people import Cohort
from cs_peers.inputs.sample._rows import (
    EVENT_MIX,
    IN,
    LINK_MIX,
    N_PEER_TYPES,
    OUT,
    TYPE_CODE,
    Bools,
    Ints,
    Rows,
)

__all__ = ["add_peer_rows"]


_PAIRWISE_KINDS = (TYPE_CODE["friend"], TYPE_CODE["partner"])
_EVENT_SIZE_P = np.array((0.35, 0.28, 0.18, 0.11, 0.08))  # 2, 3, 4, 5 or 6 people
_MAX_EVENT = 2 + len(_EVENT_SIZE_P) - 1
# Beyond the ring of events that ties every member in, a group of s members has about
# _EVENTS_PER_MEMBER * s + _EVENTS_PER_PAIR * s * s more: enough that most pairs of members in
# small groups, and about half in groups of twenty, are recorded together at least once.
_EVENTS_PER_MEMBER = 0.6
_EVENTS_PER_PAIR = 0.05
# Members' activity, which decides who is drawn into those events: heavy-tailed (floor + Lomax).
_ACTIVITY_FLOOR = 0.5
_ACTIVITY_SHAPE = 2.0
# Young people in no group: floor(Lomax(2.5) * this) links each, one on average; most have none.
_LOOSE_LINKS = 2.3
# An out-of-group link is recorded 1-5 times (geometric); this many rows per link on average.
_REPEAT_P = 0.7
_MEAN_REPEATS = sum((1.0 - _REPEAT_P) ** t for t in range(5))


@dataclass(frozen=True)
class _Events:
    """Events inside planted groups: event e involves ``members[offset[e]:][:size[e]]``."""

    group: Ints
    kind: Ints
    size: Ints
    members: Ints

    @property
    def offset(self) -> Ints:
        """Return where each event's members start in ``members``."""
        return np.cumsum(self.size) - self.size

    def rows_per_member(self, n: int) -> Ints:
        """Return, per young person, how many pairwise rows their events yield."""
        slot_size = np.repeat(self.size, self.size)
        return np.bincount(self.members, weights=slot_size - 1, minlength=n).astype(np.int64)

    def subset(self, keep: Bools) -> _Events:
        """Return the events where ``keep`` is true."""
        slots = np.repeat(keep, self.size)
        return _Events(self.group[keep], self.kind[keep], self.size[keep], self.members[slots])


def _event_kinds_and_sizes(
    rng: np.random.Generator, cohort: Cohort, groups: Ints
) -> tuple[Ints, Ints]:
    """Return the type and number of people of one event in each of ``groups``."""
    kind = rng.choice(N_PEER_TYPES, size=len(groups), p=EVENT_MIX).astype(np.int64)
    size = 2 + rng.choice(len(_EVENT_SIZE_P), size=len(groups), p=_EVENT_SIZE_P)
    size[np.isin(kind, _PAIRWISE_KINDS)] = 2
    return kind, np.minimum(size, cohort.sizes[groups]).astype(np.int64)


def _slots(size: Ints) -> tuple[Ints, Ints]:
    """Return, per slot of events of the given sizes, its event and its position in the event."""
    event = np.repeat(np.arange(len(size), dtype=np.int64), size)
    return event, np.arange(len(event), dtype=np.int64) - np.repeat(np.cumsum(size) - size, size)


def _plant_events(rng: np.random.Generator, cohort: Cohort) -> _Events:
    """Return the events of every planted group.

    First a ring of events ties every member in: each event takes the next members of the
    group (in its random order) and overlaps the previous event by one, and the last one
    closes the ring, so every member is recorded with at least two others (in groups of three
    or more) and the group is connected. Then a group of s members has about
    ``_EVENTS_PER_MEMBER * s + _EVENTS_PER_PAIR * s * s`` more events, whose people are drawn
    without replacement with chances in proportion to a heavy-tailed activity: some members
    are in dozens of records, some in one or two.
    """
    sizes, n_groups = cohort.sizes, cohort.n_groups
    # The ring: candidate events until it closes (s events of two always do it).
    group = np.repeat(np.arange(n_groups, dtype=np.int64), sizes)
    kind, size = _event_kinds_and_sizes(rng, cohort, group)
    step = size - 1
    before = np.cumsum(step) - step
    first_candidate = np.cumsum(sizes) - sizes
    reached = before - before[first_candidate][group]
    keep = reached < sizes[group]
    group, kind, reached = group[keep], kind[keep], reached[keep]
    size = np.minimum(size[keep], sizes[group] - reached + 1)  # the last one ends at the first
    event, position = _slots(size)
    g = group[event]
    ring_members = cohort.members[cohort.start[g] + (reached[event] + position) % sizes[g]]

    # More events, with members drawn by activity: the k largest of u ** (1 / activity) are a
    # weighted sample without replacement (Efraimidis and Spirakis, 2006).
    activity = _ACTIVITY_FLOOR + rng.pareto(_ACTIVITY_SHAPE, cohort.n)
    extra_group = np.repeat(
        np.arange(n_groups, dtype=np.int64),
        rng.poisson((_EVENTS_PER_MEMBER + _EVENTS_PER_PAIR * sizes) * sizes),
    )
    extra_kind, extra_size = _event_kinds_and_sizes(rng, cohort, extra_group)
    entry_event, entry_position = _slots(sizes[extra_group])
    who = cohort.members[cohort.start[extra_group[entry_event]] + entry_position]
    key = -np.log1p(-rng.random(len(who))) / activity[who]  # smaller is more likely to be drawn
    order = np.argsort(entry_event + key / (1.0 + key), kind="stable")
    chosen = entry_position < extra_size[entry_event]  # positions are unchanged by the sort
    extra_members = who[order][chosen]

    return _Events(
        np.concatenate([group, extra_group]),
        np.concatenate([kind, extra_kind]),
        np.concatenate([size, extra_size]),
        np.concatenate([ring_members, extra_members]),
    )


def _pair_outside(rng: np.random.Generator, cohort: Cohort, stubs: Ints) -> tuple[Ints, Ints]:
    """Return pairs made by matching stubs at random, never inside one group or to oneself."""
    stubs = stubs[rng.permutation(len(stubs))]
    stubs = stubs[: len(stubs) - len(stubs) % 2]
    a, b = stubs[0::2].copy(), stubs[1::2].copy()
    group_of = cohort.group_of

    def wrong() -> Bools:
        ga = group_of[a]
        return np.asarray((a == b) | ((ga >= 0) & (ga == group_of[b])), dtype=np.bool_)

    bad = wrong()
    for _ in range(30):
        wrong_at = np.flatnonzero(bad)
        if not len(wrong_at):
            break
        # Reshuffle the wrong partners with as many random others: still a permutation, so every
        # stub keeps exactly one partner and everyone's planted activity is kept.
        others = rng.choice(len(b), size=min(len(b), len(wrong_at)), replace=False)
        mixed = np.union1d(wrong_at, others)
        b[mixed] = b[mixed[rng.permutation(len(mixed))]]
        bad = wrong()
    return a[~bad], b[~bad]


def add_peer_rows(rng: np.random.Generator, cohort: Cohort, mixing: float, rows: Rows) -> None:
    """Add peer rows: events inside groups, then pairwise links leaving them at rate ``mixing``.

    Each event yields one row per pair of its people, all in one record. A grouped young
    person's rows leaving the group are then set to ``mixing / (1 - mixing)`` times their rows
    inside it, so that a share ``mixing`` of their peer rows leaves the group. Beyond
    ``mixing = 0.5`` the leaving rows stop growing and events are dropped instead (all of them
    at ``mixing = 1``), which keeps the sample's size bounded.
    """
    n = cohort.n
    events = _plant_events(rng, cohort)
    full = events.rows_per_member(n)
    if mixing > 0.5:
        events = events.subset(rng.random(len(events.size)) * mixing < 1.0 - mixing)
    offset = events.offset
    for k in range(2, _MAX_EVENT + 1):
        at = np.flatnonzero(events.size == k)
        people = events.members[offset[at, None] + np.arange(k)]
        first, second = np.triu_indices(k, 1)
        event = np.repeat(at, len(first))
        a, b = people[:, first].ravel(), people[:, second].ravel()
        swap = rng.random(len(a)) < 0.5  # no meaning in which end is the source
        a, b = np.where(swap, b, a), np.where(swap, a, b)
        g = events.group[event]
        first_day, last_day = cohort.first_day[g], cohort.last_day[g]
        rows.add(a, b, events.kind[event], IN, first_day, last_day, record=event)

    # Rows leaving a group: stubs (each a link recorded 1-5 times) rounded at random, so that
    # every grouped person's expected share of leaving rows is `mixing`.
    ratio = mixing / (1.0 - mixing) if mixing < 0.5 else 1.0
    wanted = full * ratio / _MEAN_REPEATS
    stubs = np.floor(wanted).astype(np.int64)
    stubs += rng.random(n) < wanted - stubs
    # Young people in no group: a few scattered links, most have one or none.
    scattered = np.minimum(np.floor(rng.pareto(2.5, n) * _LOOSE_LINKS).astype(np.int64), 30)
    stubs = np.where(cohort.grouped, stubs, scattered)
    a, b = _pair_outside(rng, cohort, np.repeat(np.arange(n, dtype=np.int64), stubs))
    kind = rng.choice(N_PEER_TYPES, size=len(a), p=LINK_MIX)
    rows.add(a, b, kind, OUT, repeat=(rng, _REPEAT_P))
