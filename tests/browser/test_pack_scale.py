"""A borough-sized pack (3,000 young people) stays small and its overview works offline.

The 10,000-young-people budget and the draw times are measured in benchmarks/bench_pack.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cdp import find_chromium
from test_offline_render import OfflineBrowser, assert_drawn_offline

from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.history import FileRunHistory
from cs_peers.analysis.run import analyse
from cs_peers.inputs.load import load_dataset
from cs_peers.inputs.sample import generate_sample
from cs_peers.outputs.pack import PackOptions, build_pack

pytestmark = pytest.mark.browser

BUDGET_BYTES = 30_000_000


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("scale")
    generate_sample(tmp / "data", young_people=3000, seed=1)
    analysis = analyse(
        load_dataset(tmp / "data"), GroupingParameters(), history=FileRunHistory(tmp / "ws")
    )
    # The HTML side of the pack is what must not grow with a copy of vis-network per page; the
    # Word seeds (with their pictures) and the briefing PDF are measured in bench_pack.py.
    return build_pack(analysis, tmp / "pack", options=PackOptions(docx=False, pdf=False))


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[OfflineBrowser]:
    chromium = find_chromium()
    if chromium is None:
        pytest.fail(
            "Chromium is needed for the browser tests: install it (apt-get install chromium)"
        )
    b = OfflineBrowser(chromium, tmp_path)
    try:
        yield b
    finally:
        b.close()


def test_the_pages_of_a_3000_young_people_pack_stay_within_30_mb(pack: Path) -> None:
    size = sum(p.stat().st_size for p in pack.rglob("*") if p.is_file())
    assert size <= BUDGET_BYTES, f"{size / 1e6:.1f} MB"
    # The shared scripts are there once, not once per page.
    copies = [p for p in pack.rglob("*") if p.name == "vis-network.min.js"]
    assert copies == [pack / "assets" / "vis-network.min.js"]


def test_the_large_pack_opens_on_what_the_meeting_needs_first(
    browser: OfflineBrowser, pack: Path
) -> None:
    browser.browser.set_viewport(1920, 1080)
    page = browser.open(pack / "diagrams" / "overview.html", screenshot=False)
    assert_drawn_offline(page, at_least=10)
    b = browser.browser
    title = b.evaluate("document.querySelector('h1').textContent")
    assert "what the meeting needs first" in title
    first = int(b.evaluate("window.csPeers.nodeCount"))
    whole = b.evaluate("document.querySelector('a[href=\"overview-all.html\"]').textContent.trim()")
    groups = len(list((pack / "diagrams").glob("PG-*.html")))
    assert whole.startswith(f"The whole network ({groups} groups")
    page = browser.open(pack / "diagrams" / "overview-all.html", screenshot=False)
    assert_drawn_offline(page, at_least=groups)
    assert first < int(b.evaluate("window.csPeers.nodeCount"))


def test_the_whole_network_draws_with_a_searchable_table_that_opens_groups(
    browser: OfflineBrowser, pack: Path
) -> None:
    browser.browser.set_viewport(1920, 1080)
    page = browser.open(pack / "diagrams" / "overview-all.html", screenshot=False)
    assert_drawn_offline(page, at_least=25)
    b = browser.browser
    groups = sorted(p.stem for p in (pack / "diagrams").glob("PG-*.html"))
    rows = b.evaluate("Array.from(document.querySelectorAll('#cs-groups tbody tr')).length")
    assert rows == len(groups) > 24
    target = groups[len(groups) // 2]
    shown = b.evaluate(
        f"""(() => {{
          const box = document.getElementById("cs-group-search");
          box.value = {target!r};
          box.dispatchEvent(new Event("input"));
          return Array.from(document.querySelectorAll('#cs-groups tbody tr'))
            .filter(r => !r.hidden).map(r => r.cells[0].textContent.trim());
        }})()"""
    )
    assert shown == [target]
    # Sorting by size, largest first (a second click reverses the order).
    sizes = b.evaluate(
        """(() => {
          const th = document.querySelectorAll('#cs-groups th')[1];
          th.click(); th.click();
          return Array.from(document.querySelectorAll('#cs-groups tbody tr'))
            .map(r => Number(r.cells[1].dataset.value));
        })()"""
    )
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]
    href = b.evaluate(
        f"document.querySelector('#cs-groups a[href=\"{target}.html\"]').getAttribute('href')"
    )
    assert (pack / "diagrams" / href).is_file()
    # Linked groups never share a colour on the map.
    clash = b.evaluate(
        """(() => {
          const p = window.csPeers.payload;
          const color = {};
          p.nodes.forEach(n => { color[n.id] = n.color && n.color.background; });
          return p.edges.filter(e => color[e.from] && color[e.from] === color[e.to]).length;
        })()"""
    )
    assert clash == 0
