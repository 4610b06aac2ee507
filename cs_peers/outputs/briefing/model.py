"""What a briefing is made of: its options, sections of paragraphs and tables, and group pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from cs_peers.analysis.provenance import DEFAULT_MARKING

if TYPE_CHECKING:  # matplotlib is imported only when a drawing is made
    from cs_peers.outputs.diagrams.static_drawing import PrintDrawing

__all__ = [
    "NOT_SET",
    "Block",
    "BriefingOptions",
    "BriefingSection",
    "BriefingTable",
    "Facts",
    "GroupPage",
]

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
    """A table: a header, rows of cell text, and each column's share of the page width.

    Cells wrap, however long; a table with no rows prints ``empty`` in one line instead.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    empty: str = "None."


@dataclass(frozen=True)
class Facts:
    """A heading and the lines under it, as a group page lists what is known."""

    heading: str
    lines: tuple[str, ...]


Block = str | BriefingTable | Facts
"""A block of a section or group page: a paragraph, a table, or a heading with its lines."""


@dataclass(frozen=True)
class BriefingSection:
    """A section of the briefing that starts on a new page and flows over as many as it needs.

    ``blocks`` are paragraphs (``str``), tables and facts, in order. Sections passed as
    ``extra_sections`` to :func:`cs_peers.outputs.briefing.write_briefing` (an equality section,
    for one) come after the summary.
    """

    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class GroupPage:
    """One candidate group in the briefing: a title, its drawing, then its blocks in order.

    A group starts on a new page and flows over as many as it needs. To add something to every
    group page (a meeting's decisions, its actions), add a block:
    ``replace(page, blocks=(*page.blocks, Facts("Actions", lines)))``.
    """

    group_id: str
    subtitle: str
    blocks: tuple[Block, ...]
    drawing: PrintDrawing | None = None

    @property
    def title(self) -> str:
        """Return the page's title."""
        return f"Candidate peer group {self.group_id}"
