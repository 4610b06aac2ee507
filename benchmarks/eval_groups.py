"""Evaluation of candidate peer groups on several families of data, against bare anchors.

For every family × size × mixing it writes the data into the input contract (people.csv,
contexts.csv, associations.csv; see eval_contract.py for the contexts and noise added), then
runs on the same files, in the same run, each method in its own process (group_methods.py):

- cs-peers                 `cs-peers groups DIR --csv …`, default settings, end to end
- igraph-leiden-cpm        a bare pandas + igraph Leiden-CPM script on person–person records
- networkx-louvain         NetworkX's default community detection (modularity)
- igraph-infomap           igraph's Infomap
- leidenalg-significance   leidenalg's resolution-free Significance partition (unweighted)
- leidenalg-surprise       leidenalg's resolution-free Surprise partition (weighted)

and prints a markdown table: ARI and NMI against the planted truth (over all young people;
those in no group count as singletons on both sides), coverage (share of young people of
planted groups placed in any group), purity (the smallest share of one planted group in a
found group), the group sizes (median / 90th percentile / largest, share of groups above 20,
and, for cs-peers-lib, how many groups are flagged as too large to split), wall and CPU
seconds (the machine is shared: CPU time is the steadier measure) and peak memory.

`cs-peers-lib[:key=value,…]` runs the library in-process with changed defaults, for the
ablations: contexts=off, contexts=all (uncorroborated too), min_ties=0, max_size=100000,
resolution=0.1 (the old fixed default).

Families: lfr (networkx LFR_benchmark_graph, ≤ 10k: it is pure Python), lfr-like (the same
power laws in numpy, to 1M), sample (`cs-peers sample`), dcsbm (degree-corrected SBM, contexts
not aligned with groups), karate, davis (real; size and mixing do not apply).

Usage:
    python benchmarks/eval_groups.py --quick                 # 1k, mixing 0.1 and 0.3, every family
    python benchmarks/eval_groups.py                         # 1k and 10k, mixing 0.1–0.5
    python benchmarks/eval_groups.py --sizes 100000 --mixing 0.3 --families lfr-like sample dcsbm
    python benchmarks/eval_groups.py --methods cs-peers-lib igraph-leiden-cpm   # library, quick
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
from eval_contract import write_contract
from eval_families import planted
from igraph import compare_communities

HERE = Path(__file__).resolve().parent
CS_PEERS = ["cs-peers"]
ANCHORS = [
    "igraph-leiden-cpm",
    "networkx-louvain",
    "igraph-infomap",
    "leidenalg-significance",
    "leidenalg-surprise",
]
REAL = ("karate", "davis")
# Anchors that take too long above this many young people to be worth a row.
LIMITS = {
    "networkx-louvain": 10_000,
    "leidenalg-surprise": 10_000,
    "igraph-infomap": 100_000,
    "leidenalg-significance": 100_000,
}
LFR_LIMIT = 10_000


def _labels(ids: pd.Series, memberships: pd.DataFrame) -> np.ndarray:
    group_of = pd.Series(
        memberships["group_id"].astype(str).to_numpy(), index=memberships["person_id"].to_numpy()
    )
    labels = ids.map(group_of)
    return np.asarray(pd.factorize(labels.fillna("solo-" + ids))[0])


def score(folder: Path, found: Path) -> dict[str, float | str]:
    """Return ARI, NMI, coverage, purity and size distribution of ``found`` against truth."""
    people = pd.read_csv(folder / "people.csv", dtype=str)
    ids = people.loc[people["kind"] == "young_person", "id"].reset_index(drop=True)
    truth_rows = pd.read_csv(folder / "truth.csv", dtype=str)
    found_rows = pd.read_csv(found, dtype=str)
    truth, guess = _labels(ids, truth_rows), _labels(ids, found_rows)
    placed = set(found_rows["person_id"])
    coverage = float(truth_rows["person_id"].isin(placed).mean()) if len(truth_rows) else 1.0
    joined = found_rows.merge(truth_rows, on="person_id", how="inner", suffixes=("", "_t"))
    shares = joined.groupby("group_id")["group_id_t"].agg(
        lambda s: s.value_counts().iloc[0] / len(s)
    )
    sizes = found_rows.groupby("group_id").size().to_numpy()
    flagged = "–"
    flag_file = found.with_suffix(".groups.csv")
    if flag_file.exists():
        g = pd.read_csv(flag_file)
        flagged = str(int(g["too_large"].sum())) if "too_large" in g else "–"
    return {
        "ari": compare_communities(truth, guess, method="adjusted_rand"),
        "nmi": compare_communities(truth, guess, method="nmi"),
        "coverage": coverage,
        "purity": float(shares.min()) if len(shares) else float("nan"),
        "groups": len(sizes),
        "sizes": (
            f"{int(np.median(sizes))}/{int(np.percentile(sizes, 90))}/{int(sizes.max())}"
            if len(sizes)
            else "–"
        ),
        "above20": f"{(sizes > 20).mean():.0%}" if len(sizes) else "–",
        "flagged": flagged,
    }


def _make(family: str, size: int, mixing: float, seed: int, folder: Path) -> bool:
    if family == "sample":
        subprocess.run(
            [str(Path(sys.executable).with_name("cs-peers")), "sample", "--out", str(folder),
             "--young-people", str(size), "--seed", str(seed), "--mixing", str(mixing)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        return True
    try:
        graph = planted(family, size, mixing, seed)
    except Exception as error:  # networkx's LFR raises when it cannot meet its constraints
        print(f"<!-- {family} n={size} mixing={mixing}: not generated ({error}) -->", flush=True)
        return False
    write_contract(graph, folder, family, seed)
    return True


def _run(method: str, folder: Path) -> dict[str, object]:
    out = folder / f"{method.replace(':', '_').replace('=', '-').replace(',', '_')}.csv"
    done = subprocess.run(
        [sys.executable, str(HERE / "group_methods.py"), method, str(folder), str(out)],
        capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    result.update(score(folder, out))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    families = ["lfr", "lfr-like", "sample", "dcsbm", "karate", "davis"]
    parser.add_argument("--families", nargs="+", default=families)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--mixing", type=float, nargs="+", default=[0.1, 0.2, 0.3, 0.4, 0.5])
    parser.add_argument("--methods", nargs="+", default=CS_PEERS + ANCHORS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="1k only, mixing 0.1 and 0.3")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.mixing = [1_000], [0.1, 0.3]
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    print(f"# machine: {platform.machine()} · Python {platform.python_version()} · {cores} cores")
    print("| family | young people | mixing | method | ARI | NMI | coverage | purity | groups "
          "| sizes med/p90/max | >20 | flagged | seconds | CPU s | peak MiB |")  # fmt: skip
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for family in args.families:
            sizes = [34] if family in REAL else args.sizes
            for size in sizes:
                if family == "lfr" and size > LFR_LIMIT:
                    print(f"<!-- lfr n={size}: networkx's LFR is pure Python; see lfr-like -->")
                    continue
                for mixing in [0.0] if family in REAL else args.mixing:
                    folder = Path(tmp) / f"{family}-{size}-{mixing}"
                    if not _make(family, size, mixing, args.seed, folder):
                        continue
                    kinds = pd.read_csv(folder / "people.csv")["kind"]
                    young = int((kinds == "young_person").sum())
                    for method in args.methods:
                        if size > LIMITS.get(method, 10**9):
                            continue
                        r = _run(method, folder)
                        shown_mixing = "–" if family in REAL else mixing
                        if "error" in r:
                            print(f"| {family} | {young:,} | {shown_mixing} | {method} "
                                  f"| failed: {r['error']} |||||||||| ", flush=True)  # fmt: skip
                            continue
                        print(
                            f"| {family} | {young:,} | {shown_mixing} | {method} | {r['ari']:.3f} "
                            f"| {r['nmi']:.3f} | {r['coverage']:.2f} | {r['purity']:.2f} "
                            f"| {r['groups']:,} | {r['sizes']} | {r['above20']} | {r['flagged']} "
                            f"| {r['seconds']:.1f} | {r.get('cpu_seconds', 0):.1f} "
                            f"| {r['peak_rss_mib']:,} |",
                            flush=True,
                        )


if __name__ == "__main__":
    main()
