"""Accuracy and speed of group detection on planted-group samples, against named anchors.

For each size and mixing level it generates a `cs-peers sample`, then runs on the same files,
in the same run, each in its own process:

- cs-peers       `cs-peers groups DIR --csv …` end to end (validation, evidence, Leiden-CPM,
                 10 consensus runs, CSV out)
- cs-peers-1-run the same with `--runs 1`: no membership confidence, the bare script's work
- igraph-leiden-cpm   a bare pandas + igraph script: read the CSV, sum direct associations,
                 Leiden-CPM — the anchor for the "within 3× of a bare script" target
- networkx-louvain     NetworkX's default community detection (modularity)
- networkx-asyn-lpa    NetworkX's asynchronous label propagation

and prints ARI and NMI against truth.csv (over all young people; those in no group are
singletons), seconds, peak memory, and cs-peers' time as a ratio of the bare script's.

Usage:
    python benchmarks/bench_groups.py                       # 1k, 10k, 100k at mixing 0.1/0.3/0.5
    python benchmarks/bench_groups.py --sizes 1000000 --mixing 0.3 \
        --methods cs-peers igraph-leiden-cpm
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from igraph import compare_communities

HERE = Path(__file__).resolve().parent
METHODS = [
    "cs-peers",
    "cs-peers-1-run",
    "igraph-leiden-cpm",
    "networkx-louvain",
    "networkx-asyn-lpa",
]
# NetworkX's pure-Python methods take too long above this size to be worth a row.
NETWORKX_LIMIT = 100_000


def _labels(ids: pd.Series, memberships: pd.DataFrame) -> np.ndarray:
    group_of = pd.Series(
        memberships["group_id"].astype(str).to_numpy(), index=memberships["person_id"].to_numpy()
    )
    labels = ids.map(group_of)
    return pd.factorize(labels.fillna("solo-" + ids))[0]


def _score(folder: Path, found: Path) -> tuple[float, float]:
    people = pd.read_csv(folder / "people.csv", dtype=str, engine="pyarrow")
    ids = people.loc[people["kind"] == "young_person", "id"].reset_index(drop=True)
    truth = _labels(ids, pd.read_csv(folder / "truth.csv", dtype=str))
    guess = _labels(ids, pd.read_csv(found, dtype=str))
    return (
        compare_communities(truth, guess, method="adjusted_rand"),
        compare_communities(truth, guess, method="nmi"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--mixing", type=float, nargs="+", default=[0.1, 0.3, 0.5])
    parser.add_argument("--methods", nargs="+", default=METHODS, choices=METHODS)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    cs_peers = str(Path(sys.executable).with_name("cs-peers"))
    print(
        f"# machine: {platform.node()} · {platform.machine()} · {platform.python_version()} · "
        f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores"
    )
    print("| young people | mixing | method | ARI | NMI | groups | seconds | peak MiB | × bare |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            for mixing in args.mixing:
                folder = Path(tmp) / f"s{size}-{mixing}"
                subprocess.run(
                    [
                        cs_peers,
                        "sample",
                        "--out",
                        str(folder),
                        "--young-people",
                        str(size),
                        "--seed",
                        str(args.seed),
                        "--mixing",
                        str(mixing),
                    ],
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                results = {}
                for method in args.methods:
                    if method.startswith("networkx") and size > NETWORKX_LIMIT:
                        continue
                    out = folder / f"{method}.csv"
                    done = subprocess.run(
                        [
                            sys.executable,
                            str(HERE / "group_methods.py"),
                            method,
                            str(folder),
                            str(out),
                        ],
                        check=True,
                        capture_output=True,
                        text=True,
                    )
                    result = json.loads(done.stdout.strip().splitlines()[-1])
                    result["ari"], result["nmi"] = _score(folder, out)
                    results[method] = result
                bare = results.get("igraph-leiden-cpm", {}).get("seconds")
                for method, r in results.items():
                    ratio = f"{r['seconds'] / bare:.1f}" if bare else "–"
                    print(
                        f"| {size:,} | {mixing} | {method} | {r['ari']:.3f} | {r['nmi']:.3f} "
                        f"| {r['groups']:,} | "
                        f"{r['seconds']:.1f} | {r['peak_rss_mib']:,} | {ratio} |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
