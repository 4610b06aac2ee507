"""Seeds for Level 2 peer group assessments: the recorded facts about one candidate group,
pre-filled and ready for a practitioner to edit, as Markdown and Word.

The seed follows the peer group assessment triangle — group functioning, guardianship,
environmental and family factors — with the facts cs-peers holds and open prompts for what only
the people who know the young people can add. Every fact keeps its provenance; strengths come
first; free-text ``notes`` are never copied (they may hold names); no real name is looked up;
and children are never ordered or scored: members are listed alphabetically by label.

Both formats are rendered from one list of blocks, so the Markdown and the Word document always
say the same thing.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from cs_peers.profiles import LOW_CONFIDENCE, GroupProfile

__all__ = [
    "PLACEHOLDER",
    "SeedOptions",
    "assessment_markdown",
    "escape_markdown",
    "write_assessment_seed",
]

PLACEHOLDER = "[to complete]"
_NONE = "—"
# Group ids become file names; anything else could write outside ``out_dir``.
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# Characters that change meaning anywhere in CommonMark/GFM text or in a table cell.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")
# Markers that matter only at the start of a value, where it may open a list item: escaping
# them everywhere would clutter the file practitioners edit.
_MD_LEADING = re.compile(r"^(\s*)([-+=]|\d+(?=[.)](?:\s|$)))([.)]?)")
_BREAKS = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
# Zip entries need a timestamp; without generated_at, the earliest a zip can hold.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class SeedOptions:
    """What an assessment seed says about itself besides the group's facts.

    Attributes
    ----------
    marking
        Protective marking: first and last line of the Markdown, header and footer of every
        page of the Word document.
    provenance
        Display-ready facts about how the group was produced (data source, data fingerprint,
        selection, algorithm, parameters, seed, cs-peers version, generated at …), listed in
        the order given. ``generated_at`` (or ``generated at``), an ISO date or time, also
        dates the Word file, so the same inputs give the same bytes.
    history
        Lines about this group's identity over time (e.g. "split from PG-0003 on
        2026-10-01"), shown under "Since last review"; that section is left out when empty.
    runs
        How many grouping runs a membership confidence is a share of, so it reads "9 of 10
        runs". When None it is taken from ``runs=N`` in ``provenance['parameters']`` (as
        :func:`cs_peers.provenance.run_provenance` writes it), failing that said as a percentage.
    """

    marking: str = "OFFICIAL-SENSITIVE"
    provenance: dict[str, str] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    runs: int | None = None


# --------------------------------------------------------------------------------------------
# The document model both renderers read.


@dataclass(frozen=True)
class _Span:
    """Inline text, optionally emphasised; our own words unless ``data`` says it is data.

    A plain ``str`` inline is data without emphasis. Data is escaped in Markdown; our own words
    are not, which keeps the "[to complete]" placeholders readable in the file people edit.
    """

    text: str
    bold: bool = False
    italic: bool = False
    data: bool = False


_Inline = str | _Span
_Line = tuple[_Inline, ...]


@dataclass(frozen=True)
class _Heading:
    text: str  # our own words
    level: int  # 0 is the title
    data: str = ""  # a value from the data that follows the words, such as a group id


@dataclass(frozen=True)
class _Para:
    parts: _Line
    callout: bool = False


@dataclass(frozen=True)
class _Bullets:
    items: tuple[_Line, ...]


@dataclass(frozen=True)
class _Table:
    header: tuple[str, ...]
    rows: tuple[tuple[_Inline, ...], ...]


@dataclass(frozen=True)
class _Prompt:
    """A question for the practitioner, with room for the answer."""

    question: str


@dataclass(frozen=True)
class _Marking:
    text: str


_Block = _Heading | _Para | _Bullets | _Table | _Prompt | _Marking

_TODO = _Span(PLACEHOLDER)


def _own(text: str) -> _Span:
    return _Span(text)


def _bold(text: str) -> _Span:
    return _Span(text, bold=True)


def _bold_data(text: str) -> _Span:
    return _Span(text, bold=True, data=True)


def _italic(text: str) -> _Span:
    return _Span(text, italic=True)


def _para(*parts: _Inline) -> _Para:
    return _Para(tuple(parts))


# --------------------------------------------------------------------------------------------
# Wording.


def escape_markdown(text: str) -> str:
    """Return ``text`` safe to place inline in Markdown, including in a table cell.

    Backslash-escapes the characters that would start emphasis, code, links, HTML, entities,
    headings or cell breaks, and a leading list marker; folds line breaks and other control
    characters into spaces, so a value cannot end a row.

    Examples
    --------
    >>> print(escape_markdown("*x* | pipe"))
    \\*x\\* \\| pipe
    >>> print(escape_markdown("1. High St"))
    1\\. High St
    >>> escape_markdown("P1")
    'P1'
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", _one_line(text))
    return _MD_LEADING.sub(
        lambda m: f"{m[1]}{m[2]}\\{m[3]}" if m[3] else f"{m[1]}\\{m[2]}", escaped
    )


def _one_line(text: object) -> str:
    # A line break inside a value would end a table row or a list item, and other control
    # characters are not allowed in the XML of a Word document.
    return _BREAKS.sub(" ", str(text))


def _natural(label: str) -> tuple[tuple[int, int, str], ...]:
    # "P2" before "P10": alphabetical as a person reads it — an order that says nothing.
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", label.casefold())
        if part
    )


def _words(name: object) -> str:
    return str(name).replace("_", " ")


def _plural(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _cell(value: object) -> str:
    return value if isinstance(value, str) and value else _NONE


def _when(row: pd.Series) -> str:
    observed = _cell(row["observed_on"]).replace(_NONE, "undated")
    recorded = row.get("recorded_on", "")
    if isinstance(recorded, str) and recorded and recorded != row["observed_on"]:
        return f"{observed} (recorded {recorded})"
    return observed


def _confidence(row: pd.Series) -> str:
    level = _cell(row.get("confidence"))
    grading = row.get("grading", "")
    return f"{level} ({grading})" if isinstance(grading, str) and grading else level


def _how_sure(confidence: float, runs: int | None) -> str:
    if runs:
        times = round(confidence * runs)
        if times == runs:
            return f"placed with this group in all {runs} runs"
        return f"placed with this group in {times} of {runs} runs"
    share = round(confidence * 100)
    if share == 100:
        return "placed with this group in every run"
    return f"placed with this group in {share}% of runs"


def _threshold(runs: int | None) -> str:
    if runs:
        # round() first: 0.6 * 10 is 6.000000000000001, whose ceiling would be 7.
        return f"{math.ceil(round(LOW_CONFIDENCE * runs, 6))} of {runs} runs"
    return f"{round(LOW_CONFIDENCE * 100)}% of runs"


def _tally(values: Iterable[object]) -> str:
    counts = Counter(str(v) for v in values if isinstance(v, str) and v)
    if not counts:
        return "none recorded"
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{_words(name)} ({n})" for name, n in ordered)


def _between(row: pd.Series) -> str:
    return f"{row['source_label']} and {row['target_label']}"


@dataclass(frozen=True)
class _Facts:
    """A profile with what every section needs to read it."""

    profile: GroupProfile
    member_ids: frozenset[str]
    runs: int | None

    @property
    def associations(self) -> pd.DataFrame:
        return self.profile.associations

    def scope(self, scope: str) -> pd.DataFrame:
        a = self.profile.associations
        return a[a["scope"] == scope]

    def adult_and_child(self, row: pd.Series) -> tuple[str, str]:
        """Return the labels of the adult and the member in an association with an adult."""
        if row["source"] in self.member_ids:
            return str(row["target_label"]), str(row["source_label"])
        return str(row["source_label"]), str(row["target_label"])

    def member_and_other(self, row: pd.Series) -> tuple[str, str, str]:
        """Return the member's label, the other end's id and its label."""
        if row["source"] in self.member_ids:
            return str(row["source_label"]), str(row["target"]), str(row["target_label"])
        return str(row["target_label"]), str(row["source"]), str(row["source_label"])


def _runs(options: SeedOptions) -> int | None:
    if options.runs is not None:
        return options.runs
    found = re.search(r"\bruns=(\d+)\b", options.provenance.get("parameters", ""))
    return int(found.group(1)) if found else None


def _association_table(rows: pd.DataFrame, *, what: str = "Association") -> _Table:
    """Return a dated table of associations with their provenance — never their notes."""
    body = tuple(
        (
            _when(row),
            _words(row["type"]),
            _between(row),
            _words(_cell(row.get("source_agency"))),
            _confidence(row),
            _cell(row.get("reference")),
        )
        for _, row in rows.iterrows()
    )
    return _Table(("Observed", what, "Between", "Recorded by", "Confidence", "Reference"), body)


# --------------------------------------------------------------------------------------------
# The sections, in document order.


def _header(facts: _Facts) -> list[_Block]:
    agencies = sorted({a for a in facts.associations["source_agency"] if isinstance(a, str) and a})
    agency_hint: list[_Inline] = [_TODO]
    if agencies:
        agency_hint += [
            _own(" (the records below came from: "),
            ", ".join(_words(a) for a in agencies),
            _own(")"),
        ]
    fields: list[list[_Inline]] = [
        [_bold("Purpose of this assessment:"), " ", _TODO],
        [_bold("Lead practitioner (owner):"), " ", _TODO],
        [_bold("Agencies involved:"), " ", *agency_hint],
        [_bold("Date of assessment:"), " ", _TODO],
        [_bold("Review date:"), " ", _TODO],
    ]
    return [
        _Heading("Peer group assessment — candidate group ", 0, data=str(facts.profile.group_id)),
        _Bullets(tuple(tuple(f) for f in fields)),
        _Para(
            (
                _bold("This is a candidate group, not a finding. "),
                _own(
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
        _para(
            _own(
                "The facts below were filled in from the records, each with where it came from. "
                f"Replace every {PLACEHOLDER} and answer the questions with what the young "
                "people, their families and the professionals around them tell you. Free-text "
                "notes in the records are deliberately not copied into this document."
            )
        ),
    ]


def _history(options: SeedOptions) -> list[_Block]:
    lines = [line for line in options.history if line.strip()]
    if not lines:
        return []
    return [
        _Heading("Since last review", 1),
        _Bullets(tuple((line,) for line in lines)),
        _Prompt("What has changed for these young people since the last review?"),
    ]


def _member_table(rows: pd.DataFrame, runs: int | None) -> _Table:
    body = tuple(
        (
            str(row["label"]),
            _how_sure(float(row["confidence"]), runs),
            f"group {row['bridge_to']}"
            if isinstance(row["bridge_to"], str) and row["bridge_to"]
            else _NONE,
        )
        for _, row in rows.iterrows()
    )
    header = ("Young person", "How clearly the records place them here", "Also closely linked with")
    return _Table(header, body)


def _members(facts: _Facts) -> list[_Block]:
    members = facts.profile.members
    # Alphabetical by label; the id only breaks ties between equal labels, for a stable order.
    order = sorted(
        range(len(members)),
        key=lambda k: (_natural(str(members["label"].iloc[k])), str(members["person_id"].iloc[k])),
    )
    members = members.iloc[order]
    unsure_mask = members["low_confidence"].astype(bool)
    clear, unsure = members[~unsure_mask], members[unsure_mask]
    runs = facts.runs
    blocks: list[_Block] = [
        _Heading("Young people in this candidate group", 1),
        _para(
            _own(
                f"{_plural(len(members), 'young person', 'young people')}. The grouping was run "
                f"{f'{runs} times' if runs else 'several times'} from different random starting "
                "points; how often a young person landed in this group says how clearly the "
                "records place them here. It says nothing about the young person."
            )
        ),
        _Heading(f"Placed clearly with this group ({len(clear)})", 2),
        _member_table(clear, runs) if len(clear) else _para(_italic("None.")),
        _Heading(f"Less clearly placed — check before including them ({len(unsure)})", 2),
    ]
    if len(unsure):
        blocks += [
            _para(
                _own(
                    "The records place these young people with this group in fewer than "
                    f"{_threshold(runs)}. Check with the people who know "
                    "them whether they belong with this group at all."
                )
            ),
            _member_table(unsure, runs),
        ]
    else:
        blocks.append(_para(_italic("None: the records place every member clearly.")))
    if members["bridge_to"].map(lambda g: isinstance(g, str) and bool(g)).any():
        blocks.append(
            _para(
                _italic(
                    "'Also closely linked with' means that many of the recorded associations of "
                    "this young person are with members of that other group. It reflects where "
                    "associations were recorded, not a role the young person plays."
                )
            )
        )
    return blocks


def _pairs(rows: pd.DataFrame) -> int:
    return len({tuple(sorted(p)) for p in zip(rows["source"], rows["target"], strict=True)})


def _group_functioning(facts: _Facts) -> list[_Block]:
    within = facts.scope("within")
    outside = facts.scope("outside")
    outside = outside[outside["category"] != "family"]  # family links are in section 3
    first, last = facts.profile.date_span
    size = len(facts.profile.members)
    # Dates come from the data, so they travel as data parts and are escaped like any value.
    span: _Line = (_own(", observed from "), first, _own(" to "), last) if first else ()
    blocks: list[_Block] = [
        _Heading("1. Group functioning", 1),
        _para(
            _italic(
                "How members relate, who leads and follows, identity, how others see the group."
            )
        ),
        _Heading("What the records show", 2),
        _Bullets(
            (
                (
                    _own(f"{_plural(len(within), 'association')} recorded between members"),
                    *span,
                    _own("."),
                ),
                (_own("By type: "), _tally(within["type"]), _own(".")),
                (
                    _own(
                        f"{_pairs(within)} of the {size * (size - 1) // 2} possible pairs of "
                        "members have at least one recorded association."
                    ),
                ),
                (_own("Recorded by: "), _tally(within["source_agency"]), _own(".")),
                (
                    _own(
                        f"{_plural(len(outside), 'association')} with young people outside "
                        "this group."
                    ),
                ),
            )
        ),
    ]
    if len(within):
        blocks += [_Heading("Associations between members", 3), _association_table(within)]
    if len(outside):
        blocks += [
            _Heading("Associations with young people outside this group", 3),
            _association_table(outside),
        ]
    blocks += [
        _Heading("For the practitioner", 2),
        _Prompt("How do members relate to one another? Which relationships matter most to them?"),
        _Prompt("Who leads, who follows, and does that change from place to place?"),
        _Prompt("What identity does the group have? What does belonging give each young person?"),
        _Prompt(
            "How is the group seen by others — school, neighbours, police, other young people?"
        ),
        _Prompt("What do the young people themselves say about the group and about each other?"),
    ]
    return blocks


def _guardianship(facts: _Facts) -> list[_Block]:
    protective = facts.profile.protective
    trusted = protective[protective["type"] == "trusted_adult"]
    peers = protective[protective["type"] != "trusted_adult"]
    adults = facts.scope("adult")
    others = adults[adults["category"] != "protective"]
    blocks: list[_Block] = [
        _Heading("2. Guardianship", 1),
        _para(_italic("Adults with caring intent around the group, and protective peers.")),
        _Heading("Strengths recorded", 2),
    ]
    if len(protective):
        lines: list[_Line] = []
        cared_for: dict[str, set[str]] = {}
        for _, row in trusted.iterrows():
            adult, child = facts.adult_and_child(row)
            cared_for.setdefault(adult, set()).add(child)
        for adult, children in sorted(cared_for.items(), key=lambda kv: _natural(kv[0])):
            names = ", ".join(sorted(children, key=_natural))
            lines.append((_bold_data(adult), _own(" — trusted adult for "), names))
        for _, row in peers.iterrows():
            lines.append((_bold_data(_between(row)), _own(f" — {_words(row['type'])}")))
        blocks += [
            _para(
                _own(
                    f"{_plural(len(trusted), 'trusted-adult record')} and "
                    f"{_plural(len(peers), 'protective-peer record')}:"
                )
            ),
            _Bullets(tuple(lines)),
            _association_table(protective, what="Strength"),
        ]
    else:
        blocks.append(
            _para(
                _own(
                    "No trusted adults or protective peers are recorded for these young people. "
                    "That does not mean there are none: ask the young people, their families, "
                    "school staff and youth workers who matters to them."
                )
            )
        )
    blocks.append(_Heading("Other adults linked to members", 2))
    if len(others):
        links: dict[str, set[str]] = {}
        for _, row in others.iterrows():
            adult, child = facts.adult_and_child(row)
            links.setdefault(adult, set()).add(f"{_words(row['type'])} ({child})")
        blocks += [
            _Bullets(
                tuple(
                    (_bold_data(adult), " — " + "; ".join(sorted(kinds)))
                    for adult, kinds in sorted(links.items(), key=lambda kv: _natural(kv[0]))
                )
            ),
            _para(
                _italic("What was recorded about them is listed, with its source, in section 3.")
            ),
        ]
    else:
        blocks.append(_para(_italic("None recorded.")))
    blocks += [
        _Heading("For the practitioner", 2),
        _Prompt(
            "Which adults have caring intent towards these young people, and can reach them "
            "where and when they spend time together?"
        ),
        _Prompt(
            "Where is guardianship missing — places, times or online spaces with no trusted adult?"
        ),
        _Prompt("Who do the young people themselves say they trust?"),
        _Prompt("How could trusted adults and protective peers be supported to do more?"),
    ]
    return blocks


def _environment(facts: _Facts) -> list[_Block]:
    shared = facts.profile.shared_contexts
    contexts = facts.scope("context")
    context_types: dict[str, set[str]] = {}
    single: dict[str, tuple[str, set[str]]] = {}
    shared_ids = set(shared["context_id"])
    for _, row in contexts.iterrows():
        member, ctx, name = facts.member_and_other(row)
        context_types.setdefault(ctx, set()).add(_words(row["type"]))
        if ctx not in shared_ids:
            single.setdefault(ctx, (name, set()))[1].add(member)
    family = facts.associations[facts.associations["category"] == "family"]
    concerns = facts.profile.concerns
    blocks: list[_Block] = [
        _Heading("3. Environmental and family factors", 1),
        _para(_italic("Places the group uses, neighbourhood, family, policy, structural factors.")),
        _Heading("Places and spaces members share", 2),
    ]
    if len(shared):
        blocks += [
            _para(
                _own(
                    "Contexts used by two or more members, with how many young people are "
                    "recorded there in all. A place few other young people use says more about "
                    "this group than a school hundreds attend."
                )
            ),
            _Table(
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
                        _words(_cell(row["kind"])),
                        ", ".join(sorted(context_types.get(str(row["context_id"]), set()))),
                        f"{int(row['members'])} of {len(facts.profile.members)}",
                        str(int(row["young_people_there"])),
                        _cell(row["first_observed"]).replace(_NONE, "undated"),
                        _cell(row["last_observed"]).replace(_NONE, "undated"),
                    )
                    for _, row in shared.iterrows()
                ),
            ),
        ]
    else:
        blocks.append(_para(_italic("No context is recorded for two or more members.")))
    if single:
        blocks += [
            _para(_own("Contexts recorded for one member only:")),
            _Bullets(
                tuple(
                    (name, f" — {', '.join(sorted(who, key=_natural))}")
                    for name, who in sorted(single.values(), key=lambda v: _natural(v[0]))
                )
            ),
        ]
    blocks.append(_Heading("Family links", 2))
    if len(family):
        blocks.append(_association_table(family, what="Link"))
    else:
        blocks.append(_para(_italic("None recorded.")))
    blocks.append(_Heading("Concerns recorded about adults", 2))
    if len(concerns):
        blocks += [
            _para(
                _own(
                    "As recorded, with their source. A recorded concern is information to "
                    "check, not a finding."
                )
            ),
            _association_table(concerns, what="Concern"),
        ]
    else:
        blocks.append(_para(_italic("None recorded.")))
    blocks += [
        _Heading("For the practitioner", 2),
        _Prompt("Which places and online spaces does the group use, when, and what happens there?"),
        _Prompt(
            "What is the neighbourhood like for these young people: safe routes, hot spots, "
            "services?"
        ),
        _Prompt(
            "Which school, housing, transport or youth-service policies and practices shape "
            "where the group spends time?"
        ),
        _Prompt(
            "What structural factors (poverty, exclusion, discrimination, housing) are at play?"
        ),
        _Prompt("What do families know and need, and how are they affected?"),
        _Prompt("Context weighting — which context must change first, and who can change it?"),
    ]
    return blocks


def _safety_goals() -> list[_Block]:
    return [
        _Heading("Safety goals", 1),
        _para(_italic("Two or three goals about the contexts, and how we will know they are met.")),
        _Table(
            ("Goal", "How we will measure change", "Who", "By when"),
            tuple((_Span(f"{n}. {PLACEHOLDER}"), _TODO, _TODO, _TODO) for n in (1, 2, 3)),
        ),
    ]


def _provenance(facts: _Facts, options: SeedOptions) -> list[_Block]:
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
    given: list[_Block] = (
        [_Table(("Item", "Value"), tuple((k, v) for k, v in options.provenance.items()))]
        if options.provenance
        else [_para(_italic("No provenance was supplied with this group."))]
    )
    return [
        _Heading("Where these facts come from", 1),
        _para(
            _own(
                "Which data, selection, algorithm, parameters and seed produced this candidate "
                "group."
            )
        ),
        *given,
        _Heading("Records the facts are based on", 2),
        _Table(("Records", "Count"), tuple((name, str(n)) for name, n in counts)),
    ]


def _blocks(profile: GroupProfile, options: SeedOptions) -> list[_Block]:
    facts = _Facts(
        profile=profile,
        member_ids=frozenset(str(p) for p in profile.members["person_id"]),
        runs=_runs(options),
    )
    return [
        _Marking(options.marking),
        *_header(facts),
        *_history(options),
        *_members(facts),
        *_group_functioning(facts),
        *_guardianship(facts),
        *_environment(facts),
        *_safety_goals(),
        *_provenance(facts, options),
        _Marking(options.marking),
    ]


# --------------------------------------------------------------------------------------------
# Markdown.


def _md_inline(part: _Inline) -> str:
    if isinstance(part, str):
        return escape_markdown(part)
    text = escape_markdown(part.text) if part.data else part.text
    if part.bold:
        return f"**{text.strip()}**" + (" " if text.endswith(" ") else "")
    if part.italic:
        lead = " " if text.startswith(" ") else ""
        return f"{lead}*{text.strip()}*" + (" " if text.endswith(" ") else "")
    return text


def _md_line(parts: _Line) -> str:
    return "".join(_md_inline(p) for p in parts)


def _md_block(block: _Block) -> list[str]:
    if isinstance(block, _Marking):
        return [escape_markdown(block.text)]
    if isinstance(block, _Heading):
        # The title is the only level-1 heading; sections start at level 2.
        return ["#" * (block.level + 1) + " " + block.text + escape_markdown(block.data)]
    if isinstance(block, _Para):
        text = _md_line(block.parts)
        return [f"> {text}"] if block.callout else [text]
    if isinstance(block, _Bullets):
        return ["\n".join(f"- {_md_line(item)}" for item in block.items)]
    if isinstance(block, _Prompt):
        return [f"**{block.question}**", PLACEHOLDER]
    lines = [
        "| " + " | ".join(block.header) + " |",
        "|" + "|".join("---" for _ in block.header) + "|",
    ]
    lines += ["| " + " | ".join(_md_inline(c) for c in row) + " |" for row in block.rows]
    return ["\n".join(lines)]


def assessment_markdown(profile: GroupProfile, *, options: SeedOptions) -> str:
    """Return the assessment seed for one candidate group as Markdown.

    The protective marking is the first and the last line. Labels, context names, references
    and other values from the data are escaped, so they cannot break tables or emphasis.

    Parameters
    ----------
    profile
        The group's facts, built with the labels the reader may see (pseudonymous by default).
    options
        Marking, provenance and identity history to show.
    """
    chunks: list[str] = []
    for block in _blocks(profile, options):
        chunks += _md_block(block)
    return "\n\n".join(chunks) + "\n"


# --------------------------------------------------------------------------------------------
# Word.


def _generated_at(options: SeedOptions) -> datetime | None:
    value = options.provenance.get("generated_at") or options.provenance.get("generated at")
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"provenance generated_at {value!r} is not an ISO date or time") from None


def _docx_runs(paragraph: Any, parts: _Line) -> None:
    for part in parts:
        if isinstance(part, str):
            paragraph.add_run(_one_line(part))
        else:
            run = paragraph.add_run(part.text)
            run.bold = part.bold or None
            run.italic = part.italic or None


def _docx_table(document: Any, block: _Table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, block.header, strict=True):
        cell.paragraphs[0].add_run(title).bold = True
    # Repeat the header row on every page a long table runs on to.
    row_props = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_props.append(repeat)
    for values in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            _docx_runs(cell.paragraphs[0], (value,))


def _docx_marking(section: Any, marking: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0]
        paragraph.text = ""
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(marking).bold = True


def _docx_document(profile: GroupProfile, options: SeedOptions) -> Any:
    import docx

    document = docx.Document()
    for section in document.sections:
        # One header and footer for every page, the first included.
        section.different_first_page_header_footer = False
        _docx_marking(section, options.marking)
    for block in _blocks(profile, options):
        if isinstance(block, _Marking):
            continue  # carried by the header and footer of every page
        if isinstance(block, _Heading):
            heading = document.add_heading(level=block.level)
            _docx_runs(heading, (_own(block.text), block.data))
        elif isinstance(block, _Para):
            paragraph = document.add_paragraph(style="Intense Quote" if block.callout else None)
            _docx_runs(paragraph, block.parts)
        elif isinstance(block, _Bullets):
            for item in block.items:
                _docx_runs(document.add_paragraph(style="List Bullet"), item)
        elif isinstance(block, _Prompt):
            document.add_paragraph().add_run(block.question).bold = True
            document.add_paragraph(PLACEHOLDER)
        else:
            _docx_table(document, block)
            document.add_paragraph()
    properties = document.core_properties
    properties.author = "cs-peers"
    properties.last_modified_by = "cs-peers"
    properties.title = f"Peer group assessment — candidate group {profile.group_id}"
    properties.subject = "Level 2 peer group assessment seed"
    properties.keywords = options.marking
    properties.revision = 1
    when = _generated_at(options)
    if when is not None:
        properties.created = when
        properties.modified = when
    return document


def _deterministic_zip(data: bytes, when: datetime | None) -> bytes:
    """Return the .docx bytes re-zipped with fixed timestamps, so equal inputs give equal bytes."""
    stamp = when.timetuple()[:6] if when is not None and when.year >= 1980 else _ZIP_EPOCH
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def write_assessment_seed(
    profile: GroupProfile, out_dir: Path, *, options: SeedOptions, docx: bool = True
) -> list[Path]:
    """Return the paths written: ``<group_id>-assessment.md`` and, with ``docx``, ``.docx``.

    The Word document has the same sections as the Markdown, with real headings, tables for
    members, associations and contexts, and the protective marking in the header and footer
    of every page. Its properties are dated from ``generated_at`` in the provenance, so the
    same inputs give byte-identical files.

    Raises
    ------
    ValueError
        If the group id is not a safe file name, or ``generated_at`` is not an ISO date/time.
    """
    group_id = str(profile.group_id)
    if not _SAFE_ID.match(group_id):
        raise ValueError(f"group id {group_id!r} cannot be used in a file name")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    markdown_path = out_dir / f"{group_id}-assessment.md"
    markdown_path.write_text(assessment_markdown(profile, options=options), encoding="utf-8")
    written = [markdown_path]
    if docx:
        when = _generated_at(options)
        buffer = io.BytesIO()
        _docx_document(profile, options).save(buffer)
        docx_path = out_dir / f"{group_id}-assessment.docx"
        docx_path.write_bytes(_deterministic_zip(buffer.getvalue(), when))
        written.append(docx_path)
    return written
