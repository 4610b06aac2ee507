"""The ego, path and connect commands in-process: exact answers, markings, names, errors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

runner = CliRunner()


@pytest.fixture(autouse=True)
def _workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CS_PEERS_HOME", str(tmp_path / "workspace"))
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def noted(tiny_dir: Path) -> Path:
    """Return the tiny dataset with a note on every association (notes are never shown)."""
    path = tiny_dir / "associations.csv"
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    rows = [[*rows[0], "notes"], *[[*r, f"SECRET NOTE {i}"] for i, r in enumerate(rows[1:])]]
    with path.open("w", newline="") as f:
        csv.writer(f).writerows(rows)
    return tiny_dir


def test_path_prints_the_chain_and_every_record_between_markings(noted: Path) -> None:
    result = runner.invoke(app, ["path", str(noted), "YP02", "YP06"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == lines[-1] == "OFFICIAL-SENSITIVE"
    assert lines[1] == (
        "Shortest paths between P2 (YP02, young person) and P6 (YP06, young person): at most 6 "
        "associations; all types; any confidence; not through contexts"
    )
    assert "1 shortest path of 3 associations" in lines
    assert "  path 1: P2 (YP02) — P4 (YP04) — P5 (YP05) — P6 (YP06)" in lines
    assert "  P4 (YP04) — P5 (YP05)" in lines
    assert (
        "    2025-04-01 (recorded 2025-04-10) · seen together · school · low confidence · ref R90"
        in lines
    )
    assert "SECRET" not in result.stdout and "Fictional" not in result.stdout


def test_names_only_with_reveal_names(tiny_dir: Path) -> None:
    shown = runner.invoke(app, ["ego", str(tiny_dir), "YP10", "--reveal-names"])
    assert shown.exit_code == 0
    assert "Fictional Name 10 (YP10, young person)" in shown.stdout
    assert "Fictional Coach → Fictional Name 10" in shown.stdout
    hidden = runner.invoke(app, ["ego", str(tiny_dir), "YP10"])
    assert "Fictional" not in hidden.stdout and "Coach K → P10" in hidden.stdout


def test_ego_lists_each_level_and_the_contexts_around(tiny_dir: Path) -> None:
    result = runner.invoke(app, ["ego", str(tiny_dir), "YP06", "--depth", "2", "--marking", "X-M"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == lines[-1] == "X-M"
    assert lines[4] == (
        "1 association away (7): Adult X (AD02, adult), Flat on Reed St (LC1, place), "
        "Larkfield Academy (SC1, school), P5 (YP05, young person), P7 (YP07, young person), "
        "P8 (YP08, young person), P9 (YP09, young person)"
    )
    assert lines[5] == "2 associations away (1): P4 (YP04, young person)"


def test_connect_names_the_people_in_between_and_the_parts(tiny_dir: Path) -> None:
    joined = runner.invoke(app, ["connect", str(tiny_dir), "YP01", "YP06", "YP09"])
    assert joined.exit_code == 0, joined.output
    assert (
        "All 3 are joined by 4 links through 2 others: P4 (YP04, young person), "
        "P5 (YP05, young person)"
    ) in joined.stdout.splitlines()
    apart = runner.invoke(app, ["connect", str(tiny_dir), "YP01", "YP10"])
    assert apart.exit_code == 0
    assert "Not all can be joined with these filters; 2 parts:" in apart.stdout


def test_no_chain_within_the_filters_is_said_plainly(tiny_dir: Path) -> None:
    result = runner.invoke(app, ["path", str(tiny_dir), "YP02", "YP06", "--type", "friend"])
    assert result.exit_code == 0
    assert (
        "No chain of at most 6 associations joins P2 and P6 with these filters."
        in result.stdout.splitlines()
    )


def test_a_diagram_is_written_marked_offline_and_without_names(
    tiny_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "d" / "connect.html"
    result = runner.invoke(
        app, ["connect", str(tiny_dir), "YP01", "YP10", "--through-contexts", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == f"diagram written to {out}\n"
    html = out.read_text("utf-8")
    assert html.count("OFFICIAL-SENSITIVE") >= 2
    assert "Connecting network of P1, P10" in html
    assert "Content-Security-Policy" in html and "https://" not in html.split("<script")[0]
    assert "Fictional" not in html
    # The trusted adult is not on the tree, so the page says no strength is recorded here.
    assert "No protective peer or trusted adult is recorded among these links" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ego", "{data}", "NOBODY"], "ERROR: no person 'NOBODY' in {data}\n"),
        (["path", "{data}", "YP01", "SC1"], "ERROR: no person 'SC1' in {data}\n"),
        (["connect", "{data}", "YP01", "YP02", "ZZ"], "ERROR: no person 'ZZ' in {data}\n"),
        (
            ["path", "{data}", "YP01", "YP02", "--min-confidence", "certain"],
            "ERROR: --min-confidence 'certain': expected low, medium or high\n",
        ),
    ],
)
def test_errors_a_user_can_cause(tiny_dir: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, [a.format(data=tiny_dir) for a in args])
    assert result.exit_code == 1
    assert result.stderr == message.format(data=tiny_dir)


def test_usage_errors_exit_2(tiny_dir: Path) -> None:
    result = runner.invoke(app, ["path", str(tiny_dir), "YP01"])
    assert result.exit_code == 2
    assert "give two person ids: A B" in result.stderr


def test_with_neo4j_but_no_server_the_error_says_how_to_start_one() -> None:
    result = runner.invoke(app, ["ego", "--neo4j", "YP01"])
    assert result.exit_code == 1
    assert result.stderr.startswith("ERROR: no Neo4j is configured or running; start")


README = Path(__file__).resolve().parent.parent / "README.md"


def _readme_examples() -> list[str]:
    lines = README.read_text("utf-8").splitlines()
    start = lines.index("### Questions")
    return [
        line.split("#")[0].strip()
        for line in lines[start:]
        if line.startswith(("cs-peers ego ", "cs-peers path ", "cs-peers connect "))
        and "--neo4j" not in line
    ]


def test_the_readme_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cs_peers.inputs.sample.generate import sample_path

    examples = _readme_examples()
    assert len(examples) == 3
    (tmp_path / "sample_graphs").symlink_to(sample_path().parent)
    monkeypatch.chdir(tmp_path)
    for example in examples:
        result = runner.invoke(app, example.split()[1:])
        assert result.exit_code == 0, (example, result.output)
        assert result.stdout.startswith("OFFICIAL-SENSITIVE\n")
    assert (tmp_path / "path.html").exists()
