"""Word seeds fit for a UK office: A4, marked header and footer, the diagram as a picture,
content controls for what a practitioner fills in."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm

from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.profiles import GroupProfile, profile_groups
from cs_peers.analysis.provenance import Provenance
from cs_peers.analysis.run import analyse
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.assessment import (
    PLACEHOLDER,
    SeedOptions,
    assessment_markdown,
    write_assessment_seed,
)
from cs_peers.outputs.diagrams import DiagramOptions
from cs_peers.outputs.diagrams.group import group_scene
from cs_peers.outputs.diagrams.static import DrawingContent, PrintDrawing, print_drawing
from cs_peers.outputs.diagrams.styles import line_styles

MARKING = "OFFICIAL-SENSITIVE"


def _length(value: Length | None) -> Length:
    """Return a length the document sets (python-docx types an unset one as None)."""
    assert value is not None
    return value


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[GroupProfile, Path, PrintDrawing]:
    from tiny_data import write_tiny_dataset

    from cs_peers.inputs.source import load_dataset

    folder = tmp_path_factory.mktemp("word")
    dataset: Dataset = load_dataset(write_tiny_dataset(folder / "tiny"))
    analysis = analyse(dataset, GroupingParameters())
    profile = next(profile_groups(dataset, analysis.groups))
    options = DiagramOptions(provenance=analysis.shown_provenance())
    drawing = print_drawing(
        DrawingContent.of(group_scene(dataset, profile, options=options)),
        line_styles(dataset.vocabulary),
    )
    _, path = write_assessment_seed(
        profile, folder, options=SeedOptions(provenance=analysis.provenance), diagram=drawing
    )
    return profile, path, drawing


def test_the_page_is_a4_with_uk_margins(seeded: tuple[GroupProfile, Path, PrintDrawing]) -> None:
    for section in docx.Document(str(seeded[1])).sections:
        # Word keeps lengths in twentieths of a point, so they come back within a hair.
        assert abs(_length(section.page_width) - Mm(210)) < Mm(0.05)
        assert abs(_length(section.page_height) - Mm(297)) < Mm(0.05)
        for margin in ("left", "right", "top", "bottom"):
            assert abs(getattr(section, f"{margin}_margin") - Cm(2.54)) < Mm(0.05)


def test_the_marking_is_in_the_header_and_footer(
    seeded: tuple[GroupProfile, Path, PrintDrawing],
) -> None:
    document = docx.Document(str(seeded[1]))
    for section in document.sections:
        assert [p.text for p in section.header.paragraphs] == [MARKING]
        assert [p.text for p in section.footer.paragraphs] == [MARKING]
        assert not section.different_first_page_header_footer


def test_the_diagram_is_an_inline_picture_that_fits_the_page(
    seeded: tuple[GroupProfile, Path, PrintDrawing],
) -> None:
    document = docx.Document(str(seeded[1]))
    shapes = document.inline_shapes
    drawing = seeded[2]
    # The drawing, then one swatch beside each legend entry that has one.
    swatched = [p for column in drawing.legend for p in column if p.swatch is not None]
    assert len(shapes) == 1 + len(swatched)
    section = document.sections[0]
    room = (
        _length(section.page_width) - _length(section.left_margin) - _length(section.right_margin)
    )
    assert shapes[0].width <= room
    part = document.part.related_parts[
        shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    ]
    assert part.blob == seeded[2].png
    for shape in list(shapes)[1:]:
        swatch = document.part.related_parts[
            shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        ]
        assert swatch.blob == drawing.swatches
    headings = [
        p.text for p in document.paragraphs if p.style and p.style.name.startswith("Heading")
    ]
    assert headings.index("Diagram of the candidate group") < headings.index(
        "Young people in this candidate group"
    )


def test_without_a_diagram_there_is_no_picture(
    seeded: tuple[GroupProfile, Path, PrintDrawing], tmp_path: Path
) -> None:
    _, path = write_assessment_seed(seeded[0], tmp_path, options=SeedOptions())
    assert len(docx.Document(str(path)).inline_shapes) == 0


def test_every_blank_is_a_content_control(seeded: tuple[GroupProfile, Path, PrintDrawing]) -> None:
    profile, path, _ = seeded
    body = docx.Document(str(path)).element.body
    controls = body.findall(".//" + qn("w:sdt"))
    aliases = [c.find(qn("w:sdtPr")).find(qn("w:alias")).get(qn("w:val")) for c in controls]
    for field in ("Purpose of this assessment", "Lead practitioner (owner)", "Review date"):
        assert field in aliases
    for control in controls:
        content = control.find(qn("w:sdtContent"))
        assert "".join(t.text or "" for t in content.iter(qn("w:t"))) == PLACEHOLDER
        assert control.find(qn("w:sdtPr")).find(qn("w:showingPlcHdr")) is not None
    dates = [
        alias
        for alias, c in zip(aliases, controls, strict=True)
        if c.find(qn("w:sdtPr")).find(qn("w:date")) is not None
    ]
    assert dates == ["Date of assessment", "Review date"]
    picker = controls[aliases.index("Review date")].find(qn("w:sdtPr")).find(qn("w:date"))
    assert picker.find(qn("w:dateFormat")).get(qn("w:val")) == "dd/MM/yyyy"
    assert picker.find(qn("w:lid")).get(qn("w:val")) == "en-GB"
    ids = [c.find(qn("w:sdtPr")).find(qn("w:id")).get(qn("w:val")) for c in controls]
    assert len(set(ids)) == len(ids)
    # Outside the controls, "[to complete]" is left only where a sentence talks about it.
    markdown = assessment_markdown(profile, options=SeedOptions())
    outside = "".join(
        t.text or ""
        for t in body.iter(qn("w:t"))
        if not any(a.tag == qn("w:sdtContent") for a in t.iterancestors())
    )
    sentences = markdown.count(f"every {PLACEHOLDER}")
    assert outside.count(PLACEHOLDER) == sentences == 1
    assert len(controls) == markdown.count(PLACEHOLDER) - sentences


def test_the_document_is_in_british_english(
    seeded: tuple[GroupProfile, Path, PrintDrawing],
) -> None:
    styles = docx.Document(str(seeded[1])).styles.element
    lang = (
        styles.find(qn("w:docDefaults"))
        .find(qn("w:rPrDefault"))
        .find(qn("w:rPr"))
        .find(qn("w:lang"))
    )
    assert lang.get(qn("w:val")) == "en-GB"


def test_equal_inputs_give_equal_documents(
    seeded: tuple[GroupProfile, Path, PrintDrawing], tmp_path: Path
) -> None:
    profile, _, drawing = seeded
    provenance = Provenance(generated_at="2026-11-01T10:00:00")
    a = write_assessment_seed(
        profile, tmp_path / "a", options=SeedOptions(provenance=provenance), diagram=drawing
    )
    b = write_assessment_seed(
        profile, tmp_path / "b", options=SeedOptions(provenance=provenance), diagram=drawing
    )
    assert a[1].read_bytes() == b[1].read_bytes()
