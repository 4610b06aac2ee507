"""The equality figures in the meeting pack: ``equality.html``, its index line, a briefing section.

``build_pack`` makes one call (:func:`write_equality_page`) and adds one index item
(:func:`equality_index_item`). The page and a printed briefing show the same figures in the same
words because both are rendered from one :class:`EqualityDocument`
(:func:`equality_document`): the page through its template, the briefing through
:func:`briefing_section`, a plain structure of title, paragraphs and tables, so that the
briefing needs to know nothing of the figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cs_peers.analysis.equality.figures import EqualityFigures, OutcomeFigures, equality_figures
from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs._templating import Cell, Table, macro, pack_page
from cs_peers.outputs.equality.tables import (
    MARK,
    SMALL_TOTAL,
    figure_notes,
    outcome_cells,
    rate_text,
)

__all__ = [
    "PAGE_NAME",
    "TITLE",
    "BriefingSection",
    "BriefingTable",
    "EqualityDocument",
    "OutcomeTable",
    "briefing_section",
    "equality_document",
    "equality_index_item",
    "equality_page",
    "write_equality_page",
]


PAGE_NAME = "equality.html"
TITLE = "Equality figures — who the candidate groups pick out"
_SHOWN_MARKS = 3


@dataclass(frozen=True)
class OutcomeTable:
    """One outcome's table as every page shows it; no rows, and ``empty`` said, when held back."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = ""


@dataclass(frozen=True)
class AttributeTables:
    """One attribute: its name, how it was read, and a table per outcome."""

    name: str
    note: str
    tables: tuple[OutcomeTable, ...]


@dataclass(frozen=True)
class EqualityDocument:
    """The figures in words and cells: what ``equality.html`` and the briefing both print."""

    title: str
    notes: tuple[str, ...]
    counts: str
    marked: tuple[str, ...]
    attributes: tuple[AttributeTables, ...]


def _marked_summary(figures: EqualityFigures) -> list[str]:
    lines = []
    for attribute, outcome, row in figures.marked():
        rate, interval = rate_text(row)
        lines.append(
            f"{attribute.name} “{row.value}” — {outcome.title}: relative rate {rate} "
            f"(95% interval {interval})"
        )
    return lines


def _outcome_table(outcome: OutcomeFigures) -> OutcomeTable:
    caption = f"{outcome.title} ({outcome.total.text} young people)"
    header, cells = outcome_cells(outcome)
    if outcome.total.number is None:
        return OutcomeTable(caption, tuple(header), (), SMALL_TOTAL)
    return OutcomeTable(caption, tuple(header), tuple(tuple(row) for row in cells))


def equality_document(figures: EqualityFigures) -> EqualityDocument:
    """Return the figures as the words and cells every printed or HTML page shows."""
    return EqualityDocument(
        TITLE,
        tuple(figure_notes(figures)),
        f"{figures.young_people:,} young people in the data, {figures.placed:,} "
        "placed in candidate groups.",
        tuple(_marked_summary(figures)),
        tuple(
            AttributeTables(a.name, a.note, tuple(_outcome_table(o) for o in a.outcomes))
            for a in figures.attributes
        ),
    )


@dataclass(frozen=True)
class BriefingTable:
    """One table of a briefing section: a caption, a header, rows of text, or its empty line."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = ""


@dataclass(frozen=True)
class BriefingSection:
    """A section a printed briefing can lay out without knowing what it is about.

    ``paragraphs`` come first, then the tables, then ``closing``.
    """

    title: str
    paragraphs: tuple[str, ...]
    tables: tuple[BriefingTable, ...]
    closing: tuple[str, ...] = ()


def briefing_section(figures: EqualityFigures) -> BriefingSection:
    """Return the figures as a title, paragraphs and tables for a printed briefing.

    The same words and cells as ``equality.html`` (both come from :func:`equality_document`).
    """
    document = equality_document(figures)
    if not document.attributes:
        return BriefingSection(document.title, document.notes, ())
    opening = [document.notes[0], document.counts]
    if document.marked:
        opening += ["Marked for attention:", *document.marked]
    tables = tuple(
        BriefingTable(f"{a.name} — {t.caption}", t.header, t.rows, t.empty)
        for a in document.attributes
        for t in a.tables
    )
    closing = ("How to read these figures:", *document.notes[1:])
    return BriefingSection(document.title, tuple(opening), tables, closing)


def equality_page(
    figures: EqualityFigures, marking: str, provenance: Mapping[str, str] | None = None
) -> str:
    """Return the whole ``equality.html`` page: notes, marked values, a table per outcome."""
    document = equality_document(figures)
    attributes = [
        {
            "name": attribute.name,
            "note": attribute.note,
            "outcomes": [
                {
                    "caption": t.caption,
                    "empty": t.empty,
                    "table": Table(list(t.header), [[Cell(c) for c in row] for row in t.rows])
                    if t.rows
                    else None,
                }
                for t in attribute.tables
            ],
        }
        for attribute in document.attributes
    ]
    return pack_page(
        "equality.html",
        document.title,
        marking,
        nav=(("Pack index", "index.html"), ("Network overview", "diagrams/overview.html")),
        notes=list(document.notes),
        counts=document.counts,
        marked=list(document.marked),
        attributes=attributes,
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
