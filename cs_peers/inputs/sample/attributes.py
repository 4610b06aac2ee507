"""Fictional equality attributes of the people: ethnicity, gender and date of birth.

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

from cs_peers.inputs.sample.rows import SAMPLE_END_DATE, Ints

__all__ = [
    "BIRTH_DATES",
    "ETHNICITIES",
    "GENDERS",
    "Attributes",
    "draw_attributes",
]

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
    last birthday on :data:`~cs_peers.inputs.sample.rows.SAMPLE_END_DATE`.
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
