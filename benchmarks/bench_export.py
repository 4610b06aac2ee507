"""Network exports against the cheapest way to write the same records, in one run.

``python benchmarks/bench_export.py 10000`` generates a sample of that many young people
(``cs-peers sample``'s generator, seed 7), analyses it once (2 consensus runs: the analysis is
not what is timed), then writes it in every export format of ``cs-peers export`` and, as the
anchor, the associations table with ``DataFrame.to_csv`` — the least any exporter of these
records can do. Median of 3, CPU seconds of this process (the machine is shared), with the
ratio to the anchor and the size of each file.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.run import analyse
from cs_peers.inputs.sample import generate_sample
from cs_peers.inputs.source import load_dataset
from cs_peers.outputs.network_export import EXPORT_FORMATS, export_network

SUFFIX = {"graphml": ".graphml", "gexf": ".gexf", "cytoscape": ".json", "kumu": ".json", "i2": ""}


def _cpu(work: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


def _size(path: Path) -> int:
    files = path.rglob("*") if path.is_dir() else [path]
    return sum(f.stat().st_size for f in files if f.is_file())


def main(young_people: int) -> None:
    """Print one line per format: CPU seconds, ratio to the anchor, megabytes written."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate_sample(root / "data", young_people=young_people, seed=7)
        dataset = load_dataset(root / "data")
        analysis = analyse(dataset, GroupingParameters(runs=2))
        anchor_path = root / "anchor.csv"
        anchor = _cpu(lambda: dataset.associations.to_csv(anchor_path, index=False))
        print(
            f"{young_people:,} young people, {len(dataset.people):,} people, "
            f"{len(dataset.contexts):,} contexts, {len(dataset.associations):,} associations"
        )
        print(f"{'format':<10} {'CPU s':>7} {'× anchor':>9} {'MB':>7}")
        print(f"{'to_csv':<10} {anchor:>7.2f} {1.0:>9.1f} {_size(anchor_path) / 1e6:>7.1f}")
        for fmt in EXPORT_FORMATS:
            out = root / f"network-{fmt}{SUFFIX[fmt]}"
            seconds = _cpu(
                lambda out=out, fmt=fmt: export_network(
                    analysis, out, format=fmt, marking="OFFICIAL-SENSITIVE"
                )
            )
            print(f"{fmt:<10} {seconds:>7.2f} {seconds / anchor:>9.1f} {_size(out) / 1e6:>7.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
