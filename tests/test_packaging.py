"""Packaging: the wheel installs into a fresh venv and `cs-peers demo` runs from it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.packaging
def test_wheel_installs_and_runs_the_demo(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("cs_peers-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    # No top-level `cli` or `cypher` module: they install inside cs_peers.
    assert not any(n.startswith(("cli/", "cypher/", "sample_graphs/")) for n in names)
    assert "cs_peers/cypher/ego_network.cypher" in names
    assert "cs_peers/sample_graphs/borough/associations.csv" in names
    assert "cs_peers/data/vocabulary.toml" in names
    assert "cs_peers/outputs/templates/diagram.html" in names
    assert "cs_peers/outputs/templates/pack/index.html" in names
    assert "cs_peers/neo4j_launcher/pom.xml" in names
    # Every subpackage of the source tree is in the wheel (pyproject lists them by name).
    for init in (ROOT / "cs_peers").glob("*/__init__.py"):
        assert f"cs_peers/{init.parent.name}/__init__.py" in names, init.parent.name
    venv = tmp_path / "venv"
    # The fresh venv sees the already-installed dependencies, not cs-peers' source tree.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pandas, pathlib; print(pathlib.Path(pandas.__file__).parent.parent)",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (next((venv / "lib").glob("python3*")) / "site-packages" / "deps.pth").write_text(site + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    out = tmp_path / "pack"
    done = subprocess.run(
        [
            str(venv / "bin" / "cs-peers"),
            "demo",
            "--out",
            str(out),
            "--workspace",
            str(tmp_path / "ws"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "wrote the demo pack for 5 candidate groups" in done.stdout
    assert (out / "index.html").exists()
    where = subprocess.run(
        [str(python), "-c", "import cs_peers; print(cs_peers.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout
    assert str(venv) in where, "the demo must run from the installed wheel, not the source tree"
