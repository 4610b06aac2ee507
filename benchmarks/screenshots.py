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

from browsing import OfflineBrowser, chromium_context  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

PAGES = {
    "index": "index.html",
    "overview": "diagrams/overview.html",
    "group": "diagrams/PG-0001.html",
    "context": "contexts/LC01.html",
}


def shoot(pack: Path, out: Path, width: int = 1920, height: int = 1080) -> list[Path]:
    """Return the screenshots written of ``pack``'s pages into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        sync_playwright() as p,
        chromium_context(p, Path(tmp) / "profile", width=width, height=height) as context,
    ):
        browser = OfflineBrowser(context, Path(tmp))
        for name, page in PAGES.items():
            path = pack / page
            if not path.exists():
                continue
            browser.goto(path)
            # Laid out at 1920x1080, saved at 60% so the README's images stay small.
            clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 0.6}
            cdp = context.new_cdp_session(browser.page)
            shot = cdp.send("Page.captureScreenshot", {"format": "png", "clip": clip})
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
