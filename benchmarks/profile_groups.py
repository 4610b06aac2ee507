"""Where the seconds of `cs-peers groups` go: a cProfile of one run, condensed into phases.

Runs `cs-peers groups DATA --csv OUT --workspace TMP` in this process under cProfile (the run
is recorded in a throw-away workspace, as an analyst's would be), then prints one row per
phase: the cumulative seconds of the function that does it, and its share of the whole. The
phases overlap where one calls another (validation is part of reading; imports happen inside
whichever phase first needs the module), so the shares do not add up to 100%. Work done in
worker processes shows as waiting for them. cProfile slows Python-heavy code more than C code,
so the same command is also timed once without the profiler, in a fresh process.

    .venv/bin/python benchmarks/profile_groups.py DATA              # a folder in the contract
    .venv/bin/python benchmarks/profile_groups.py --generate 100000  # lfr-like, mixing 0.3
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (phase, file the function is in, function name): the cumulative time of that function.
PHASES = [
    ("whole command", "cli/data_runs_commands.py", "groups"),
    ("imports (wherever they happen)", "<frozen importlib._bootstrap>", "_find_and_load"),
    ("read and validate the files", "cs_peers/inputs/source.py", "load_dataset"),
    ("  of which validation", "cs_peers/inputs/validation.py", "validate_raw_dataset"),
    ("weigh the evidence", "cs_peers/analysis/grouping/evidence.py", "build_peer_evidence"),
    (
        "find the groups (all Leiden runs)",
        "cs_peers/analysis/grouping/groups.py",
        "detect_peer_groups",
    ),
    ("  choose the resolution", "cs_peers/analysis/grouping/leiden.py", "choose_resolution"),
    ("  bridges", "cs_peers/analysis/grouping/consensus.py", "bridges"),
    ("stable ids and the run record", "cs_peers/analysis/history.py", "record_run"),
    ("reviews", "cs_peers/analysis/reviews/apply.py", "review_state"),
    ("provenance", "cs_peers/analysis/provenance.py", "of"),
    (
        "memberships as CSV text (the CSV and the run)",
        "cs_peers/analysis/history.py",
        "memberships_to_csv",
    ),
    ("keep the run (history write)", "cs_peers/analysis/history.py", "commit"),
    ("audit log", "cli/audit_commands.py", "log_export"),
    ("summary table printed", "cli/data_runs_commands.py", "_print_groups"),
]


def _generate(size: int, folder: Path) -> None:
    sys.path.insert(0, str(HERE))
    from eval_contract import write_contract
    from eval_families import planted

    write_contract(planted("lfr-like", size, 0.3, 1), folder, "lfr-like", 1)


def _cumulative(stats: pstats.Stats, path: str, name: str) -> float:
    found = 0.0
    for (file, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        if function == name and file.endswith(path):
            found = max(found, row[3])
    return found


def _fresh_run(data: Path, out: Path, workspace: Path) -> tuple[float, float, int]:
    """Return wall seconds, CPU seconds and peak MiB of the command in a fresh process."""
    cs_peers = str(Path(sys.executable).with_name("cs-peers"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [cs_peers, "groups", str(data), "--csv", str(out), "--workspace", str(workspace)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, after.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", nargs="?", type=Path)
    parser.add_argument("--generate", type=int, help="generate lfr-like data of N young people")
    parser.add_argument("--save", type=Path, help="also keep the raw profile here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            data = Path(tmp) / "data"
            _generate(args.generate or 100_000, data)
        print(
            f"# {platform.machine()} · {os.cpu_count()} cores · Python "
            f"{platform.python_version()} · load average {os.getloadavg()[0]:.1f} · {data}"
        )
        wall, cpu, peak = _fresh_run(data, Path(tmp) / "fresh.csv", Path(tmp) / "fresh-ws")
        print(f"without the profiler: {wall:.2f} s wall, {cpu:.2f} s CPU, {peak:,} MiB peak\n")

        from cs_peers.cli.app import main as cli_main

        argv = ["groups", str(data), "--csv", str(Path(tmp) / "out.csv")]
        sys.argv = ["cs-peers", *argv, "--workspace", str(Path(tmp) / "ws")]
        profile = cProfile.Profile()
        profile.enable()
        try:
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                cli_main()
        except SystemExit as stop:
            if stop.code:
                raise
        finally:
            profile.disable()
        if args.save:
            profile.dump_stats(str(args.save))
        stats = pstats.Stats(profile)
        whole = _cumulative(stats, *PHASES[0][1:])
        print("| phase (cProfile, cumulative) | seconds | share |")
        print("|---|---:|---:|")
        found = {}
        for phase, path, name in PHASES:
            found[name] = seconds = _cumulative(stats, path, name)
            print(f"| {phase} | {seconds:.2f} | {seconds / whole:.0%} |")
            if name == "bridges":
                # The rest of the detection: consensus runs, made here or waited for.
                rest = found["detect_peer_groups"] - found["choose_resolution"] - seconds
                print(f"|   consensus runs (here, or waiting for workers) | {rest:.2f} "
                      f"| {rest / whole:.0%} |")  # fmt: skip


if __name__ == "__main__":
    main()
