"""Condense eval_groups.py tables into one row per data set: ARI of every method, side by side.

Usage: python benchmarks/summarise.py results/eval-1k.md [more.md …]
"""

from __future__ import annotations

import sys

import pandas as pd

SHORT = {
    "cs-peers": "cs-peers", "igraph-leiden-cpm": "bare CPM", "networkx-louvain": "Louvain",
    "igraph-infomap": "Infomap", "leidenalg-significance": "Significance",
    "leidenalg-surprise": "Surprise",
}  # fmt: skip


def read(path: str) -> pd.DataFrame:
    """Return the rows of one eval_groups.py markdown table."""
    with open(path, encoding="utf-8") as table:
        rows = [
            [c.strip() for c in line.strip().strip("|").split("|")]
            for line in table
            if line.startswith("| ") and "ARI" not in line and "failed" not in line
        ]
    names = {0: "family", 1: "n", 2: "mixing", 3: "method", 4: "ari", 6: "coverage"}
    return pd.DataFrame([r[:15] for r in rows if len(r) >= 15]).rename(columns=names)


def main() -> None:
    frame = pd.concat([read(p) for p in sys.argv[1:]], ignore_index=True)
    print("| family | young people | mixing | cs-peers ARI (coverage) | bare CPM | Louvain "
          "| Infomap | Significance | Surprise | best anchor |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for (family, n, mixing), rows in frame.groupby(["family", "n", "mixing"], sort=False):
        by = rows.set_index("method")
        ours = by.loc["cs-peers"] if "cs-peers" in by.index else None
        anchors = {
            SHORT[m]: float(by.loc[m, "ari"]) for m in by.index if m in SHORT and m != "cs-peers"
        }
        best = max(anchors, key=lambda k: anchors[k]) if anchors else "–"
        names = ("bare CPM", "Louvain", "Infomap", "Significance", "Surprise")
        cells = [f"{anchors[k]:.3f}" if k in anchors else "–" for k in names]
        mine = f"**{ours['ari']}** ({ours['coverage']})" if ours is not None else "–"
        print(f"| {family} | {n} | {mixing} | {mine} | {' | '.join(cells)} | {best} "
              f"{anchors.get(best, float('nan')):.3f} |")  # fmt: skip


if __name__ == "__main__":
    main()
