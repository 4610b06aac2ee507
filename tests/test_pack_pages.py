"""The pack's pages: shared assets, navigation, Level 2 context pages, colours, line styles."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest

from cs_peers.analysis.run import Analysis
from cs_peers.inputs.vocabulary import default_vocabulary
from cs_peers.outputs.diagrams.styles import spread_colors, type_words
from cs_peers.outputs.pack import PackOptions, build_pack
from cs_peers.safe_text import file_stem


@pytest.fixture
def demo(demo_analysis: Analysis, demo_pack: Path) -> tuple[Analysis, Path]:
    """Return the session's demo analysis and its default pack (Word seeds included)."""
    return demo_analysis, demo_pack


def html_pages(pack: Path) -> list[Path]:
    return sorted(pack.rglob("*.html"))


def test_shared_scripts_are_written_once_and_pages_load_them_by_relative_path(
    demo: tuple[Analysis, Path],
) -> None:
    _, pack = demo
    assert sorted(p.name for p in (pack / "assets").iterdir()) == [
        "diagram.css",
        "diagram.js",
        "swatches",
        "vis-network.css",
        "vis-network.min.js",
    ]
    for page in (pack / "diagrams").glob("*.html"):
        html = page.read_text("utf-8")
        assert '<script src="../assets/vis-network.min.js"></script>' in html
        assert "vis.Network(" not in html, f"{page.name} still inlines the drawing code"
        assert page.stat().st_size < 150_000, page.name
        csp = re.search(r'Content-Security-Policy" content="([^"]+)"', html)
        assert csp is not None
        script_src = re.search(r"script-src ([^;]+);", csp.group(1))
        assert script_src is not None and script_src.group(1) == "'self' file:"
        assert "connect-src 'none'" in csp.group(1) and "http" not in csp.group(1)
        # The only inline script is data (application/json), which no policy runs.
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert inline == [' id="cs-peers-data" type="application/x-cs-peers-gzip-base64"'], (
            page.name
        )


def test_legend_drawings_are_pictures_shared_by_every_page_of_the_pack(
    demo: tuple[Analysis, Path],
) -> None:
    _, pack = demo
    used: list[str] = []
    for page in [*(pack / "diagrams").glob("*.html"), *(pack / "contexts").glob("*.html")]:
        legend = re.search(
            r'<section class="legend">(.*?)</section>', page.read_text("utf-8"), re.S
        )
        assert legend is not None, page.name
        assert "<svg" not in legend.group(1), f"{page.name} draws its legend inline"
        found = re.findall(
            r'<span class="sw"><img src="../assets/(swatches/[0-9a-f]{12}\.svg)" alt="">',
            legend.group(1),
        )
        assert found, page.name
        used += found
    # Shared: far fewer files than uses, and each one a picture a browser can show on its own.
    assert len(set(used)) < len(used) / 3
    for name in set(used):
        root = ElementTree.parse(pack / "assets" / name).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg", name
        assert float(root.get("width", "0")) > 0 and len(root) >= 1, name


def test_every_link_in_the_pack_leads_to_a_file_of_the_pack(demo: tuple[Analysis, Path]) -> None:
    _, pack = demo
    for page in html_pages(pack):
        html = page.read_text("utf-8")
        hrefs = re.findall(r'(?:href|src)="([^"#]+)"', html)
        for href in hrefs:
            target = (page.parent / href).resolve()
            assert target.is_file(), f"{page.relative_to(pack)} links to missing {href}"
            assert pack.resolve() in target.parents


def test_every_page_links_back_to_the_index(demo: tuple[Analysis, Path]) -> None:
    _, pack = demo
    for page in html_pages(pack):
        if page.name == "index.html" and page.parent == pack:
            continue
        html = page.read_text("utf-8")
        nav = re.search(r'<nav class="cs-nav".*?</nav>', html, re.S)
        assert nav is not None, page.name
        index = [h for h in re.findall(r'href="([^"]+)"', nav.group(0)) if h.endswith("index.html")]
        assert index and (page.parent / index[0]).resolve() == (pack / "index.html").resolve()


def test_a_group_diagram_links_to_its_seeds_and_contexts_and_they_link_back(
    demo: tuple[Analysis, Path],
) -> None:
    _, pack = demo
    html = (pack / "diagrams" / "PG-0001.html").read_text("utf-8")
    nav = re.search(r'<nav class="cs-nav".*?</nav>', html, re.S)
    assert nav is not None
    hrefs = re.findall(r'href="([^"]+)"', nav.group(0))
    assert "../assessments/PG-0001-assessment.md" in hrefs
    assert "../assessments/PG-0001-assessment.docx" in hrefs
    contexts = [h for h in hrefs if h.startswith("../contexts/")]
    assert contexts
    for href in contexts:
        back = (pack / "diagrams" / href).read_text("utf-8")
        assert 'href="../diagrams/PG-0001.html"' in back


def test_schools_get_context_pages_with_the_window_stated_and_full_history_apart(
    demo: tuple[Analysis, Path],
) -> None:
    analysis, pack = demo
    contexts = analysis.dataset.contexts
    schools = contexts.loc[contexts["kind"] == "school", "id"].tolist()
    written = {p.stem for p in (pack / "contexts").glob("*.html")}
    stems = {file_stem(s): s for s in schools}
    assert set(stems) & written, "no school has a context page"
    html = (pack / "contexts" / f"{sorted(set(stems) & written)[0]}.html").read_text("utf-8")
    assert "<h2>In the window</h2>" in html and "<h2>Full history (all dates)</h2>" in html
    assert "the last 90 days of the data:" in html and "--context-window" in html
    assert 'data-cs-peers="context"' in html and "cs-network" in html


def test_the_context_window_can_be_changed(demo: tuple[Analysis, Path], tmp_path: Path) -> None:
    analysis, _ = demo
    # A pack of its own: the shared one has the default window.
    pack = build_pack(
        analysis, tmp_path / "p", options=PackOptions(docx=False, pdf=False, context_window_days=30)
    )
    html = next((pack / "contexts").glob("LC*.html")).read_text("utf-8")
    assert "the last 30 days of the data:" in html


def test_generated_at_is_the_time_of_the_run_not_of_the_data(demo: tuple[Analysis, Path]) -> None:
    analysis, _ = demo
    assert analysis.provenance is not None
    stamped = datetime.fromisoformat(analysis.provenance.generated_at)
    assert abs((datetime.now(UTC) - stamped).total_seconds()) < 3600
    assert analysis.provenance.generated_at != analysis.dataset.recorded_until()


def test_peer_types_differ_in_colour_line_style_and_wording() -> None:
    vocab = default_vocabulary()
    peer = [vocab[n] for n in vocab.names(category="peer")]
    for i, a in enumerate(peer):
        for b in peer[i + 1 :]:
            assert a.color != b.color, (a.name, b.name)
            assert (a.dashes, a.dash_pattern) != (b.dashes, b.dash_pattern) or a.width != b.width, (
                a.name,
                b.name,
            )
    styles = [(t.color, t.dashes, t.dash_pattern, t.width) for t in vocab.types.values()]
    assert len(set(styles)) == len(styles), "two types are drawn alike"
    words = [type_words(t.name, t.description) for t in vocab.types.values()]
    assert len(set(words)) == len(words)
    for w in words:
        name, _, description = w.partition(" — ")
        assert name != description, w


def test_linked_groups_never_share_a_colour() -> None:
    ids = [f"PG-{i:04d}" for i in range(1, 30)]
    # PG-0001 and PG-0008 have the same usual colour (7 colours); link them and a ring.
    links = [("PG-0001", "PG-0008"), *((ids[i], ids[(i + 7) % len(ids)]) for i in range(len(ids)))]
    colors = spread_colors(ids, links)
    for a, b in links:
        assert colors[a] != colors[b], (a, b)
    # Unlinked groups keep their usual colour.
    assert spread_colors(["PG-0001", "PG-0008"], [])["PG-0008"] == colors["PG-0001"]
