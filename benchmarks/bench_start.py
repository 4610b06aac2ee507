"""How long `cs-peers --help` takes to start, against `python -c "import typer"` in the same run.

Each command runs N times in a fresh process (subprocess, output discarded); the medians and
their ratio are printed. Target (issue 9): `cs-peers --help` within 2x of importing typer.
With --command, `cs-peers COMMAND --help` is also timed against a one-command typer app's
`sub --help`: typer (0.29) imports pydantic to check a subcommand's options, even for --help,
so that is the floor for any typer command's help.

    .venv/bin/python benchmarks/bench_start.py            # 15 runs each
    .venv/bin/python benchmarks/bench_start.py --runs 31 --command pack
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ONE_COMMAND_APP = """
import typer
app = typer.Typer()
@app.callback()
def main() -> None: ...
@app.command()
def sub(x: int = 1) -> None: ...
app(["sub", "--help"])
"""


def _median_seconds(argv: list[str], runs: int) -> tuple[float, float]:
    """Return the median wall-clock and CPU (user + system) seconds of ``runs`` fresh runs."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    """Print the medians of both commands and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command")
    parser.add_argument("--command", default="", help="time `cs-peers COMMAND --help` too")
    args = parser.parse_args()
    cs_peers = str(Path(sys.executable).with_name("cs-peers"))
    anchor = _median_seconds([sys.executable, "-c", "import typer"], args.runs)
    cases = [("cs-peers --help", [cs_peers, "--help"])]
    if args.command:
        cases.append(("typer app: sub --help", [sys.executable, "-c", ONE_COMMAND_APP]))
        cases.append((f"cs-peers {args.command} --help", [cs_peers, args.command, "--help"]))
    print(
        f"machine: {platform.machine()}, {platform.processor() or '?'}, "
        f"Python {sys.version.split()[0]}"
    )
    # Wall-clock time swings with the machine's load; CPU seconds compare better on a busy one.
    print(f"| command | median s ({args.runs} runs) | × | median CPU s | × |")
    print("|---|---:|---:|---:|---:|")
    print(f'| python -c "import typer" | {anchor[0]:.3f} | 1.00 | {anchor[1]:.3f} | 1.00 |')
    for label, argv in cases:
        wall, cpu = _median_seconds(argv, args.runs)
        print(
            f"| {label} | {wall:.3f} | {wall / anchor[0]:.2f} | {cpu:.3f} | {cpu / anchor[1]:.2f} |"
        )


if __name__ == "__main__":
    main()
