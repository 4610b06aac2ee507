"""Assessment seeds: the triangle's domains, the guardrails, provenance, escaping and Word."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest

from cs_peers.analysis.grouping.evidence import build_peer_evidence
from cs_peers.analysis.grouping.groups import PeerGroups, detect_peer_groups
from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.profiles import GroupProfile, profile_groups
from cs_peers.analysis.provenance import Provenance
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.assessment import (
    PLACEHOLDER,
    SeedOptions,
    assessment_markdown,
    write_assessment_seed,
)

PROVENANCE = Provenance(
    source="tests/tiny",
    fingerprint="abc123def4567890",
    selection="all associations",
    recorded_until="2025-06-30",
    counts={"young_people": 12, "associations": 40},
    vocabulary="default",
    parameters=GroupingParameters(resolution=0.1),
    generated_at="2025-07-02T09:30:00+00:00",
    version="0.1.0",
)
OPTIONS = SeedOptions(provenance=PROVENANCE)
DOMAINS = (
    "## 1. Group functioning",
    "## 2. Guardianship",
    "## 3. Environmental and family factors",
)


def _groups(dataset: Dataset) -> PeerGroups:
    return detect_peer_groups(build_peer_evidence(dataset))


def _profiles(dataset: Dataset, groups: PeerGroups | None = None) -> dict[str, GroupProfile]:
    groups = groups if groups is not None else _groups(dataset)
    return {p.group_id: p for p in profile_groups(dataset, groups, reveal_names=False)}


def _group_of(profiles: dict[str, GroupProfile], person_id: str) -> GroupProfile:
    return next(p for p in profiles.values() if person_id in set(p.members["person_id"]))


def _section(markdown: str, heading: str) -> str:
    """Return the text from ``heading`` to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = markdown.index(heading + "\n")
    rest = markdown[start + len(heading) :]
    following = re.search(rf"^#{{1,{len(level)}}} ", rest, flags=re.MULTILINE)
    return rest[: following.start()] if following else rest


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def _table_rows(section: str) -> list[list[str]]:
    """Return the body rows of the first Markdown table in ``section``, split on real pipes."""
    lines = section.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("|"))
    table = list(itertools.takewhile(lambda line: line.startswith("|"), lines[start:]))
    return [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in table[2:]]


@pytest.fixture
def profiles(tiny: Dataset) -> dict[str, GroupProfile]:
    return _profiles(tiny)


def test_the_three_domains_of_the_triangle_are_present_in_order(
    profiles: dict[str, GroupProfile],
) -> None:
    markdown = assessment_markdown(_group_of(profiles, "YP01"), options=OPTIONS)
    positions = [markdown.index(heading + "\n") for heading in DOMAINS]
    assert positions == sorted(positions)
    assert markdown.index("## Safety goals") > positions[-1]
    assert "Context weighting — which context must change first" in markdown


def test_header_fields_are_left_to_complete(profiles: dict[str, GroupProfile]) -> None:
    profile = _group_of(profiles, "YP01")
    markdown = assessment_markdown(profile, options=OPTIONS)
    assert f"# Peer group assessment — candidate group {profile.group_id}\n" in markdown
    for name in ("Purpose", "Lead practitioner (owner)", "Agencies involved", "Date of", "Review"):
        line = next(line for line in markdown.splitlines() if name in line)
        assert PLACEHOLDER in line
    assert "candidate group, not a finding" in markdown
    assert "not a label, a score or a list of suspects" in markdown


def test_marking_is_the_first_and_last_line_and_on_every_word_page(
    profiles: dict[str, GroupProfile], tmp_path: Path
) -> None:
    options = SeedOptions(marking="OFFICIAL-SENSITIVE PERSONAL", provenance=PROVENANCE)
    profile = _group_of(profiles, "YP05")
    lines = assessment_markdown(profile, options=options).splitlines()
    assert lines[0] == "OFFICIAL-SENSITIVE PERSONAL"
    assert lines[-1] == "OFFICIAL-SENSITIVE PERSONAL"
    _, docx_path = write_assessment_seed(profile, tmp_path, options=options)
    document = docx.Document(str(docx_path))
    for section in document.sections:
        assert not section.different_first_page_header_footer
        assert [p.text for p in section.header.paragraphs] == ["OFFICIAL-SENSITIVE PERSONAL"]
        assert [p.text for p in section.footer.paragraphs] == ["OFFICIAL-SENSITIVE PERSONAL"]


def test_labels_are_shown_and_real_names_never(
    profiles: dict[str, GroupProfile], tmp_path: Path
) -> None:
    for profile in profiles.values():
        md_path, docx_path = write_assessment_seed(profile, tmp_path, options=OPTIONS)
        for text in (md_path.read_text("utf-8"), _docx_text(docx_path)):
            for label in profile.members["label"]:
                assert re.search(rf"\b{re.escape(label)}\b", text)
            assert "Fictional" not in text  # "Fictional Name 3", "Fictional Coach"
    assert "Coach K" in _docx_text(
        tmp_path / f"{_group_of(profiles, 'YP10').group_id}-assessment.docx"
    )


def test_protective_factors_are_listed_first_under_guardianship(
    profiles: dict[str, GroupProfile],
) -> None:
    markdown = assessment_markdown(_group_of(profiles, "YP10"), options=OPTIONS)
    guardianship = _section(markdown, "## 2. Guardianship")
    strengths = _section(guardianship, "### Strengths recorded")
    assert "**Coach K** — trusted adult for P10\n" in strengths
    assert "**P11 and P12** — protective peer" in strengths
    rows = _table_rows(strengths)
    assert [
        "2025-06-01",
        "trusted adult",
        "Coach K and P10",
        "youth service",
        "high",
        "R94",
    ] in rows
    assert guardianship.index("Strengths recorded") < guardianship.index("Other adults")


def test_no_strengths_recorded_is_said_and_concerns_are_factual(
    profiles: dict[str, GroupProfile],
) -> None:
    markdown = assessment_markdown(_group_of(profiles, "YP06"), options=OPTIONS)
    guardianship = _section(markdown, "## 2. Guardianship")
    assert "No trusted adults or protective peers are recorded" in guardianship
    assert "**Adult X** — exploitation concern (P6)" in guardianship
    concerns = _section(markdown, "### Concerns recorded about adults")
    assert ["2025-06-02", "exploitation concern", "Adult X and P6", "police", "medium", "R95"] in (
        _table_rows(concerns)
    )


def test_shared_contexts_say_how_many_young_people_use_them(
    profiles: dict[str, GroupProfile],
) -> None:
    markdown = assessment_markdown(_group_of(profiles, "YP06"), options=OPTIONS)
    rows = _table_rows(_section(markdown, "### Places and spaces members share"))
    flat = next(r for r in rows if r[0] == "Flat on Reed St")
    school = next(r for r in rows if r[0] == "Larkfield Academy")
    assert flat[1:5] == ["location", "frequents", "2 of 5", "2"]
    assert school[3:5] == ["5 of 5", "14"]


def test_low_confidence_members_are_listed_apart_with_their_bridge(
    tiny: Dataset, tmp_path: Path
) -> None:
    groups = _groups(tiny)
    other = _group_of(_profiles(tiny, groups), "YP01").group_id
    m = groups.memberships.copy()
    m["confidence"] = m["confidence"].mask(m["person_id"] == "YP07", 0.4)
    m["bridge_to"] = m["bridge_to"].mask(m["person_id"] == "YP07", other)
    profile = _group_of(_profiles(tiny, replace(groups, memberships=m)), "YP07")
    assert profile.members["low_confidence"].sum() == 1
    markdown = assessment_markdown(profile, options=OPTIONS)
    clear = _table_rows(_section(markdown, "### Placed clearly with this group (4)"))
    unsure_heading = "### Less clearly placed — check before including them (1)"
    unsure = _table_rows(_section(markdown, unsure_heading))
    assert [r[0] for r in clear] == ["P5", "P6", "P8", "P9"]
    assert unsure == [["P7", "placed with this group in 4 of 10 runs", f"group {other}"]]
    assert "fewer than 6 of 10 runs" in markdown
    assert "not a role the young person plays" in markdown
    _, docx_path = write_assessment_seed(profile, tmp_path, options=OPTIONS)
    tables = [
        t for t in docx.Document(str(docx_path)).tables if t.cell(0, 0).text == "Young person"
    ]
    assert [[c.text for c in row.cells] for row in tables[1].rows[1:]] == [unsure[0]]


def test_without_low_confidence_members_the_second_list_says_none(
    profiles: dict[str, GroupProfile],
) -> None:
    markdown = assessment_markdown(_group_of(profiles, "YP01"), options=OPTIONS)
    assert "### Less clearly placed — check before including them (0)" in markdown
    assert "None: the records place every member clearly." in markdown


def test_members_are_alphabetical_by_label_not_by_any_measure(
    tiny: Dataset, tmp_path: Path
) -> None:
    labels = {"YP05": "Zara", "YP06": "ali", "YP07": "P10", "YP08": "P9", "YP09": "Bea"}
    people = tiny.people.assign(label=tiny.people["id"].map(labels).fillna(tiny.people["label"]))
    relabelled = replace(tiny, people=people)
    groups = _groups(relabelled)
    m = groups.memberships.copy()
    m.loc[m["person_id"] == "YP09", "confidence"] = 0.9  # "Bea" is less often placed: no matter
    profile = _group_of(_profiles(relabelled, replace(groups, memberships=m)), "YP05")
    markdown = assessment_markdown(profile, options=OPTIONS)
    rows = _table_rows(_section(markdown, "### Placed clearly with this group (5)"))
    assert [r[0] for r in rows] == ["ali", "Bea", "P9", "P10", "Zara"]
    _, docx_path = write_assessment_seed(profile, tmp_path, options=OPTIONS)
    table = next(
        t for t in docx.Document(str(docx_path)).tables if t.cell(0, 0).text == "Young person"
    )
    assert [row.cells[0].text for row in table.rows[1:]] == ["ali", "Bea", "P9", "P10", "Zara"]


def test_membership_is_described_in_runs_never_as_a_score_or_rank(
    profiles: dict[str, GroupProfile],
) -> None:
    markdown = assessment_markdown(_group_of(profiles, "YP01"), options=OPTIONS)
    members = _section(markdown, "## Young people in this candidate group")
    for row in _table_rows(_section(members, "### Placed clearly with this group (4)")):
        assert re.fullmatch(r"placed with this group in (all \d+ runs|\d+ of \d+ runs)", row[1])
    caveat = next(line for line in markdown.splitlines() if line.startswith("> "))
    elsewhere = markdown.replace(caveat, "")
    assert not re.search(r"\b(scores?|scored|rank\w*|risk\s+(level|rating)|top)\b", elsewhere, re.I)


def test_runs_default_to_a_percentage_when_unknown(profiles: dict[str, GroupProfile]) -> None:
    profile = _group_of(profiles, "YP01")
    assert "in every run" in assessment_markdown(profile, options=SeedOptions())
    members = profile.members.assign(confidence=0.7)
    markdown = assessment_markdown(replace(profile, members=members), options=SeedOptions())
    assert "placed with this group in 70% of runs" in markdown
    explicit = assessment_markdown(replace(profile, members=members), options=SeedOptions(runs=20))
    assert "placed with this group in 14 of 20 runs" in explicit


def test_notes_are_never_copied(tiny: Dataset, tmp_path: Path) -> None:
    secret = "SECRETNOTE Fictional Name 3 said"
    noted = replace(tiny, associations=tiny.associations.assign(notes=secret))
    for profile in _profiles(noted).values():
        md_path, docx_path = write_assessment_seed(profile, tmp_path, options=OPTIONS)
        assert "SECRETNOTE" not in md_path.read_text("utf-8")
        assert "SECRETNOTE" not in _docx_text(docx_path)


def test_every_provenance_key_and_the_counts_appear(
    profiles: dict[str, GroupProfile], tmp_path: Path
) -> None:
    profile = _group_of(profiles, "YP10")
    md_path, docx_path = write_assessment_seed(profile, tmp_path, options=OPTIONS)
    markdown = md_path.read_text("utf-8")
    provenance = _table_rows(_section(markdown, "## Where these facts come from"))
    # In the record's order, with Markdown's underscore escaped (written out, not recomputed).
    shown = PROVENANCE.shown()
    assert [r[0] for r in provenance] == list(shown)
    assert [r[1] for r in provenance] == [v.replace("_", "\\_") for v in shown.values()]
    assert provenance[7][0] == "parameters"
    assert provenance[7][1].startswith("resolution=0.1, resolution\\_chosen=fixed, runs=10, ")
    counts = {
        r[0]: r[1] for r in _table_rows(_section(markdown, "### Records the facts are based on"))
    }
    assert counts["members"] == "3"
    assert counts["associations between members"] == "4"
    assert counts["protective records"] == "2"
    text = _docx_text(docx_path)
    assert all(key in text and value in text for key, value in PROVENANCE.shown().items())


def test_history_is_shown_only_when_given(profiles: dict[str, GroupProfile]) -> None:
    profile = _group_of(profiles, "YP01")
    assert "Since last review" not in assessment_markdown(profile, options=OPTIONS)
    options = replace(OPTIONS, history=["split from PG-0003 on 2026-10-01"])
    section = _section(assessment_markdown(profile, options=options), "## Since last review")
    assert "- split from PG-0003 on 2026-10-01" in section


def test_user_text_is_escaped_in_markdown_and_plain_in_word(tiny: Dataset, tmp_path: Path) -> None:
    nasty = "*x* | pipe [link](http://e.test) <b>_u_"
    nasty_ids = tiny.people["id"].isin(["YP05", "AD02"])  # a member, and an adult linked to one
    people = tiny.people.assign(label=tiny.people["label"].mask(nasty_ids, nasty))
    contexts = tiny.contexts.assign(
        name=tiny.contexts["name"].replace("Flat on Reed St", "1. Reed|St")
    )
    weird = replace(tiny, people=people, contexts=contexts)
    profile = _group_of(_profiles(weird), "YP05")
    md_path, docx_path = write_assessment_seed(profile, tmp_path, options=OPTIONS)
    markdown = md_path.read_text("utf-8")
    assert nasty not in markdown
    escaped = r"\*x\* \| pipe \[link\](http://e.test) \<b\>\_u\_"
    assert escaped in markdown
    assert f"**{escaped}** — exploitation concern" in _section(markdown, "## 2. Guardianship")
    for heading in ("### Placed clearly with this group (5)", "### Associations between members"):
        section = _section(markdown, heading)
        table = [line for line in section.splitlines() if line.startswith("|")]
        widths = {len(re.split(r"(?<!\\)\|", line)) for line in table}
        assert len(widths) == 1, table
    contexts_table = _table_rows(_section(markdown, "### Places and spaces members share"))
    assert r"1\. Reed\|St" in [r[0] for r in contexts_table]
    assert nasty in _docx_text(docx_path)


def test_docx_has_headings_and_the_member_table(
    profiles: dict[str, GroupProfile], tmp_path: Path
) -> None:
    profile = _group_of(profiles, "YP01")
    paths = write_assessment_seed(profile, tmp_path, options=OPTIONS)
    assert [p.name for p in paths] == [
        f"{profile.group_id}-assessment.md",
        f"{profile.group_id}-assessment.docx",
    ]
    document = docx.Document(str(paths[1]))
    headings = {
        p.text for p in document.paragraphs if p.style and p.style.name.startswith("Heading")
    }
    assert {h.removeprefix("## ") for h in DOMAINS} <= headings
    members = next(t for t in document.tables if t.cell(0, 0).text == "Young person")
    assert [row.cells[0].text for row in members.rows[1:]] == ["P1", "P2", "P3", "P4"]
    assert members.cell(1, 1).text == "placed with this group in all 10 runs"


def test_docx_is_deterministic_and_dated_from_provenance(
    profiles: dict[str, GroupProfile], tmp_path: Path
) -> None:
    profile = _group_of(profiles, "YP10")
    _, first = write_assessment_seed(profile, tmp_path / "a", options=OPTIONS)
    _, second = write_assessment_seed(profile, tmp_path / "b", options=OPTIONS)
    assert first.read_bytes() == second.read_bytes()
    properties = docx.Document(str(first)).core_properties
    assert properties.author == "cs-peers"
    assert properties.created == datetime(2025, 7, 2, 9, 30, tzinfo=UTC)
    assert properties.modified == properties.created


def test_markdown_only_when_docx_is_off(profiles: dict[str, GroupProfile], tmp_path: Path) -> None:
    out = tmp_path / "new" / "seeds"
    paths = write_assessment_seed(_group_of(profiles, "YP01"), out, options=OPTIONS, docx=False)
    assert len(paths) == 1 and paths[0].suffix == ".md"
    assert sorted(p.name for p in out.iterdir()) == [paths[0].name]


def test_the_word_gang_never_appears(profiles: dict[str, GroupProfile], tmp_path: Path) -> None:
    for profile in profiles.values():
        md_path, docx_path = write_assessment_seed(profile, tmp_path, options=OPTIONS)
        assert "gang" not in md_path.read_text("utf-8").lower()
        assert "gang" not in _docx_text(docx_path).lower()


def test_unsafe_group_id_and_bad_generated_at_are_refused(
    profiles: dict[str, GroupProfile], tmp_path: Path
) -> None:
    profile = _group_of(profiles, "YP01")
    with pytest.raises(ValueError, match=r"group id '\.\./evil' cannot be used in a file name"):
        write_assessment_seed(replace(profile, group_id="../evil"), tmp_path, options=OPTIONS)
    bad = SeedOptions(provenance=Provenance(generated_at="last Tuesday"))
    with pytest.raises(ValueError, match="'last Tuesday' is not an ISO date or time"):
        write_assessment_seed(profile, tmp_path, options=bad)
