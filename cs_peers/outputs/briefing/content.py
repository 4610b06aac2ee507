"""What the briefing says: the summary, each group's key facts and the changes since last time.

Young people are listed by label, alphabetically; no score of a child is printed anywhere.
"""

from __future__ import annotations

from cs_peers.analysis.group_story import GroupStory
from cs_peers.analysis.meetings import NO_BASELINE, ChangeReport
from cs_peers.analysis.profiles import group_summary_table
from cs_peers.analysis.run import Analysis
from cs_peers.outputs.briefing.model import BriefingSection, BriefingTable, Facts, GroupPage
from cs_peers.outputs.diagrams.records import frame_rows
from cs_peers.outputs.diagrams.wording import plural, young_people

__all__ = ["changes_section", "group_page", "summary_section"]

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
