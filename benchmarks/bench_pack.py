"""Pack size and overview draw time: ``python benchmarks/bench_pack.py 100 3000 10000``.

For each size: ``cs-peers sample --young-people N --seed 1``, ``cs-peers pack``, the pack's
size on disk, and the time headless Chromium (Playwright, network blocked) takes from navigation
to vis-network's first drawing of ``diagrams/overview.html`` (``performance.now()`` in the
page, so the browser's own start-up is not counted), median of 3 openings.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from browsing import OfflineBrowser, chromium_context  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

DRAWN = """new Promise((resolve) => {
  (function wait() {
    const s = window.csPeers;
    if (s && (s.drawn || s.error)) resolve(performance.now());
    else requestAnimationFrame(wait);
  })();
})"""


def draw_seconds(page: Path, tmp: Path) -> float:
    """Return the median seconds from navigation to the first drawing of ``page``."""
    times = []
    with sync_playwright() as p, chromium_context(p, tmp / "profile", width=1920, height=1080) as c:
        browser = OfflineBrowser(c, tmp)
        for _ in range(3):
            browser.page.goto("about:blank")
            browser.page.goto(page.resolve().as_uri(), wait_until="load")
            # performance.now() counts from the navigation's start, inside the page.
            times.append(float(browser.evaluate(DRAWN)) / 1000.0)
        assert browser.attempted == [], browser.attempted
    return statistics.median(times)


def main() -> None:
    """Print one Markdown row per size."""
    cli = str(Path(sys.executable).with_name("cs-peers"))
    print("| young people | groups | pack MB | pack seconds | overview draws in |")
    print("|---:|---:|---:|---:|---:|")
    for n in [int(a) for a in sys.argv[1:]] or [100, 3000]:
        with tempfile.TemporaryDirectory() as t:
            tmp = Path(t)
            data, pack = tmp / "data", tmp / "pack"
            subprocess.run(
                [cli, "sample", "--young-people", str(n), "--seed", "1", "--out", str(data)],
                check=True,
                capture_output=True,
            )
            start = time.perf_counter()
            subprocess.run(
                [cli, "pack", str(data), "--out", str(pack), "--workspace", str(tmp / "ws")],
                check=True,
                capture_output=True,
            )
            seconds = time.perf_counter() - start
            size = sum(p.stat().st_size for p in pack.rglob("*") if p.is_file()) / 1e6
            groups = len(list((pack / "diagrams").glob("PG-*.html")))
            draw = draw_seconds(pack / "diagrams" / "overview.html", tmp)
            print(f"| {n:,} | {groups} | {size:.1f} | {seconds:.0f} | {draw:.2f} s |", flush=True)


if __name__ == "__main__":
    main()
