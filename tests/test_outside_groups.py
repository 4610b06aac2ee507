"""The young people in no group: who they are, their strongest ties, and the pack's page."""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape
from pathlib import Path

import pandas as pd
import pytest
from cs_peers.cli.app import app
from tiny_data import peer_groups
from typer.testing import CliRunner

from cs_peers.analysis.outside_groups import outside_groups
from cs_peers.inputs.dataset import Dataset

runner = CliRunner()
GROUPS = {"A": ["YP01", "YP02", "YP03", "YP04"], "B": ["YP05", "YP06", "YP07", "YP08", "YP09"]}


def _with(tiny: Dataset, *rows: tuple[str, str, str]) -> Dataset:
    """Return ``tiny`` with more association records (source, target, type)."""
    extra = pd.DataFrame(rows, columns=["source", "target", "type"])
    for column in tiny.associations.columns.difference(extra.columns):
        extra[column] = ""
    a = pd.concat([tiny.associations, extra[tiny.associations.columns]], ignore_index=True)
    return replace(tiny, associations=a)


def test_everyone_in_no_group_is_listed_alphabetically_with_their_strongest_ties(
    tiny: Dataset,
) -> None:
    found = outside_groups(tiny, peer_groups(GROUPS))
    assert found.count == 5
    assert [p.label for p in found.people] == ["P10", "P11", "P12", "P13", "P14"]
    p13 = found.people[3]
    # One record each with P14 and the school: both are the strongest, the person first.
    assert [t.describe() for t in p13.ties] == [
        "P14 (sibling ×1)",
        "Larkfield Academy (attends ×1)",
    ]
    p10 = found.people[0]
    assert [t.describe() for t in p10.ties] == [
        "Coach K (trusted_adult ×1)",
        "P11 (friend ×1)",
        "P12 (friend ×1)",
    ]
    assert p10.more == 1  # the school, with as many records, is counted, not named


def test_the_strongest_tie_is_the_one_recorded_most_often(tiny: Dataset) -> None:
    data = _with(tiny, ("YP14", "YP13", "seen_together"), ("YP13", "YP14", "sibling"))
    p13 = outside_groups(data, peer_groups(GROUPS)).people[3]
    assert [t.describe() for t in p13.ties] == ["P14 (sibling ×2, seen_together ×1)"]
    assert p13.more == 0


def test_a_young_person_with_no_record_has_no_ties(tiny: Dataset) -> None:
    people = pd.concat(
        [tiny.people, pd.DataFrame([{"id": "YP15", "kind": "young_person", "label": "A15"}])],
        ignore_index=True,
    ).fillna("")
    found = outside_groups(replace(tiny, people=people), peer_groups(GROUPS))
    assert (found.people[0].label, found.people[0].ties) == ("A15", ())
    assert "AD01" not in {p.person_id for p in found.people}  # adults are never "outside"


def _text(page: Path) -> str:
    body = re.sub(r"<style.*?</style>", "", page.read_text("utf-8"), flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def _pack(data: Path, out: Path, *extra: str) -> None:
    result = runner.invoke(
        app, ["pack", str(data), "--out", str(out), "--runs", "2", "--no-docx", "--no-pdf", *extra]
    )
    assert result.exit_code == 0, result.output


def test_the_meeting_pack_lists_them_on_a_marked_page_linked_from_the_index(
    tiny_dir: Path, home: Path, tmp_path: Path
) -> None:
    _pack(tiny_dir, tmp_path / "pack")
    index = (tmp_path / "pack" / "index.html").read_text("utf-8")
    assert (
        '<li><a href="outside-groups.html">Young people in no group</a> — 2 young people in none '
        "of the candidate groups</li>"
    ) in index
    html = (tmp_path / "pack" / "outside-groups.html").read_text("utf-8")
    assert html.count("OFFICIAL-SENSITIVE · for: meeting") >= 3  # title, top and bottom
    assert "<script" not in html and "http" not in html.replace("http-equiv", "")
    assert '<a href="index.html">Pack index</a>' in html
    text = _text(tmp_path / "pack" / "outside-groups.html")
    assert "2 young people in this pack's data are in none of its candidate groups." in text
    assert re.search(
        r"P13 P14 \(sibling ×1\); Larkfield Academy \(attends ×1\) "
        r"P14 P13 \(sibling ×1\); Larkfield Academy \(attends ×1\)",
        text,
    )
    assert "Fictional Name" not in html


def test_a_partner_gets_only_the_count(tiny_dir: Path, home: Path, tmp_path: Path) -> None:
    _pack(tiny_dir, tmp_path / "partner", "--audience", "partner", "--group", "PG-0001")
    text = _text(tmp_path / "partner" / "outside-groups.html")
    # The partner's view holds PG-0001's four and the records that touch them: of the young
    # people they are linked with, only P5 (seen with P4), who is in none of *its* groups.
    assert "1 young person in this pack's data is in none of its candidate groups." in text
    assert "This audience gets the count only" in text
    assert "young person strongest recorded ties" not in text
    assert not re.search(r"\bP-[0-9A-F]{8}\b|\bP1[34]\b|Larkfield Academy \(", text)


@pytest.mark.parametrize("count, words", [(1, "1 young person"), (0, "0 young people")])
def test_the_headline_counts_in_words(count: int, words: str) -> None:
    from cs_peers.outputs._pack_pages import _headline

    assert _headline(count).startswith(f"{words} in this pack's data ")
