"""What the briefing says: the summary, each group's key facts and the changes since last time.

Young people are listed by label, alphabetically; no score of a child is printed anywhere.

What a briefing is made of: its options, sections of paragraphs and tables, and group pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from cs_peers.analysis.group_story import GroupStory
from cs_peers.analysis.meetings import NO_BASELINE, ChangeReport
from cs_peers.analysis.profiles import group_summary_table
from cs_peers.analysis.provenance import DEFAULT_MARKING
from cs_peers.analysis.run import Analysis
from cs_peers.outputs.diagrams.records import frame_rows, plural, young_people

if TYPE_CHECKING:
    from cs_peers.outputs.diagrams.static import PrintDrawing

__all__ = [
    "NOT_SET",
    "Block",
    "BriefingOptions",
    "BriefingSection",
    "BriefingTable",
    "Facts",
    "GroupPage",
    "changes_section",
    "group_page",
    "summary_section",
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


_CONTEXT_WORDS = {"school": "school", "location": "place", "online": "online space"}


def summary_section(analysis: Analysis) -> BriefingSection:
    """Return the summary: one row per candidate group, in group order."""
    table = group_summary_table(analysis.dataset, analysis.groups)
    columns = ("group_id", "size", "first_observed", "last_observed", "shared_contexts")
    rows = tuple(
        (
            str(group_id),
            str(int(size)),
            str(first) or "undated",
            str(last) or "undated",
            str(int(shared)),
            "yes" if bool(holds) else "no — check it",
        )
        for (group_id, size, first, last, shared), holds in zip(
            frame_rows(table, columns), table["holds_together"].tolist(), strict=True
        )
    )
    header = (
        "group",
        "young people",
        "first record",
        "last record",
        "shared contexts",
        "holds together",
    )
    total = int(table["size"].sum()) if len(table) else 0
    return BriefingSection(
        "Summary of candidate groups",
        (
            f"{plural(len(rows), 'candidate group')}, {young_people(total)} in them. Groups are "
            "in the order of their ids; the order means nothing about the young people.",
            BriefingTable(header, rows, (1.0, 1.0, 1.1, 1.1, 1.0, 1.6), "No candidate groups."),
        ),
    )


def group_page(story: GroupStory, size: int) -> GroupPage:
    """Return one group's page: its story (:class:`~cs_peers.analysis.group_story.GroupStory`),
    section by section, as its HTML page and its seeds tell it. Nothing is cut short: a long
    list flows on to the next page."""
    blocks = tuple(Facts(section.title, section.shown) for section in story)
    return GroupPage(story.group_id, young_people(size), blocks)


def changes_section(report: ChangeReport | None, labels: dict[str, str]) -> BriefingSection:
    """Return what changed since the last meeting: :class:`ChangeReport`'s own words."""
    title = "Changes since the last meeting"
    if report is None:
        return BriefingSection(title, (NO_BASELINE,))
    blocks: list[str | BriefingTable] = [report.baseline.describe()]
    changed = report.changed
    if not changed:
        blocks.append("Nothing changed for any group.")
    for change in changed:
        blocks.append(
            BriefingTable((change.heading(),), tuple((line,) for line in change.lines(labels)))
        )
    if report.closed_actions:
        blocks.append(
            BriefingTable(
                ("Actions closed since the last meeting",),
                tuple((s.closing_line(),) for s in report.closed_actions),
            )
        )
    return BriefingSection(title, tuple(blocks))
