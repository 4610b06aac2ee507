"""What a briefing is made of: its options, and sections of headings, paragraphs and tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cs_peers.analysis.provenance import DEFAULT_MARKING

__all__ = ["NOT_SET", "BriefingOptions", "BriefingSection", "BriefingTable"]

NOT_SET = "not set"


@dataclass(frozen=True)
class BriefingOptions:
    """How the briefing is marked and what its cover says.

    ``purpose``, ``owner`` and ``review_date`` are printed on the cover, as "not set" while
    unknown: a map with no purpose, owner or review date is one to question.
    """

    marking: str = DEFAULT_MARKING
    reveal_names: bool = False
    purpose: str | None = None
    owner: str | None = None
    review_date: date | str | None = None
    title: str = "Meeting briefing — candidate peer groups"


@dataclass(frozen=True)
class BriefingTable:
    """A table: a header, rows of cell text, and each column's share of the page width."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class BriefingSection:
    """A section of the briefing that starts on a new page and flows over as many as it needs.

    ``blocks`` are paragraphs (``str``) and tables, in order. Sections passed as
    ``extra_sections`` to :func:`cs_peers.outputs.briefing.write_briefing` (an equality section, for
    one) come after the summary.
    """

    title: str
    blocks: tuple[str | BriefingTable, ...] = field(default_factory=tuple)
