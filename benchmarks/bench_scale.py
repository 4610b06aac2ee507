"""Scale in one run: `cs-peers groups` against the bare script, the Neo4j load against LOAD CSV.

1. Group detection. For each size it generates LFR-like planted data (mixing 0.3, written into
   the input contract with the noise of real recording, as `eval_groups.py` does), then runs
   on the same files, each in its own process, alternating which goes first:

   - bare   the ten-line pandas + igraph script (`group_methods.py igraph-leiden-cpm`): read
            the associations, sum the direct records, one Leiden-CPM run;
   - cs-peers `cs-peers groups DIR --csv OUT --workspace TMP`, defaults (every core): read and
            validate all three files, weigh the evidence, choose the resolution, consensus
            runs, stable ids, keep the run, write the CSV.

   Then, as a month later: the next export (one association in 32 gone) analysed with the
   workspace that kept this month's run, so its groups are matched to last month's (stable
   ids and events), as every analyst's second run is.

   It prints wall and CPU seconds, the peak memory of the largest process (``ru_maxrss``) and
   of the whole process tree (the sum of its processes' proportional set sizes, sampled every
   0.1 s: forked workers share the parent's pages, so adding their RSS would count those pages
   twice), ARI against the planted groups, and cs-peers' time as a multiple of the bare
   script's. Targets (issue 22, 2 cores): ≤ 2× at 100k, ≤ 1.5× at 1M, 1M within 2.5 GB.

2. The Neo4j load: `bench_load.py` at the same sizes (in associations), which starts a
   throw-away local Neo4j and compares `cs-peers load` with `LOAD CSV … IN TRANSACTIONS` into
   it. Target: ≥ 1.0× LOAD CSV's speed.

    .venv/bin/python benchmarks/bench_scale.py                        # 100k and 1M (long)
    .venv/bin/python benchmarks/bench_scale.py --sizes 100000 --repeats 3 --no-neo4j
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _tree_pss_mib(root: int) -> float:
    """Return the summed proportional set size of ``root`` and its descendants, in MiB."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def measure(command: list[str]) -> dict[str, float]:
    """Return wall and CPU seconds, largest-process and whole-tree peak MiB of ``command``."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        peak = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.1):
                peak[0] = max(peak[0], _tree_pss_mib(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        # wait4 gives this child's own usage (with the workers it waited for), not the sum or
        # the largest of every child this benchmark has had.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        wall = time.perf_counter() - started
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{command[:3]} failed:\n{errors.read().decode()[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return {"wall": wall, "cpu": cpu, "largest": usage.ru_maxrss / 1024, "tree": peak[0]}


SCORE = """
import sys
import pandas as pd
from igraph import compare_communities
folder, found = sys.argv[1], sys.argv[2]
people = pd.read_csv(f"{folder}/people.csv", dtype=str, engine="pyarrow")
ids = people.loc[people["kind"] == "young_person", "id"].reset_index(drop=True)
def labels(rows):
    group_of = pd.Series(rows["group_id"].astype(str).to_numpy(), index=rows["person_id"])
    return list(pd.factorize(ids.map(group_of).fillna("solo-" + ids))[0])
truth = labels(pd.read_csv(f"{folder}/truth.csv", dtype=str))
print(compare_communities(truth, labels(pd.read_csv(found, dtype=str)), method="adjusted_rand"))
"""
GENERATE = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from eval_contract import write_contract
from eval_families import planted
size, folder = int(sys.argv[2]), Path(sys.argv[3])
write_contract(planted("lfr-like", size, 0.3, 1), folder, "lfr-like", 1)
"""


# Next month's export: this month's files with one association in 32 gone (closed or corrected).
NEXT_MONTH = """
import shutil, sys
from pathlib import Path
import pyarrow as pa, pyarrow.compute as pc, pyarrow.csv as pacsv
source, target = Path(sys.argv[1]), Path(sys.argv[2])
target.mkdir(exist_ok=True)
for name in ("people.csv", "contexts.csv", "truth.csv"):
    shutil.copy(source / name, target / name)
path = source / "associations.csv"
header = path.open(encoding="utf-8").readline().strip().split(",")
table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
    column_types={c: pa.string() for c in header}, strings_can_be_null=False))
keep = pc.not_equal(pc.bit_wise_and(pa.array(range(table.num_rows)), 31), 7)
pacsv.write_csv(table.filter(keep), target / "associations.csv")
"""


def _ari(folder: Path, found: Path) -> float:
    """Return the ARI of ``found`` against the planted groups (computed in another process)."""
    done = subprocess.run(
        [sys.executable, "-c", SCORE, str(folder), str(found)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return float(done.stdout.strip())


def _generate(size: int, folder: Path) -> None:
    # In another process, and so is the scoring: Linux counts the RSS of the process a command
    # was started from in the command's own peak (ru_maxrss), so this one must stay small.
    subprocess.run([sys.executable, "-c", GENERATE, str(HERE), str(size), str(folder)], check=True)


def groups(sizes: list[int], repeats: int, scratch: Path) -> None:
    """Print the table of cs-peers groups against the bare script at each size."""
    cs_peers = str(Path(sys.executable).with_name("cs-peers"))
    print("| young people | method | wall s | CPU s | peak MiB (largest process) "
          "| peak MiB (whole tree) | ARI | × bare (wall) | × bare (CPU) |")  # fmt: skip
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        folder = scratch / f"lfr-like-{size}"
        _generate(size, folder)
        runs: dict[str, list[dict[str, float]]] = {"bare": [], "cs-peers": []}
        for repeat in range(repeats):
            order = ["bare", "cs-peers"] if repeat % 2 == 0 else ["cs-peers", "bare"]
            for method in order:
                out = folder / f"{method}.csv"
                if method == "bare":
                    command = [sys.executable, str(HERE / "group_methods.py"),
                               "igraph-leiden-cpm", str(folder), str(out)]  # fmt: skip
                else:
                    workspace = scratch / f"workspace-{size}-{repeat}"
                    command = [cs_peers, "groups", str(folder), "--csv", str(out),
                               "--workspace", str(workspace)]  # fmt: skip
                result = measure(command)
                result["ari"] = _ari(folder, out)
                runs[method].append(result)
        # A month later: the next export (one association in 32 gone, as records are closed or
        # corrected) analysed in the workspace that kept this month's run, so the groups are
        # matched to last month's (stable ids, events): what every analyst's second run does.
        later = scratch / f"lfr-like-{size}-next-month"
        subprocess.run([sys.executable, "-c", NEXT_MONTH, str(folder), str(later)], check=True)
        runs["cs-peers, next month"] = []
        for repeat in range(repeats):
            workspace = scratch / f"workspace-{size}-{repeat}"
            out = later / "cs-peers.csv"
            command = [cs_peers, "groups", str(later), "--csv", str(out),
                       "--workspace", str(workspace)]  # fmt: skip
            result = measure(command)
            result["ari"] = _ari(later, out)
            runs["cs-peers, next month"].append(result)
        medians = {
            method: {k: statistics.median(r[k] for r in results) for k in results[0]}
            for method, results in runs.items()
        }
        bare = medians["bare"]
        for method, m in medians.items():
            print(
                f"| {size:,} | {method} | {m['wall']:.1f} | {m['cpu']:.1f} | {m['largest']:,.0f} "
                f"| {m['tree']:,.0f} | {m['ari']:.3f} | {m['wall'] / bare['wall']:.2f} "
                f"| {m['cpu'] / bare['cpu']:.2f} |",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=1, help="runs of each, medians shown")
    parser.add_argument("--no-neo4j", action="store_true", help="leave out the Neo4j load")
    parser.add_argument("--no-groups", action="store_true", help="leave out group detection")
    args = parser.parse_args()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    print(
        f"# {platform.machine()} · {cpu} · {os.cpu_count()} cores · "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB · Python "
        f"{platform.python_version()} · load average at start {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="cs-peers-scale-") as tmp:
        if not args.no_groups:
            groups(args.sizes, args.repeats, Path(tmp))
    if not args.no_neo4j:
        print(flush=True)
        subprocess.run(
            [sys.executable, str(HERE / "bench_load.py"), "--sizes", *map(str, args.sizes),
             "--repeats", str(max(args.repeats, 2))],
            check=True,
        )  # fmt: skip
    print(f"# load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
