"""Level 2 context pages of the meeting pack: who uses each place, in a stated window and ever.

A page is written for every context used, at any date, by a young person in a candidate group
— schools included, whose ``attends`` records are often older than the window. Each page
shows the place's diagram (:func:`cs_peers.outputs.diagrams.context.render_context_diagram`), the
window's counts and records, and the full history, each under its own heading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from cs_peers.analysis.contexts import context_usage
from cs_peers.analysis.run import Analysis
from cs_peers.outputs.diagrams import DiagramOptions
from cs_peers.outputs.diagrams.context import ContextLookups, render_context_diagram
from cs_peers.outputs.html_pages import Table, table_of
from cs_peers.outputs.templating import render
from cs_peers.safe_names import file_stem

__all__ = ["MAX_ROWS", "ContextWindow", "context_window", "write_context_pages"]

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
