"""The people (names, ages, roles) and their family, protective and adult links.

The cohort of young people and the groups planted in it.

Fictional equality attributes of the people: ethnicity, gender and date of birth.

They are drawn from a random stream of their own (seeded from the sample's seed), so adding
them changed nothing else in a sample: every other column and file is as it was. They are drawn
independently of the groups — a generated sample plants no imbalance; tests that need one
plant it themselves. The categories are the five high-level ethnic groups of the 2021 census of
England and Wales; the shares are invented, loosely those of a London borough.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from cs_peers.inputs.sample._rows import (
    CONCERN,
    LAST_DAY,
    SAMPLE_DAYS,
    SAMPLE_END_DATE,
    SOLID,
    TYPE_CODE,
    Bools,
    Ints,
    Rows,
)

__all__ = [
    "BIRTH_DATES",
    "ETHNICITIES",
    "FIRST_NAMES",
    "GENDERS",
    "ROLES",
    "SURNAMES",
    "Attributes",
    "Cohort",
    "People",
    "add_concern_rows",
    "add_family_rows",
    "add_protective_rows",
    "draw_attributes",
    "draw_people",
    "plant_cohort",
]


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


# The last cell of each table is the empty one: "not recorded".
ETHNICITIES = (
    "Asian or Asian British",
    "Black, Black British, Caribbean or African",
    "Mixed or multiple ethnic groups",
    "White",
    "Other ethnic group",
    "",
)
_ETHNICITY_SHARES = (0.18, 0.15, 0.08, 0.50, 0.04, 0.05)
GENDERS = ("female", "male", "non-binary", "")
_GENDER_SHARES = (0.48, 0.48, 0.01, 0.03)
_OLDEST = 70
_FIRST_BIRTH = dt.date(SAMPLE_END_DATE.year - _OLDEST - 1, 1, 1)
BIRTH_DATES = tuple(
    (_FIRST_BIRTH + dt.timedelta(days=d)).isoformat()
    for d in range((SAMPLE_END_DATE - _FIRST_BIRTH).days + 1)
)
"""Every date of birth a sample can hold, in order (codes into it are days since the first)."""
# A separate stream: numpy's SeedSequence keeps (seed, _STREAM) apart from the seed alone.
_STREAM = 0xE9A1


@dataclass(frozen=True)
class Attributes:
    """Codes into :data:`ETHNICITIES`, :data:`GENDERS` and :data:`BIRTH_DATES`, one per person."""

    ethnicity: Ints
    gender: Ints
    birth: Ints


def draw_attributes(seed: int, age: Ints) -> Attributes:
    """Return fictional attributes for people of the given ages (age on the last sample day).

    Each date of birth is consistent with the age: born within the year before the person's
    last birthday on :data:`~cs_peers.inputs.sample._rows.SAMPLE_END_DATE`.
    """
    rng = np.random.default_rng([seed, _STREAM])
    n = len(age)
    ethnicity = rng.choice(len(ETHNICITIES), size=n, p=_ETHNICITY_SHARES).astype(np.int64)
    gender = rng.choice(len(GENDERS), size=n, p=_GENDER_SHARES).astype(np.int64)
    ages = np.clip(age, 0, _OLDEST)
    birthday = np.array(
        [
            (
                dt.date(SAMPLE_END_DATE.year - a, SAMPLE_END_DATE.month, SAMPLE_END_DATE.day)
                - _FIRST_BIRTH
            ).days
            for a in range(_OLDEST + 1)
        ],
        dtype=np.int64,
    )
    # SAMPLE_END_DATE is 31 October, never 29 February, so every year has that day.
    birth = birthday[ages] - rng.integers(0, 365, n)
    return Attributes(ethnicity, gender, birth)
