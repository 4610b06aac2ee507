"""The cohort of young people and the groups planted in it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cs_peers.inputs.sample.rows import LAST_DAY, SAMPLE_DAYS, Bools, Ints

__all__ = ["Cohort", "plant_cohort"]


@dataclass(frozen=True)
class Cohort:
    """The young people and the planted groups: group g is ``members[start[g]:][:sizes[g]]``."""

    n: int
    sizes: Ints
    start: Ints
    members: Ints
    group_of: Ints  # per young person; -1 when not in a group
    rank: Ints  # per young person: their position inside their group
    first_day: Ints  # per group: the window in which it is active
    last_day: Ints

    @property
    def n_groups(self) -> int:
        """Return the number of planted groups."""
        return len(self.sizes)

    @property
    def grouped(self) -> Bools:
        """Return, per young person, whether they are in a planted group."""
        return self.group_of >= 0

    def other_member(self, rng: np.random.Generator, people: Ints) -> Ints:
        """Return a random other member of each (grouped) person's group."""
        g = self.group_of[people]
        step = 1 + rng.integers(0, self.sizes[g] - 1)
        return self.members[self.start[g] + (self.rank[people] + step) % self.sizes[g]]

    def pick_members(self, rng: np.random.Generator, groups: Ints, p: float) -> tuple[Ints, Ints]:
        """Return (draw, member) pairs: members of ``groups[draw]``, each kept with chance p."""
        counts = self.sizes[groups]
        draw = np.repeat(np.arange(len(groups), dtype=np.int64), counts)
        offset = np.arange(len(draw)) - np.repeat(np.cumsum(counts) - counts, counts)
        who = self.members[self.start[groups[draw]] + offset]
        keep = rng.random(len(who)) < p
        return draw[keep], who[keep]


def plant_cohort(rng: np.random.Generator, n: int, share: float, low: int, high: int) -> Cohort:
    """Return the cohort with planted groups whose sizes follow a truncated power law."""
    target = round(share * n)
    sizes = np.zeros(0, dtype=np.int64)
    if target >= low:
        # A power law keeps most groups small, as practitioners see them, with a few large ones.
        choices = np.arange(low, high + 1)
        weights = choices.astype(np.float64) ** -1.8
        draws = rng.choice(choices, size=target // low + 1, p=weights / weights.sum())
        sizes = draws[: int(np.searchsorted(np.cumsum(draws), target, side="right"))]
        sizes = sizes.astype(np.int64)
    start = np.cumsum(sizes) - sizes
    members = rng.permutation(n)[: int(sizes.sum())].astype(np.int64)
    group_of = np.full(n, -1, dtype=np.int64)
    group_of[members] = np.repeat(np.arange(len(sizes)), sizes)
    rank = np.zeros(n, dtype=np.int64)
    rank[members] = np.arange(len(members)) - np.repeat(start, sizes)
    # Groups form and fade within the two years, so timelines and "what changed" have content.
    first = rng.integers(0, int(SAMPLE_DAYS * 0.6), len(sizes))
    last = np.minimum(first + rng.integers(180, SAMPLE_DAYS, len(sizes)), LAST_DAY)
    return Cohort(n, sizes, start, members, group_of, rank, first, last)
