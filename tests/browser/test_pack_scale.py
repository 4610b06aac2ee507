"""A borough-sized pack (3,000 young people, with everything) stays small and its overview
works offline.

The 10,000-young-people budget and the draw times are measured in benchmarks/bench_pack.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browsing import OfflineBrowser, assert_drawn_offline

pytestmark = pytest.mark.browser

BUDGET_BYTES = 30_000_000


@pytest.fixture
def pack(large_pack: Path) -> Path:
    return large_pack


def test_a_3000_young_people_pack_with_everything_stays_within_30_mb(pack: Path) -> None:
    size = sum(p.stat().st_size for p in pack.rglob("*") if p.is_file())
    assert size <= BUDGET_BYTES, f"{size / 1e6:.1f} MB"
    # Everything: a Word seed for every group and the briefing are part of the budget.
    groups = list((pack / "diagrams").glob("PG-*.html"))
    assert len(list((pack / "assessments").glob("*.docx"))) == len(groups) > 300
    assert (pack / "briefing.pdf").stat().st_size > 1_000_000
    # The shared scripts are there once, not once per page.
    copies = [p for p in pack.rglob("*") if p.name == "vis-network.min.js"]
    assert copies == [pack / "assets" / "vis-network.min.js"]


def test_the_large_pack_opens_on_what_the_meeting_needs_first(
    offline: OfflineBrowser, pack: Path
) -> None:
    offline.page.set_viewport_size({"width": 1920, "height": 1080})
    page = offline.open(pack / "diagrams" / "overview.html", screenshot=False)
    assert_drawn_offline(page, at_least=10)
    title = offline.evaluate("document.querySelector('h1').textContent")
    assert "what the meeting needs first" in title
    first = int(offline.evaluate("window.csPeers.nodeCount"))
    whole = offline.evaluate(
        "document.querySelector('a[href=\"overview-all.html\"]').textContent.trim()"
    )
    groups = len(list((pack / "diagrams").glob("PG-*.html")))
    assert whole.startswith(f"The whole network ({groups} groups")
    page = offline.open(pack / "diagrams" / "overview-all.html", screenshot=False)
    assert_drawn_offline(page, at_least=groups)
    assert first < int(offline.evaluate("window.csPeers.nodeCount"))


def test_the_whole_network_draws_with_a_searchable_table_that_opens_groups(
    offline: OfflineBrowser, pack: Path
) -> None:
    offline.page.set_viewport_size({"width": 1920, "height": 1080})
    page = offline.open(pack / "diagrams" / "overview-all.html", screenshot=False)
    assert_drawn_offline(page, at_least=25)
    groups = sorted(p.stem for p in (pack / "diagrams").glob("PG-*.html"))
    rows = offline.evaluate("Array.from(document.querySelectorAll('#cs-groups tbody tr')).length")
    assert rows == len(groups) > 24
    target = groups[len(groups) // 2]
    shown = offline.evaluate(
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
    sizes = offline.evaluate(
        """(() => {
          const th = document.querySelectorAll('#cs-groups th')[1];
          th.click(); th.click();
          return Array.from(document.querySelectorAll('#cs-groups tbody tr'))
            .map(r => Number(r.cells[1].dataset.value));
        })()"""
    )
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]
    href = offline.evaluate(
        f"document.querySelector('#cs-groups a[href=\"{target}.html\"]').getAttribute('href')"
    )
    assert (pack / "diagrams" / href).is_file()
    # Linked groups never share a colour on the map.
    clash = offline.evaluate(
        """(() => {
          const p = window.csPeers.payload;
          const color = {};
          p.nodes.forEach(n => { color[n.id] = n.color && n.color.background; });
          return p.edges.filter(e => color[e.from] && color[e.from] === color[e.to]).length;
        })()"""
    )
    assert clash == 0
