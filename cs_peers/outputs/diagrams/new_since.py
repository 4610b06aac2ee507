"""What is new on a group's diagram since the last meeting: new members, new associations.

A young person new to the group since the baseline (a joiner of its
:class:`~cs_peers.analysis.meetings.GroupChange`) is drawn with a thick, dark, dashed outline;
a line whose every record was recorded since is labelled "new" (a line with some new records
says how many in its tooltip); the legend says what these mean and since when. Low-confidence
members keep their own faded look and group-coloured dashes, so the two never read alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyvis.network import Network

from cs_peers.analysis.meetings import GroupChange
from cs_peers.outputs.diagrams.legend import line_entry, node_entry
from cs_peers.outputs.diagrams.options import node_color
from cs_peers.outputs.diagrams.records import RECORD_COLUMNS, Pair, frame_rows
from cs_peers.outputs.diagrams.wording import plural

__all__ = ["NEW_BORDER", "NEW_BORDER_DASHES", "NEW_BORDER_WIDTH", "NewSince", "new_since"]

# A new member's outline: dark (not the group's colour, which a low-confidence member keeps),
# thicker than any other outline, and dashed.
NEW_BORDER = "#1d1d1d"
NEW_BORDER_WIDTH = 4.0
NEW_BORDER_DASHES = [6, 4]
NEW_LINE_LABEL = "new"


@dataclass(frozen=True)
class NewSince:
    """Who and which records are new since ``since`` (e.g. "the meeting of 2026-10-15")."""

    since: str
    members: frozenset[str]
    records: frozenset[tuple[str, ...]]

    def mark_member(self, person: str, node: dict[str, Any]) -> dict[str, Any]:
        """Return ``node`` (a member's vis options) outlined as new when ``person`` is new."""
        if person not in self.members:
            return node
        return {
            **node,
            "color": node_color(node["color"]["background"], NEW_BORDER),
            "borderWidth": NEW_BORDER_WIDTH,
            "shapeProperties": {"borderDashes": NEW_BORDER_DASHES},
            "title": f"{node['title']}\nnew to this group since {self.since}",
        }

    def mark_lines(self, net: Network, pairs: list[Pair]) -> tuple[int, int]:
        """Return how many lines are new and how many have new records, after marking them.

        ``net``'s edges must be one per pair of ``pairs``, in the same order
        (:func:`cs_peers.outputs.diagrams.records.add_lines`).
        """
        new_lines = with_new = 0
        for pair, edge in zip(pairs, net.edges, strict=True):
            fresh = sum(1 for r in pair.records if r in self.records)
            if not fresh:
                continue
            if fresh == len(pair.records):
                new_lines += 1
                star = edge.get("label") == "★"
                edge["label"] = f"★ {NEW_LINE_LABEL}" if star else NEW_LINE_LABEL
                font = edge.get("font") or {"color": "#1d1d1d", "strokeWidth": 4}
                edge["font"] = {**font, "size": 20, "align": "middle"}
                edge["title"] += f"\nnew since {self.since}: every record of this line"
            else:
                with_new += 1
                edge["title"] += f"\n{plural(fresh, 'record')} new since {self.since}"
        return new_lines, with_new

    def legend(self, color: str, *, members: bool, lines: bool) -> dict[str, Any] | None:
        """Return the legend section saying what is new and since when (None: nothing is)."""
        entries: list[dict[str, Any]] = []
        if members:
            entries.append(
                node_entry(
                    "young person new to this group: thick dark dashed outline",
                    "dot",
                    color,
                    NEW_BORDER,
                    dashed=True,
                    border_width=3,
                )
            )
        if lines:
            entries.append(
                line_entry(
                    "association first recorded since then: the line is labelled “new”",
                    "#444444",
                    mark=NEW_LINE_LABEL,
                )
            )
        if not entries:
            return None
        return {"title": f"New since {self.since}", "entries": entries}


def new_since(change: GroupChange | None, since: str) -> NewSince:
    """Return what is new for one group since ``since``, from its :class:`GroupChange`."""
    if change is None:
        return NewSince(since, frozenset(), frozenset())
    records = change.new_records
    keys: frozenset[tuple[str, ...]] = frozenset()
    if len(records):
        frame = records.loc[:, list(RECORD_COLUMNS)].astype(str)
        keys = frozenset(tuple(row) for row in frame_rows(frame, RECORD_COLUMNS))
    return NewSince(since, frozenset(j.person_id for j in change.joined), keys)
