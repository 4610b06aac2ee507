"""Headless Chromium for the browser tests and benchmarks: Playwright driving Debian's chromium.

Playwright for Python (its sync API) speaks to the ``chromium`` that ``scripts/setup.sh --test``
installs from Debian, through ``executable_path``: no browser of Playwright's own is ever
downloaded (``playwright install`` is never run). Every request that is not for a local file
(``file:``, ``data:``, ``about:``, ``blob:``) or for this machine (localhost) is aborted and
recorded, so a test can assert that a page fetched nothing; pages with scripts of their own
print errors, dialogs and failures into the same record.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Playwright,
    Request,
    Route,
)
from playwright.sync_api import (
    Page as PlaywrightPage,
)

__all__ = [
    "CHROMIUM_ARGS",
    "DRAWN",
    "MARK",
    "MIN_LABEL_PX",
    "PROJECTOR",
    "SCREEN_BOXES",
    "SIZES",
    "WAIT_DRAWN",
    "OfflineBrowser",
    "Opened",
    "assert_drawn_offline",
    "check_first_screen",
    "chromium_context",
    "find_chromium",
    "inside",
    "is_local",
    "off_the_first_screen",
]

MARK = "OFFICIAL-SENSITIVE"

# The launch flags used on this machine (the sandbox needs a user namespace a container may
# not give; QUIC, background networking, component updates and sync would all reach out).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--metrics-recording-only",
    "--no-pings",
    "--mute-audio",
    # Belt and braces besides the routing: no name but localhost resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
)

# Resolves once vis-network has drawn the page's network for the first time (or failed), or
# at once on a page without one.
WAIT_DRAWN = """new Promise((resolve) => {
  const start = performance.now();
  (function wait() {
    const s = window.csPeers;
    if (!document.getElementById("cs-network") || (s && (s.drawn || s.error))
        || performance.now() - start > 30000) resolve(true);
    else requestAnimationFrame(wait);
  })();
})"""

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


def find_chromium() -> str | None:
    """Return the path of Debian's Chromium (or another on PATH), or None."""
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


def is_local(url: str) -> bool:
    """Return whether ``url`` stays on this machine: a local file, or localhost."""
    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "about", "blob"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname in (
        "localhost",
        "127.0.0.1",
        "::1",
    )


@contextlib.contextmanager
def chromium_context(
    playwright: Playwright,
    profile_dir: Path,
    *,
    width: int = 1400,
    height: int = 1000,
    chromium: str | None = None,
) -> Iterator[BrowserContext]:
    """Yield headless Debian Chromium with a fresh profile in ``profile_dir``, closed after.

    Raises
    ------
    RuntimeError
        If no Chromium is installed.
    """
    executable = chromium or find_chromium()
    if executable is None:
        raise RuntimeError(
            "Chromium is needed for the browser tests: install it (scripts/setup.sh --test)"
        )
    if profile_dir.exists():
        shutil.rmtree(profile_dir)
    context = playwright.chromium.launch_persistent_context(
        profile_dir,
        executable_path=executable,
        headless=True,
        args=list(CHROMIUM_ARGS),
        viewport={"width": width, "height": height},
        device_scale_factor=1,
        service_workers="block",
        accept_downloads=False,
    )
    try:
        yield context
    finally:
        context.close()


@dataclass
class Opened:
    """What happened when one page was opened."""

    result: dict[str, Any]
    attempted: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    screenshot: Path | None = None


class OfflineBrowser:
    """One tab of headless Chromium in which every request off this machine is aborted.

    ``attempted`` lists those requests, ``problems`` the page's errors (uncaught exceptions,
    console errors, failed loads) and ``dialogs`` any alert or prompt, since the last
    :meth:`open`.
    """

    def __init__(self, context: BrowserContext, work: Path) -> None:
        self.context = context
        self.work = work
        self.attempted: list[str] = []
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        context.route("**/*", self._route)
        self.page: PlaywrightPage = context.pages[0] if context.pages else context.new_page()
        page = self.page
        page.on("request", self._request)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("console", self._console)
        page.on("dialog", self._dialog)
        page.on(
            "requestfailed",
            lambda r: None if not is_local(r.url) else self.problems.append(f"failed: {r.url}"),
        )

    def _route(self, route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            if url not in self.attempted:
                self.attempted.append(url)
            route.abort("blockedbyclient")

    def _request(self, request: Request) -> None:
        if not is_local(request.url) and request.url not in self.attempted:
            self.attempted.append(request.url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "assert"):
            self.problems.append(f"console {message.type}: {message.text}")

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def clear(self) -> None:
        """Forget what earlier pages attempted, reported or asked."""
        self.attempted.clear()
        self.problems.clear()
        self.dialogs.clear()

    def goto(self, path: Path | str) -> None:
        """Open ``path`` (a file, or a ``file:`` URL with a fragment) and wait for its drawing."""
        self.clear()
        url = path if isinstance(path, str) else path.resolve().as_uri()
        self.page.goto(url, wait_until="load")
        self.page.evaluate(WAIT_DRAWN)

    def wait_drawn(self) -> None:
        """Wait until the page now open has drawn its network (after a click or a key)."""
        self.page.wait_for_load_state("load")
        self.page.evaluate(WAIT_DRAWN)

    def open(self, path: Path, *, screenshot: bool = True, fragment: str = "") -> Opened:
        """Return what happened when ``path`` was opened and drawn."""
        self.clear()
        url = path.resolve().as_uri() + (f"#{fragment}" if fragment else "")
        self.page.goto(url, wait_until="load")
        result = self.page.evaluate(DRAWN)
        opened = Opened(result, list(self.attempted), list(self.problems), list(self.dialogs))
        if screenshot:
            opened.screenshot = self.work / f"{path.stem}.png"
            self.page.screenshot(path=opened.screenshot, full_page=True)
            keep = os.environ.get("CS_PEERS_SCREENSHOT_DIR")
            if keep:
                Path(keep).mkdir(parents=True, exist_ok=True)
                shutil.copy(opened.screenshot, Path(keep) / opened.screenshot.name)
        return opened

    def evaluate(self, expression: str) -> Any:
        """Return the JSON value of a JavaScript expression (promises are awaited)."""
        return self.page.evaluate(expression)

    def node_point(self, label: str) -> tuple[float, float]:
        """Return where on the screen the node whose label starts with ``label`` is drawn."""
        where: dict[str, float] = self.page.evaluate(
            """(wanted) => {
              const payload = window.csPeers.payload;
              const node = payload.nodes.find((n) => (n.label || "").split("\\n")[0] === wanted);
              const net = window.csPeers.network;
              const dom = net.canvasToDOM(net.getPositions([node.id])[node.id]);
              const box = document.getElementById("cs-network").getBoundingClientRect();
              return {x: box.left + dom.x, y: box.top + dom.y};
            }""",
            label,
        )
        return where["x"], where["y"]

    def hover_tooltip(self, label: str) -> str:
        """Return the tooltip text shown when the pointer rests on the node labelled ``label``."""
        x, y = self.node_point(label)
        for dx in (3, 0):
            self.page.mouse.move(x + dx, y)
        text = self.page.evaluate(
            """new Promise((resolve) => {
              const start = performance.now();
              (function wait() {
                const tip = document.querySelector("div.vis-tooltip");
                const shown = tip && tip.style.visibility === "visible";
                if (shown && tip.innerText) resolve(tip.innerText);
                else if (performance.now() - start > 5000) resolve("");
                else setTimeout(wait, 50);
              })();
            })"""
        )
        return str(text)


def assert_drawn_offline(page: Opened, *, at_least: int = 1) -> None:
    """Fail unless ``page`` drew at least ``at_least`` nodes in place, marked, fetching nothing."""
    r = page.result
    assert page.attempted == [], f"network requests were attempted: {page.attempted}"
    assert page.problems == [], page.problems
    assert page.dialogs == []
    assert r["error"] is None and r["drawn"] is True, r
    assert r["nodeCount"] == r["dataNodeCount"] == r["payloadNodes"] == r["positioned"]
    assert r["nodeCount"] >= at_least
    assert r["physics"] is False and r["moved"] == 0, "nodes left their precomputed places"
    assert r["canvas"] and r["inked"] > 200, "the canvas stayed blank"
    assert r["markings"] == [MARK, MARK]
    assert page.screenshot is None or page.screenshot.stat().st_size > 10_000


# Laptop, projector, and a laptop with the browser's bars taking height.
SIZES = [(1366, 768), (1920, 1080), (1366, 650)]
PROJECTOR = (1920, 1080)
MIN_LABEL_PX = 14


# Where each node and its label are drawn, in the window's CSS pixels; labels are measured as
# vis-network drew them (moved by their vadjust) and only where they are drawn at this zoom.
SCREEN_BOXES = """(() => {
  const net = window.csPeers.network;
  const canvas = document.getElementById("cs-network").getBoundingClientRect();
  const toScreen = (x, y) => {
    const p = net.canvasToDOM({x: x, y: y});
    return {x: canvas.left + p.x, y: canvas.top + p.y};
  };
  const scale = net.getScale();
  const out = [];
  for (const id of net.body.nodeIndices) {
    const node = net.body.nodes[id];
    const b = node.shape.boundingBox;
    const a = toScreen(b.left, b.top), z = toScreen(b.right, b.bottom);
    const item = {id: id, label: String(node.options.label || "").split("\\n")[0],
                  node: {left: a.x, top: a.y, right: z.x, bottom: z.y}, text: null, px: null};
    const m = node.labelModule;
    const drawnLabel = node.options.label && m.size.width > 0 &&
      !(node.options.scaling && node.options.scaling.label && node.options.scaling.label.drawThreshold &&
        node.options.font.size * scale < node.options.scaling.label.drawThreshold);
    if (drawnLabel) {
      const lift = m.fontOptions.vadjust || 0;
      const p = toScreen(m.size.left, m.size.top + lift);
      const q = toScreen(m.size.left + m.size.width, m.size.top + lift + m.size.height);
      item.text = {left: p.x, top: p.y, right: q.x, bottom: q.y};
      item.px = node.options.font.size * scale;
    }
    out.push(item);
  }
  const fit = document.getElementById("cs-fit").getBoundingClientRect();
  return {nodes: out, canvas: {left: canvas.left, top: canvas.top, right: canvas.right,
          bottom: canvas.bottom}, fit: {left: fit.left, top: fit.top, right: fit.right,
          bottom: fit.bottom}, width: window.innerWidth, height: window.innerHeight,
          scrollY: window.scrollY, labelsOnZoom: !!window.csPeers.payload.labelsOnZoom};
})()"""


def off_the_first_screen(found: dict[str, Any]) -> list[str]:
    """Return what of a :data:`SCREEN_BOXES` measure lies outside the window or the canvas."""
    screen = {"left": 0.0, "top": 0.0, "right": found["width"], "bottom": found["height"]}
    frame = found["canvas"]
    problems = []
    if found["scrollY"] != 0:
        problems.append(f"the page opened scrolled by {found['scrollY']} px")
    if not inside(found["fit"], screen):
        problems.append(f"the Fit button is off the first screen: {found['fit']}")
    if not inside(frame, {**screen, "bottom": screen["bottom"] + 0.5}):
        problems.append(f"the canvas reaches past the first screen: {frame}")
    for item in found["nodes"]:
        for part in ("node", "text"):
            box = item[part]
            if box is not None and not (inside(box, screen) and inside(box, frame)):
                where = {k: round(v) for k, v in box.items()}
                problems.append(f"{part} of {item['label']!r} ({item['id']}) at {where}")
    return problems


def inside(box: dict[str, float], frame: dict[str, float], slack: float = 0.5) -> bool:
    """Return whether ``box`` lies within ``frame`` (both with left, top, right, bottom)."""
    return bool(
        box["left"] >= frame["left"] - slack
        and box["top"] >= frame["top"] - slack
        and box["right"] <= frame["right"] + slack
        and box["bottom"] <= frame["bottom"] + slack
    )


def check_first_screen(
    offline: OfflineBrowser, pages: list[Path], width: int, height: int
) -> list[str]:
    """Return what fails to fit (or to be readable) on ``pages`` at ``width`` x ``height``.

    Nothing scrolled, every node's box and drawn label inside the window and the canvas, the
    Fit button on screen; at 1920x1080, labels of at least :data:`MIN_LABEL_PX`.
    """
    offline.page.set_viewport_size({"width": width, "height": height})
    problems: list[str] = []
    for path in pages:
        opened = offline.open(path, screenshot=False)
        assert_drawn_offline(opened)
        found = offline.evaluate(SCREEN_BOXES)
        name = f"{path.parent.name}/{path.name} at {width}x{height}"
        problems += [f"{name}: {p}" for p in off_the_first_screen(found)]
        if (width, height) == PROJECTOR and not found["labelsOnZoom"]:
            small = [
                (n["label"], round(n["px"], 1))
                for n in found["nodes"]
                if n["px"] is not None and n["px"] < MIN_LABEL_PX
            ]
            if small:
                problems.append(f"{name}: labels under {MIN_LABEL_PX} px: {small[:5]}")
    return problems
