"""Pack pages printed (A4, Chromium's own PDF) and projected (1920x1080), network blocked."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any, Literal

import pypdf
import pytest
from browsing import MARK, OfflineBrowser, assert_drawn_offline
from markupsafe import escape

from cs_peers.outputs._templating import css_string
from cs_peers.safe_text import file_stem

pytestmark = pytest.mark.browser

A4_SHORT, A4_LONG = 595, 842  # points


@pytest.fixture
def pack(demo_pack: Path) -> Path:
    return demo_pack


def printed(offline: OfflineBrowser, path: Path) -> pypdf.PdfReader:
    """Return the PDF Chromium prints of ``path`` (its own CSS page size), opened."""
    offline.goto(path)
    data = offline.page.pdf(print_background=True, prefer_css_page_size=True)
    assert offline.attempted == [] and offline.problems == [], (offline.attempted, offline.problems)
    return pypdf.PdfReader(io.BytesIO(data))


def page_texts(pdf: pypdf.PdfReader) -> list[str]:
    return [p.extract_text() or "" for p in pdf.pages]


CASES = [
    # page, orientation, fewest pages, most pages
    ("index.html", "portrait", 1, 2),
    ("summary.html", "portrait", 1, 2),
    ("since-last-meeting.html", "portrait", 1, 2),
    ("diagrams/overview.html", "landscape", 2, 2),
    # The diagram, then the legend and the group's story, then the rest of the story and the
    # provenance.
    ("diagrams/PG-0001.html", "landscape", 3, 3),
    # 14 members and many recorded strengths (listed in the legend's box and in the story).
    ("diagrams/PG-0003.html", "landscape", 3, 4),
    (f"contexts/{file_stem('LC01')}.html", "landscape", 2, 3),
    (f"contexts/{file_stem('SC01')}.html", "landscape", 2, 4),
]


@pytest.mark.parametrize(("name", "orientation", "fewest", "most"), CASES)
def test_every_kind_of_page_prints_on_a4_marked_top_and_bottom_of_every_page(
    offline: OfflineBrowser, pack: Path, name: str, orientation: str, fewest: int, most: int
) -> None:
    pdf = printed(offline, pack / name)
    assert fewest <= len(pdf.pages) <= most, f"{name}: {len(pdf.pages)} pages"
    for number, (page, text) in enumerate(zip(pdf.pages, page_texts(pdf), strict=True), 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        size = (A4_SHORT, A4_LONG) if orientation == "portrait" else (A4_LONG, A4_SHORT)
        assert (round(width), round(height)) == size, (name, number, width, height)
        assert text.count(MARK) >= 2, f"{name} page {number} lacks the marking top and bottom"
        # No nearly blank continuation page: real content besides the marking and page number.
        rest = text.replace(MARK, "").replace(f"{number} / {len(pdf.pages)}", "").strip()
        assert number == 1 or len(rest) > 150, f"{name} page {number} is nearly blank: {rest!r}"


def test_a_marking_with_signs_prints_word_for_word_in_the_margins(
    offline: OfflineBrowser, pack: Path, tmp_path: Path
) -> None:
    # A page's marking travels as a CSS string; an escape once ate the space after "·", so
    # every printed page read "·for: meeting". The page as cs-peers writes it, another marking.
    marking = 'OFFICIAL-SENSITIVE · for: meeting "A&B" </style>'
    shutil.copytree(pack / "assets", tmp_path / "assets")
    page = tmp_path / "diagrams" / "PG-0001.html"
    page.parent.mkdir()
    html = (pack / "diagrams" / "PG-0001.html").read_text("utf-8")
    given = f'--cs-marking: &quot;{escape(css_string(MARK))}&quot;"'
    assert given in html
    page.write_text(
        html.replace(given, f'--cs-marking: &quot;{escape(css_string(marking))}&quot;"'), "utf-8"
    )
    for number, text in enumerate(page_texts(printed(offline, page)), 1):
        assert " ".join(text.split()).count(marking) >= 2, (number, text[:200])


def test_the_printed_diagram_fills_the_page_and_the_legend_and_story_follow_it(
    offline: OfflineBrowser, pack: Path
) -> None:
    pdf = printed(offline, pack / "diagrams" / "PG-0001.html")
    texts = page_texts(pdf)
    first, second = texts[:2]
    assert "Candidate peer group PG-0001" in first
    assert "How strengths are drawn" in second
    assert "How strengths are drawn" not in first
    # The group's story follows the legend; the provenance closes the page.
    assert "What is recorded about PG-0001" in second
    assert "Provenance" in texts[-1]


def boxes(offline: OfflineBrowser, selector: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = offline.evaluate(
        f"""Array.from(document.querySelectorAll({selector!r})).map(e => {{
          const r = e.getBoundingClientRect();
          return {{x: r.left, y: r.top + window.scrollY, w: r.width, h: r.height,
                   t: e.textContent.slice(0, 40)}};
        }}).filter(b => b.w > 0 && b.h > 0)"""
    )
    return found


def overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(
        a["x"] < b["x"] + b["w"] - 0.5
        and b["x"] < a["x"] + a["w"] - 0.5
        and a["y"] < b["y"] + b["h"] - 0.5
        and b["y"] < a["y"] + a["h"] - 0.5
    )


@pytest.mark.parametrize("media", ["screen", "print"])
def test_legend_and_provenance_text_never_overlap(
    offline: OfflineBrowser, pack: Path, media: Literal["screen", "print"]
) -> None:
    offline.page.emulate_media(media=media)
    for name in (
        "diagrams/PG-0001.html",
        "diagrams/overview.html",
        f"contexts/{file_stem('SC01')}.html",
    ):
        page = offline.open(pack / name, screenshot=False)
        assert_drawn_offline(page)
        legend = boxes(offline, "aside li, aside h2, aside p")
        provenance = boxes(offline, "footer dt, footer dd, footer h2")
        canvas = boxes(offline, "#cs-network")
        assert legend and provenance and canvas
        clashes = [(a["t"], p["t"]) for a in legend for p in provenance if overlap(a, p)]
        assert clashes == [], (name, media, clashes[:5])
        under = [a["t"] for a in legend + provenance if overlap(a, canvas[0])]
        assert under == [], (name, media, under[:5])


LABELS = """(() => {
  const net = window.csPeers.network;
  const scale = net.getScale();
  const out = [];
  for (const id of net.body.nodeIndices) {
    const node = net.body.nodes[id];
    if (!node.options.label) continue;
    const s = node.labelModule.size;
    out.push({id: id, px: node.options.font.size * scale, label: node.options.label,
              x: s.left, y: s.top, w: s.width, h: s.height});
  }
  const clashes = [];
  for (let i = 0; i < out.length; i++) for (let j = i + 1; j < out.length; j++) {
    const a = out[i], b = out[j];
    if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
      clashes.push([a.label, b.label]);
  }
  return {scale: scale, labels: out, clashes: clashes};
})()"""


@pytest.mark.parametrize(
    "name",
    [
        "diagrams/PG-0001.html",
        "diagrams/PG-0003.html",
        "diagrams/overview.html",
        f"contexts/{file_stem('LC01')}.html",
    ],
)
def test_labels_are_at_least_14_px_at_fit_on_a_1920x1080_projector_and_never_overlap(
    offline: OfflineBrowser, pack: Path, name: str
) -> None:
    offline.page.set_viewport_size({"width": 1920, "height": 1080})
    page = offline.open(pack / name, screenshot=False)
    assert_drawn_offline(page)
    found = offline.evaluate(LABELS)
    assert found["labels"]
    small = [(x["label"], round(x["px"], 1)) for x in found["labels"] if x["px"] < 14]
    assert small == [], small
    # Label boxes as vis-network drew them (canvas coordinates): none sits on another.
    assert found["clashes"] == [], found["clashes"][:5]


def test_a_click_on_a_group_in_the_overview_opens_its_diagram(
    offline: OfflineBrowser, pack: Path
) -> None:
    offline.page.set_viewport_size({"width": 1920, "height": 1080})
    page = offline.open(pack / "diagrams" / "overview.html", screenshot=False)
    assert_drawn_offline(page)
    where = offline.evaluate(
        """(() => {
          const payload = window.csPeers.payload;
          const id = Object.keys(payload.links).find(k => payload.links[k] === "PG-0002.html");
          const net = window.csPeers.network;
          const dom = net.canvasToDOM(net.getPositions([id])[id]);
          const box = document.getElementById("cs-network").getBoundingClientRect();
          return {x: box.left + dom.x, y: box.top + dom.y};
        })()"""
    )
    with offline.page.expect_navigation(wait_until="load"):
        offline.page.mouse.click(where["x"], where["y"])
    assert offline.evaluate("location.pathname").endswith("/diagrams/PG-0002.html")
