"""Questions (ego, path, connect): the embedded store against Neo4j and bare NetworkX.

For each size a dataset is generated (``cs_peers.inputs.sample.generate_sample``), validated, and
loaded into an emptied local Neo4j. The same seeded people are then asked about from both
stores — every answer is checked equal — and, as the anchor, by bare NetworkX on a prebuilt
``nx.Graph`` of the same pairs (``nx.ego_graph``, ``nx.all_shortest_paths`` sorted,
``steiner_tree(method="kou")``), which does no filtering, labelling or provenance. Each
question's median wall time is printed in milliseconds, after one warm-up question of each
kind (so the embedded graphs are built and Neo4j's query plans cached); the one-off costs
(reading and validating the files, building the graphs) are printed apart.

Usage::

    python benchmarks/bench_questions.py                     # 10k and 100k young people
    python benchmarks/bench_questions.py --sizes 10000 --questions 5

By default a Neo4j is started in a temporary workspace and stopped at the end; ``--home DIR``
uses that workspace's running Neo4j instead, and DELETES EVERYTHING IN IT (with ``--wipe``).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import networkx as nx

from cs_peers.analysis.questions.answers import (
    EmbeddedSource,
    QuestionFilters,
    connecting_network,
    ego_network,
    shortest_paths,
)
from cs_peers.graphdb.load import load_into_neo4j
from cs_peers.graphdb.local import local_neo4j_status, start_local_neo4j, stop_local_neo4j
from cs_peers.graphdb.questions import Neo4jSource
from cs_peers.graphdb.store import Neo4jSettings, Neo4jStore
from cs_peers.inputs.sample import generate_sample
from cs_peers.inputs.source import load_dataset


def _ms(fn: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - start) * 1000, result


def _bench(size: int, store: Neo4jStore, work: Path, questions: int) -> list[dict[str, Any]]:
    folder = work / f"s{size}"
    if not (folder / "associations.csv").exists():
        generate_sample(folder, young_people=size, seed=1)
    t, dataset = _ms(lambda: load_dataset(folder))
    print(f"{size}: read and validated in {t / 1000:.1f} s", flush=True)
    store._driver.execute_query("MATCH (n) DETACH DELETE n")
    t, _ = _ms(lambda: load_into_neo4j(store, dataset))
    print(f"{size}: loaded into Neo4j in {t / 1000:.1f} s", flush=True)
    embedded, neo4j = EmbeddedSource(dataset), Neo4jSource(store, dataset.vocabulary)
    f = QuestionFilters()
    t, _ = _ms(lambda: embedded._graph(f.path_types(dataset.vocabulary), f))
    print(f"{size}: embedded search graph built in {t / 1000:.1f} s", flush=True)
    a = dataset.associations
    people_only = a[~a["type"].isin(["attends", "frequents", "member_of", "incident_at"])]
    bare = nx.Graph(zip(people_only["source"], people_only["target"], strict=True))
    rng = random.Random(size)
    people = rng.sample(sorted(bare.nodes), 4 * questions + 8)

    kinds: dict[str, tuple[Callable[[Any, int], Any], Callable[[int], Any]]] = {
        "ego depth 2": (
            lambda s, i: ego_network(s, people[i], depth=2),
            lambda i: nx.ego_graph(bare, people[i], radius=2),
        ),
        "path": (
            lambda s, i: shortest_paths(s, people[i], people[i + 1]),
            lambda i: sorted(_all_shortest(bare, people[i], people[i + 1])),
        ),
        "connect 4": (
            lambda s, i: connecting_network(s, people[i : i + 4]),
            lambda i: _steiner(bare, people[i : i + 4]),
        ),
    }
    rows = []
    for name, (ask, anchor) in kinds.items():
        ask(embedded, len(people) - 5), ask(neo4j, len(people) - 5), anchor(len(people) - 5)
        times: dict[str, list[float]] = {"embedded": [], "neo4j": [], "networkx": []}
        equal = 0
        for q in range(questions):
            i = 4 * q
            te, e = _ms(ask, embedded, i)
            tn, n = _ms(ask, neo4j, i)
            ta, _ = _ms(anchor, i)
            times["embedded"].append(te)
            times["neo4j"].append(tn)
            times["networkx"].append(ta)
            equal += dataclasses.replace(e, source="") == dataclasses.replace(n, source="")
        row = {"size": size, "question": name, "equal": f"{equal}/{questions}"}
        row |= {k: statistics.median(v) for k, v in times.items()}
        print(
            f"{size:>8} {name:12} embedded {row['embedded']:8.1f} ms  neo4j {row['neo4j']:8.1f} "
            f"ms  bare networkx {row['networkx']:8.1f} ms  equal {row['equal']}",
            flush=True,
        )
        rows.append(row)
    return rows


def _all_shortest(graph: nx.Graph, a: str, b: str) -> list[tuple[str, ...]]:
    try:
        return [tuple(p) for p in nx.all_shortest_paths(graph, a, b)]
    except nx.NetworkXNoPath:
        return []


def _steiner(graph: nx.Graph, terminals: list[str]) -> Any:
    component = nx.node_connected_component(graph, terminals[0])
    inside = [t for t in terminals if t in component]
    if len(inside) < 2:
        return None
    return nx.algorithms.approximation.steiner_tree(graph.subgraph(component), inside, method="kou")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--home", type=Path, help="use this workspace's running Neo4j")
    parser.add_argument("--wipe", action="store_true", help="allow --home to be emptied")
    parser.add_argument("--data", type=Path, help="keep generated data here (reused)")
    args = parser.parse_args()
    if args.home and not args.wipe:
        parser.error("--home empties that workspace's Neo4j: add --wipe to say so")
    with tempfile.TemporaryDirectory() as scratch:
        home = args.home or Path(scratch) / "home"
        local = local_neo4j_status(home) if args.home else None
        if local is None:
            local = start_local_neo4j(home, progress=print)
        try:
            settings = Neo4jSettings(local.uri, local.username, local.password)
            with Neo4jStore(settings) as store:
                rows = []
                for size in args.sizes:
                    rows += _bench(size, store, args.data or Path(scratch), args.questions)
        finally:
            if not args.home:
                stop_local_neo4j(home)
    print("\n| young people | question | embedded ms | Neo4j ms | bare NetworkX ms | equal |")
    print("|---:|---|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['size']:,} | {r['question']} | {r['embedded']:.1f} | {r['neo4j']:.1f} | "
            f"{r['networkx']:.1f} | {r['equal']} |"
        )


if __name__ == "__main__":
    main()
