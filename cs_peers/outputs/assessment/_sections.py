"""The assessment seed as a list of blocks, section by section in document order."""

from __future__ import annotations

import pandas as pd

from cs_peers.analysis.profiles import GroupProfile
from cs_peers.outputs.assessment._document import (
    EMPTY_CELL,
    PLACEHOLDER,
    TODO,
    Block,
    Bullets,
    Heading,
    Inline,
    Marking,
    Para,
    Prompt,
    Span,
    Table,
    bold,
    how_sure,
    italic,
    natural_key,
    own,
    para,
    plural,
    records,
    threshold,
    words,
)
from cs_peers.outputs.assessment._facts import Facts, SeedOptions, runs_of, story_blocks
from cs_peers.outputs.assessment._triangle import environment, group_functioning, guardianship

__all__ = ["document_blocks"]


def _header(facts: Facts, options: SeedOptions) -> list[Block]:
    agencies = sorted({a for a in facts.associations["source_agency"] if isinstance(a, str) and a})
    agency_hint: list[Inline] = [TODO]
    if agencies:
        agency_hint += [
            own(" (the records below came from: "),
            ", ".join(words(a) for a in agencies),
            own(")"),
        ]
    fields: list[list[Inline]] = [
        [bold("Purpose of this assessment:"), " ", options.purpose or TODO],
        [bold("Lead practitioner (owner):"), " ", options.owner or TODO],
        [bold("Agencies involved:"), " ", *agency_hint],
        [bold("Date of assessment:"), " ", TODO],
        [bold("Review date:"), " ", options.review_date or TODO],
    ]
    return [
        Heading("Peer group assessment — candidate group ", 0, data=str(facts.profile.group_id)),
        Bullets(tuple(tuple(f) for f in fields)),
        Para(
            (
                bold("This is a candidate group, not a finding. "),
                own(
                    "It was identified from associations recorded by agencies. Before acting on "
                    "it, check it with the people who know these young people: the young people "
                    "themselves, their families, school staff and youth workers. Membership "
                    "reflects what was recorded, not what anyone did. It is not a label, a score "
                    "or a list of suspects. Young people are listed alphabetically; the order "
                    "means nothing."
                ),
            ),
            callout=True,
        ),
        para(
            own(
                "The facts below were filled in from the records, each with where it came from. "
                f"Replace every {PLACEHOLDER} and answer the questions with what the young "
                "people, their families and the professionals around them tell you. Free-text "
                "notes in the records are deliberately not copied into this document."
            )
        ),
    ]


def _history(options: SeedOptions) -> list[Block]:
    lines = [line for line in options.history if line.strip()]
    if not lines:
        return []
    return [
        Heading("Since last review", 1),
        Bullets(tuple((line,) for line in lines)),
        Prompt("What has changed for these young people since the last review?"),
    ]


def _member_table(rows: pd.DataFrame, runs: int | None) -> Table:
    body = tuple(
        (
            str(row["label"]),
            how_sure(float(row["confidence"]), runs),
            f"group {row['bridge_to']}"
            if isinstance(row["bridge_to"], str) and row["bridge_to"]
            else EMPTY_CELL,
        )
        for row in records(rows)
    )
    header = ("Young person", "How clearly the records place them here", "Also closely linked with")
    return Table(header, body)


def _members(facts: Facts) -> list[Block]:
    members = facts.profile.members
    # Alphabetical by label; the id only breaks ties between equal labels, for a stable order.
    order = sorted(
        range(len(members)),
        key=lambda k: (
            natural_key(str(members["label"].iloc[k])),
            str(members["person_id"].iloc[k]),
        ),
    )
    members = members.iloc[order]
    unsure_mask = members["low_confidence"].astype(bool)
    clear, unsure = members[~unsure_mask], members[unsure_mask]
    runs = facts.runs
    blocks: list[Block] = [
        Heading("Young people in this candidate group", 1),
        para(
            own(
                f"{plural(len(members), 'young person', 'young people')}. The grouping was run "
                f"{f'{runs} times' if runs else 'several times'} from different random starting "
                "points; how often a young person landed in this group says how clearly the "
                "records place them here. It says nothing about the young person."
            )
        ),
        Heading(f"Placed clearly with this group ({len(clear)})", 2),
        _member_table(clear, runs) if len(clear) else para(italic("None.")),
        Heading(f"Less clearly placed — check before including them ({len(unsure)})", 2),
    ]
    if len(unsure):
        blocks += [
            para(
                own(
                    "The records place these young people with this group in fewer than "
                    f"{threshold(runs)}. Check with the people who know "
                    "them whether they belong with this group at all."
                )
            ),
            _member_table(unsure, runs),
        ]
    else:
        blocks.append(para(italic("None: the records place every member clearly.")))
    if members["bridge_to"].map(lambda g: isinstance(g, str) and bool(g)).any():
        blocks.append(
            para(
                italic(
                    "'Also closely linked with' means that many of the recorded associations of "
                    "this young person are with members of that other group. It reflects where "
                    "associations were recorded, not a role the young person plays."
                )
            )
        )
    return blocks


def _safety_goals() -> list[Block]:
    return [
        Heading("Safety goals", 1),
        para(italic("Two or three goals about the contexts, and how we will know they are met.")),
        Table(
            ("Goal", "How we will measure change", "Who", "By when"),
            tuple((Span(f"{n}. {PLACEHOLDER}"), TODO, TODO, TODO) for n in (1, 2, 3)),
        ),
    ]


def _provenance(facts: Facts, options: SeedOptions) -> list[Block]:
    a = facts.associations
    members = facts.profile.members
    counts = [
        ("members", len(members)),
        ("members less clearly placed", int(members["low_confidence"].astype(bool).sum())),
        ("associations touching members", len(a)),
        ("associations between members", len(facts.scope("within"))),
        ("associations with young people outside the group", len(facts.scope("outside"))),
        ("associations with adults", len(facts.scope("adult"))),
        ("associations with places and spaces", len(facts.scope("context"))),
        ("protective records", len(facts.profile.protective)),
        ("concern records", len(facts.profile.concerns)),
        ("family links", int((a["category"] == "family").sum())),
        ("contexts shared by two or more members", len(facts.profile.shared_contexts)),
    ]
    given: list[Block] = (
        [Table(("Item", "Value"), tuple((k, v) for k, v in options.provenance.shown().items()))]
        if options.provenance is not None
        else [para(italic("No provenance was supplied with this group."))]
    )
    return [
        Heading("Where these facts come from", 1),
        para(
            own(
                "Which data, selection, algorithm, parameters and seed produced this candidate "
                "group."
            )
        ),
        *given,
        Heading("Records the facts are based on", 2),
        Table(("Records", "Count"), tuple((name, str(n)) for name, n in counts)),
    ]


def document_blocks(profile: GroupProfile, options: SeedOptions) -> list[Block]:
    """Return the whole assessment seed as blocks, in document order."""
    facts = Facts(
        profile=profile,
        member_ids=frozenset(str(p) for p in profile.members["person_id"]),
        runs=runs_of(options),
    )
    return [
        Marking(options.marking),
        *_header(facts, options),
        *_history(options),
        *story_blocks(options.story),
        *_members(facts),
        *group_functioning(facts),
        *guardianship(facts),
        *environment(facts),
        *_safety_goals(),
        *_provenance(facts, options),
        Marking(options.marking),
    ]
