"""Find, filter by date, category and confidence, and open neighbours, inside every diagram.

On group, context, overview and question pages, in headless Chromium with the network
blocked: typing a label selects its node; an until-date before every record hides every
association; a category filter hides the others; a click opens a node's neighbours; the view
lives in the URL fragment (a shared link opens on it) and is printed; nothing is fetched.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdf
import pytest
from browsing import OfflineBrowser, assert_drawn_offline

from cs_peers.analysis.questions.answers import EmbeddedSource, ego_network
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.diagrams import DiagramOptions
from cs_peers.outputs.diagrams.question import render_question_diagram
from cs_peers.safe_text import file_stem

pytestmark = pytest.mark.browser

# What the page shows now: each line's records and whether the line is hidden.
LINES = """(() => {
  const s = window.csPeers;
  const edges = s.network.body.data.edges;
  return s.payload.edges.map(e => ({from: e.from, to: e.to, records: e.records,
                                    hidden: !!edges.get(e.id).hidden}));
})()"""

SELECTED = "window.csPeers.network.getSelectedNodes()"


def node_id(offline: OfflineBrowser, label: str) -> str:
    found: str = offline.evaluate(
        f"""window.csPeers.payload.nodes.find(n => String(n.label).split("\\n")[0] === {label!r}).id"""
    )
    return found


def lines(offline: OfflineBrowser) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = offline.evaluate(LINES)
    return found


def fragment(offline: OfflineBrowser) -> str:
    return str(offline.evaluate("decodeURIComponent(location.hash)"))


@pytest.fixture
def pages(demo_pack: Path, tiny: Dataset, tmp_path: Path) -> dict[str, Path]:
    """Return a page of each kind: overview, group, context (the demo pack) and question."""
    question = render_question_diagram(
        ego_network(EmbeddedSource(tiny), "YP10", depth=2),
        tmp_path / "ego.html",
        vocabulary=tiny.vocabulary,
        options=DiagramOptions(),
        dataset=tiny,
    )
    return {
        "overview": demo_pack / "diagrams" / "overview.html",
        "group": demo_pack / "diagrams" / "PG-0001.html",
        "context": demo_pack / "contexts" / f"{file_stem('SC01')}.html",
        "question": question,
    }


KINDS = ["overview", "group", "context", "question"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_until_date_before_every_record_hides_every_association(
    offline: OfflineBrowser, pages: dict[str, Path], kind: str
) -> None:
    assert_drawn_offline(offline.open(pages[kind], screenshot=False))
    before = lines(offline)
    total = sum(len(line["records"]) for line in before if "records" in line)
    assert before and all(not line["hidden"] for line in before)
    assert offline.page.text_content("#cs-shown") == f"{total} of {total} associations shown"
    offline.page.fill("#cs-until", "1990-01-01")
    after = lines(offline)
    assert all(line["hidden"] for line in after), [a for a in after if not a["hidden"]][:3]
    shown = str(offline.page.text_content("#cs-shown"))
    assert shown.startswith(f"0 of {total} associations shown"), shown
    assert "until=1990-01-01" in fragment(offline)
    # Back to everything.
    offline.page.click("#cs-reset")
    assert all(not line["hidden"] for line in lines(offline))
    assert fragment(offline) == ""
    assert offline.attempted == [] and offline.problems == []


@pytest.mark.parametrize("kind", KINDS)
def test_typing_a_label_selects_its_node(
    offline: OfflineBrowser, pages: dict[str, Path], kind: str
) -> None:
    assert_drawn_offline(offline.open(pages[kind], screenshot=False))
    labels: list[str] = offline.evaluate(
        """window.csPeers.payload.nodes.map(n => String(n.label || "").split("\\n")[0])
             .filter(l => l)"""
    )
    # A label that no other label starts with, so that it is found whole.
    label = next(
        x for x in reversed(labels) if sum(1 for y in labels if y.startswith(x)) == 1 and x
    )
    offline.page.fill("#cs-search", label)
    assert offline.evaluate(SELECTED) == [node_id(offline, label)]
    assert f"find={label}" in fragment(offline)
    offline.page.fill("#cs-search", "no such label at all")
    assert offline.evaluate(SELECTED) == []
    assert "no node labelled" in str(offline.page.text_content("#cs-found"))
    assert offline.attempted == [] and offline.problems == []


def test_a_category_filter_hides_the_other_categories(
    offline: OfflineBrowser, pages: dict[str, Path]
) -> None:
    assert_drawn_offline(offline.open(pages["group"], screenshot=False))
    categories: list[str] = offline.evaluate(
        "Array.from(document.querySelectorAll('#cs-categories input')).map(i => i.value)"
    )
    assert "peer" in categories and len(categories) >= 3
    for other in categories:
        if other != "peer":
            offline.page.uncheck(f"#cs-categories input[value={other}]")
    found = lines(offline)
    with_peer = [line for line in found if any(r[1] == "peer" for r in line["records"])]
    without = [line for line in found if not any(r[1] == "peer" for r in line["records"])]
    assert with_peer and without
    assert all(not line["hidden"] for line in with_peer)
    assert all(line["hidden"] for line in without)
    peer_records = sum(1 for line in found for r in line["records"] if r[1] == "peer")
    total = sum(len(line["records"]) for line in found)
    assert offline.page.text_content("#cs-shown") == (
        f"{peer_records} of {total} associations shown"
    )
    assert "category=peer" in fragment(offline)
    # Confidence too: only high-confidence peer records.
    for level in ("medium", "low"):
        offline.page.uncheck(f"#cs-confidences input[value={level}]")
    for line in lines(offline):
        wanted = any(r[1] == "peer" and r[2] == "high" for r in line["records"])
        assert line["hidden"] is not wanted
    assert offline.attempted == [] and offline.problems == []


def test_a_click_opens_a_nodes_neighbours(offline: OfflineBrowser, pages: dict[str, Path]) -> None:
    offline.page.set_viewport_size({"width": 1366, "height": 768})
    assert_drawn_offline(offline.open(pages["group"], screenshot=False))
    offline.page.fill("#cs-until", "1990-01-01")
    assert all(line["hidden"] for line in lines(offline))
    # A member of the group (no page of its own to open): the click shows all its lines.
    member = "H.I."
    ident = node_id(offline, member)
    x, y = offline.node_point(member)
    offline.page.mouse.click(x, y)
    found = lines(offline)
    own = [line for line in found if ident in (line["from"], line["to"])]
    assert own and all(not line["hidden"] for line in own)
    assert all(line["hidden"] for line in found if line not in own)
    assert f"open={ident}" in fragment(offline)
    faded = offline.evaluate(
        """(() => { const n = window.csPeers.network.body.data.nodes;
             return n.get().filter(x => x.opacity !== undefined && x.opacity < 1).map(x => x.id); })()"""
    )
    neighbours = {line["from"] for line in own} | {line["to"] for line in own}
    assert not neighbours & set(faded) and faded
    offline.page.mouse.click(x, y)
    assert all(line["hidden"] for line in lines(offline))
    assert offline.attempted == [] and offline.problems == []


def test_a_shared_link_opens_on_its_view_and_prints_it(
    offline: OfflineBrowser, pages: dict[str, Path]
) -> None:
    view = "until=2025-06-30&category=peer,protective&confidence=high"
    assert_drawn_offline(offline.open(pages["group"], screenshot=False, fragment=view))
    assert offline.page.input_value("#cs-until") == "2025-06-30"
    assert offline.evaluate(
        "Array.from(document.querySelectorAll('#cs-categories input:checked')).map(i => i.value)"
    ) == ["peer", "protective"]
    for line in lines(offline):
        wanted = any(
            r[0] and r[0] <= "2025-06-30" and r[1] in ("peer", "protective") and r[2] == "high"
            for r in line["records"]
        )
        assert line["hidden"] is not wanted
    shown = offline.evaluate("window.csPeers.shown")
    assert 0 < shown < offline.evaluate("window.csPeers.total")
    pdf = pypdf.PdfReader(
        io.BytesIO(offline.page.pdf(print_background=True, prefer_css_page_size=True))
    )
    # (PDF text may carry the "fi" ligature as one character.)
    first = (pdf.pages[0].extract_text() or "").replace("\ufb01", "fi")
    assert "View: observed any date to 2025-06-30" in first, first[:400]
    assert "categories: peer, protective" in first and "confidence: high" in first
    assert f"{shown} of" in first
    # The filters held while printing: the same lines are hidden afterwards.
    assert offline.evaluate("window.csPeers.shown") == shown
    assert offline.attempted == [] and offline.problems == []
