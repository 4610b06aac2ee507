"""The young people in no group, in the meeting pack: ``outside-groups.html`` and its index line.

``build_pack`` makes one call (:func:`write_outside_page`) and adds one index item
(:func:`outside_index_item`). The meeting sees every young person outside the groups by label,
alphabetically, with their strongest recorded ties (:mod:`cs_peers.analysis.outside_groups`);
every other audience gets only the count, which says nothing about any one child.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from cs_peers.analysis.outside_groups import TIES_SHOWN, OutsideGroups, outside_groups
from cs_peers.analysis.run import Analysis
from cs_peers.outputs.audience_default import DEFAULT_AUDIENCE
from cs_peers.outputs.diagrams.wording import young_people
from cs_peers.outputs.html_pages import Cell, Table, pack_page
from cs_peers.outputs.pack_pages import CAVEAT, NAV
from cs_peers.outputs.templating import macro

__all__ = ["PAGE_NAME", "TITLE", "outside_index_item", "outside_page", "write_outside_page"]

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
    listed = analysis.provenance.get("audience", DEFAULT_AUDIENCE) == DEFAULT_AUDIENCE
    page = outside_page(found, marking, analysis.provenance, listed=listed)
    (Path(out) / PAGE_NAME).write_text(page, "utf-8")
    return found


def outside_index_item(outside: OutsideGroups) -> str:
    """Return the index's list item: the link and how many young people are in no group."""
    item = macro("pack/outside_item.html", "index_item")
    return str(item(PAGE_NAME, f"{young_people(outside.count)} in none of the candidate groups"))
