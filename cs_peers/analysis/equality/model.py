"""The equality figures as typed values: counts as outputs may show them, rows, tables.

Nothing here is about one child: every figure is a count of young people with a value, and a
count that could identify a child is held back, travelling as the words that say so, never as
its number (see :mod:`cs_peers.analysis.equality.rates`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from cs_peers.analysis.equality.rates import SMALL, RateRatio

__all__ = [
    "COMPLEMENT",
    "HELD_BACK",
    "NO_AGENCY",
    "NO_COMPARISON",
    "OTHER_VALUES",
    "AttributeFigures",
    "Count",
    "EqualityFigures",
    "OutcomeFigures",
    "ValueFigures",
]

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
