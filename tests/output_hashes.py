"""Byte-for-byte fingerprints of cs-peers outputs: scenarios run through the real CLI.

Each scenario runs ``cs-peers`` commands in a subprocess, in a fresh folder, with a fixed
``SOURCE_DATE_EPOCH`` and ``CS_PEERS_HOME``, and every path given relative to that folder (the
pack's provenance prints the data source as given, so an absolute temporary path would differ
on every run). Its manifest lists every file it made as ``sha256  relative/path``, sorted: the
``sha256sum`` format, so ``sha256sum -c`` can check a folder by hand. The manifests kept in
``tests/golden_outputs/`` were made by the code before issue 9's refactor;
``tests/test_byte_identical.py`` checks that the code still makes exactly those bytes.

Usage::

    python tests/output_hashes.py FOLDER         # print the manifest of any folder
    python tests/output_hashes.py --check        # run every scenario, compare with the golden
    python tests/output_hashes.py --regenerate   # rewrite the golden manifests (see README there)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "GOLDEN",
    "SCENARIOS",
    "Scenario",
    "compare",
    "format_manifest",
    "manifest",
    "parse_manifest",
    "run_all",
    "run_scenario",
]

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden_outputs"
SAMPLE = REPO / "sample_graphs" / "borough"

# The meeting "now" of every scenario (2026-12-01T00:00:00Z), and the day of the meeting before
# it (2026-09-01T00:00:00Z), when a first run is kept so that `changes` and the pack's "since
# the last meeting" have something to show.
NOW_EPOCH = 1796083200
EARLIER_EPOCH = 1788220800

# Not outputs, so never hashed: the audit log records the real time and OS user of each
# command (deliberately not SOURCE_DATE_EPOCH), and the workspace's partner-pseudonym key is a
# fresh random secret (the scenario writes a fixed one before the partner pack instead).
EXCLUDED = ("workspace/", "out/workspace-export/audit.jsonl")

# Every export carries the audit entry it was logged under (its number and keyed hash, see
# `cs-peers audit --against`): the entry holds the real time of the command, so its hash
# differs on every run. It is the one value normalised before hashing.
_AUDIT_HEAD = re.compile(rb"(?<![0-9a-f])\d+ [0-9a-f]{64}(?![0-9a-f])")

# A fixed, fictional partner-pseudonym key, so that a partner pack's pseudonyms are the same
# on every run. Only ever used in these throwaway workspaces.
PARTNER_KEY = "0123456789abcdef" * 4


def manifest(folder: Path, *, exclude: Sequence[str] = ()) -> dict[str, str]:
    """Return ``{relative posix path: sha256}`` of every file under ``folder``.

    ``exclude`` holds relative paths: a file, or a folder when it ends with ``/``.
    """
    hashes: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        name = path.relative_to(folder).as_posix()
        if any(name == e or (e.endswith("/") and name.startswith(e)) for e in exclude):
            continue
        data = path.read_bytes()
        if b"audit entry" in data or b"audit_entry" in data:
            data = _AUDIT_HEAD.sub(b"N AUDIT-ENTRY-HASH", data)
        hashes[name] = hashlib.sha256(data).hexdigest()
    return hashes


def format_manifest(hashes: Mapping[str, str]) -> str:
    """Return a manifest as ``sha256sum`` text: ``HASH  PATH`` lines sorted by path."""
    return "".join(f"{hashes[name]}  {name}\n" for name in sorted(hashes))


def parse_manifest(text: str) -> dict[str, str]:
    """Return the ``{path: sha256}`` of a manifest written by :func:`format_manifest`."""
    hashes: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip():
            digest, name = line.split("  ", 1)
            hashes[name] = digest
    return hashes


def compare(expected: Mapping[str, str], actual: Mapping[str, str]) -> list[str]:
    """Return one line per difference: ``differs:``, ``missing:`` or ``new:`` and the path."""
    lines = [
        f"differs: {n}" for n in sorted(expected.keys() & actual.keys()) if expected[n] != actual[n]
    ]
    lines += [f"missing: {n}" for n in sorted(expected.keys() - actual.keys())]
    lines += [f"new: {n}" for n in sorted(actual.keys() - expected.keys())]
    return lines


def _cs_peers() -> list[str]:
    """Return the command that runs the installed ``cs-peers`` of this interpreter."""
    script = Path(sys.executable).with_name("cs-peers")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from cs_peers.cli.app import main; main()"]


# Another machine, as far as one machine can play it: numpy's AVX-512 loops switched off (the
# golden manifests' machine had none; this one has them, and they changed the groups before
# portable_math), one thread for OpenMP and OpenBLAS, and OpenBLAS's Haswell kernels.
OTHER_MACHINE = {
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "OPENBLAS_CORETYPE": "Haswell",
}


class _Runner:
    """Runs ``cs-peers`` commands in ``root``, keeping each one's stdout under ``out/stdout``."""

    def __init__(self, root: Path, machine: Mapping[str, str]) -> None:
        self.root = root
        (root / "out" / "stdout").mkdir(parents=True)
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("NEO4J_", "CS_PEERS_", "OPENBLAS_", "OMP_"))
            and k not in ("SOURCE_DATE_EPOCH", "NPY_DISABLE_CPU_FEATURES")
        }
        env["CS_PEERS_HOME"] = "workspace"
        env["LC_ALL"] = "C.UTF-8"
        env.update(machine)
        self.env = env

    def __call__(self, name: str, command: str, *, epoch: int = NOW_EPOCH) -> None:
        """Run ``cs-peers COMMAND`` (split as a shell would) at time ``epoch``.

        Its stdout becomes ``out/stdout/NAME``; a failing command fails the scenario with its
        stderr. Stderr (progress messages) is not kept: it says how far a command got, not
        what it made.
        """
        args = shlex.split(command)
        env = {**self.env, "SOURCE_DATE_EPOCH": str(epoch)}
        done = subprocess.run(
            [*_cs_peers(), *args], cwd=self.root, env=env, capture_output=True, check=False
        )
        if done.returncode != 0:
            raise AssertionError(
                f"cs-peers {command} exited {done.returncode}:\n"
                f"{done.stderr.decode('utf-8', 'replace')}"
            )
        (self.root / "out" / "stdout" / name).write_bytes(done.stdout)


def _sample(run: _Runner) -> None:
    """Every command on the shipped borough: a kept run, a review, then today's outputs."""
    shutil.copytree(SAMPLE, run.root / "borough")
    run(
        "groups-as-of.txt",
        "groups borough --as-of 2026-08-31 --csv out/groups-as-of.csv",
        epoch=EARLIER_EPOCH,
    )
    run("validate.txt", "validate borough")
    run(
        "review.txt",
        'review PG-0002 --status confirmed --by "Strategy meeting" --remove YP014'
        ' --action "Youth worker visit" --owner "J. Lee" --due 2026-12-15'
        " --review-date 2027-01-10 --on 2026-11-20",
    )
    run("groups.txt", "groups borough --csv out/groups.csv")
    run("changes.txt", "changes borough --since-run 2026-09-01")
    # `contexts` keeps its run now, like the other analysing commands (issue 9), and so names
    # the groups by their kept ids; --no-record is the old behaviour these hashes were made by.
    run("contexts.txt", "contexts borough --no-record")
    run("equality.csv", "equality borough --format csv")
    run("equality.txt", "equality borough")
    run("ego.txt", "ego borough YP001 --depth 2 --out out/ego.html")
    run("path.txt", "path borough YP008 YP017 --out out/path.html")
    run("connect.txt", "connect borough YP008 YP013 YP017 --out out/connect.html")
    run("render.txt", "render borough --out out/render --group PG-0001 --format html,png,svg,pdf")
    run("assess.txt", "assess borough --out out/assess --group PG-0003 --no-docx")
    run("pack.txt", "pack borough --out out/pack")
    key = run.root / "workspace" / "audiences" / "key"
    key.parent.mkdir(mode=0o700, exist_ok=True)
    key.write_text(PARTNER_KEY, "utf-8")
    key.chmod(0o600)  # a key others can read is refused
    run(
        "pack-partner.txt", "pack borough --out out/pack-partner --audience partner --group PG-0002"
    )
    for fmt, out in [
        ("graphml", "borough.graphml"),
        ("gexf", "borough.gexf"),
        ("cytoscape", "borough.cyjs"),
        ("kumu", "borough-kumu.json"),
        ("i2", "borough-i2"),
    ]:
        run(f"export-{fmt}.txt", f"export borough --format {fmt} --out out/export/{out}")
    run(
        "export-partner.txt",
        "export borough --format kumu --out out/export/partner-kumu.json --audience partner"
        " --group PG-0002",
    )
    run(
        "mapping-init.txt",
        "mapping init borough/associations.csv --out out/associations.mapping.toml",
    )
    run("runs.txt", "runs")
    run("meetings.txt", "meetings")
    run("actions.csv", "actions --format csv")
    run("query-list.txt", "query --list")
    run("workspace-export.txt", "workspace export --out out/workspace-export")


def _generated_10k(run: _Runner) -> None:
    """The generator's 10k data set (its files are outputs too), then the analysis outputs."""
    run("sample.txt", "sample --out data10k --young-people 10000 --seed 7")
    run(
        "groups-as-of.txt",
        "groups data10k --as-of 2026-08-31 --csv out/groups-as-of.csv",
        epoch=EARLIER_EPOCH,
    )
    run("groups.txt", "groups data10k --csv out/groups.csv")
    run("changes.txt", "changes data10k --since-run 2026-09-01")
    run("contexts.txt", "contexts data10k --no-record")
    run("equality.csv", "equality data10k --format csv")
    run("workspace-export.txt", "workspace export --out out/workspace-export")
    # No 10k pack: a whole one (1,100 groups) takes over 8 minutes of CPU here, and even three
    # groups take 63 s once an earlier run is kept (its "since the last meeting" part), more
    # than this test can spend. The sample scenario covers every page the pack writes.


@dataclass(frozen=True)
class Scenario:
    """A named series of ``cs-peers`` commands whose files are compared byte for byte.

    ``machine`` holds environment variables that make this machine behave like another one;
    such a scenario is compared with the manifest of the scenario ``golden_name`` (the same
    commands on the machine as it is): the bytes must not depend on the machine.
    """

    name: str
    commands: Callable[[_Runner], None]
    machine: Mapping[str, str] = field(default_factory=dict)
    golden_name: str = ""

    @property
    def golden(self) -> Path:
        """Return the path of this scenario's golden manifest."""
        return GOLDEN / f"{self.golden_name or self.name}.sha256"


SCENARIOS = (
    Scenario("sample", _sample),
    Scenario("generated_10k", _generated_10k),
    Scenario("sample_other_machine", _sample, OTHER_MACHINE, "sample"),
    Scenario("generated_10k_other_machine", _generated_10k, OTHER_MACHINE, "generated_10k"),
)


def run_scenario(scenario: Scenario, root: Path) -> dict[str, str]:
    """Return the manifest of everything ``scenario`` writes, run in the empty folder ``root``.

    Hashed: ``out/`` (files and each command's stdout), the workspace's run history and
    reviews, and any data the commands generate; not the copied input or :data:`EXCLUDED`.
    """
    root.mkdir(parents=True, exist_ok=True)
    scenario.commands(_Runner(root, scenario.machine))
    return manifest(root, exclude=(*EXCLUDED, "borough/"))


def run_all(root: Path) -> dict[str, dict[str, str]]:
    """Return every scenario's manifest, each run in ``root/NAME``, two scenarios at a time.

    The scenarios share nothing (each has its own folder and workspace), so running them side
    by side halves the wait on a machine with two cores.
    """
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {s.name: pool.submit(run_scenario, s, root / s.name) for s in SCENARIOS}
        return {name: future.result() for name, future in futures.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Print a folder's manifest, or check or regenerate the golden ones; return the exit code."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("folder", nargs="?", type=Path, help="print the manifest of this folder")
    group.add_argument(
        "--check", action="store_true", help="compare every scenario with the golden"
    )
    group.add_argument("--regenerate", action="store_true", help="rewrite the golden manifests")
    parser.add_argument(
        "--keep", type=Path, help="run the scenarios in this (new) folder and keep it"
    )
    args = parser.parse_args(argv)
    if args.folder is not None:
        sys.stdout.write(format_manifest(manifest(args.folder)))
        return 0
    with tempfile.TemporaryDirectory(prefix="cs-peers-outputs-") as tmp:
        found = run_all(args.keep if args.keep is not None else Path(tmp))
    failed = False
    for scenario in SCENARIOS:
        hashes = found[scenario.name]
        if args.regenerate:
            if scenario.golden_name:
                continue  # compared with another scenario's manifest, never written
            GOLDEN.mkdir(exist_ok=True)
            scenario.golden.write_text(format_manifest(hashes), "utf-8")
            print(f"wrote {scenario.golden.relative_to(REPO)} ({len(hashes)} files)")
            continue
        differences = compare(parse_manifest(scenario.golden.read_text("utf-8")), hashes)
        print(f"{scenario.name}: {len(differences) or 'no'} differences")
        for line in differences:
            print(f"  {line}")
        failed = failed or bool(differences)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
