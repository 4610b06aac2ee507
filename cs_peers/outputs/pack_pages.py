"""The meeting pack's own pages — index, summary, since the last meeting — as whole HTML text.

Each page's body is a template of ``templates/pack/`` (``index.html``, ``summary.html``,
``since.html``); this module gathers what they show. :mod:`cs_peers.outputs.pack` writes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from cs_peers.analysis.meetings import NO_BASELINE, ChangeReport
from cs_peers.analysis.person_history import PersonHistory
from cs_peers.analysis.reviews.apply import ReviewState
from cs_peers.analysis.run import Analysis
from cs_peers.outputs.html_pages import Table, pack_page, table_of
from cs_peers.safe_names import file_stem
from cs_peers.workspace import PackSettings

__all__ = [
    "CAVEAT",
    "NAV",
    "SHOWN_COLUMNS",
    "GroupRow",
    "index_page",
    "person_page",
    "shown_records",
    "since_page",
    "summary_page",
]

CAVEAT = (
    "These are candidate peer groups identified from recorded associations. Verify them with "
    "the people who know these young people before acting. Membership reflects what agencies "
    "recorded, not behaviour; it is not a label, a score or a list of suspects."
)

# Every page of the pack leads back to the index (pages at the top of the pack).
NAV = (("Pack index", "index.html"), ("Network overview", "diagrams/overview.html"))

# What pages show of an association: its provenance, never its free-text notes.
SHOWN_COLUMNS = [
    "observed_on",
    "recorded_on",
    "source",
    "type",
    "target",
    "source_agency",
    "confidence",
    "reference",
]


def shown_records(associations: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Return associations as pages show them: labels for ids, provenance, no notes."""
    named = associations.assign(
        source=associations["source"].map(labels), target=associations["target"].map(labels)
    )
    return named[SHOWN_COLUMNS]


def summary_page(summary: pd.DataFrame, marking: str, provenance: Mapping[str, str]) -> str:
    """Return ``summary.html``: the caveat, a row per group linked to its diagram, provenance."""
    links = {"group_id": {g: f"diagrams/{g}.html" for g in summary["group_id"]}}
    return pack_page(
        "summary.html",
        "Candidate peer groups — summary",
        marking,
        nav=NAV,
        caveat=CAVEAT,
        table=table_of(summary, links=links),
        provenance=list(provenance.items()),
    )


@dataclass(frozen=True)
class _Change:
    heading: str
    lines: list[str]
    table: Table | None


def _changes(report: ChangeReport, labels: dict[str, str]) -> list[_Change]:
    """Return what the page shows of each group with something to tell, in the report's words."""
    return [
        _Change(
            change.heading(),
            change.lines(labels),
            table_of(shown_records(change.new_records, labels))
            if len(change.new_records)
            else None,
        )
        for change in report.changed
    ]


def since_page(analysis: Analysis, report: ChangeReport | None, marking: str, today: date) -> str:
    """Return ``since-last-meeting.html``: changes since the last meeting, then actions."""
    labels = analysis.dataset.labels()
    return pack_page(
        "since.html",
        "Since the last meeting",
        marking,
        nav=NAV,
        no_baseline=NO_BASELINE,
        report=report,
        changes=_changes(report, labels) if report else [],
        closed=[s.closing_line() for s in report.closed_actions] if report else [],
        reviews=analysis.reviews,
        today=today,
    )


@dataclass(frozen=True)
class GroupRow:
    """A group's row of the index: its diagram, size and documents (``(href, text)``)."""

    group_id: str
    diagram: str
    size: int
    documents: list[tuple[str, str]]

    @classmethod
    def of(cls, group_id: str, files: Sequence[str], size: int) -> GroupRow:
        """Return the row of a group whose diagram is ``files[0]`` and seeds the rest."""
        documents = [(f, Path(f).suffix.lstrip(".") or f) for f in files[1:]]
        return cls(group_id, files[0], size, documents)


def index_page(
    *,
    marking: str,
    settings: PackSettings,
    groups: list[GroupRow],
    contexts: pd.DataFrame,
    reviews: ReviewState | None,
    equality_item: str,
    pdf: bool,
    provenance: Mapping[str, str],
    outside_item: str = "",
    set_aside: int | None = None,
    person: str | None = None,
) -> str:
    """Return ``index.html``: links to every page, the groups, their contexts, provenance.

    ``contexts`` is :func:`cs_peers.outputs.context_pages.write_context_pages`' table;
    ``equality_item`` and ``outside_item`` are list items of their own pages.
    ``set_aside`` the number of input rows left out as bad, when that was asked for;
    ``person`` the label of a case-file pack's young person (``person.html``).
    """
    context_pages = [
        (f"contexts/{file_stem(str(r.context_id))}.html", r)
        for r in contexts.itertuples(index=False)
    ]
    return pack_page(
        "index.html",
        "Meeting pack — candidate peer groups",
        marking,
        nav=NAV,
        caveat=CAVEAT,
        settings=settings,
        groups=groups,
        contexts=context_pages,
        reviews=reviews,
        equality_item=Markup(equality_item),
        outside_item=Markup(outside_item),
        pdf=pdf,
        provenance=list(provenance.items()),
        set_aside=set_aside,
        person=person,
    )


def person_page(history: PersonHistory, marking: str) -> str:
    """Return ``person.html`` of a case-file pack: one young person's groups over time."""
    return pack_page(
        "person.html",
        f"{history.label} over time",
        marking,
        nav=NAV,
        caveat=CAVEAT,
        history=history,
    )
