"""The briefing PDF: its pages, the marking and page numbers on every one, the cover, the
groups' key facts and drawings, the changes, extra sections, tables that wrap and flow, no word
ever cut, the same bytes again, and the pack's --no-pdf."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdf
import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.meetings import Baseline, change_report
from cs_peers.analysis.run import Analysis, analyse
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.briefing import (
    BriefingOptions,
    BriefingSection,
    BriefingTable,
    Facts,
    group_pages,
    write_briefing,
)
from cs_peers.workspacedb import WorkspaceRunHistory, open_workspace

MARKING = "OFFICIAL-SENSITIVE"


def page_texts(path: Path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(path).pages]


def marking_heights(page: pypdf.PageObject) -> list[float]:
    height = float(page.mediabox.height)
    found: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip() == MARKING:
            found.append((tm[5] * cm[3] + cm[5]) / height)

    page.extract_text(visitor_text=visit)
    return found


@pytest.fixture(scope="module")
def tiny_analysis(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    from tiny_data import write_tiny_dataset

    from cs_peers.inputs.source import load_dataset

    folder = tmp_path_factory.mktemp("brief")
    return analyse(load_dataset(write_tiny_dataset(folder / "tiny")), GroupingParameters())


@pytest.fixture(scope="module")
def briefing(tiny_analysis: Analysis, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_briefing(tiny_analysis, tmp_path_factory.mktemp("b") / "briefing.pdf")


def by_group(texts: list[str]) -> dict[str, str]:
    """Return each group's text: from the page its heading starts to the next group's."""
    found: dict[str, str] = {}
    current = ""
    for text in texts:
        heading = re.search(r"Candidate peer group (PG-\d{4})", text)
        if heading:
            current = heading.group(1)
        if current:
            found[current] = found.get(current, "") + " " + text
    return found


def test_pages_are_cover_summary_groups_and_changes(
    briefing: Path, tiny_analysis: Analysis
) -> None:
    groups = list(tiny_analysis.groups.groups["group_id"])
    texts = page_texts(briefing)
    assert texts[1].count("Summary of candidate groups") == 1
    # Each group starts a page of its own, in group order, and may flow over more.
    starts = [m.group(1) for t in texts for m in re.finditer(r"Candidate peer group (PG-\d{4})", t)]
    assert starts == groups
    assert "Candidate peer group" in texts[2]
    assert "Changes since the last meeting" in texts[-1]


def test_every_page_is_a4_marked_top_and_bottom_and_numbered(briefing: Path) -> None:
    reader = pypdf.PdfReader(briefing)
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)
        heights = marking_heights(page)
        assert len(heights) == 2 and max(heights) > 0.95 and min(heights) < 0.05
        text = " ".join(page.extract_text().split())
        assert re.findall(r"page \d+ of \d+", text) == [f"page {number} of {total}"]


def test_the_cover_names_purpose_owner_review_date_marking_and_caveat(briefing: Path) -> None:
    cover = page_texts(briefing)[0]
    for field in ("Purpose: not set", "Owner: not set", "Review date: not set"):
        assert field in cover
    assert f"Protective marking: {MARKING}" in cover
    assert "candidate peer groups" in cover
    assert "reflects what agencies recorded, not behaviour" in cover
    assert "data fingerprint:" in cover
    assert "Summary of candidate groups — page 2" in cover
    total = len(page_texts(briefing))
    assert f"Candidate groups, each from a new page — pages 3–{total - 1}" in cover
    assert f"Changes since the last meeting — page {total}" in cover


def test_purpose_owner_and_review_date_are_printed_when_given(
    tiny_analysis: Analysis, tmp_path: Path
) -> None:
    options = BriefingOptions(
        purpose="Plan the school holiday response", owner="Team manager A", review_date="2027-01-15"
    )
    cover = page_texts(write_briefing(tiny_analysis, tmp_path / "b.pdf", options=options))[0]
    assert "Purpose: Plan the school holiday response" in cover
    assert "Owner: Team manager A" in cover
    assert "Review date: 2027-01-15" in cover


def test_a_group_page_lists_members_alphabetically_with_strengths_and_no_scores(
    briefing: Path, tiny_analysis: Analysis
) -> None:
    m = tiny_analysis.groups.memberships
    group_id = str(m.loc[m["person_id"] == "YP10", "group_id"].iloc[0])
    text = by_group(page_texts(briefing))[group_id]
    # Members alphabetically, one a line, as the group's story lists them.
    assert re.search(r"P10 .*P11 .*P12", text)
    assert "★ Coach K → P10: trusted adult" in text
    assert "%" not in text and "score" not in text.lower()


def test_names_stay_hidden_unless_asked_for(
    briefing: Path, tiny_analysis: Analysis, tmp_path: Path
) -> None:
    assert "Fictional" not in " ".join(page_texts(briefing))
    shown = write_briefing(
        tiny_analysis, tmp_path / "n.pdf", options=BriefingOptions(reveal_names=True)
    )
    assert "Fictional Name 10" in " ".join(page_texts(shown))


def test_extra_sections_come_after_the_summary(tiny_analysis: Analysis, tmp_path: Path) -> None:
    extra = BriefingSection(
        "Who the analysis picks out",
        ("Figures below 5 are suppressed.", BriefingTable(("group", "count"), (("all", "12"),))),
    )
    texts = page_texts(write_briefing(tiny_analysis, tmp_path / "e.pdf", extra_sections=[extra]))
    assert "Who the analysis picks out" in texts[2] and "Figures below 5 are suppressed" in texts[2]
    assert "Who the analysis picks out — page 3" in texts[0]


def test_a_long_table_flows_over_pages_with_its_header_on_each(
    tiny_analysis: Analysis, tmp_path: Path
) -> None:
    rows = tuple((f"PG-{i:04d}", str(i)) for i in range(1, 201))
    extra = BriefingSection("A long table", (BriefingTable(("group id", "young people"), rows),))
    texts = page_texts(write_briefing(tiny_analysis, tmp_path / "t.pdf", extra_sections=[extra]))
    # The pages of the long table (rows PG-0010 and above: the groups have smaller ids).
    spread = [t for t in texts if re.search(r"PG-0(0[1-9]|[12]\d)\d \d+", t)]
    assert len(spread) > 2
    assert all("group id young people" in t for t in spread)
    body = [m for t in spread for m in re.findall(r"PG-0\d{3} \d+", t)]
    assert body == [f"{a} {b}" for a, b in rows]


def test_table_cells_wrap_and_no_word_is_cut(tiny_analysis: Analysis, tmp_path: Path) -> None:
    long = "Asian or Asian British: Pakistani, Bangladeshi or any other Asian background"
    extra = BriefingSection(
        "Narrow columns",
        (
            BriefingTable(
                ("value", "relative rate", "note"),
                ((long, "1.00", "rate withheld: a count is withheld so that a small one …"),),
                (0.5, 0.3, 0.6),
            ),
            BriefingTable(
                ("empty table header",), (), empty="No table: fewer than 5 young people in all."
            ),
        ),
    )
    path = write_briefing(tiny_analysis, tmp_path / "w.pdf", extra_sections=[extra])
    text = " ".join(page_texts(path))
    assert long in text
    assert "No table: fewer than 5 young people in all." in text
    assert "empty table header" not in text
    # An ellipsis right after a letter is a word cut short to fit.
    assert not re.search(r"\w…", text)


def test_the_same_data_gives_the_same_pdf(
    tiny_analysis: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")
    first = write_briefing(tiny_analysis, tmp_path / "a.pdf").read_bytes()
    second = write_briefing(tiny_analysis, tmp_path / "b.pdf").read_bytes()
    assert first == second
    assert b"D:20261201000000" in first
    # The font is the one inside matplotlib, embedded, never one of the machine's.
    fonts = set()
    for page in pypdf.PdfReader(tmp_path / "a.pdf").pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, pypdf.generic.DictionaryObject)
        used = resources["/Font"].get_object()
        assert isinstance(used, pypdf.generic.DictionaryObject)
        for font in used.values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts <= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}


def test_each_group_page_prints_its_drawing_and_added_blocks(
    tiny_analysis: Analysis, tmp_path: Path
) -> None:
    options = BriefingOptions()
    pages = group_pages(tiny_analysis, options)
    assert all(p.drawing is not None for p in pages)
    added = [
        replace(p, blocks=(*p.blocks, Facts("Actions agreed", ("Visit the park",)))) for p in pages
    ]
    path = write_briefing(tiny_analysis, tmp_path / "g.pdf", groups=added)
    reader = pypdf.PdfReader(path)
    texts = page_texts(path)
    told = by_group(texts)
    first = {}
    for number, text in enumerate(texts):
        heading = re.search(r"Candidate peer group (PG-\d{4})", text)
        if heading:
            first[heading.group(1)] = reader.pages[number]
    for group in pages:
        assert group.title in told[group.group_id]
        assert "Actions agreed Visit the park" in told[group.group_id]
        page = first[group.group_id]
        drawing = group.drawing
        assert drawing is not None and drawing.vectors is not None
        # The drawing is vectors, not an image: sharp at any zoom, a few KB a group.
        assert len(page.images) == 0
        # Its labels and whole legend are text on the page, at 8 points or more.
        words = " ".join(page.extract_text().split())
        labelled = [t for t in drawing.vectors.texts if t.halo]
        assert labelled and min(t.size for t in drawing.vectors.texts) >= 8
        for item in drawing.vectors.texts:
            for line in item.lines:
                assert " ".join(line.split()) in words, line
        # Landscape, the frame's full width (at least 15 cm), as tall as the seed's PNG.
        width = float(page.mediabox.width) - 144
        assert abs(drawing.width - width) < 1 and drawing.width / 72 * 2.54 >= 15
        assert drawing.vectors.width == drawing.width
        assert drawing.vectors.height < drawing.width


def test_changes_since_the_last_run_are_listed(tiny: Dataset, tmp_path: Path) -> None:
    history = WorkspaceRunHistory(open_workspace(tmp_path))
    first = analyse(tiny.filtered(as_of=date(2025, 3, 10)), GroupingParameters(), history=history)
    second = analyse(tiny, GroupingParameters(), history=history)
    assert first.run is not None
    baseline = Baseline(history.get(first.run.run_id), None, named_run=True)
    report = change_report(second.dataset, second.groups, baseline, [])
    assert report.changed  # the later records changed something
    path = write_briefing(second, tmp_path / "c.pdf", changes=report)
    last = " ".join(page_texts(path)[-1].split())
    assert f"Compared with run {first.run.run_id}" in last
    for change in report.changed:
        assert change.heading() in last


def test_pack_writes_the_briefing_and_no_pdf_leaves_it_out(tiny_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    with_pdf = runner.invoke(
        app, ["pack", str(tiny_dir), "--out", str(tmp_path / "p"), "--no-record", "--no-docx"]
    )
    assert with_pdf.exit_code == 0, with_pdf.output
    # Cover, summary, the equality figures, three groups (each from a new page), the changes.
    texts = page_texts(tmp_path / "p" / "briefing.pdf")
    assert "Equality figures" in texts[2]
    assert len(by_group(texts)) == 3 and "Changes since the last meeting" in texts[-1]
    assert 'href="briefing.pdf"' in (tmp_path / "p" / "index.html").read_text("utf-8")
    without = runner.invoke(
        app,
        [
            "pack",
            str(tiny_dir),
            "--out",
            str(tmp_path / "q"),
            "--no-record",
            "--no-docx",
            "--no-pdf",
        ],
    )
    assert without.exit_code == 0, without.output
    assert not (tmp_path / "q" / "briefing.pdf").exists()
    assert "briefing.pdf" not in (tmp_path / "q" / "index.html").read_text("utf-8")
