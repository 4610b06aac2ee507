"""The sections of the assessment triangle: group functioning, guardianship, and
environmental and family factors.
"""

from __future__ import annotations

import pandas as pd

from cs_peers.outputs.assessment._document import (
    EMPTY_CELL,
    Block,
    Bullets,
    Heading,
    Line,
    Table,
    between,
    bold_data,
    cell_text,
    italic,
    natural_key,
    own,
    para,
    plural,
    practitioner_prompts,
    records,
    tally,
    words,
)
from cs_peers.outputs.assessment._facts import Facts, association_table

__all__ = ["environment", "group_functioning", "guardianship"]


def _pairs(rows: pd.DataFrame) -> int:
    return len({tuple(sorted(p)) for p in zip(rows["source"], rows["target"], strict=True)})


def group_functioning(facts: Facts) -> list[Block]:
    """Return section 1: how members relate, from the associations between them."""
    within = facts.scope("within")
    outside = facts.scope("outside")
    outside = outside[outside["category"] != "family"]  # family links are in section 3
    first, last = facts.profile.date_span
    size = len(facts.profile.members)
    # Dates come from the data, so they travel as data parts and are escaped like any value.
    span: Line = (own(", observed from "), first, own(" to "), last) if first else ()
    blocks: list[Block] = [
        Heading("1. Group functioning", 1),
        para(
            italic("How members relate, who leads and follows, identity, how others see the group.")
        ),
        Heading("What the records show", 2),
        Bullets(
            (
                (
                    own(f"{plural(len(within), 'association')} recorded between members"),
                    *span,
                    own("."),
                ),
                (own("By type: "), tally(within["type"]), own(".")),
                (
                    own(
                        f"{_pairs(within)} of the {size * (size - 1) // 2} possible pairs of "
                        "members have at least one recorded association."
                    ),
                ),
                (own("Recorded by: "), tally(within["source_agency"]), own(".")),
                (
                    own(
                        f"{plural(len(outside), 'association')} with young people outside "
                        "this group."
                    ),
                ),
            )
        ),
    ]
    if len(within):
        blocks += [Heading("Associations between members", 3), association_table(within)]
    if len(outside):
        blocks += [
            Heading("Associations with young people outside this group", 3),
            association_table(outside),
        ]
    blocks += practitioner_prompts(
        "How do members relate to one another? Which relationships matter most to them?",
        "Who leads, who follows, and does that change from place to place?",
        "What identity does the group have? What does belonging give each young person?",
        "How is the group seen by others — school, neighbours, police, other young people?",
        "What do the young people themselves say about the group and about each other?",
    )
    return blocks


def guardianship(facts: Facts) -> list[Block]:
    """Return section 2: trusted adults, protective peers and other adults."""
    protective = facts.profile.protective
    trusted = protective[protective["type"] == "trusted_adult"]
    peers = protective[protective["type"] != "trusted_adult"]
    adults = facts.scope("adult")
    others = adults[adults["category"] != "protective"]
    blocks: list[Block] = [
        Heading("2. Guardianship", 1),
        para(italic("Adults with caring intent around the group, and protective peers.")),
        Heading("Strengths recorded", 2),
    ]
    if len(protective):
        lines: list[Line] = []
        cared_for: dict[str, set[str]] = {}
        for row in records(trusted):
            adult, child = facts.adult_and_child(row)
            cared_for.setdefault(adult, set()).add(child)
        for adult, children in sorted(cared_for.items(), key=lambda kv: natural_key(kv[0])):
            names = ", ".join(sorted(children, key=natural_key))
            lines.append((bold_data(adult), own(" — trusted adult for "), names))
        for row in records(peers):
            lines.append((bold_data(between(row)), own(f" — {words(row['type'])}")))
        blocks += [
            para(
                own(
                    f"{plural(len(trusted), 'trusted-adult record')} and "
                    f"{plural(len(peers), 'protective-peer record')}:"
                )
            ),
            Bullets(tuple(lines)),
            association_table(protective, what="Strength"),
        ]
    else:
        blocks.append(
            para(
                own(
                    "No trusted adults or protective peers are recorded for these young people. "
                    "That does not mean there are none: ask the young people, their families, "
                    "school staff and youth workers who matters to them."
                )
            )
        )
    blocks.append(Heading("Other adults linked to members", 2))
    if len(others):
        links: dict[str, set[str]] = {}
        for row in records(others):
            adult, child = facts.adult_and_child(row)
            links.setdefault(adult, set()).add(f"{words(row['type'])} ({child})")
        blocks += [
            Bullets(
                tuple(
                    (bold_data(adult), " — " + "; ".join(sorted(kinds)))
                    for adult, kinds in sorted(links.items(), key=lambda kv: natural_key(kv[0]))
                )
            ),
            para(italic("What was recorded about them is listed, with its source, in section 3.")),
        ]
    else:
        blocks.append(para(italic("None recorded.")))
    blocks += practitioner_prompts(
        "Which adults have caring intent towards these young people, and can reach them "
        "where and when they spend time together?",
        "Where is guardianship missing — places, times or online spaces with no trusted adult?",
        "Who do the young people themselves say they trust?",
        "How could trusted adults and protective peers be supported to do more?",
    )
    return blocks


def environment(facts: Facts) -> list[Block]:
    """Return section 3: shared places, family links and recorded concerns."""
    shared = facts.profile.shared_contexts
    contexts = facts.scope("context")
    context_types: dict[str, set[str]] = {}
    single: dict[str, tuple[str, set[str]]] = {}
    shared_ids = set(shared["context_id"])
    for row in records(contexts):
        member, ctx, name = facts.member_and_other(row)
        context_types.setdefault(ctx, set()).add(words(row["type"]))
        if ctx not in shared_ids:
            single.setdefault(ctx, (name, set()))[1].add(member)
    family = facts.associations[facts.associations["category"] == "family"]
    concerns = facts.profile.concerns
    blocks: list[Block] = [
        Heading("3. Environmental and family factors", 1),
        para(italic("Places the group uses, neighbourhood, family, policy, structural factors.")),
        Heading("Places and spaces members share", 2),
    ]
    if len(shared):
        blocks += [
            para(
                own(
                    "Contexts used by two or more members, with how many young people are "
                    "recorded there in all. A place few other young people use says more about "
                    "this group than a school hundreds attend."
                )
            ),
            Table(
                (
                    "Context",
                    "Kind",
                    "Recorded as",
                    "Members there",
                    "Young people there in all",
                    "First observed",
                    "Last observed",
                ),
                tuple(
                    (
                        str(row["name"]),
                        words(cell_text(row["kind"])),
                        ", ".join(sorted(context_types.get(str(row["context_id"]), set()))),
                        f"{int(row['members'])} of {len(facts.profile.members)}",
                        str(int(row["young_people_there"])),
                        cell_text(row["first_observed"]).replace(EMPTY_CELL, "undated"),
                        cell_text(row["last_observed"]).replace(EMPTY_CELL, "undated"),
                    )
                    for row in records(shared)
                ),
            ),
        ]
    else:
        blocks.append(para(italic("No context is recorded for two or more members.")))
    if single:
        blocks += [
            para(own("Contexts recorded for one member only:")),
            Bullets(
                tuple(
                    (name, f" — {', '.join(sorted(who, key=natural_key))}")
                    for name, who in sorted(single.values(), key=lambda v: natural_key(v[0]))
                )
            ),
        ]
    blocks.append(Heading("Family links", 2))
    if len(family):
        blocks.append(association_table(family, what="Link"))
    else:
        blocks.append(para(italic("None recorded.")))
    blocks.append(Heading("Concerns recorded about adults", 2))
    if len(concerns):
        blocks += [
            para(
                own(
                    "As recorded, with their source. A recorded concern is information to "
                    "check, not a finding."
                )
            ),
            association_table(concerns, what="Concern"),
        ]
    else:
        blocks.append(para(italic("None recorded.")))
    blocks += practitioner_prompts(
        "Which places and online spaces does the group use, when, and what happens there?",
        "What is the neighbourhood like for these young people: safe routes, hot spots, services?",
        "Which school, housing, transport or youth-service policies and practices shape "
        "where the group spends time?",
        "What structural factors (poverty, exclusion, discrimination, housing) are at play?",
        "What do families know and need, and how are they affected?",
        "Context weighting — which context must change first, and who can change it?",
    )
    return blocks
