"""Meeting packs with and without the printed parts: ``python benchmarks/bench_pack.py 2000 3000``.

For each size: ``cs-peers sample --young-people N --seed 1``, then, in the same run and on the
same data, ``cs-peers pack --no-docx --no-pdf`` (the anchor: the HTML pack with Markdown seeds)
and ``cs-peers pack`` with everything (Word seeds with their drawings, and the briefing). For
each pack: wall-clock seconds, CPU seconds of the command and its worker processes, the size on
disk, of which the Word seeds and the briefing; then the ratios of the full pack to the anchor.
``--draw`` also times the first drawing of ``diagrams/overview.html`` in headless Chromium
(Playwright, network blocked; ``performance.now()`` in the page, median of 3).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

DRAWN = """new Promise((resolve) => {
  (function wait() {
    const s = window.csPeers;
    if (s && (s.drawn || s.error)) resolve(performance.now());
    else requestAnimationFrame(wait);
  })();
})"""


@dataclass(frozen=True)
class Made:
    """One pack: how long it took, how much CPU, and its size in bytes (total, docx, pdf)."""

    wall: float
    cpu: float
    size: int
    docx: int
    pdf: int


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def make_pack(cli: str, data: Path, out: Path, home: Path, *flags: str) -> Made:
    """Return the measures of ``cs-peers pack DATA --out OUT`` with ``flags``."""
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(
        [cli, "pack", str(data), "--out", str(out), "--workspace", str(home), *flags],
        check=True,
        capture_output=True,
    )
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    files = [p for p in out.rglob("*") if p.is_file()]
    return Made(
        wall,
        cpu,
        sum(p.stat().st_size for p in files),
        sum(p.stat().st_size for p in files if p.suffix == ".docx"),
        sum(p.stat().st_size for p in files if p.suffix == ".pdf"),
    )


def draw_seconds(page: Path, tmp: Path) -> float:
    """Return the median seconds from navigation to the first drawing of ``page``."""
    # Imported here: only --draw needs the browser (tests/browser/browsing.py, Playwright).
    from browsing import OfflineBrowser, chromium_context
    from playwright.sync_api import sync_playwright

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
    """Print one Markdown row per size and pack, then the ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[2000, 3000])
    parser.add_argument("--draw", action="store_true", help="also time the overview's drawing")
    args = parser.parse_args()
    cli = str(Path(sys.executable).with_name("cs-peers"))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"# {cores} cores; load average {os.getloadavg()[0]:.1f} at the start")
    print("| young people | groups | pack | seconds | CPU s | MB | Word seeds MB | briefing MB |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as t:
            tmp = Path(t)
            data = tmp / "data"
            subprocess.run(
                [cli, "sample", "--young-people", str(n), "--seed", "1", "--out", str(data)],
                check=True,
                capture_output=True,
            )
            # The same workspace for both: the second pack keeps the ids of the first run.
            plain = make_pack(cli, data, tmp / "plain", tmp / "ws", "--no-docx", "--no-pdf")
            full = make_pack(cli, data, tmp / "full", tmp / "ws")
            groups = len(list((tmp / "full" / "diagrams").glob("PG-*.html")))
            for name, made in (("without seeds or briefing", plain), ("everything", full)):
                print(
                    f"| {n:,} | {groups} | {name} | {made.wall:.0f} | {made.cpu:.0f} | "
                    f"{made.size / 1e6:.1f} | {made.docx / 1e6:.1f} | {made.pdf / 1e6:.1f} |",
                    flush=True,
                )
            print(
                f"| {n:,} | | ratio | **{full.wall / plain.wall:.2f}×** | "
                f"{full.cpu / plain.cpu:.2f}× | {full.size / plain.size:.2f}× | | |",
                flush=True,
            )
            if args.draw:
                seconds = draw_seconds(tmp / "full" / "diagrams" / "overview.html", tmp)
                print(f"# {n:,}: overview.html draws in {seconds:.2f} s", flush=True)
    print(f"# load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
