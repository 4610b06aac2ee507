"""Screenshots of the demo pack for the README: ``python benchmarks/screenshots.py [PACK]``.

Builds the demo pack (``cs-peers demo``) into a temporary folder unless a pack folder is
given, opens its pages in headless Chromium at 1920x1080 (a projector) with the network off,
and writes ``docs/screenshots/*.png`` (the visible window only, at 60%, so files stay small).
"""

from __future__ import annotations

import base64
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from cdp import Browser, find_chromium  # noqa: E402

PAGES = {
    "index": "index.html",
    "overview": "diagrams/overview.html",
    "group": "diagrams/PG-0001.html",
    "context": "contexts/LC01.html",
}
WAIT = """new Promise((resolve) => {
  const start = performance.now();
  (function wait() {
    const s = window.csPeers;
    if (!document.getElementById("cs-network") || (s && (s.drawn || s.error))
        || performance.now() - start > 20000) resolve(true);
    else requestAnimationFrame(wait);
  })();
})"""


def shoot(pack: Path, out: Path, width: int = 1920, height: int = 1080) -> list[Path]:
    """Return the screenshots written of ``pack``'s pages into ``out``."""
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("Chromium is needed: install it with scripts/setup.sh --test")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp, Browser(chromium, Path(tmp) / "profile") as b:
        b.call("Page.enable")
        b.set_viewport(width, height)
        for name, page in PAGES.items():
            path = pack / page
            if not path.exists():
                continue
            b.events.clear()
            b.call("Page.navigate", {"url": path.resolve().as_uri()})
            b.wait_for("Page.loadEventFired")
            b.evaluate(WAIT, await_promise=True)
            # Laid out at 1920x1080, saved at 60% so the README's images stay small.
            clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 0.6}
            shot = b.call("Page.captureScreenshot", {"format": "png", "clip": clip})
            target = out / f"{name}.png"
            target.write_bytes(base64.b64decode(shot["data"]))
            written.append(target)
    return written


def main() -> None:
    """Build the demo pack if needed and write the screenshots."""
    if len(sys.argv) > 1:
        pack = Path(sys.argv[1])
        paths = shoot(pack, ROOT / "docs" / "screenshots")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            pack = Path(tmp) / "demo-pack"
            cli = Path(sys.executable).with_name("cs-peers")
            subprocess.run(
                [str(cli), "demo", "--out", str(pack), "--workspace", str(Path(tmp) / "ws")],
                check=True,
            )
            paths = shoot(pack, ROOT / "docs" / "screenshots")
    for p in paths:
        print(f"{p.relative_to(ROOT)}  {p.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
