"""One group-detection method on one sample folder, measured in its own process.

Usage: python benchmarks/group_methods.py METHOD SAMPLE_DIR OUT_CSV

Prints one JSON line: seconds (wall), cpu_seconds, peak_rss_mib, groups. Run by
bench_groups.py and eval_groups.py, so each method's time and peak memory are its own.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from cs_peers.inputs.vocabulary import load_vocabulary

# The anchors read the direct peer records, as a bare script would.
PEER_TYPES = set(load_vocabulary().names(category="peer")) | {"protective_peer"}


def _peer_edges(folder: Path) -> tuple[np.ndarray, pd.DataFrame]:
    """Return young-person ids and their summed direct-association weights (the anchors' input)."""
    people = pd.read_csv(folder / "people.csv", dtype=str, engine="pyarrow")
    ids = np.sort(people.loc[people["kind"] == "young_person", "id"].to_numpy(dtype=object))
    a = pd.read_csv(
        folder / "associations.csv",
        dtype=str,
        engine="pyarrow",
        usecols=["source", "target", "type"],
    )
    code = pd.Series(np.arange(len(ids)), index=ids)
    if not a["type"].isin(PEER_TYPES).any():
        return ids, _projection(a, code)
    a = a[a["type"].isin(PEER_TYPES)]
    s, t = a["source"].map(code), a["target"].map(code)
    keep = s.notna() & t.notna()
    s, t = s[keep].astype(int).to_numpy(), t[keep].astype(int).to_numpy()
    edges = pd.DataFrame({"a": np.minimum(s, t), "b": np.maximum(s, t)})
    edges = edges.groupby(["a", "b"]).size().rename("w").reset_index()
    return ids, edges


def _projection(a: pd.DataFrame, code: pd.Series) -> pd.DataFrame:
    """Return person–person weights as shared-context counts (data with no direct links)."""
    person = a["source"].map(code).fillna(a["target"].map(code))
    place = a["target"].where(a["source"].map(code).notna(), a["source"])
    uses = pd.DataFrame({"p": person, "c": place}).dropna().drop_duplicates()
    uses["p"] = uses["p"].astype(int)
    pairs = uses.merge(uses, on="c")
    pairs = pairs[pairs["p_x"] < pairs["p_y"]]
    edges = pairs.groupby(["p_x", "p_y"]).size().rename("w").reset_index()
    return edges.rename(columns={"p_x": "a", "p_y": "b"})


def _write(ids: np.ndarray, communities: list[list[int]], out: Path) -> int:
    rows = [
        (f"G{k}", ids[n])
        for k, members in enumerate(communities)
        if len(members) >= 3
        for n in members
    ]
    pd.DataFrame(rows, columns=["group_id", "person_id"]).to_csv(out, index=False)
    return sum(1 for m in communities if len(m) >= 3)


def _cs_peers_library(folder: Path, out: Path, options: str) -> int:
    """Run cs-peers through the library, with ``key=value,…`` changes to its defaults.

    ``contexts=off`` ignores contexts, ``contexts=all`` counts uncorroborated ones too; the
    other keys are GroupingParameters fields (``min_ties=0``, ``max_size=100000``,
    ``resolution=0.1``). Also writes the groups frame next to ``out`` (``*.groups.csv``).
    """
    from cs_peers.analysis.grouping.evidence import build_peer_evidence
    from cs_peers.analysis.grouping.groups import detect_peer_groups
    from cs_peers.analysis.grouping.parameters import GroupingParameters
    from cs_peers.analysis.run import analyse
    from cs_peers.inputs.source import load_dataset

    changes = dict(item.split("=") for item in options.split(",") if item)
    contexts = changes.pop("contexts", "default")
    params = GroupingParameters(
        **{k: (float(v) if "." in v else int(v)) for k, v in changes.items()}  # type: ignore[arg-type]
    )
    dataset = load_dataset(folder)
    if contexts == "default" and not changes:
        groups = analyse(dataset, params).groups
    else:
        evidence = build_peer_evidence(
            dataset,
            max_context_size=1 if contexts == "off" else params.max_context_size,
            corroborate=contexts != "all",
        )
        groups = detect_peer_groups(evidence, params)
    groups.memberships.to_csv(out, index=False)
    groups.groups.to_csv(out.with_suffix(".groups.csv"), index=False)
    return int(groups.memberships["group_id"].nunique())


def run(method: str, folder: Path, out: Path) -> int:
    """Run ``method`` and return the number of groups of 3 or more it found."""
    if method in ("cs-peers", "cs-peers-1-run"):
        subprocess.run(
            [
                str(Path(sys.executable).with_name("cs-peers")),
                "groups",
                str(folder),
                "--csv",
                str(out),
                "--no-record",
                *(["--runs", "1"] if method == "cs-peers-1-run" else []),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return int(pd.read_csv(out)["group_id"].nunique())
    if method.startswith("cs-peers-lib"):
        return _cs_peers_library(folder, out, method.partition(":")[2])
    ids, edges = _peer_edges(folder)
    if method == "igraph-leiden-cpm":
        import igraph as ig

        graph = ig.Graph(n=len(ids), edges=edges[["a", "b"]].to_numpy().tolist())
        graph.es["weight"] = edges["w"].astype(float).tolist()
        ig.set_random_number_generator(random.Random(0))
        clusters = graph.community_leiden(
            objective_function="CPM", weights="weight", resolution=0.1
        )
        return _write(ids, [list(c) for c in clusters], out)
    if method in ("igraph-infomap", "leidenalg-significance", "leidenalg-surprise"):
        import igraph as ig

        graph = ig.Graph(n=len(ids), edges=edges[["a", "b"]].to_numpy().tolist())
        graph.es["weight"] = edges["w"].astype(float).tolist()
        if method == "igraph-infomap":
            ig.set_random_number_generator(random.Random(0))
            found = graph.community_infomap(edge_weights="weight", trials=1)
            return _write(ids, [list(c) for c in found], out)
        import leidenalg as la

        if method == "leidenalg-significance":
            # Significance is defined on unweighted graphs.
            part = la.find_partition(graph, la.SignificanceVertexPartition, seed=0)
        else:
            part = la.find_partition(graph, la.SurpriseVertexPartition, weights="weight", seed=0)
        return _write(ids, [list(c) for c in part], out)
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(len(ids)))
    graph.add_weighted_edges_from(edges[["a", "b", "w"]].itertuples(index=False, name=None))
    if method == "networkx-louvain":
        found = nx.community.louvain_communities(graph, weight="weight", seed=0)
    elif method == "networkx-asyn-lpa":
        found = nx.community.asyn_lpa_communities(graph, weight="weight", seed=0)
    else:
        raise SystemExit(f"unknown method {method!r}")
    return _write(ids, [list(c) for c in found], out)


def main() -> None:
    method, folder, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    start = time.perf_counter()
    groups = run(method, folder, out)
    seconds = time.perf_counter() - start
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    own, children = me.ru_maxrss, kids.ru_maxrss
    # CPU time as well as wall time: on a shared machine the wall clock counts the others too.
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "peak_rss_mib": round(max(own, children) / 1024),
                "groups": groups,
            }
        )
    )


if __name__ == "__main__":
    main()
