"""`cs-peers --help` and every `cs-peers COMMAND --help` import nothing heavy.

Each check runs in a fresh interpreter (a subprocess), so what this test process has imported
does not count: the help of every command the app has — found by walking the click group, so a
new command is covered — is printed in-process there, and the modules then loaded are listed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The analysis and output stack, the driver and the writers: each costs a noticeable part of a
# second to import, and none is needed to print help.
HEAVY = {
    "docx",
    "igraph",
    "jinja2",
    "matplotlib",
    "neo4j",
    "networkx",
    "numpy",
    "openpyxl",
    "pandas",
    "pyarrow",
    "pyvis",
}

HELP_EVERY_COMMAND = """
import contextlib, io, json, sys
import typer
from cs_peers.cli.app import app

group = typer.main.get_command(app)

def paths(command, prefix):
    yield prefix
    for name, sub in getattr(command, "commands", {}).items():
        yield from paths(sub, [*prefix, name])

shown = []
for path in paths(group, []):
    with contextlib.redirect_stdout(io.StringIO()) as out:
        try:
            group.main([*path, "--help"], prog_name="cs-peers")
        except SystemExit as stop:
            assert stop.code == 0, (path, stop.code)
    assert out.getvalue().startswith("Usage: cs-peers"), path
    shown.append(" ".join(path))
print(json.dumps({"shown": shown, "modules": sorted(sys.modules)}))
"""


def _help_everywhere(before: str = "") -> tuple[list[str], set[str]]:
    """Return the commands whose help was shown, and the top-level modules then imported."""
    done = subprocess.run(
        [sys.executable, "-c", before + HELP_EVERY_COMMAND],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout)
    return report["shown"], {name.split(".")[0] for name in report["modules"]}


def test_help_of_every_command_imports_nothing_heavy() -> None:
    shown, modules = _help_everywhere()
    # The walk reached the app's help, the commands, and the sub-apps' commands.
    assert {"", "pack", "changes", "contexts", "neo4j start", "mapping check"} <= set(shown)
    assert len(shown) > 25
    assert modules & HEAVY == set()


def test_the_check_sees_a_heavy_import() -> None:
    # The same walk with numpy imported first: the check must report it.
    _, modules = _help_everywhere("import numpy\n")
    assert modules & HEAVY == {"numpy"}
