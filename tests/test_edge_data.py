"""Data at the edges of the contract: no contexts, only adults, no dates; clear messages."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.analysis.contexts import context_usage, context_window
from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.run import analyse
from cs_peers.errors import InvalidDataError, Neo4jError
from cs_peers.graphdb.source import read_dataset_from_neo4j
from cs_peers.graphdb.store import Neo4jSettings
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.source import load_dataset
from cs_peers.inputs.vocabulary import default_vocabulary

runner = CliRunner()


@pytest.fixture(autouse=True)
def _workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CS_PEERS_HOME", str(tmp_path / "workspace"))


def _write(path: Path, header: list[str], rows: Sequence[tuple[str, ...]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def _people_only(folder: Path, *, kind: str = "young_person", dated: bool = True) -> Path:
    """Write two cliques of four people linked only to each other; contexts.csv is a header."""
    folder.mkdir(parents=True, exist_ok=True)
    people = [(f"P{i}", kind, f"L{i}") for i in range(1, 9)]
    _write(folder / "people.csv", ["id", "kind", "label"], people)
    _write(folder / "contexts.csv", ["id", "kind", "name"], [])
    rows = []
    for clique in (range(1, 5), range(5, 9)):
        members = [f"P{i}" for i in clique]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                rows.append((a, b, "friend", "2025-03-01" if dated else "", "high"))
    _write(
        folder / "associations.csv", ["source", "target", "type", "observed_on", "confidence"], rows
    )
    return folder


def test_contexts_with_a_header_and_no_rows_are_valid(tmp_path: Path) -> None:
    dataset = load_dataset(_people_only(tmp_path / "karate-like"))
    assert dataset.counts() == {"young_people": 8, "adults": 0, "contexts": 0, "associations": 12}
    result = analyse(dataset, GroupingParameters(runs=2))
    groups = result.groups.memberships.groupby("group_id")["person_id"].apply(frozenset)
    assert set(groups) == {
        frozenset(f"P{i}" for i in range(1, 5)),
        frozenset(f"P{i}" for i in range(5, 9)),
    }


def test_people_of_adults_only_are_valid_and_give_no_groups(tmp_path: Path) -> None:
    folder = _people_only(tmp_path / "adults", kind="adult")
    out = runner.invoke(app, ["groups", str(folder), "--runs", "2"])
    assert out.exit_code == 0, out.output
    assert out.stdout.startswith("0 candidate peer groups, 0 young people in them\n")


def test_associations_with_a_header_and_no_rows_still_say_so(tmp_path: Path) -> None:
    folder = _people_only(tmp_path / "empty")
    _write(folder / "associations.csv", ["source", "target", "type"], [])
    with pytest.raises(
        InvalidDataError, match=r"associations\.csv: the file has a header but no rows"
    ):
        load_dataset(folder)


def test_contexts_command_on_undated_data_counts_everything(tiny_dir: Path) -> None:
    path = tiny_dir / "associations.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    for row in rows[1:]:
        row[header.index("observed_on")] = ""
        row[header.index("recorded_on")] = ""
    _write(path, header, [tuple(r) for r in rows[1:]])
    result = runner.invoke(app, ["contexts", str(tiny_dir), "--runs", "2"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "contexts used by young people in all associations (none has an observed_on date, "
        "so there is no window and no trend)"
    )
    assert "Larkfield Academy" in result.stdout and "undated" in result.stdout


def test_context_window_defaults_and_undated(tiny: Dataset) -> None:
    assert context_window(tiny) == (date(2025, 3, 6), date(2025, 6, 3))
    assert context_window(tiny, since=date(2025, 1, 1)) == (date(2025, 1, 1), date(2025, 6, 3))
    undated = tiny.filtered(since=date(2030, 1, 1))  # keeps no association
    assert context_window(undated) is None
    groups = analyse(tiny, GroupingParameters(runs=2)).groups
    table = context_usage(tiny, groups, since=None, until=None)
    assert set(table["trend"]) == {"undated"}
    school = table.set_index("context_id").loc["SC1"]
    assert school["young_people"] == 14


def test_a_peer_type_on_a_context_names_both_ids(tiny_dir: Path) -> None:
    path = tiny_dir / "associations.csv"
    text = path.read_text("utf-8") + "YP03,LC1,friend,2025-05-05,,police,high,R\n"
    path.write_text(text, "utf-8")
    with pytest.raises(InvalidDataError) as caught:
        load_dataset(tiny_dir)
    assert [str(p) for p in caught.value.problems] == [
        "associations.csv, row 42, column 'type': 'friend' — type 'friend' links two people, not "
        "a context; here it links young_person 'YP03' and a context of kind location 'LC1'"
    ]


class _EmptyStore:
    settings = Neo4jSettings("bolt://db.example:7687", "u", "p", None)

    def run(self, name: str, params: dict[str, object]) -> object:
        import pandas as pd

        return pd.DataFrame()


def test_an_empty_neo4j_names_the_load_command_that_exists() -> None:
    with pytest.raises(Neo4jError, match=r"\(`cs-peers load DATA --neo4j`\)"):
        read_dataset_from_neo4j(_EmptyStore(), default_vocabulary())  # type: ignore[arg-type]
    commands = runner.invoke(app, ["load", "--help"])
    assert commands.exit_code == 0 and "--neo4j" in commands.stdout
