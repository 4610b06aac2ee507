"""A group's drawing for print, as the Word seed and the briefing carry it: landscape, at least
15 cm wide and filled by the drawing, 150 dpi at its printed size, labels of 8 points that do
not overlap, the whole legend, and no marking bands of its own."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import docx
import matplotlib
import pytest
from docx.shared import Cm
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image, ImageChops

from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.profiles import profile_groups
from cs_peers.analysis.run import Analysis, analyse
from cs_peers.inputs.sample.shipped import borough_dataset
from cs_peers.outputs.assessment import SeedOptions, write_assessment_seed
from cs_peers.outputs.diagrams import DiagramOptions
from cs_peers.outputs.diagrams.group import group_scene
from cs_peers.outputs.diagrams.line_styles import line_styles
from cs_peers.outputs.diagrams.static_drawing import (
    PRINT_RC,
    DrawingContent,
    drawing_figure,
    print_drawing,
)
from cs_peers.outputs.diagrams.static_text import static_style

MARKING = "OFFICIAL-SENSITIVE"


@pytest.fixture(scope="module")
def borough() -> Analysis:
    return analyse(borough_dataset(), GroupingParameters(runs=3))


def contents(borough: Analysis) -> Iterator[tuple[str, DrawingContent]]:
    options = DiagramOptions(marking=MARKING, provenance=borough.provenance)
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
    [shape] = docx.Document(str(path)).inline_shapes
    assert shape.width >= Cm(15)
    assert shape.width > shape.height  # landscape
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


def _figure(content: DrawingContent, borough: Analysis) -> tuple[Figure, list[Text]]:
    with static_style(), matplotlib.rc_context(PRINT_RC):  # type: ignore[arg-type]
        fig = drawing_figure(content, line_styles(borough.dataset.vocabulary))
        FigureCanvasAgg(fig).draw()  # type: ignore[no-untyped-call]
    return fig, [t for t in fig.findobj(Text) if t.get_text().strip()]


def test_labels_are_8_points_inside_and_apart_and_no_marking(borough: Analysis) -> None:
    for group_id, content in contents(borough):
        fig, texts = _figure(content, borough)
        # Drawn at its printed size (1 point is 1 point on paper): 8 points or more.
        assert min(float(t.get_fontsize()) for t in texts) >= 8, group_id
        assert not any(MARKING in t.get_text() for t in texts), group_id
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        network = next(a for a in fig.axes if a.get_gid() == "network")
        area = network.get_window_extent(renderer)
        labels = [
            (t.get_text(), t.get_window_extent(renderer))
            for t in network.texts
            if t.get_text() not in ("", "★")
        ]
        assert len(labels) == len([n for n in content.nodes if n.get("label")])
        for text, box in labels:
            assert area.x0 - 0.5 <= box.x0 and box.x1 <= area.x1 + 0.5, (group_id, text)
            assert area.y0 - 0.5 <= box.y0 and box.y1 <= area.y1 + 0.5, (group_id, text)
        for (a, box_a), (b, box_b) in itertools.combinations(labels, 2):
            assert not box_a.overlaps(box_b), (group_id, a, b)


def test_the_whole_legend_is_drawn_however_long(borough: Analysis) -> None:
    _, content = next(contents(borough))
    many = [{"kind": "text", "text": f"entry number {i} of a long legend"} for i in range(40)]
    longer = replace(content, legend=[*content.legend, {"title": "Long", "entries": many}])
    _, texts = _figure(longer, borough)
    drawn = " ".join(t.get_text() for t in texts)
    assert "see the HTML" not in drawn
    for i in range(40):
        assert f"entry number {i} of" in drawn
    for section in content.legend:
        assert str(section["title"]) in drawn
