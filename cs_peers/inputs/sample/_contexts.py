"""Contexts: schools, places and online spaces, their invented names, and who is linked to them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cs_peers.inputs.sample._people import Cohort
from cs_peers.inputs.sample._rows import CONTEXT, SOLID, TYPE_CODE, Ints, Rows

__all__ = ["Layout", "add_context_rows", "lay_out_contexts", "name_contexts"]


_PLACE_STEMS = (
    "Larkfield", "Quillbrook", "Marrowby", "Wrenhollow", "Tansyvale", "Gorsemere", "Thistlegate",
    "Kettlecombe", "Pebblewick", "Nettlecroft", "Clovermead", "Dapplewood", "Brambleford",
    "Sorrelbury", "Buttonhill", "Fernhallow", "Hazelbrook", "Tumbledown Vale", "Brackenlea",
    "Larchmere",
)  # fmt: skip
_STREETS = tuple(
    f"{stem} {kind}"
    for stem in _PLACE_STEMS
    for kind in ("Road", "Close", "Lane", "Way", "Crescent", "Street", "Walk", "Parade")
)
_SCHOOLS = tuple(
    f"{stem} {kind}"
    for stem in _PLACE_STEMS
    for kind in ("Academy", "High School", "School", "Community College", "Free School")
)
_PUBLIC_PATTERNS = (
    "{} Shopping Centre", "{} Park", "{} Bus Station", "{} Leisure Centre", "{} High Street",
    "{} Library", "{} Retail Park", "{} Skate Park", "{} Station", "{} Recreation Ground",
)  # fmt: skip
_PUBLIC_PLACES = tuple(
    pattern.format(stem) for pattern in _PUBLIC_PATTERNS for stem in _PLACE_STEMS
)
_SMALL_PLACES = (
    "Bench by the canal lock on {s}", "Flat {n} on {s}", "Park corner behind {s}",
    "Stairwell of {n} {s}", "Garages behind {s}", "Underpass at {s}", "Chicken shop on {s}",
    "Car park behind {s}", "Bus shelter on {s}", "Back of the community hall on {s}",
    "Footbridge over {s}",
)  # fmt: skip
_PLATFORMS = (
    "Chirpline",
    "SnapNest",
    "Loopcast",
    "Pixelhollow",
    "Murmurly",
    "Gamewhirl",
)
_PLATFORM_POPULARITY = (0.30, 0.25, 0.18, 0.12, 0.10, 0.05)
_CHAT_WORDS = (
    "Friday",
    "Canal",
    "Bench",
    "Weekend",
    "Top Floor",
    "Bus Stop",
    "Late",
    "Year 10",
)
_CHAT_NOUNS = ("Chat", "Mates", "Lot", "Group", "Corner", "Club")


@dataclass(frozen=True)
class Layout:
    """How many contexts of each sort there are; their ids follow this order."""

    school_p: npt.NDArray[np.float64]  # share of pupils per school
    n_public: int
    places_per_group: Ints
    chat_groups: Ints

    @property
    def school(self) -> int:
        """Return the index of the first school (0)."""
        return 0

    @property
    def public(self) -> int:
        """Return the index of the first big public place."""
        return len(self.school_p)

    @property
    def group_place(self) -> int:
        """Return the index of the first small place used by one group."""
        return self.public + self.n_public

    @property
    def platform(self) -> int:
        """Return the index of the first big online platform."""
        return self.group_place + int(self.places_per_group.sum())

    @property
    def chat(self) -> int:
        """Return the index of the first group chat."""
        return self.platform + len(_PLATFORMS)

    @property
    def total(self) -> int:
        """Return the number of contexts."""
        return self.chat + len(self.chat_groups)


def lay_out_contexts(rng: np.random.Generator, cohort: Cohort) -> Layout:
    """Return the contexts: schools of 200-1,500 pupils, places, platforms, group chats."""
    size = rng.integers(200, 1501, cohort.n // 200 + 2)
    n_schools = int(np.searchsorted(np.cumsum(size), cohort.n)) + 1
    places_per_group = rng.binomial(2, 0.4, cohort.n_groups).astype(np.int64)
    chat_groups = np.flatnonzero(rng.random(cohort.n_groups) < 0.5).astype(np.int64)
    return Layout(
        size[:n_schools] / size[:n_schools].sum(),
        max(2, cohort.n // 1500),
        places_per_group,
        chat_groups,
    )


def add_context_rows(
    rng: np.random.Generator,
    cohort: Cohort,
    layout: Layout,
    first_context: int,
    rows: Rows,
) -> None:
    """Add attends, frequents, member_of and incident_at rows."""
    n, everyone = cohort.n, np.arange(cohort.n, dtype=np.int64)
    ctx = first_context  # node index of context 0
    # Everyone attends one school; a group mostly shares one.
    n_schools = len(layout.school_p)
    home = rng.choice(n_schools, size=cohort.n_groups, p=layout.school_p)
    school = rng.choice(n_schools, size=n, p=layout.school_p)
    same = cohort.grouped & (rng.random(n) < 0.75)
    school[same] = home[cohort.group_of[same]]
    rows.add(everyone, ctx + layout.school + school, TYPE_CODE["attends"], SOLID)

    # Small places used mostly by one group (a flat, a bench), seen there again and again...
    place_group = np.repeat(np.arange(cohort.n_groups), layout.places_per_group)
    draw, who = cohort.pick_members(rng, place_group, 0.65)
    g = place_group[draw]
    place = ctx + layout.group_place + draw
    first, last = cohort.first_day[g], cohort.last_day[g]
    rows.add(who, place, TYPE_CODE["frequents"], CONTEXT, first, last, repeat=(rng, 0.6))
    # ... and now and then by someone else.
    n_places = len(place_group)
    visitor = rng.integers(0, n, n_places // 5)
    visited = ctx + layout.group_place + rng.integers(0, n_places, len(visitor))
    rows.add(visitor, visited, TYPE_CODE["frequents"], CONTEXT)
    # Big public places: many young people, a few popular places drawing most of them.
    who = np.repeat(everyone, np.minimum(rng.poisson(0.6, n), 3))
    popularity = 1.0 / np.arange(1, layout.n_public + 1)
    public = rng.choice(layout.n_public, size=len(who), p=popularity / popularity.sum())
    rows.add(who, ctx + layout.public + public, TYPE_CODE["frequents"], CONTEXT)

    # Group chats used by one group; big platforms used by anyone.
    draw, who = cohort.pick_members(rng, layout.chat_groups, 0.8)
    g = layout.chat_groups[draw]
    first, last = cohort.first_day[g], cohort.last_day[g]
    rows.add(who, ctx + layout.chat + draw, TYPE_CODE["member_of"], CONTEXT, first, last)
    who = np.flatnonzero(rng.random(n) < 0.25)
    platform = rng.choice(len(_PLATFORMS), size=len(who), p=_PLATFORM_POPULARITY)
    rows.add(who, ctx + layout.platform + platform, TYPE_CODE["member_of"], CONTEXT)

    # Incidents: at the group's own place when it has one, else at a public place.
    who = np.flatnonzero(rng.random(n) < 0.02)
    place = layout.public + rng.integers(0, layout.n_public, len(who))
    g = cohort.group_of[who]
    per_group = layout.places_per_group
    own = (g >= 0) & (rng.random(len(who)) < 0.6)
    if cohort.n_groups:  # (with no groups at all there is no group place to look up)
        own &= per_group[np.maximum(g, 0)] > 0
    place[own] = layout.group_place + (np.cumsum(per_group) - per_group)[g[own]]
    rows.add(who, ctx + place, TYPE_CODE["incident_at"], SOLID)


def name_contexts(rng: np.random.Generator, layout: Layout) -> list[str]:
    """Return invented names for every context, in id order."""

    def cycled(names: Sequence[str], count: int) -> list[str]:
        # Numbered once the list runs out, so that names stay distinct.
        order = rng.permutation(len(names)).tolist()
        return [
            names[order[i % len(names)]] + (f" {i // len(names) + 1}" if i >= len(names) else "")
            for i in range(count)
        ]

    n_places, n_chats = int(layout.places_per_group.sum()), len(layout.chat_groups)
    template = rng.integers(0, len(_SMALL_PLACES), n_places).tolist()
    street = rng.integers(0, len(_STREETS), n_places).tolist()
    number = rng.integers(1, 120, n_places).tolist()
    word = rng.integers(0, len(_CHAT_WORDS), n_chats).tolist()
    noun = rng.integers(0, len(_CHAT_NOUNS), n_chats).tolist()
    on = rng.choice(len(_PLATFORMS), size=n_chats, p=_PLATFORM_POPULARITY).tolist()
    small = zip(template, street, number, strict=True)
    chats = zip(word, noun, on, strict=True)
    return [
        *cycled(_SCHOOLS, len(layout.school_p)),
        *cycled(_PUBLIC_PLACES, layout.n_public),
        *(_SMALL_PLACES[t].format(s=_STREETS[s], n=k) for t, s, k in small),
        *_PLATFORMS,
        *(
            f"'{_CHAT_WORDS[w]} {_CHAT_NOUNS[k]}' group chat on {_PLATFORMS[p]}"
            for w, k, p in chats
        ),
    ]
