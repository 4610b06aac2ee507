"""Byte-identical outputs: the CLI still writes exactly the bytes of the golden manifests.

The scenarios (``tests/output_hashes.py``) run the real ``cs-peers`` in subprocesses with a
fixed ``SOURCE_DATE_EPOCH``: the shipped sample through every command and output format, and a
generated 10k data set (the generator's files, then groups, changes, contexts and equality).
``tests/golden_outputs/*.sha256`` hold the hashes the code made before issue 9's refactor; a
refactor must leave every byte as it was. See ``tests/golden_outputs/README.md``.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest
from output_hashes import SCENARIOS, Scenario, compare, manifest, parse_manifest, run_all

pytestmark = pytest.mark.golden
REPO = Path(__file__).resolve().parents[1]


def test_installed_libraries_are_the_locked_ones() -> None:
    """The manifests hold only with the locked versions: say which differ, not which bytes."""
    locked = dict(
        re.findall(
            r"^([A-Za-z0-9_.-]+)==(\S+)", (REPO / "constraints.txt").read_text("utf-8"), re.M
        )
    )
    assert {"numpy", "igraph", "matplotlib", "fonttools", "pandas"} <= locked.keys()
    wrong = []
    for name, version in sorted(locked.items()):
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != version:
            wrong.append(f"{name} {installed} (locked: {version})")
    assert not wrong, "run `bash scripts/setup.sh` to install the lock: " + ", ".join(wrong)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, str]]]:
    """Return the folder the scenarios ran in and each scenario's manifest (run once)."""
    root = tmp_path_factory.mktemp("outputs")
    return root, run_all(root)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_outputs_are_byte_identical(
    scenario: Scenario, outputs: tuple[Path, dict[str, dict[str, str]]]
) -> None:
    root, found = outputs
    expected = parse_manifest(scenario.golden.read_text("utf-8"))
    differences = compare(expected, found[scenario.name])
    assert not differences, (
        f"scenario {scenario.name!r}: {len(differences)} of {len(expected)} files are not as "
        f"the golden manifest says (the outputs are kept in {root / scenario.name}):\n  "
        + "\n  ".join(differences)
    )


def test_every_kind_of_output_is_covered() -> None:
    sample = parse_manifest(SCENARIOS[0].golden.read_text("utf-8"))
    kinds = {Path(name).suffix for name in sample}
    assert {".html", ".csv", ".md", ".docx", ".pdf", ".png", ".svg", ".toml", ".txt"} <= kinds
    generated = parse_manifest(SCENARIOS[1].golden.read_text("utf-8"))
    # The generator's files are outputs too (its CSV writer is being replaced).
    assert {f"data10k/{n}.csv" for n in ("people", "contexts", "associations", "truth")} <= set(
        generated
    )


def test_compare_names_each_file_that_differs_is_missing_or_new(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "same.txt").write_bytes(b"same")
    (tmp_path / "a" / "changed.txt").write_bytes(b"before")
    (tmp_path / "a" / "gone.txt").write_bytes(b"gone")
    before = manifest(tmp_path / "a")
    (tmp_path / "a" / "changed.txt").write_bytes(b"befor\xc3\xa9")
    (tmp_path / "a" / "gone.txt").unlink()
    (tmp_path / "a" / "sub").mkdir()
    (tmp_path / "a" / "sub" / "new.txt").write_bytes(b"new")
    assert compare(before, manifest(tmp_path / "a")) == [
        "differs: changed.txt",
        "missing: gone.txt",
        "new: sub/new.txt",
    ]
    assert manifest(tmp_path / "a", exclude=("sub/",)).keys() == {"same.txt", "changed.txt"}
