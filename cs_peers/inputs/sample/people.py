"""The people (names, ages, roles) and their family, protective and adult links."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cs_peers.inputs.sample.cohort import Cohort
from cs_peers.inputs.sample.rows import CONCERN, SOLID, TYPE_CODE, Ints, Rows

__all__ = [
    "FIRST_NAMES",
    "ROLES",
    "SURNAMES",
    "People",
    "add_concern_rows",
    "add_family_rows",
    "add_protective_rows",
    "draw_people",
]

# Invented name parts: odd enough to be obviously fictional, varied in their initials.
FIRST_NAMES = (
    "Averil-Jo", "Brimley", "Corvane", "Dovrin", "Emberlou", "Fennick", "Glimmon", "Hollis-Jae",
    "Ixora", "Jasperlin", "Kestrie", "Lunetta", "Mirabow", "Nimsy", "Oskarine", "Pellow",
    "Quorra", "Ravelin", "Saffrine", "Talvik", "Umbry", "Vesper-Rae", "Wimble", "Xandrel",
    "Yarrowin", "Zefrin", "Arbrey", "Bexlow", "Cindrel", "Delphy", "Elkin", "Florimel",
    "Gusto", "Harlequin", "Juniver", "Kiplo", "Lark-Ella", "Mosabel", "Nettrin", "Orvalee",
    "Pipperly", "Quennet", "Rusk", "Sorrelind", "Tibbolt", "Wrennet", "Yoska", "Zimbry",
)  # fmt: skip
_SURNAME_STEMS = (
    "Fern", "Quill", "Marrow", "Thistle", "Bramble", "Nettle", "Pebble", "Sorrel", "Wren", "Moss",
    "Kettle", "Button", "Larch", "Gorse", "Tansy", "Clover", "Bracken", "Tumble", "Dapple", "Hazel",
)  # fmt: skip
_SURNAME_ENDS = (
    "whistle",
    "bottom",
    "wick",
    "thorpe",
    "hollow",
    "bury",
    "stock",
    "dew",
    "combe",
)
SURNAMES = tuple(stem + end for stem in _SURNAME_STEMS for end in _SURNAME_ENDS)
ROLES = (
    "youth_worker", "teacher", "sports_coach", "mentor", "family_support_worker", "school_nurse",
)  # fmt: skip


@dataclass(frozen=True)
class People:
    """The young people (ids 0 … young-1) and adults (ids young …), with names, ages and roles.

    Names, ages and roles are codes into :data:`FIRST_NAMES`, :data:`SURNAMES` and
    :data:`ROLES` (code ``len(ROLES)`` is an empty role); ``concern`` and ``caring`` are the
    adults (numbered from 0) of concern and the caring ones.
    """

    young: int
    adults: int
    concern: Ints
    caring: Ints
    first_name: Ints
    surname: Ints
    label_number: Ints
    age: Ints
    role: Ints

    @property
    def total(self) -> int:
        """Return the number of people, young people and adults."""
        return self.young + self.adults


def draw_people(rng: np.random.Generator, cohort: Cohort) -> People:
    """Return the people: a group's members of an age, one adult in 25, some of them of concern."""
    n = cohort.n
    n_adults = max(3, n // 25)
    n_concern = max(1, min(n_adults // 4, round(0.03 * cohort.n_groups)))
    adults = rng.permutation(n_adults).astype(np.int64)
    concern, caring = adults[:n_concern], adults[n_concern:]
    n_people = n + n_adults
    first_name = rng.integers(0, len(FIRST_NAMES), n_people)
    surname = rng.integers(0, len(SURNAMES), n_people)
    label_number = rng.integers(10, 100, n_people)
    # Members of a group are of an age, give or take a year.
    group_age = rng.integers(12, 18, cohort.n_groups)
    age = rng.integers(10, 18, n)
    grouped = cohort.grouped
    age[grouped] = np.clip(
        group_age[cohort.group_of[grouped]] + rng.integers(-1, 2, n)[grouped], 10, 17
    )
    age = np.concatenate([age, rng.integers(21, 66, n_adults)])
    role = np.full(n_people, len(ROLES), dtype=np.int64)  # code len(ROLES) is the empty cell
    # A tenth of caring adults' roles are unknown too, so an empty role does not mark concern.
    known = caring[rng.random(len(caring)) >= 0.1]
    role[n + known] = rng.integers(0, len(ROLES), len(known))
    return People(n, n_adults, concern, caring, first_name, surname, label_number, age, role)


def _other_person(rng: np.random.Generator, n: int, people: Ints) -> Ints:
    """Return a random young person other than each given one (n >= 2)."""
    return (people + 1 + rng.integers(0, n - 1, len(people))) % n


def add_family_rows(rng: np.random.Generator, cohort: Cohort, surname: Ints, rows: Rows) -> None:
    """Add sibling and family links across the cohort (so often across groups)."""
    n = cohort.n
    if n < 2:
        return
    for kind, count in (("sibling", max(1, n // 60)), ("family", n // 120)):
        a = rng.integers(0, n, count)
        b = _other_person(rng, n, a)
        if kind == "sibling":
            surname[b] = surname[a]
        rows.add(a, b, TYPE_CODE[kind], SOLID)


def add_protective_rows(rng: np.random.Generator, cohort: Cohort, caring: Ints, rows: Rows) -> None:
    """Add protective peers (half inside one's own group) and trusted adults."""
    n = cohort.n
    if n >= 2:
        a = rng.integers(0, n, n // 25)
        b = _other_person(rng, n, a)
        same = cohort.grouped[a] & (rng.random(len(a)) < 0.5)
        b[same] = cohort.other_member(rng, a[same])
        rows.add(a, b, TYPE_CODE["protective_peer"], SOLID)
    # A youth worker or coach around a whole group, and scattered trusted adults for others.
    groups = np.flatnonzero(rng.random(cohort.n_groups) < 0.35)
    adult = caring[rng.integers(0, len(caring), len(groups))]
    draw, who = cohort.pick_members(rng, groups, 0.6)
    rows.add(n + adult[draw], who, TYPE_CODE["trusted_adult"], SOLID, repeat=(rng, 0.7))
    who = np.flatnonzero(rng.random(n) < 0.08)
    adult = caring[rng.integers(0, len(caring), len(who))]
    rows.add(n + adult, who, TYPE_CODE["trusted_adult"], SOLID)


def add_concern_rows(rng: np.random.Generator, cohort: Cohort, concern: Ints, rows: Rows) -> None:
    """Add exploitation concerns: each adult around one group (bigger ones more often)."""
    n = cohort.n
    if cohort.n_groups:
        sizes = cohort.sizes
        groups = rng.choice(cohort.n_groups, size=len(concern), p=sizes / sizes.sum())
        draw, who = cohort.pick_members(rng, groups, 0.7)
        g = groups[draw]
        rows.add(
            n + concern[draw],
            who,
            TYPE_CODE["exploitation_concern"],
            CONCERN,
            cohort.first_day[g],
            cohort.last_day[g],
            repeat=(rng, 0.6),
        )
    stray = rng.integers(0, n, 2 * len(concern))
    adult = concern[rng.integers(0, len(concern), len(stray))]
    rows.add(n + adult, stray, TYPE_CODE["exploitation_concern"], CONCERN)
