"""What questions are asked with and answered in: filters, nodes, records and links."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from cs_peers.errors import QuestionError

if TYPE_CHECKING:  # only for annotations: the CLI reads the filters' defaults without pandas
    from cs_peers.inputs.vocabulary import Vocabulary

__all__ = [
    "CONFIDENCE_AT_LEAST",
    "MAX_PATH_LENGTH",
    "RECORD_COLUMNS",
    "Link",
    "Node",
    "QuestionFilters",
    "Record",
    "links_from_records",
]

# The most associations a question's chain may have (``max_length`` is 1 to this).
MAX_PATH_LENGTH = 10

# The confidences a minimum lets through, strongest first.
CONFIDENCE_AT_LEAST = {
    "low": ("high", "medium", "low"),
    "medium": ("high", "medium"),
    "high": ("high",),
}


@dataclass(frozen=True)
class QuestionFilters:
    """Which associations a question may follow.

    ``types`` empty means every type of the vocabulary; ``min_confidence`` is ``low``,
    ``medium`` or ``high``; ``through_contexts`` lets chains pass through schools, places and
    online spaces (otherwise contexts are shown around a person but never joined through);
    ``max_length`` is the most associations a path may have (1 to :data:`MAX_PATH_LENGTH`).
    """

    types: tuple[str, ...] = ()
    min_confidence: str = "low"
    through_contexts: bool = False
    max_length: int = 6

    def check(self, vocabulary: Vocabulary) -> QuestionFilters:
        """Return the filters if the vocabulary knows their types, else raise naming the bad one.

        Raises
        ------
        QuestionError
            For a type not in the vocabulary, an unknown confidence or a length outside
            1..MAX_PATH_LENGTH.
        """
        for name in self.types:
            if name not in vocabulary:
                raise QuestionError(
                    f"type {name!r} is not in the vocabulary ({vocabulary.source}); "
                    f"expected one of {', '.join(vocabulary.types)}",
                    parameter="type",
                )
        if self.min_confidence not in CONFIDENCE_AT_LEAST:
            raise QuestionError(
                f"min_confidence {self.min_confidence!r}: expected low, medium or high",
                parameter="min_confidence",
            )
        if not 1 <= self.max_length <= MAX_PATH_LENGTH:
            raise QuestionError(
                f"max_length {self.max_length} is not between 1 and {MAX_PATH_LENGTH}",
                parameter="max_length",
            )
        return self

    def confidences(self) -> list[str]:
        """Return the confidence levels these filters let through."""
        return list(CONFIDENCE_AT_LEAST[self.min_confidence])

    def allowed_types(self, vocabulary: Vocabulary) -> list[str]:
        """Return every association type these filters let through, in vocabulary order."""
        wanted = set(self.types)
        return [n for n in vocabulary.names() if not wanted or n in wanted]

    def path_types(self, vocabulary: Vocabulary) -> list[str]:
        """Return the types a chain between people may follow.

        Only person-to-context types reach contexts, so leaving them out is what keeps chains
        from passing through contexts.
        """
        return [
            n
            for n in self.allowed_types(vocabulary)
            if self.through_contexts or vocabulary[n].between != "person_and_context"
        ]

    def describe(self) -> str:
        """Return the filters in words, for the heading of an answer.

        Examples
        --------
        >>> QuestionFilters(types=("friend",), min_confidence="medium").describe()
        'types friend; confidence medium or higher; not through contexts'
        """
        types = f"types {', '.join(self.types)}" if self.types else "all types"
        confidence = {
            "low": "any confidence",
            "medium": "confidence medium or higher",
            "high": "high confidence only",
        }[self.min_confidence]
        through = "through contexts" if self.through_contexts else "not through contexts"
        return f"{types}; {confidence}; {through}"


@dataclass(frozen=True, order=True)
class Node:
    """A person or a context, as outputs may show it (``label`` is the name only if asked)."""

    id: str
    node_type: str
    kind: str
    label: str


@dataclass(frozen=True, order=True)
class Record:
    """One recorded association and its provenance; ``notes`` are never carried."""

    observed_on: str
    type: str
    reference: str
    source: str
    target: str
    recorded_on: str
    source_agency: str
    confidence: str
    grading: str


# The columns of the association table a Record is read from, in its fields' order.
RECORD_COLUMNS = tuple(f.name for f in fields(Record))


@dataclass(frozen=True)
class Link:
    """Every record between two nodes (``a`` before ``b`` by id), oldest observation first."""

    a: str
    b: str
    records: tuple[Record, ...]


def links_from_records(records: Iterable[Record]) -> tuple[Link, ...]:
    """Return the records merged per unordered pair, pairs by id and records in order.

    Examples
    --------
    >>> r = Record("2025-01-02", "friend", "R1", "B", "A", "", "police", "high", "")
    >>> links_from_records([r])[0].a
    'A'
    """
    pairs: dict[tuple[str, str], list[Record]] = {}
    for record in records:
        key = (min(record.source, record.target), max(record.source, record.target))
        pairs.setdefault(key, []).append(record)
    return tuple(Link(a, b, tuple(sorted(rs))) for (a, b), rs in sorted(pairs.items()))
