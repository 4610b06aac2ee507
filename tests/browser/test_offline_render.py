"""Diagrams open and draw in a real headless Chromium with every network request blocked.

Each page is opened over the Chrome DevTools Protocol with request interception on: any
request that is not for the file itself is failed and recorded, and the test asserts that
none was attempted, that vis-network drew the nodes where Python put them, and that the
canvas is not blank. Screenshots are saved next to the test's files (and copied to
``$CS_PEERS_SCREENSHOT_DIR`` when set) for a person to look at.

Chromium is required: without it these tests fail, they do not skip.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cdp import Browser, find_chromium
from synthetic import write_cohort

from cs_peers.analysis.grouping.evidence import build_peer_evidence
from cs_peers.analysis.grouping.groups import detect_peer_groups
from cs_peers.analysis.profiles import profile_groups
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.load import load_dataset
from cs_peers.outputs.diagrams import DiagramOptions, render_group_diagram, render_overview

pytestmark = pytest.mark.browser

OPTIONS = DiagramOptions(provenance={"run": "browser-test"})

# Waits (in the page) until vis-network reports its first drawing, then describes the result.
DRAWN = """
new Promise((resolve) => {
  const start = performance.now();
  (function wait() {
    const s = window.csPeers;
    if ((s && (s.drawn || s.error)) || performance.now() - start > 30000) {
      const container = document.getElementById("cs-network");
      const canvas = container.querySelector("canvas");
      let inked = 0;
      if (canvas && canvas.width && canvas.height) {
        const px = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < px.length; i += 4) {
          if (px[i + 3] > 0 && (px[i] < 240 || px[i + 1] < 240 || px[i + 2] < 240)) inked++;
        }
      }
      const payload = (s && s.payload) || JSON.parse(document.getElementById("cs-peers-data").textContent);
      const positions = s && s.network ? s.network.getPositions() : {};
      let moved = 0;
      for (const node of payload.nodes) {
        const p = positions[node.id];
        if (!p || p.x !== node.x || p.y !== node.y) moved++;
      }
      resolve({
        drawn: !!(s && s.drawn),
        error: s ? s.error : "no window.csPeers",
        nodeCount: s ? s.nodeCount : -1,
        dataNodeCount: Number(container.dataset.nodeCount),
        payloadNodes: payload.nodes.length,
        positioned: Object.keys(positions).length,
        moved: moved,
        physics: payload.options.physics.enabled,
        canvas: !!canvas,
        inked: inked,
        markings: Array.from(document.querySelectorAll(".marking")).map((m) => m.textContent),
        legend: document.querySelector("section.legend").innerText,
        pwned: window.__pwned === undefined ? null : window.__pwned,
      });
    } else {
      requestAnimationFrame(wait);
    }
  })();
})
"""


@dataclass
class Page:
    """What happened when one page was opened."""

    result: dict[str, Any]
    attempted: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    screenshot: Path | None = None


class OfflineBrowser:
    """Headless Chromium in which every request other than for local files is failed."""

    def __init__(self, chromium: str, work: Path) -> None:
        self.browser = Browser(chromium, work / "profile")
        self.work = work
        self.attempted: list[str] = []
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        b = self.browser
        b.on("Fetch.requestPaused", self._paused)
        b.on("Network.requestWillBeSent", self._sent)
        b.on("Runtime.exceptionThrown", lambda p: self.problems.append(str(p["exceptionDetails"])))
        b.on("Log.entryAdded", self._logged)
        b.on("Runtime.consoleAPICalled", self._console)
        b.on("Page.javascriptDialogOpening", self._dialog)
        for domain in ("Page", "Runtime", "Network", "Log"):
            b.call(f"{domain}.enable")
        b.call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})
        b.set_viewport(1400, 1000)

    @staticmethod
    def _local(url: str) -> bool:
        return url.startswith(("file://", "data:", "about:"))

    def _paused(self, params: dict[str, Any]) -> None:
        url = params["request"]["url"]
        if self._local(url):
            self.browser.call("Fetch.continueRequest", {"requestId": params["requestId"]})
        else:
            self.attempted.append(url)
            self.browser.call(
                "Fetch.failRequest",
                {"requestId": params["requestId"], "errorReason": "BlockedByClient"},
            )

    def _sent(self, params: dict[str, Any]) -> None:
        url = params["request"]["url"]
        if not self._local(url) and url not in self.attempted:
            self.attempted.append(url)

    def _logged(self, params: dict[str, Any]) -> None:
        entry = params["entry"]
        if entry.get("level") == "error":
            self.problems.append(f"{entry.get('source')}: {entry.get('text')}")

    def _console(self, params: dict[str, Any]) -> None:
        if params.get("type") in ("error", "assert"):
            self.problems.append(str([a.get("value") for a in params.get("args", [])]))

    def _dialog(self, params: dict[str, Any]) -> None:
        self.dialogs.append(str(params.get("message")))
        self.browser.call("Page.handleJavaScriptDialog", {"accept": False})

    def open(self, path: Path, *, screenshot: bool = True) -> Page:
        """Return what happened when ``path`` was opened and drawn."""
        self.attempted.clear()
        self.problems.clear()
        self.dialogs.clear()
        b = self.browser
        b.events.clear()
        b.call("Page.navigate", {"url": path.resolve().as_uri()})
        b.wait_for("Page.loadEventFired")
        result = b.evaluate(DRAWN, await_promise=True)
        page = Page(result, list(self.attempted), list(self.problems), list(self.dialogs))
        if screenshot:
            page.screenshot = b.screenshot(self.work / f"{path.stem}.png")
            keep = os.environ.get("CS_PEERS_SCREENSHOT_DIR")
            if keep:
                Path(keep).mkdir(parents=True, exist_ok=True)
                shutil.copy(page.screenshot, Path(keep) / page.screenshot.name)
        return page

    def hover_tooltip(self, label: str) -> str:
        """Return the tooltip text shown when the pointer rests on the node labelled ``label``."""
        b = self.browser
        where = b.evaluate(
            f"""(() => {{
              const payload = JSON.parse(document.getElementById("cs-peers-data").textContent);
              const wanted = {json.dumps(label)};
              const node = payload.nodes.find((n) => n.label.split("\\n")[0] === wanted);
              const net = window.csPeers.network;
              const dom = net.canvasToDOM(net.getPositions([node.id])[node.id]);
              const box = document.getElementById("cs-network").getBoundingClientRect();
              return {{x: box.left + dom.x, y: box.top + dom.y}};
            }})()"""
        )
        for dx in (3, 0):
            b.call(
                "Input.dispatchMouseEvent",
                {"type": "mouseMoved", "x": where["x"] + dx, "y": where["y"]},
            )
        text = b.evaluate(
            """new Promise((resolve) => {
              const start = performance.now();
              (function wait() {
                const tip = document.querySelector("div.vis-tooltip");
                const shown = tip && tip.style.visibility === "visible";
                if (shown && tip.innerText) resolve(tip.innerText);
                else if (performance.now() - start > 5000) resolve("");
                else setTimeout(wait, 50);
              })();
            })""",
            await_promise=True,
        )
        return str(text)

    def close(self) -> None:
        """Close the browser."""
        self.browser.close()


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        pytest.fail(
            "Chromium is needed for the browser tests: install it (apt-get install chromium)"
        )
    return path


@pytest.fixture
def offline(chromium: str, tmp_path: Path) -> Iterator[OfflineBrowser]:
    browser = OfflineBrowser(chromium, tmp_path)
    try:
        yield browser
    finally:
        browser.close()


def assert_drawn_offline(page: Page, *, at_least: int = 1) -> None:
    r = page.result
    assert page.attempted == [], f"network requests were attempted: {page.attempted}"
    assert page.problems == [], page.problems
    assert page.dialogs == []
    assert r["error"] is None and r["drawn"] is True, r
    assert r["nodeCount"] == r["dataNodeCount"] == r["payloadNodes"] == r["positioned"]
    assert r["nodeCount"] >= at_least
    assert r["physics"] is False and r["moved"] == 0, "nodes left their precomputed places"
    assert r["canvas"] and r["inked"] > 200, "the canvas stayed blank"
    assert r["markings"] == ["OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"]
    assert page.screenshot is None or page.screenshot.stat().st_size > 10_000


# ---------------------------------------------------------------------------------------------


def test_blocking_really_catches_requests(offline: OfflineBrowser, tmp_path: Path) -> None:
    # The control: a page that does reach out is caught, so "nothing attempted" means something.
    leaky = tmp_path / "leaky.html"
    leaky.write_text(
        '<!DOCTYPE html><html><body><img src="https://example.org/pixel.png">'
        "<script>window.csPeers = {drawn: true, nodeCount: 0, error: null};</script>"
        '<div id="cs-network"></div><section class="legend"></section>'
        '<script id="cs-peers-data" type="application/json">'
        '{"nodes": [], "edges": [], "options": {"physics": {"enabled": false}}}</script>'
        "</body></html>",
        "utf-8",
    )
    page = offline.open(leaky, screenshot=False)
    assert any(url.startswith("https://example.org/") for url in page.attempted), page.attempted


def test_group_diagrams_draw_offline(
    offline: OfflineBrowser, tiny: Dataset, tmp_path: Path
) -> None:
    groups = detect_peer_groups(build_peer_evidence(tiny))
    for profile in profile_groups(tiny, groups):
        path = render_group_diagram(
            tiny, profile, tmp_path / f"{profile.group_id}.html", options=OPTIONS
        )
        page = offline.open(path)
        assert_drawn_offline(page, at_least=profile.size)
        assert "protective peer" in page.result["legend"]
        assert "trusted adult" in page.result["legend"]
    # The group with Coach K: the tooltip of a member gives their placement, as text.
    tip = offline.hover_tooltip("P10")
    assert "candidate group" in tip and "% of detection runs" in tip


def test_overviews_draw_offline(offline: OfflineBrowser, tiny: Dataset, tmp_path: Path) -> None:
    groups = detect_peer_groups(build_peer_evidence(tiny))
    members = render_overview(tiny, groups, tmp_path / "overview.html", options=OPTIONS)
    assert_drawn_offline(offline.open(members), at_least=len(groups.memberships))
    collapsed = render_overview(
        tiny, groups, tmp_path / "collapsed.html", options=OPTIONS, collapse_above=1
    )
    assert_drawn_offline(offline.open(collapsed), at_least=len(groups.groups))


def test_a_hostile_label_stays_text(
    offline: OfflineBrowser, tiny_dir: Path, tmp_path: Path
) -> None:
    evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    path = tiny_dir / "people.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows = [[*r[:2], evil if r[0] == "YP01" else r[2], *r[3:]] for r in rows]
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    dataset = load_dataset(tiny_dir)
    groups = detect_peer_groups(build_peer_evidence(dataset))
    profile = next(
        p for p in profile_groups(dataset, groups) if "YP01" in set(p.members["person_id"])
    )
    page = offline.open(
        render_group_diagram(dataset, profile, tmp_path / "g.html", options=OPTIONS)
    )
    assert_drawn_offline(page)
    assert page.result["pwned"] is None
    tip = offline.hover_tooltip(evil)
    assert evil in tip, "the tooltip shows the label as text"
    assert offline.browser.evaluate("window.__pwned === undefined") is True


def test_a_1500_node_overview_draws_without_physics(
    offline: OfflineBrowser, tmp_path: Path
) -> None:
    # Speed itself belongs to the benchmarks; this checks that a big picture draws at all with
    # physics off, from positions computed in Python (nothing moved, no stabilisation run).
    dataset = load_dataset(write_cohort(tmp_path / "cohort", 1600))
    groups = detect_peer_groups(build_peer_evidence(dataset))
    assert len(groups.memberships) >= 1500
    members = render_overview(
        dataset, groups, tmp_path / "big-members.html", options=OPTIONS, collapse_above=100_000
    )
    page = offline.open(members)
    assert_drawn_offline(page, at_least=1500)
    data = json.loads(
        members.read_text("utf-8").split('type="application/json">', 1)[1].split("</script>", 1)[0]
    )
    assert sum(1 for n in data["nodes"] if n["shape"] == "dot") >= 1500
    collapsed = render_overview(dataset, groups, tmp_path / "big-groups.html", options=OPTIONS)
    assert_drawn_offline(offline.open(collapsed), at_least=len(groups.groups))


def test_chromium_is_found() -> None:
    # Fails loudly (not a skip) when the test set-up has not installed Chromium.
    assert find_chromium() is not None, "Chromium is missing; the browser tests need it"
