"""The words diagrams print: caveats and counted nouns."""

from __future__ import annotations

__all__ = ["CAVEAT", "OVERVIEW_CAVEAT", "plural", "young_people"]

CAVEAT = (
    "A candidate peer group for practitioners to check, not a finding. Positions and lines show "
    "what agencies recorded, when and how surely — not behaviour, importance or risk."
)
OVERVIEW_CAVEAT = (
    "Candidate peer groups for practitioners to check, not findings. Positions, sizes and lines "
    "show what agencies recorded, when and how surely — not behaviour, importance or risk."
)


def plural(n: int, word: str, many: str | None = None) -> str:
    """Return ``n`` and ``word``, or ``many`` (by default ``word`` + "s") unless ``n`` is 1.

    Examples
    --------
    >>> plural(1, "record"), plural(2, "record"), plural(0, "person", "people")
    ('1 record', '2 records', '0 people')
    """
    return f"{n} {word if n == 1 else (many or word + 's')}"


def young_people(n: int) -> str:
    """Return ``n`` young person or young people."""
    return plural(n, "young person", "young people")
