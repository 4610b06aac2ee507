"""What the briefing says: the summary, each group's key facts and the changes since last time.

Young people are listed by label, alphabetically; no score of a child is printed anywhere.
"""

from __future__ import annotations

from cs_peers.analysis.meetings import NO_BASELINE, ChangeReport
from cs_peers.analysis.profiles import GroupProfile, group_summary_table
from cs_peers.analysis.run import Analysis
from cs_peers.outputs.assessment.text import natural_key
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


def group_page(profile: GroupProfile, holds_together: bool, labels: dict[str, str]) -> GroupPage:
    """Return one group's page: its key facts, members alphabetically by label, all of them.

    Nothing is cut short: a long list flows on to the next page.
    """
    m = profile.members
    rows = sorted(
        zip(
            m["label"].astype(str),
            m["person_id"].astype(str),
            m["low_confidence"].astype(bool),
            m["bridge_to"].astype(str),
            strict=True,
        ),
        key=lambda r: (natural_key(r[0]), r[1]),
    )
    unsure = [label for label, _, low, _ in rows if low]
    caveats = []
    if unsure:
        caveats.append("Less clearly placed — check before including them: " + ", ".join(unsure))
    if not holds_together:
        caveats.append("This group does not hold together well across detection runs.")
    caveats += [
        f"{label}: many recorded ties also lead to {bridge} — this reflects recording, not a role"
        for label, _, _, bridge in rows
        if bridge
    ]
    strengths = []
    for r in profile.protective.to_dict("records"):
        source, target = str(r["source"]), str(r["target"])
        who = f"{labels.get(source, source)} → {labels.get(target, target)}"
        agency = str(r["source_agency"]).replace("_", " ") or "agency not recorded"
        strengths.append(
            f"★ {who}: {str(r['type']).replace('_', ' ')} "
            f"({agency}, {r['observed_on'] or 'undated'})"
        )
    contexts = [
        f"{r['name'] or r['context_id']} ({_CONTEXT_WORDS.get(str(r['kind']), 'context')}, "
        f"{plural(int(r['members']), 'member')})"
        for r in profile.shared_contexts.to_dict("records")
    ]
    no_strength = (
        "No protective peer or trusted adult is recorded: ask who the protective people are."
    )
    blocks = (
        Facts(
            "Young people (alphabetical; the order means nothing)",
            (", ".join(label for label, *_ in rows),),
        ),
        Facts("How sure the grouping is", tuple(caveats) or ("Every member is placed clearly.",)),
        Facts("Strengths recorded", tuple(strengths) or (no_strength,)),
        Facts("Places and spaces two or more members share", tuple(contexts) or ("none recorded",)),
    )
    return GroupPage(str(profile.group_id), young_people(profile.size), blocks)


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
