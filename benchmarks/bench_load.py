"""Load throughput: cs-peers' ``load_into_neo4j`` against ``LOAD CSV`` of the same files.

Both load the same generated dataset (``cs_peers.inputs.sample.generate_sample``) into the same,
emptied, local Neo4j 5.26, in the same run, alternating which goes first; the table gives the
median over ``--repeats``. ``LOAD CSV`` gets the recommended form (``CALL { … } IN
TRANSACTIONS OF 20000 ROWS``), the same id constraints, and builds the same nodes, labels and
relationship properties; it skips what cs-peers adds for idempotence and exact read-back (the
association key with its unique constraint per type, and row positions), and it cannot be
rerun without duplicating every relationship.

cs-peers runs in a child process per load so that its peak memory (``ru_maxrss``) is its own.
Server CPU seconds come from ``/proc/<pid>/stat`` of the Neo4j process; on a shared machine the
wall-clock times move with whatever else runs, the CPU seconds much less.

Usage::

    python benchmarks/bench_load.py                       # 100k and 1M associations
    python benchmarks/bench_load.py --sizes 100000 --repeats 3 --tracemalloc

By default a Neo4j is started in a temporary workspace and stopped at the end. ``--home DIR``
uses that workspace's Neo4j instead, and DELETES EVERYTHING IN IT (it asks for ``--wipe``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import neo4j

from cs_peers.graphdb.local import LocalNeo4j, start_local_neo4j, stop_local_neo4j

ASSOCIATIONS_PER_YOUNG_PERSON = 8.3  # about what generate_sample gives with its defaults
LOAD_CSV_BATCH = 20_000

# The same graph as cs-peers builds (labels from kind, "" for blank cells), minus the key and
# row positions, which LOAD CSV has no way to make.
LOAD_CSV_PEOPLE = """
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MERGE (p:Person {id: row.id})
  SET p += row
  SET p:$(CASE row.kind WHEN 'young_person' THEN 'YoungPerson' ELSE 'Adult' END)
} IN TRANSACTIONS OF 20000 ROWS
"""
LOAD_CSV_CONTEXTS = """
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MERGE (c:Context {id: row.id})
  SET c.kind = row.kind, c.name = coalesce(row.name, '')
  SET c:$(CASE row.kind WHEN 'school' THEN 'School' WHEN 'location' THEN 'Location'
          WHEN 'online' THEN 'OnlineSpace' ELSE 'OtherContext' END)
} IN TRANSACTIONS OF 20000 ROWS
"""
LOAD_CSV_ASSOCIATIONS = """
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (s:Person|Context {id: row.source})
  MATCH (t:Person|Context {id: row.target})
  CREATE (s)-[r:$(toUpper(row.type))]->(t)
  SET r.type = row.type,
      r.observed_on = coalesce(row.observed_on, ''),
      r.recorded_on = coalesce(row.recorded_on, row.observed_on, ''),
      r.source_agency = coalesce(row.source_agency, ''),
      r.confidence = coalesce(row.confidence, 'medium'),
      r.grading = coalesce(row.grading, ''),
      r.reference = coalesce(row.reference, ''),
      r.notes = coalesce(row.notes, '')
} IN TRANSACTIONS OF 20000 ROWS
"""


# --- the child: one cs-peers load in its own process -----------------------------------------


def child(data: Path, batch_size: int, measure_memory: bool, reload: bool) -> dict[str, Any]:
    """Return timings and memory of reading, validating and loading ``data`` (run in a child)."""
    from cs_peers.graphdb.load import load_into_neo4j
    from cs_peers.graphdb.store import Neo4jStore, resolve_settings
    from cs_peers.inputs.source import load_dataset

    started = time.perf_counter()
    dataset = load_dataset(data)
    read_seconds = time.perf_counter() - started
    rss_after_read = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    settings = resolve_settings(os.environ, home=data)
    result: dict[str, Any] = {"read_seconds": read_seconds, "rss_after_read_mb": rss_after_read}
    with Neo4jStore(settings) as store:
        store.verify()
        if measure_memory:
            tracemalloc.start()
        cpu = time.process_time()
        report = load_into_neo4j(store, dataset, batch_size=batch_size)
        result["client_cpu_seconds"] = time.process_time() - cpu
        if measure_memory:
            result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        result["load_seconds"] = report.seconds
        result["associations"] = report.associations
        if reload:
            result["reload_seconds"] = load_into_neo4j(store, dataset).seconds
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


# --- the parent ------------------------------------------------------------------------------


def _server_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wipe(driver: neo4j.Driver) -> None:
    """Empty the database: data, constraints and indexes (names come from the server)."""
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()
        for record in list(session.run("SHOW CONSTRAINTS YIELD name RETURN name")):
            session.run(f"DROP CONSTRAINT `{record['name']}`").consume()
        for record in list(
            session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name")
        ):
            session.run(f"DROP INDEX `{record['name']}`").consume()


def _totals(driver: neo4j.Driver) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS rels"
    )
    return int(records[0]["nodes"]), int(records[0]["rels"])


def run_load_csv(server: LocalNeo4j, driver: neo4j.Driver, data: Path) -> dict[str, Any]:
    """Return the seconds and server CPU seconds LOAD CSV takes for the three files."""
    with driver.session() as session:
        session.run(
            "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE"
        ).consume()
        session.run(
            "CREATE CONSTRAINT context_id IF NOT EXISTS FOR (n:Context) REQUIRE n.id IS UNIQUE"
        ).consume()
        cpu = _server_cpu(server.pid)
        started = time.perf_counter()
        for query, name in (
            (LOAD_CSV_PEOPLE, "people.csv"),
            (LOAD_CSV_CONTEXTS, "contexts.csv"),
            (LOAD_CSV_ASSOCIATIONS, "associations.csv"),
        ):
            session.run(query, url=(data / name).resolve().as_uri()).consume()
        seconds = time.perf_counter() - started
    return {"load_seconds": seconds, "server_cpu_seconds": _server_cpu(server.pid) - cpu}


def run_cs_peers(
    server: LocalNeo4j, data: Path, batch_size: int, *, measure_memory: bool, reload: bool
) -> dict[str, Any]:
    """Return what the child process reports for one cs-peers load, plus server CPU."""
    env = dict(os.environ)
    env.update(NEO4J_URI=server.uri, NEO4J_USERNAME=server.username, NEO4J_PASSWORD=server.password)
    command = [sys.executable, __file__, "--child", str(data), "--batch-size", str(batch_size)]
    if measure_memory:
        command.append("--tracemalloc")
    if reload:
        command.append("--reload")
    cpu = _server_cpu(server.pid)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the cs-peers load failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["server_cpu_seconds"] = _server_cpu(server.pid) - cpu
    return result


def _generate(folder: Path, associations: int, seed: int) -> Path:
    """Return a generated dataset with about ``associations`` rows (made once, then kept)."""
    from cs_peers.inputs.sample import generate_sample

    target = folder / f"sample-{associations}-seed{seed}"
    if (target / "done").is_file():
        return target
    young_people = max(10, round(associations / ASSOCIATIONS_PER_YOUNG_PERSON))
    made = generate_sample(target, young_people=young_people, seed=seed).associations
    if abs(made - associations) > associations / 10:  # the generator's mix changed: rescale
        young_people = max(10, round(young_people * associations / made))
        generate_sample(target, young_people=young_people, seed=seed)
    (target / "done").write_text("")
    return target


def _median(runs: list[dict[str, Any]], key: str) -> float:
    values = [r[key] for r in runs if key in r]
    return statistics.median(values) if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, help="where generated datasets are kept")
    parser.add_argument("--home", type=Path, help="a workspace whose Neo4j to use (wiped!)")
    parser.add_argument("--wipe", action="store_true", help="agree to wiping --home's database")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python memory")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--reload", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child is not None:
        result = child(args.child, args.batch_size, args.tracemalloc, args.reload)
        print(json.dumps(result))
        return 0
    if args.home is not None and not args.wipe:
        parser.error("--home wipes that workspace's database; add --wipe to agree")

    scratch = Path(tempfile.mkdtemp(prefix="cs-peers-bench-"))
    data_root = args.data or scratch / "data"
    home = args.home or scratch / "home"
    print(f"Starting Neo4j in {home} …", file=sys.stderr)
    server = start_local_neo4j(home, progress=lambda m: print(m, file=sys.stderr), timeout=300)
    driver = neo4j.GraphDatabase.driver(server.uri, auth=(server.username, server.password))
    rows: list[tuple[str, ...]] = []
    ratios: list[str] = []
    try:
        # A fresh JVM compiles as it goes: warm both paths up before anything is timed.
        warm = _generate(data_root, 20_000, args.seed)
        for _ in range(2):
            _wipe(driver)
            run_load_csv(server, driver, warm)
            _wipe(driver)
            run_cs_peers(server, warm, args.batch_size, measure_memory=False, reload=True)
        for size in args.sizes:
            data = _generate(data_root, size, args.seed)
            csv_runs: list[dict[str, Any]] = []
            ours: list[dict[str, Any]] = []
            for repeat in range(args.repeats):
                order = ["csv", "ours"] if repeat % 2 == 0 else ["ours", "csv"]
                for method in order:
                    _wipe(driver)
                    if method == "csv":
                        csv_runs.append(run_load_csv(server, driver, data))
                    else:
                        last = repeat == args.repeats - 1
                        ours.append(
                            run_cs_peers(
                                server, data, args.batch_size, measure_memory=False, reload=last
                            )
                        )
                    print(
                        f"  {size:>9,} {method:4} run {repeat + 1}: {_totals(driver)}",
                        file=sys.stderr,
                    )
            if args.tracemalloc:
                _wipe(driver)
                traced = run_cs_peers(
                    server, data, args.batch_size, measure_memory=True, reload=False
                )
                ours[-1]["tracemalloc_peak_mb"] = traced["tracemalloc_peak_mb"]
            n = int(ours[0]["associations"])
            csv_seconds = _median(csv_runs, "load_seconds")
            our_seconds = _median(ours, "load_seconds")
            with_read = statistics.median(r["load_seconds"] + r["read_seconds"] for r in ours)
            rows.append(
                (
                    f"{n:,}",
                    "LOAD CSV, IN TRANSACTIONS OF 20000 ROWS",
                    f"{csv_seconds:.1f}",
                    f"{n / csv_seconds:,.0f}",
                    f"{_median(csv_runs, 'server_cpu_seconds'):.1f}",
                    "-",
                    "-",
                    "-",
                )
            )
            rows.append(
                (
                    f"{n:,}",
                    "cs-peers load_into_neo4j",
                    f"{our_seconds:.1f}",
                    f"{n / our_seconds:,.0f}",
                    f"{_median(ours, 'server_cpu_seconds'):.1f}",
                    f"{_median(ours, 'client_cpu_seconds'):.1f}",
                    f"{_median(ours, 'peak_rss_mb'):,.0f}"
                    f" ({_median(ours, 'rss_after_read_mb'):,.0f} after reading)",
                    f"{ours[-1].get('tracemalloc_peak_mb', float('nan')):,.0f}",
                )
            )
            rows.append(
                (
                    f"{n:,}",
                    "cs-peers incl. reading + validating the files",
                    f"{with_read:.1f}",
                    f"{n / with_read:,.0f}",
                    "",
                    "",
                    "",
                    "",
                )
            )
            rows.append(
                (
                    f"{n:,}",
                    "cs-peers reload (nothing new)",
                    f"{ours[-1]['reload_seconds']:.1f}",
                    f"{n / ours[-1]['reload_seconds']:,.0f}",
                    "",
                    "",
                    "",
                    "",
                )
            )
            ratios.append(
                f"{n:,} associations: LOAD CSV {csv_seconds:.1f} s / cs-peers {our_seconds:.1f} s"
                f" = {csv_seconds / our_seconds:.2f}  (with reading and validating the files:"
                f" {csv_seconds / with_read:.2f}; above 1 means cs-peers is faster)"
            )
    finally:
        driver.close()
        if args.home is None:
            stop_local_neo4j(home)
        # Only what this run made lives there: the temporary server and any generated data.
        shutil.rmtree(scratch, ignore_errors=True)

    header = (
        "associations",
        "method",
        "seconds",
        "assoc/s",
        "server CPU s",
        "client CPU s",
        "peak RSS MB",
        "tracemalloc MB",
    )
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print()
    print(f"Neo4j {server.version}, batch size {args.batch_size}, median of {args.repeats} runs")
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    print()
    for line in ratios:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
