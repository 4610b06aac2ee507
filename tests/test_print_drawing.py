"""A group's drawing for print, as the Word seed and the briefing carry it: landscape, at least
15 cm wide and filled by the drawing, 150 dpi at its printed size, labels of 8 points that do
not overlap, the whole legend, and no marking bands of its own."""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import docx
import matplotlib
import pytest
from docx.shared import Cm
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image, ImageChops

from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.profiles import profile_groups
from cs_peers.analysis.run import Analysis, analyse
from cs_peers.inputs.sample.generate import borough_dataset
from cs_peers.outputs.assessment import SeedOptions, write_assessment_seed
from cs_peers.outputs.diagrams import DiagramOptions
from cs_peers.outputs.diagrams._static_legend import (
    TextItem,
    static_style,
    text_height,
    text_width,
)
from cs_peers.outputs.diagrams.group import group_scene
from cs_peers.outputs.diagrams.static import (
    PRINT_RC,
    DrawingContent,
    drawing_figure,
    print_drawing,
)
from cs_peers.outputs.diagrams.styles import line_styles

MARKING = "OFFICIAL-SENSITIVE"


@pytest.fixture(scope="module")
def borough() -> Analysis:
    return analyse(borough_dataset(), GroupingParameters(runs=3))


def contents(borough: Analysis) -> Iterator[tuple[str, DrawingContent]]:
    options = DiagramOptions(marking=MARKING, provenance=borough.shown_provenance())
    for profile in profile_groups(borough.dataset, borough.groups):
        scene = group_scene(borough.dataset, profile, options=options)
        yield profile.group_id, DrawingContent.of(scene)


def test_the_word_seed_picture_is_landscape_wide_and_filled(
    borough: Analysis, tmp_path: Path
) -> None:
    styles = line_styles(borough.dataset.vocabulary)
    profile = next(profile_groups(borough.dataset, borough.groups))
    _, content = next(contents(borough))
    drawing = print_drawing(content, styles)
    _, path = write_assessment_seed(
        profile, tmp_path, options=SeedOptions(marking=MARKING), diagram=drawing
    )
    document = docx.Document(str(path))
    shape = document.inline_shapes[0]
    assert shape.width >= Cm(15)
    assert shape.width > shape.height  # landscape
    assert drawing.png is not None
    picture = Image.open(io.BytesIO(drawing.png))
    # At least 150 dots per inch at the size Word prints it.
    assert picture.width / (shape.width / 914400) >= 150
    assert picture.height / (shape.height / 914400) >= 150
    # The drawing fills the picture: what is not white spans nearly all of it both ways.
    rgb = picture.convert("RGB")
    box = ImageChops.difference(rgb, Image.new("RGB", rgb.size, "white")).getbbox()
    assert box is not None
    left, top, right, bottom = box
    assert (right - left) / rgb.width > 0.9 and (bottom - top) / rgb.height > 0.9
    # The whole legend is set under it as text, at 8 points or more, with nothing cut.
    first = drawing.legend[0][0]
    [table] = [
        t for t in document.tables if t._cells[0].paragraphs[0].text == (first.title or first.text)
    ]
    cells = [p for c in table._cells for p in c.paragraphs]
    words = {p.text.strip(): p for p in cells}
    for column in drawing.legend:
        for piece in column:
            wanted = piece.title or piece.text
            assert wanted in words, wanted
            sizes = [r.font.size for r in words[wanted].runs if r.text.strip()]
            assert sizes and all(size is not None and size.pt >= 8 for size in sizes), wanted
    assert not [p for p in cells if "see the HTML" in p.text]
    legend = [p for column in drawing.legend for p in column]
    assert {p.title for p in legend if p.title} == {str(s["title"]) for s in content.legend}


def _figure(content: DrawingContent, borough: Analysis) -> tuple[Figure, list[TextItem]]:
    with static_style(), matplotlib.rc_context(PRINT_RC):  # type: ignore[arg-type]
        return drawing_figure(content, line_styles(borough.dataset.vocabulary))


def _box(item: TextItem) -> Bbox:
    """Return where a text goes on the page, in points, as the layout measured it."""
    width = max(text_width(line, item.size, item.weight, item.style) for line in item.lines)
    left = item.x - width / 2 if item.align == "center" else item.x
    height = text_height(len(item.lines), item.size)
    return Bbox.from_bounds(left, item.y_top - height, width, height)


def test_labels_are_8_points_inside_and_apart_and_no_marking(borough: Analysis) -> None:
    for group_id, content in contents(borough):
        fig, texts = _figure(content, borough)
        # Drawn at its printed size (1 point is 1 point on paper): 8 points or more.
        assert min(t.size for t in texts) >= 8, group_id
        assert not any(MARKING in line for t in texts for line in t.lines), group_id
        assert not [t for t in fig.findobj(Text) if t.get_text().strip() not in ("", "★")]
        width, height = fig.get_size_inches() * 72
        network = next(a for a in fig.axes if a.get_gid() == "network")
        x0, y0, w, h = network.get_position().bounds
        area = Bbox.from_bounds(x0 * width, y0 * height, w * width, h * height)
        labels = [(t.lines, _box(t)) for t in texts if t.halo]
        assert len(labels) == len([n for n in content.nodes if n.get("label")])
        for lines, box in labels:
            assert area.x0 - 0.5 <= box.x0 and box.x1 <= area.x1 + 0.5, (group_id, lines)
            assert area.y0 - 0.5 <= box.y0 and box.y1 <= area.y1 + 0.5, (group_id, lines)
        for (a, box_a), (b, box_b) in itertools.combinations(labels, 2):
            assert not box_a.overlaps(box_b), (group_id, a, b)


def test_the_whole_legend_is_drawn_however_long(borough: Analysis) -> None:
    _, content = next(contents(borough))
    many = [{"kind": "text", "text": f"entry number {i} of a long legend"} for i in range(40)]
    longer = replace(content, legend=[*content.legend, {"title": "Long", "entries": many}])
    _, texts = _figure(longer, borough)
    drawn = " ".join(" ".join(t.lines) for t in texts)
    assert "see the HTML" not in drawn
    for i in range(40):
        assert f"entry number {i} of" in drawn
    for section in content.legend:
        assert str(section["title"]) in drawn


def test_the_briefings_copy_is_the_same_figure_in_vectors(borough: Analysis) -> None:
    styles = line_styles(borough.dataset.vocabulary)
    for group_id, content in itertools.islice(contents(borough), 3):
        drawing = print_drawing(content, styles)
        vectors = drawing.vectors
        assert vectors is not None, group_id
        # Made without the PNG, it is the same; the same input gives the same operators.
        assert print_drawing(content, styles, png=False).vectors == vectors
        assert print_drawing(content, styles, vectors=False).vectors is None
        # As wide as the seed's picture; taller, as its legend is drawn under the network...
        assert vectors.width == drawing.width
        assert drawing.height < vectors.height < vectors.width
        # ...the same words at the same places...
        _, texts = _figure(content, borough)
        assert vectors.texts == tuple(texts)
        # ...and a filled shape for every node.
        paths = [m for m in vectors.marks if isinstance(m, str)]
        filled = [m for m in paths if m.endswith((" f", " B"))]
        assert len(filled) >= len([n for n in content.nodes if n.get("shape") != "text"])
        # Nothing is drawn outside the picture.
        for mark in paths:
            for x, y in re.findall(r"(-?[\d.]+) (-?[\d.]+) [mlc]\b", mark):
                assert -1 <= float(x) <= vectors.width + 1, (group_id, mark)
                assert -1 <= float(y) <= vectors.height + 1, (group_id, mark)
