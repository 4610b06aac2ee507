"""The meeting pack's own pages — index, summary, since the last meeting — as whole HTML text.

Each page's body is a template of ``templates/pack/`` (``index.html``, ``summary.html``,
``since.html``); this module gathers what they show. :mod:`cs_peers.outputs.pack` writes them.

What the meeting pack shows of reviews as plain text: a diagram's provenance items.

The pack's pages lay reviews out with the macros of ``templates/pack/reviews.html``; neither
decides anything (that is :mod:`cs_peers.analysis.reviews.apply`). Review notes stay in the
workspace (``cs-peers reviews``): like the records' own notes, free text is not copied into packs.

The young people in no group, in the meeting pack: ``outside-groups.html`` and its index line.

``build_pack`` makes one call (:func:`write_outside_page`) and adds one index item
(:func:`outside_index_item`). The meeting sees every young person outside the groups by label,
alphabetically, with their strongest recorded ties (:mod:`cs_peers.analysis.outside_groups`);
every other audience gets only the count, which says nothing about any one child.

Level 2 context pages of the meeting pack: who uses each place, in a stated window and ever.

A page is written for every context used, at any date, by a young person in a candidate group
— schools included, whose ``attends`` records are often older than the window. Each page
shows the place's diagram (:func:`cs_peers.outputs.diagrams.context.render_context_diagram`), the
window's counts and records, and the full history, each under its own heading.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from cs_peers.analysis.contexts import context_usage
from cs_peers.analysis.meetings import NO_BASELINE, ChangeReport
from cs_peers.analysis.outside_groups import TIES_SHOWN, OutsideGroups, outside_groups
from cs_peers.analysis.person_history import PersonHistory
from cs_peers.analysis.reviews.apply import ReviewState
from cs_peers.analysis.run import Analysis
from cs_peers.outputs._templating import Cell, Table, macro, pack_page, render, table_of
from cs_peers.outputs.audiences import DEFAULT_AUDIENCE
from cs_peers.outputs.diagrams import DiagramOptions
from cs_peers.outputs.diagrams.context import ContextLookups, render_context_diagram
from cs_peers.outputs.diagrams.records import young_people
from cs_peers.outputs.groups_files import CAVEAT
from cs_peers.safe_text import file_stem
from cs_peers.workspace import PackSettings

__all__ = [
    "CAVEAT",
    "MAX_ROWS",
    "NAV",
    "PAGE_NAME",
    "SHOWN_COLUMNS",
    "TITLE",
    "ContextWindow",
    "GroupRow",
    "context_window",
    "diagram_items",
    "index_page",
    "outside_index_item",
    "outside_page",
    "person_page",
    "shown_records",
    "since_page",
    "summary_page",
    "write_context_pages",
    "write_outside_page",
]


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

    ``contexts`` is :func:`cs_peers.outputs._pack_pages.write_context_pages`' table;
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


def diagram_items(reviews: ReviewState | None, group_id: str) -> dict[str, str]:
    """Return what a group's diagram lists about its review (plain text; the page escapes it)."""
    if reviews is None:
        return {}
    state = reviews.of(group_id)
    latest = state.latest
    if latest is None:
        return {"review status": "not reviewed yet"}
    items = {"review status": f"{state.shown_status()} ({latest.decided_on}, {latest.by})"}
    if state.review_date:
        items["review date"] = state.review_date
    if state.actions:
        items["actions"] = "; ".join(
            f"{a.text} — {a.owner}, due {a.due}" for a, _r in state.actions
        )
    if state.removed:
        items["removed by review"] = "; ".join(state.removed)
    return items


PAGE_NAME = "outside-groups.html"
TITLE = "Young people in no group"
MEANING = (
    "Being outside the candidate groups says only that the records did not tie a young person "
    "to at least two fellow members of one group, or that a meeting set their candidate aside. "
    "It is not a finding that they are safer, less connected or of less concern."
)
HOW = (
    "Listed alphabetically by label: no scores, no ranking. Beside each, their strongest "
    f"recorded ties: the people or contexts (up to {TIES_SHOWN}, people first) with the most "
    "association records with them in this selection, with the type and number of those "
    "records."
)
WITHHELD = (
    "This audience gets the count only: the meeting's pack lists these young people with their "
    "ties."
)


def _headline(count: int) -> str:
    """Return the page's first line.

    Examples
    --------
    >>> _headline(1)
    "1 young person in this pack's data is in none of its candidate groups."
    """
    verb = "is" if count == 1 else "are"
    return f"{young_people(count)} in this pack's data {verb} in none of its candidate groups."


def _table(outside: OutsideGroups) -> Table:
    rows = []
    for person in outside.people:
        ties = "; ".join(t.describe() for t in person.ties) or (
            "no association recorded in this selection"
        )
        if person.more:
            ties += f"; and {person.more} more with as many records"
        rows.append([Cell(person.label), Cell(ties)])
    return Table(["young person", "strongest recorded ties (type ×records)"], rows)


def outside_page(
    outside: OutsideGroups, marking: str, provenance: Mapping[str, str], *, listed: bool
) -> str:
    """Return ``outside-groups.html``: the count and, when ``listed``, every young person."""
    return pack_page(
        "outside.html",
        TITLE,
        marking,
        nav=NAV,
        caveat=CAVEAT,
        headline=_headline(outside.count),
        meaning=MEANING,
        how=HOW,
        withheld=WITHHELD,
        table=_table(outside) if listed else None,
        provenance=list(provenance.items()),
    )


def write_outside_page(
    analysis: Analysis, out: Path, *, marking: str, reveal_names: bool = False
) -> OutsideGroups:
    """Return the young people in no group after writing ``outside-groups.html`` into ``out``.

    Only the meeting (the audience of an analysis no audience redacted) gets the list.
    """
    found = outside_groups(analysis.dataset, analysis.groups, reveal_names=reveal_names)
    audience = analysis.provenance.audience if analysis.provenance is not None else None
    listed = audience is None or audience == DEFAULT_AUDIENCE
    page = outside_page(found, marking, analysis.shown_provenance(), listed=listed)
    (Path(out) / PAGE_NAME).write_text(page, "utf-8")
    return found


def outside_index_item(outside: OutsideGroups) -> str:
    """Return the index's list item: the link and how many young people are in no group."""
    item = macro("pack/outside_item.html", "index_item")
    return str(item(PAGE_NAME, f"{young_people(outside.count)} in none of the candidate groups"))


# Rows of records shown per table; a 1,200-pupil school's history would make a page no one reads.
MAX_ROWS = 500

ContextWindow = tuple[date, date]


def context_window(analysis: Analysis, days: int) -> ContextWindow | None:
    """Return the last ``days`` days of the data, to its latest observed date (None: undated)."""
    observed = analysis.dataset.associations["observed_on"]
    observed = observed[observed != ""]
    if observed.empty:
        return None
    end = date.fromisoformat(str(observed.max()))
    return end - timedelta(days=days - 1), end


def _used_by_groups(analysis: Analysis) -> pd.DataFrame:
    """Return every context a young person in a candidate group is recorded at (any date)."""
    # Wide enough for any record, with room for context_usage's window before it.
    everything = (date(1900, 1, 1), date(2999, 12, 31))
    table = context_usage(
        analysis.dataset, analysis.groups, since=everything[0], until=everything[1]
    )
    return table[table["groups"] > 0].reset_index(drop=True)


def write_context_pages(
    analysis: Analysis,
    out: Path,
    *,
    options: DiagramOptions,
    colors: dict[str, str],
    days: int,
    shown: Callable[[pd.DataFrame, dict[str, str]], pd.DataFrame],
) -> pd.DataFrame:
    """Return one row per context page written into ``out / "contexts"``.

    Columns: ``context_id, name, kind, young_people`` (all dates), ``group_ids`` (all dates),
    ``in_window`` (young people in the window), ``trend``, ``window``. ``shown`` turns
    associations into the columns pages show (labels, provenance, never notes).
    """
    window = context_window(analysis, days)
    pages = _used_by_groups(analysis)
    (out / "contexts").mkdir(exist_ok=True)
    if window is None or pages.empty:
        return pages.assign(in_window=0, window="")
    start, end = window
    recent = context_usage(analysis.dataset, analysis.groups, since=start, until=end)
    recent = recent.set_index("context_id")
    dataset = analysis.dataset
    lookups = ContextLookups.of(dataset, analysis.groups, reveal_names=options.reveal_names)
    in_window, trends = [], []
    stated = (
        f"the last {days} days of the data: {start} to {end} "
        "(the window ends on the latest observed record; change it with --context-window)"
    )
    for row in pages.itertuples(index=False):
        cid = str(row.context_id)
        now = recent.loc[cid].to_dict() if cid in recent.index else None
        count = int(now["young_people"]) if now is not None else 0
        trend = (
            f"{now['trend']} (previous {days} days: {now['previous_young_people']})"
            if now is not None
            else "no record in the window"
        )
        in_window.append(count)
        trends.append(trend)
        records = shown(lookups.rows(cid), lookups.labels)
        records = records.sort_values(["observed_on", "type", "source"]).reset_index(drop=True)
        windowed = records[
            (records["observed_on"] >= start.isoformat())
            & (records["observed_on"] <= end.isoformat())
        ]
        # The full history is the window's records (above) and the earlier ones (below), so no
        # record is printed twice.
        earlier = records[records["observed_on"] < start.isoformat()]
        details = render(
            "pack/context.html",
            window_items=[
                ("window", stated),
                ("young people recorded here in the window", str(count)),
                (
                    "candidate groups here in the window",
                    str(now["group_ids"]) if now is not None and now["group_ids"] else "none",
                ),
                ("trend", trend),
            ],
            windowed=_records(windowed),
            history_items=[
                ("young people recorded here, all dates", str(row.young_people)),
                ("candidate groups, all dates", str(row.group_ids) or "none"),
            ],
            earlier=_records(earlier),
            start=start,
        )
        groups_here = [g for g in str(row.group_ids).split(", ") if g]
        nav = [("Pack index", "../index.html"), ("Network overview", "../diagrams/overview.html")]
        nav += [(f"Group {g}", f"../diagrams/{g}.html") for g in groups_here]
        render_context_diagram(
            dataset,
            analysis.groups,
            cid,
            out / "contexts" / f"{file_stem(cid)}.html",
            options=options,
            colors=colors,
            window=(start.isoformat(), end.isoformat()),
            nav=nav,
            details=details,
            lookups=lookups,
        )
    return pages.assign(in_window=in_window, trend=trends, window=f"{start} to {end}")


@dataclass(frozen=True)
class _Records:
    """The latest records of a table (at most :data:`MAX_ROWS`), and how many there are."""

    table: Table
    total: int


def _records(frame: pd.DataFrame) -> _Records:
    return _Records(table_of(frame.iloc[-MAX_ROWS:]), len(frame))
