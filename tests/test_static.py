"""Static exports (PNG, SVG, PDF): they open, are not blank, are marked top and bottom, keep
names hidden, draw strengths distinctly, and lay their text out without overlaps."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import numpy as np
import pypdf
import pytest
from cs_peers.cli.app import app
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.image import imread
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from typer.testing import CliRunner

from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.profiles import profile_groups
from cs_peers.analysis.run import Analysis, analyse
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.sample.generate import borough_dataset
from cs_peers.inputs.vocabulary import Vocabulary, default_vocabulary
from cs_peers.outputs.diagrams import DiagramOptions, group_colors
from cs_peers.outputs.diagrams._overview import overview_scene
from cs_peers.outputs.diagrams._static_legend import static_style
from cs_peers.outputs.diagrams.export import parse_formats, write_diagrams
from cs_peers.outputs.diagrams.group import group_scene
from cs_peers.outputs.diagrams.scene import Scene
from cs_peers.outputs.diagrams.static import LANDSCAPE, PORTRAIT, PageShape, _page, export_scene
from cs_peers.outputs.diagrams.styles import line_styles

MARKING = "OFFICIAL-SENSITIVE"
FURNITURE = ("marking", "title", "summary", "caveat", "legend", "provenance")


@pytest.fixture(scope="module")
def borough() -> Analysis:
    return analyse(borough_dataset(), GroupingParameters())


@pytest.fixture(scope="module")
def exported(borough: Analysis, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("static")
    options = DiagramOptions(provenance=borough.shown_provenance())
    write_diagrams(
        borough.dataset,
        borough.groups,
        out,
        formats=["png", "svg", "pdf"],
        options=options,
        group_ids=["PG-0001"],
    )
    return out


def scene_of(analysis: Analysis, group_id: str, options: DiagramOptions) -> Scene:
    dataset = analysis.dataset
    profile = next(profile_groups(dataset, analysis.groups, group_ids=[group_id]))
    color = group_colors([group_id])[group_id]
    return group_scene(dataset, profile, options=options, color=color)


def pdf_lines(path: Path) -> list[tuple[str, float]]:
    """Return each text run of the first page with its height on the page (0 bottom, 1 top)."""
    page = pypdf.PdfReader(path).pages[0]
    height = float(page.mediabox.height)
    found: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            found.append((text.strip(), (tm[5] * cm[3] + cm[5]) / height))

    page.extract_text(visitor_text=visit)
    return found


def text_boxes(fig: Figure) -> list[tuple[str, Bbox, Text]]:
    renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]  # untyped in matplotlib
    return [
        (str(t.get_gid()), t.get_window_extent(renderer), t)
        for t in fig.texts
        if t.get_gid() in FURNITURE and t.get_text().strip()
    ]


# ---------------------------------------------------------------------------------------------
# Files open and show something


def test_the_formats_asked_for_are_written(exported: Path) -> None:
    names = sorted(p.name for p in exported.iterdir())
    assert names == [
        f"{stem}.{ext}" for stem in ("PG-0001", "overview") for ext in ("pdf", "png", "svg")
    ]


def test_png_is_an_a4_landscape_picture_that_is_not_blank(exported: Path) -> None:
    for name in ("PG-0001.png", "overview.png"):
        pixels = imread(exported / name)
        height, width = pixels.shape[:2]
        assert abs(width / height - 297 / 210) < 0.01
        assert width >= 2000
        grey = pixels[..., :3].mean(axis=2)
        assert grey.std() > 0.05
        # The middle of the page, where the network is, has ink too.
        middle = grey[height // 4 : 3 * height // 4, width // 8 : 5 * width // 8]
        assert (middle < 0.8).mean() > 0.005


def test_svg_keeps_its_text_and_the_marking_twice(exported: Path) -> None:
    root = ET.parse(exported / "PG-0001.svg").getroot()
    texts = ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts.count(MARKING) == 2
    assert any("candidate peer group for practitioners to check" in t for t in texts)
    assert any(t.startswith("data fingerprint:") for t in texts)


def test_pdf_is_one_a4_page_marked_at_top_and_bottom(exported: Path) -> None:
    for name in ("PG-0001.pdf", "overview.pdf"):
        reader = pypdf.PdfReader(exported / name)
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (842, 595)
        heights = [h for text, h in pdf_lines(exported / name) if text == MARKING]
        assert len(heights) == 2
        assert max(heights) > 0.93 and min(heights) < 0.07
        text = " ".join(reader.pages[0].extract_text().split())
        assert "Provenance" in text
        assert "not behaviour, importance or risk" in text


def test_static_files_are_the_same_for_the_same_data(borough: Analysis, tmp_path: Path) -> None:
    options = DiagramOptions(provenance=borough.shown_provenance())
    scene = scene_of(borough, "PG-0002", options)
    first = export_scene(
        scene, tmp_path / "a", ["svg", "pdf"], dataset=borough.dataset, options=options
    )
    second = export_scene(
        scene, tmp_path / "b", ["svg", "pdf"], dataset=borough.dataset, options=options
    )
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()


# ---------------------------------------------------------------------------------------------
# Layout: nothing overlaps


@pytest.mark.parametrize("shape", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
@pytest.mark.parametrize("which", ["PG-0001", "PG-0003", "overview"])
def test_no_two_text_boxes_overlap(borough: Analysis, shape: PageShape, which: str) -> None:
    options = DiagramOptions(provenance=borough.shown_provenance())
    if which == "overview":
        scene = overview_scene(borough.dataset, borough.groups, options=options)
    else:
        scene = scene_of(borough, which, options)
    with static_style():
        fig = _page(scene, borough.dataset, options, shape)
        boxes = text_boxes(fig)
        renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]  # untyped in matplotlib
        axes = next(a for a in fig.axes if a.get_gid() == "network")
        network = axes.get_window_extent(renderer)
        labels = [(t.get_text(), t.get_window_extent(renderer)) for t in axes.texts]
    page = Bbox.from_bounds(0, 0, shape.width, shape.height)
    assert {kind for kind, _, _ in boxes} == set(FURNITURE)
    for kind, box, text in boxes:
        assert page.containsx(box.x0) and page.containsx(box.x1), (kind, text.get_text())
        assert page.containsy(box.y0) and page.containsy(box.y1), (kind, text.get_text())
        assert not box.overlaps(network), (kind, text.get_text())
    for (ka, a, ta), (kb, b, tb) in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (ka, ta.get_text()[:40], kb, tb.get_text()[:40])
    # Labels on the network stay inside its box, off the legend and the provenance.
    for label, box in labels:
        assert network.x0 - 0.5 <= box.x0 and box.x1 <= network.x1 + 0.5, label
        assert network.y0 - 0.5 <= box.y0 and box.y1 <= network.y1 + 0.5, label


def test_a_long_legend_is_cut_to_fit_and_says_so(borough: Analysis) -> None:
    options = DiagramOptions()
    scene = scene_of(borough, "PG-0001", options)
    many = [{"kind": "text", "text": f"entry number {i} of a very long legend"} for i in range(300)]
    scene = replace(scene, legend=[*scene.legend, {"title": "Very long", "entries": many}])
    with static_style():
        fig = _page(scene, borough.dataset, options, PORTRAIT)
        boxes = text_boxes(fig)
    legend = " ".join(t.get_text() for kind, _, t in boxes if kind == "legend")
    assert "more: see the HTML diagram" in legend
    assert "entry number 0 " in legend and "entry number 299 " not in legend
    for (_, a, _), (_, b, _) in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


# ---------------------------------------------------------------------------------------------
# What is drawn


def test_names_are_hidden_unless_asked_for(tiny_dir: Path, tiny: Dataset, tmp_path: Path) -> None:
    analysis = analyse(tiny, GroupingParameters())
    hidden = write_diagrams(
        tiny, analysis.groups, tmp_path / "h", formats=["pdf"], options=DiagramOptions()
    )
    shown = write_diagrams(
        tiny,
        analysis.groups,
        tmp_path / "s",
        formats=["pdf"],
        options=DiagramOptions(reveal_names=True),
    )
    hidden_text = " ".join(pypdf.PdfReader(p).pages[0].extract_text() for p in hidden)
    shown_text = " ".join(pypdf.PdfReader(p).pages[0].extract_text() for p in shown)
    assert "Fictional Name" not in hidden_text and "P10" in hidden_text
    assert "Fictional Name 10" in shown_text


def test_trusted_adults_are_green_stars(tiny: Dataset) -> None:
    analysis = analyse(tiny, GroupingParameters())
    scene = scene_of(
        analysis,
        next(
            str(g)
            for g, p in zip(
                analysis.groups.memberships["group_id"],
                analysis.groups.memberships["person_id"],
                strict=True,
            )
            if p == "YP10"
        ),
        DiagramOptions(),
    )
    with static_style():
        fig = _page(scene, tiny, DiagramOptions(), LANDSCAPE)
    network = next(a for a in fig.axes if a.get_gid() == "network")
    green = np.array([0x1B, 0x8A, 0x4B]) / 255
    stars = [
        c
        for c in network.collections
        if isinstance(c, PathCollection)
        and len(np.asarray(c.get_paths()[0].vertices)) == 11  # a 5-point star
    ]
    assert stars, "no star drawn"
    assert np.allclose(np.asarray(stars[0].get_facecolor())[0][:3], green, atol=0.01)
    labels = [t.get_text() for t in network.texts]
    assert "Coach K" in labels and "★" in labels


def test_every_type_has_its_own_colour_and_pattern() -> None:
    styles = line_styles(default_vocabulary())
    assert len({s.color for s in styles.values()}) == len(styles)
    assert len({s.dashes for s in styles.values()}) == len(styles)
    assert styles["friend"].dashes == ()  # the commonest tie stays a plain line
    assert styles["protective_peer"].color == default_vocabulary()["protective_peer"].color


def test_a_vocabulary_of_one_colour_still_gets_distinct_styles() -> None:
    vocab = default_vocabulary()
    same = Vocabulary(
        {n: replace(t, color="#3566a8", dashes=False) for n, t in vocab.types.items()},
        vocab.confidence,
    )
    styles = line_styles(same)
    assert len({s.color for s in styles.values()}) == len(styles)
    assert len({s.dashes for s in styles.values()}) == len(styles)


def test_the_legend_names_each_drawn_type_once_in_its_own_style(borough: Analysis) -> None:
    options = DiagramOptions()
    scene = scene_of(borough, "PG-0001", options)
    drawn = {e["association_type"] for e in scene.network.edges}
    entries = [e for s in scene.legend for e in s["entries"] if e.get("association_type") in drawn]
    assert {e["association_type"] for e in entries} >= drawn - {"trusted_adult"}
    with static_style():
        fig = _page(scene, borough.dataset, options, LANDSCAPE)
    legend = [t.get_text() for t in fig.texts if t.get_gid() == "legend"]
    assert any(t.startswith("seen together") and t.count("seen together") == 1 for t in legend)
    swatches = {a.get_color() for a in fig.artists if isinstance(a, Line2D)}
    styles = line_styles(borough.dataset.vocabulary)
    for name in drawn - {"trusted_adult"}:
        assert styles[name].color in swatches, name
    # The lines on the network are drawn in the same colours as their swatches.
    network = next(a for a in fig.axes if a.get_gid() == "network")
    line_colors = {
        "#" + "".join(f"{round(v * 255):02x}" for v in np.asarray(c.get_color())[0][:3])
        for c in network.collections
        if isinstance(c, LineCollection)
    }
    assert {styles[name].color for name in drawn} <= line_colors


# ---------------------------------------------------------------------------------------------
# The command


def test_render_writes_each_format(tiny_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "d"
    result = CliRunner().invoke(
        app, ["render", str(tiny_dir), "--out", str(out), "--format", "png,pdf", "--no-record"]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir() if p.name != ".cs-peers-output")
    assert names == sorted(
        f"{stem}.{ext}"
        for stem in ("PG-0001", "PG-0002", "PG-0003", "overview")
        for ext in ("pdf", "png")
    )
    assert "as png, pdf" in result.output


def test_render_refuses_an_unknown_format(tiny_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["render", str(tiny_dir), "--out", str(tmp_path / "d"), "--format", "html,gif"]
    )
    assert result.exit_code == 2
    assert "unknown format 'gif'; choose from html, png, svg, pdf" in result.output
    assert not (tmp_path / "d").exists()


def test_parse_formats_needs_one() -> None:
    with pytest.raises(ValueError, match="at least one format"):
        parse_formats(" , ")
