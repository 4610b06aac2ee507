"""The equality figures in the meeting pack: ``equality.html``, its index line, a briefing section.

``build_pack`` makes one call (:func:`write_equality_page`) and adds one index item
(:func:`equality_index_item`). A printed briefing can take :func:`briefing_section`, a plain
structure of title, paragraphs and tables, so that it needs to know nothing of the figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cs_peers.analysis.equality.figures import EqualityFigures, OutcomeFigures, equality_figures
from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.equality.tables import outcome_cells, rate_text
from cs_peers.outputs.equality.wording import MARK, SMALL_TOTAL, figure_notes
from cs_peers.outputs.html_pages import Cell, Table, pack_page
from cs_peers.outputs.templating import macro

__all__ = [
    "PAGE_NAME",
    "TITLE",
    "BriefingSection",
    "BriefingTable",
    "briefing_section",
    "equality_index_item",
    "equality_page",
    "write_equality_page",
]

PAGE_NAME = "equality.html"
TITLE = "Equality figures — who the candidate groups pick out"
_SHOWN_MARKS = 3


@dataclass(frozen=True)
class BriefingTable:
    """One table of a briefing section: a caption, a header and rows of text."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class BriefingSection:
    """A section a printed briefing can lay out without knowing what it is about."""

    title: str
    paragraphs: tuple[str, ...]
    tables: tuple[BriefingTable, ...]


def _tables(figures: EqualityFigures) -> list[BriefingTable]:
    tables = []
    for attribute in figures.attributes:
        for outcome in attribute.outcomes:
            header, cells = outcome_cells(outcome)
            caption = f"{attribute.name} — {outcome.title} ({outcome.total.text} young people)"
            tables.append(BriefingTable(caption, tuple(header), tuple(map(tuple, cells))))
    return tables


def briefing_section(figures: EqualityFigures) -> BriefingSection:
    """Return the figures as a title, paragraphs and tables for a printed briefing."""
    return BriefingSection(TITLE, tuple(figure_notes(figures)), tuple(_tables(figures)))


def _marked_summary(figures: EqualityFigures) -> list[str]:
    lines = []
    for attribute, outcome, row in figures.marked():
        rate, interval = rate_text(row)
        lines.append(
            f"{attribute.name} “{row.value}” — {outcome.title}: relative rate {rate} "
            f"(95% interval {interval})"
        )
    return lines


def _outcome_table(outcome: OutcomeFigures) -> Table | None:
    if outcome.total.number is None:
        return None
    header, cells = outcome_cells(outcome)
    return Table(header, [[Cell(text) for text in row] for row in cells])


def equality_page(
    figures: EqualityFigures, marking: str, provenance: Mapping[str, str] | None = None
) -> str:
    """Return the whole ``equality.html`` page: notes, marked values, a table per outcome."""
    attributes = [
        {
            "name": attribute.name,
            "note": attribute.note,
            "outcomes": [
                {"title": o.title, "total": o.total.text, "table": _outcome_table(o)}
                for o in attribute.outcomes
            ],
        }
        for attribute in figures.attributes
    ]
    return pack_page(
        "equality.html",
        TITLE,
        marking,
        nav=(("Pack index", "index.html"), ("Network overview", "diagrams/overview.html")),
        notes=figure_notes(figures),
        counts=f"{figures.young_people:,} young people in the data, {figures.placed:,} "
        "placed in candidate groups.",
        marked=_marked_summary(figures),
        attributes=attributes,
        small_total=SMALL_TOTAL,
        provenance=list((provenance or {}).items()),
    )


def write_equality_page(
    dataset: Dataset,
    groups: PeerGroups,
    out: Path,
    *,
    marking: str,
    provenance: Mapping[str, str] | None = None,
    attributes: Sequence[str] | None = None,
) -> EqualityFigures:
    """Return the figures after writing them as ``equality.html`` into the folder ``out``."""
    figures = equality_figures(dataset, groups, attributes=attributes)
    (Path(out) / PAGE_NAME).write_text(equality_page(figures, marking, provenance), "utf-8")
    return figures


def equality_index_item(figures: EqualityFigures) -> str:
    """Return the index's list item: the link, and one line when something is marked."""
    marked = _marked_summary(figures)
    note = ""
    if not figures.attributes:
        note = "the data carries none of the attributes looked for"
    elif marked:
        more = len(marked) - _SHOWN_MARKS
        shown = "; ".join(marked[:_SHOWN_MARKS]) + (f"; and {more} more" if more > 0 else "")
        note = (
            f"{len(marked)} value{'s' if len(marked) != 1 else ''} marked {MARK} — a "
            f"question for the recording and the method, not a finding about children: {shown}"
        )
    item = macro("pack/equality_item.html", "index_item")
    return str(item(PAGE_NAME, note, line_break=bool(figures.attributes)))
