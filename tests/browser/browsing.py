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
    "WAIT_DRAWN",
    "OfflineBrowser",
    "Opened",
    "assert_drawn_offline",
    "chromium_context",
    "find_chromium",
    "is_local",
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
