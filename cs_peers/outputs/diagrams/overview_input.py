"""What an overview is drawn from: the groups in order, with their colours and summaries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.analysis.profiles import group_summary_table
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.diagrams.options import DiagramOptions, check_color, group_colors
from cs_peers.outputs.diagrams.records import frame_rows
from cs_peers.outputs.diagrams.wording import plural, young_people

__all__ = ["GroupSummary", "OverviewInput"]


class GroupSummary(NamedTuple):
    """One group's row of :func:`cs_peers.analysis.profiles.group_summary_table`, as drawn."""

    group_id: str
    size: int
    first_observed: str
    last_observed: str
    mean_confidence: float
    holds_together: bool
    shared_contexts: int


@dataclass(frozen=True)
class OverviewInput:
    """The dataset, groups and options of an overview, with each group's colour and summary."""

    dataset: Dataset
    groups: PeerGroups
    group_ids: list[str]
    colors: dict[str, str]
    summaries: dict[str, GroupSummary]
    options: DiagramOptions

    @classmethod
    def of(
        cls,
        dataset: Dataset,
        groups: PeerGroups,
        options: DiagramOptions,
        colors: dict[str, str] | None,
    ) -> OverviewInput:
        """Return the input of an overview; ``colors`` overrides :func:`group_colors`.

        Raises ``ValueError`` if a colour is not ``#rrggbb``.
        """
        group_ids = [str(g) for g in groups.groups["group_id"].tolist()]
        colors = {**group_colors(group_ids), **(colors or {})}
        for g in group_ids:
            check_color(colors[g], f"colour of group {g}")
        summaries = {}
        if group_ids:
            table = group_summary_table(dataset, groups)
            for row in frame_rows(table, GroupSummary._fields):
                summaries[str(row[0])] = GroupSummary(*row)
        return cls(dataset, groups, group_ids, colors, summaries, options)

    def sizes(self) -> dict[str, int]:
        """Return the number of young people in each group (0 for a group without a summary)."""
        return {
            g: int(self.summaries[g].size) if g in self.summaries else 0 for g in self.group_ids
        }

    def title(self, group_id: str) -> str:
        """Return the tooltip of a group: its size, dates, confidence and shared contexts."""
        row = self.summaries.get(group_id)
        if row is None:
            return f"Candidate group {group_id}"
        dates = (
            f"records within observed {row.first_observed} to {row.last_observed}"
            if row.first_observed
            else "undated records"
        )
        holds = (
            "holds together across runs" if row.holds_together else "does not hold together well"
        )
        return (
            f"Candidate group {group_id}: {young_people(int(row.size))}\n"
            f"{dates}\n"
            f"mean membership confidence {float(row.mean_confidence):.2f} ({holds})\n"
            f"{plural(int(row.shared_contexts), 'shared context')}"
        )
