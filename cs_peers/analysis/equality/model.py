"""The equality figures as typed values: counts as outputs may show them, rows, tables.

Nothing here is about one child: every figure is a count of young people with a value, and a
count that could identify a child is held back, travelling as the words that say so, never as
its number (see the suppression, below).

The arithmetic of the equality figures: a rate ratio with its interval, and suppression.

**What the relative rate is.** Candidate groups are a subset of the young people in the data,
so the share of a value among those placed is not independent of its share in the data.
cs-peers therefore compares two separate sets of young people: those with the value and
everyone else. The relative rate is ``(a / n1) / (c / n2)``: ``a`` of the ``n1`` young people
with the value have the outcome (placed in a group, recorded with a concern), ``c`` of the
``n2`` others have it. 3 means "three times as often as everyone else"; 1 means "as often".

**The interval** is Katz's log interval for a ratio of two independent proportions:
``exp(log RR ± 1.96 × sqrt(1/a − 1/n1 + 1/c − 1/n2))``. When ``a`` or ``c`` is zero the log is
undefined, so 0.5 is added to ``a`` and ``c`` and 1 to ``n1`` and ``n2`` (the Haldane–Anscombe
correction), and the figure says so.

**Suppression** follows the Office for National Statistics' guidance on disclosure control
for tables (protect small cells by combining categories or by suppressing them with the
fewest other cells, and treat zeros as disclosive too, since "none of them" says something
about each of them):

- values held by fewer than 5 young people in the data are combined into one row, "other
  values (each fewer than 5)" (:mod:`cs_peers.analysis.equality.figures` does this);
- a count from 0 to 4 is shown as "fewer than 5", and no share or rate is built on it; so
  is a count whose young people *without* the outcome (``n1 − a``) number 0 to 4 ("withheld"),
  since they could be worked out from it;
- because totals are published, a column holding back exactly one count holds back one more:
  the smallest count whose rate is not marked for attention (when every one is marked, the
  one whose rate is nearest 1). Suppression protects the small without hiding the finding a
  table exists to show.

A rate is only given when both counts it is built on are shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = [
    "COMPLEMENT",
    "FEWER_THAN",
    "HELD_BACK",
    "NO_AGENCY",
    "NO_COMPARISON",
    "OTHER_VALUES",
    "SMALL",
    "WITHHELD",
    "AttributeFigures",
    "Count",
    "EqualityFigures",
    "OutcomeFigures",
    "RateRatio",
    "ValueFigures",
    "complete_suppression",
    "rate_ratio",
    "small",
]


SMALL = 5
"""Counts from 0 to SMALL − 1 are never shown."""
FEWER_THAN = f"fewer than {SMALL}"
WITHHELD = "withheld"
_Z = 1.959963984540054  # the 97.5th percentile of the standard normal


@dataclass(frozen=True)
class RateRatio:
    """A relative rate with its 95% interval; ``corrected`` when 0.5 was added to zero counts."""

    estimate: float
    low: float
    high: float
    corrected: bool = False

    @property
    def excludes_one(self) -> bool:
        """Return whether the whole interval lies above 1 or below 1."""
        return self.low > 1.0 or self.high < 1.0

    @property
    def weight(self) -> float:
        """Return how much showing the rate matters: 0 unless marked, else its distance from 1.

        >>> RateRatio(1.5, 0.9, 2.4).weight, round(RateRatio(2.0, 1.5, 2.7).weight, 3)
        (0.0, 0.693)
        """
        return abs(math.log(self.estimate)) if self.excludes_one and self.estimate > 0 else 0.0


def rate_ratio(a: int, n1: int, c: int, n2: int) -> RateRatio | None:
    """Return the ratio of ``a / n1`` to ``c / n2`` with Katz's 95% log interval.

    ``None`` when either set of young people is empty (there is nothing to compare).

    Examples
    --------
    >>> rr = rate_ratio(150, 250, 150, 750)
    >>> round(rr.estimate, 3), round(rr.low, 2), round(rr.high, 2), rr.excludes_one
    (3.0, 2.52, 3.57, True)
    >>> rate_ratio(0, 10, 5, 40).corrected
    True
    >>> rate_ratio(3, 10, 0, 0) is None
    True
    """
    if n1 <= 0 or n2 <= 0:
        return None
    x1, m1, x2, m2 = float(a), float(n1), float(c), float(n2)
    corrected = a == 0 or c == 0
    if corrected:
        x1, m1, x2, m2 = x1 + 0.5, m1 + 1.0, x2 + 0.5, m2 + 1.0
    estimate = (x1 / m1) / (x2 / m2)
    spread = _Z * math.sqrt(max(0.0, 1 / x1 - 1 / m1 + 1 / x2 - 1 / m2))
    return RateRatio(estimate, estimate * math.exp(-spread), estimate * math.exp(spread), corrected)


def small(count: int) -> bool:
    """Return whether a count must not be shown (0 to 4: "none of them" discloses too).

    >>> [small(n) for n in (0, 1, 4, 5)]
    [True, True, True, False]
    """
    return 0 <= count < SMALL


def complete_suppression(
    counts: Sequence[int], held: Sequence[str], keep: Sequence[float] = ()
) -> list[str]:
    """Return the statuses of a column of counts once no held-back count can be derived.

    ``held`` gives each count's status so far: "" (shown), :data:`FEWER_THAN` or
    :data:`WITHHELD`. The column's total is public, so when exactly one count is held back one
    shown count is withheld as well: the one with the smallest ``keep`` (how much showing it
    matters: 0 for a rate not marked for attention, else how far the rate is from 1), then the
    smallest count, then the first.

    Examples
    --------
    >>> complete_suppression([3, 40, 12, 9], [FEWER_THAN, "", "", ""])
    ['fewer than 5', '', '', 'withheld']
    >>> complete_suppression([3, 40, 12, 9], [FEWER_THAN, "", "", ""], keep=[0, 0, 0, 0.7])
    ['fewer than 5', '', 'withheld', '']
    >>> complete_suppression([3, 4, 40], [FEWER_THAN, FEWER_THAN, ""])
    ['fewer than 5', 'fewer than 5', '']
    """
    status = list(held)
    if sum(1 for s in status if s) != 1:
        return status
    shown = [i for i, s in enumerate(status) if not s]
    if not shown:
        return status
    weight = list(keep) or [0.0] * len(counts)
    status[min(shown, key=lambda i: (weight[i], counts[i], i))] = WITHHELD
    return status


NO_AGENCY = "agency not recorded"
HELD_BACK = "rate withheld: small numbers"
COMPLEMENT = "rate withheld: a count is withheld so that a small one cannot be worked out"
NO_COMPARISON = "rate withheld: no one else to compare with"
OTHER_VALUES = f"other values (each fewer than {SMALL})"


@dataclass(frozen=True)
class Count:
    """A count of young people as outputs may show it: the number, or why it is held back."""

    number: int | None
    held_back: str = ""

    @property
    def text(self) -> str:
        """Return the count as shown: the number, "fewer than 5" or "withheld"."""
        return self.held_back or str(self.number)


@dataclass(frozen=True)
class ValueFigures:
    """One value of an attribute against one outcome.

    ``relative_rate`` is ``None`` when it is held back, with ``withheld`` saying why.
    """

    value: str
    in_data: Count
    with_outcome: Count
    share_of_data: float | None
    share_of_outcome: float | None
    relative_rate: RateRatio | None
    withheld: str = ""

    @property
    def attention(self) -> bool:
        """Return whether the rate's 95% interval excludes 1 (marked for attention)."""
        return self.relative_rate is not None and self.relative_rate.excludes_one


_T = TypeVar("_T")


def _first(items: Iterable[_T], wanted: Callable[[_T], bool], missing: str) -> _T:
    """Return the first of ``items`` that is ``wanted``; a KeyError saying ``missing`` if none is.

    A KeyError, as a mapping's look-up gives: the figures are looked up by code, not by a user.
    """
    for item in items:
        if wanted(item):
            return item
    raise KeyError(missing)


@dataclass(frozen=True)
class OutcomeFigures:
    """One outcome (placed in groups, recorded in a concern…) for every value of an attribute."""

    key: str
    title: str
    total: Count
    rows: tuple[ValueFigures, ...]

    def row(self, value: str) -> ValueFigures:
        """Return the figures of one value (KeyError if the attribute has no such value)."""
        return _first(
            self.rows, lambda row: row.value == value, f"no value {value!r} in {self.title}"
        )


@dataclass(frozen=True)
class AttributeFigures:
    """One attribute of the young people: how it was read, and a table per outcome."""

    name: str
    column: str
    note: str
    outcomes: tuple[OutcomeFigures, ...]

    def outcome(self, key: str) -> OutcomeFigures:
        """Return one outcome's table by key ("placed", "concern", "concern:police"…)."""
        return _first(self.outcomes, lambda o: o.key == key, f"no outcome {key!r} for {self.name}")


@dataclass(frozen=True)
class EqualityFigures:
    """Every attribute's tables, how many young people they cover, and what was looked for."""

    young_people: int
    placed: int
    attributes: tuple[AttributeFigures, ...]
    looked_for: tuple[str, ...]
    age_note: str

    def attribute(self, name: str) -> AttributeFigures:
        """Return one attribute's figures by name or column (any case)."""
        wanted = name.casefold()
        return _first(
            self.attributes,
            lambda a: wanted in (a.name.casefold(), a.column.casefold()),
            f"no attribute {name!r} in these figures",
        )

    def marked(self) -> Iterator[tuple[AttributeFigures, OutcomeFigures, ValueFigures]]:
        """Yield every value whose interval excludes 1, with its attribute and outcome."""
        for attribute in self.attributes:
            for outcome in attribute.outcomes:
                for row in outcome.rows:
                    if row.attention:
                        yield attribute, outcome, row
