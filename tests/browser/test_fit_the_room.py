"""Every diagram page shows the whole drawing on the first screen of a laptop or a projector.

At 1366x768, 1920x1080 and 1366x650, on every diagram page of the demo pack and on the
overview and biggest pages of a generated 3,000-young-people pack: nothing scrolled, every node's box and every
drawn label inside the window and inside the canvas (never clipped), the Fit button on screen;
at 1920x1080 labels are at least 14 px. Presenting (P) shows the diagram alone and steps group
by group.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browsing import (
    SCREEN_BOXES,
    SIZES,
    OfflineBrowser,
    assert_drawn_offline,
    check_first_screen,
    off_the_first_screen,
)

pytestmark = pytest.mark.browser


def diagram_pages(pack: Path) -> list[Path]:
    """Return every diagram page of ``pack``: overview, groups, contexts."""
    pages = sorted((pack / "diagrams").glob("*.html")) + sorted((pack / "contexts").glob("*.html"))
    assert pages
    return pages


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_diagram_of_the_demo_pack_fits_the_first_screen(
    offline: OfflineBrowser, demo_pack: Path, width: int, height: int
) -> None:
    pages = diagram_pages(demo_pack)
    assert len(pages) >= 20
    problems = check_first_screen(offline, pages, width, height)
    assert problems == [], "\n".join(problems[:20])


def test_a_3000_young_people_pack_fits_the_first_screen(
    offline: OfflineBrowser, large_pack: Path
) -> None:
    # Every page of this pack at three sizes takes about 14 minutes here (each passed once, by
    # hand); the suite checks the overview and the biggest group and context pages (the most
    # nodes and the longest labels, by their size on disk), which keeps it within minutes.
    groups = sorted((large_pack / "diagrams").glob("PG-*.html"), key=lambda p: -p.stat().st_size)
    contexts = sorted((large_pack / "contexts").glob("*.html"), key=lambda p: -p.stat().st_size)
    assert len(groups) > 100 and len(contexts) > 20
    pages = [large_pack / "diagrams" / "overview.html", *groups[:3], *contexts[:3]]
    for width, height in SIZES:
        problems = check_first_screen(offline, pages, width, height)
        assert problems == [], "\n".join(problems[:20])


def test_presenting_shows_the_diagram_alone_and_steps_group_by_group(
    offline: OfflineBrowser, demo_pack: Path
) -> None:
    offline.page.set_viewport_size({"width": 1366, "height": 768})
    assert_drawn_offline(offline.open(demo_pack / "diagrams" / "PG-0001.html", screenshot=False))
    offline.page.keyboard.press("p")
    assert offline.evaluate("window.csPeers.presenting") is True
    assert offline.evaluate("location.hash") == "#present"
    hidden = offline.evaluate(
        """["nav.cs-nav", ".controls", "aside", "footer"].map(
             s => getComputedStyle(document.querySelector(s)).display)"""
    )
    assert hidden == ["none", "none", "none", "none"]
    markings = offline.evaluate(
        """Array.from(document.querySelectorAll(".marking")).map(m => {
             const r = m.getBoundingClientRect();
             return r.top >= 0 && r.bottom <= innerHeight && r.height > 0;
           })"""
    )
    assert markings == [True, True], "both markings stay on the screen while presenting"
    found = offline.evaluate(SCREEN_BOXES)
    assert off_the_first_screen(found) == []
    assert found["canvas"]["bottom"] - found["canvas"]["top"] > 600
    # → opens the next group, presenting (through the overview, which holds the groups' list).
    with offline.page.expect_navigation(url="**/PG-0002.html#present", wait_until="load"):
        offline.page.keyboard.press("ArrowRight")
    offline.wait_drawn()
    assert offline.evaluate("window.csPeers.presenting") is True
    assert offline.attempted == [] and offline.problems == []
    with offline.page.expect_navigation(url="**/PG-0001.html#present", wait_until="load"):
        offline.page.keyboard.press("ArrowLeft")
    # The Present button and Esc: back to the whole page.
    offline.wait_drawn()
    offline.page.keyboard.press("Escape")
    assert offline.evaluate("window.csPeers.presenting") is False
    assert offline.evaluate("location.hash") == ""
    offline.page.click("#cs-present")
    assert offline.evaluate("document.body.classList.contains('presenting')") is True
    offline.page.click("#cs-leave")
    assert offline.evaluate("document.body.classList.contains('presenting')") is False
