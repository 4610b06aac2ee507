"""Workspaces keep datasets apart: runs are matched only within a dataset lineage."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cs_peers.cli.app import app
from tiny_data import peer_groups
from typer.testing import CliRunner

from cs_peers.analysis._identity import assign_stable_ids
from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.history import RunRecord, find_base_run
from cs_peers.analysis.lineage import (
    MIN_SHARED,
    match_lineage,
    people_hashes,
    people_sketch,
    shared_share,
)
from cs_peers.analysis.run import analyse
from cs_peers.errors import WorkspaceError
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.sample.generate import sample_path
from cs_peers.workspacedb import WorkspaceRunHistory, open_workspace

runner = CliRunner()


@pytest.fixture
def in_fresh_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a fresh current folder with no workspace configured (the README's first steps)."""
    monkeypatch.delenv("CS_PEERS_HOME", raising=False)
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _ok(*args: str) -> tuple[str, str]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def test_demo_then_other_data_in_the_same_folder_starts_fresh(in_fresh_folder: Path) -> None:
    _, err = _ok("demo", "--out", "demo-pack")
    demo_ids = set(pd.read_csv("demo-pack/groups.csv", dtype=str)["group_id"])
    _ok("sample", "--out", "other", "--young-people", "80", "--seed", "4")
    _, err = _ok("groups", "other", "--csv", "other.csv", "--runs", "2")
    assert "new dataset lineage 'lineage-2'" in err
    assert "no earlier run in this workspace shares its people" in err
    assert "fresh ids from PG-0006" in err
    other_ids = set(pd.read_csv("other.csv", dtype=str)["group_id"])
    assert other_ids and not other_ids & demo_ids  # never the demo's ids
    _, err = _ok("pack", "other", "--out", "other-pack", "--no-docx", "--runs", "2")
    assert "of lineage 'lineage-2'" in err and "groups keep their ids" in err
    assert set(pd.read_csv("other-pack/groups.csv", dtype=str)["group_id"]) == other_ids
    since = Path("other-pack/since-last-meeting.html").read_text("utf-8")
    assert "nothing to compare with yet" in since  # the demo's run is not this data's past
    runs, _ = _ok("runs")
    assert [line.split()[3] for line in runs.splitlines()] == ["lineage-1", "lineage-2"]
    # The demo's data a month on: matched to the demo's run, not to the latest one.
    shutil.copytree(sample_path("borough"), "borough")
    with open("borough/associations.csv", "a", encoding="utf-8") as f:
        f.write("YP001,YP002,friend,2026-11-20,2026-11-21,police,high,REF-NEW,\n")
    _, err = _ok("pack", "borough", "--out", "borough-pack", "--no-docx")
    assert "of lineage 'lineage-1'" in err
    assert set(pd.read_csv("borough-pack/groups.csv", dtype=str)["group_id"]) == demo_ids
    since = Path("borough-pack/since-last-meeting.html").read_text("utf-8")
    demo_run = runs.splitlines()[0].split()[0]
    # No meeting is kept: the demo's pack stands in for one, and the page says so.
    assert "No meeting is kept in this workspace yet" in since
    assert f"(run {demo_run}, data recorded until" in since


def test_changes_refuses_a_run_of_another_dataset(in_fresh_folder: Path) -> None:
    _ok("demo", "--out", "demo-pack")
    _ok("sample", "--out", "other", "--young-people", "60", "--seed", "2")
    result = runner.invoke(app, ["changes", "other", "--since-run", "2999-01-01", "--runs", "2"])
    assert result.exit_code == 1
    assert result.stderr == (
        "ERROR: no run was kept on or before 2999-01-01 (first run: none yet)\n"
    )


def test_no_shared_member_gives_new_and_dissolved_groups_not_a_crash() -> None:
    # Memberships read back from a run's CSV are text, as the crash needed.
    previous = pd.DataFrame(
        {"group_id": ["PG-0001"] * 3, "person_id": ["x", "y", "z"]}, dtype="str"
    )
    stable, events, next_number = assign_stable_ids(
        peer_groups({"G1": ["a", "b", "c"]}), previous, next_number=2
    )
    assert list(stable.groups["group_id"]) == ["PG-0002"]
    assert {(e.kind, e.group_id) for e in events} == {("dissolved", "PG-0001"), ("new", "PG-0002")}
    assert next_number == 3


def _renamed(dataset: Dataset, prefix: str) -> Dataset:
    """Return ``dataset`` with every person id prefixed: the same shape, other people."""
    people = dataset.people.assign(id=prefix + dataset.people["id"])
    ids = set(dataset.people["id"])
    a = dataset.associations
    renamed = a.assign(
        source=a["source"].where(~a["source"].isin(ids), prefix + a["source"]),
        target=a["target"].where(~a["target"].isin(ids), prefix + a["target"]),
    )
    return replace(dataset, people=people, associations=renamed, fingerprint=prefix + "fp")


def test_lineages_keep_their_own_ids_and_history(tiny: Dataset, tmp_path: Path) -> None:
    history = WorkspaceRunHistory(open_workspace(tmp_path))
    params = GroupingParameters(runs=2)
    first = analyse(tiny, params, history=history)
    said: list[str] = []
    other = analyse(_renamed(tiny, "B-"), params, history=history, progress=said.append)
    assert any("new dataset lineage 'lineage-2'" in s for s in said)
    assert first.run is not None and other.run is not None
    assert (first.run.lineage, other.run.lineage) == ("lineage-1", "lineage-2")
    assert other.run.matched_run == ""
    n = len(first.groups.groups)
    assert list(other.groups.groups["group_id"]) == [f"PG-{n + i + 1:04d}" for i in range(n)]
    # Back to the first data, changed a little: matched to its own run, not the latest one.
    grown = replace(tiny, fingerprint="grown")
    again = analyse(grown, params, history=history)
    assert again.run is not None
    assert (again.run.lineage, again.run.matched_run) == ("lineage-1", first.run.run_id)
    pd.testing.assert_frame_equal(again.groups.memberships, first.groups.memberships)
    assert find_base_run(history, "2999-01-01", lineage="lineage-2").run_id == other.run.run_id
    with pytest.raises(WorkspaceError, match="is of another dataset"):
        find_base_run(history, first.run.run_id, lineage="lineage-2")


def test_a_named_lineage_wins_over_overlap(tiny: Dataset, tmp_path: Path) -> None:
    history = WorkspaceRunHistory(open_workspace(tmp_path))
    params = GroupingParameters(runs=2)
    analyse(tiny, params, history=history, lineage="borough-a")
    renamed = _renamed(tiny, "B-")
    named = analyse(renamed, params, history=history, lineage="borough-a")
    assert named.run is not None and named.run.lineage == "borough-a"
    assert named.run.matched_run != ""
    with pytest.raises(WorkspaceError, match="lineage name 'no good' is not usable"):
        analyse(tiny, params, history=history, lineage="no good")


def test_sketch_share_estimates_people_in_common(tiny: Dataset) -> None:
    sketch = people_sketch(people_hashes(tiny))
    assert len(sketch) == len(tiny.people)  # small data: the sketch is everyone
    assert shared_share(sketch, people_hashes(tiny)) == 1.0
    half = replace(tiny, people=tiny.people.iloc[: len(tiny.people) // 2])
    assert shared_share(sketch, people_hashes(half)) == pytest.approx(0.5)
    # A big population: the share of the sketch estimates the share of people kept.
    rng = np.random.default_rng(0)
    everyone = rng.integers(0, 2**63, size=200_000, dtype=np.uint64)
    kept = everyone[rng.random(len(everyone)) < 0.3]
    assert abs(shared_share(people_sketch(everyone), kept) - 0.3) < 0.1


def _legacy_run(run_id: str, members: list[str]) -> RunRecord:
    return RunRecord(
        run_id=run_id,
        created_at="2026-01-01T00:00:00+00:00",
        store="files",
        source="old",
        fingerprint="old",
        selection="all associations",
        recorded_until="",
        parameters={},
        events=[],
        next_number=4,
        memberships=pd.DataFrame({"group_id": ["PG-0001"] * len(members), "person_id": members}),
    )


def test_runs_kept_before_lineages_are_matched_by_their_members(tiny: Dataset) -> None:
    ours = _legacy_run("old-1", ["YP01", "YP02", "YP03"])
    theirs = _legacy_run("old-2", ["Z1", "Z2", "Z3"])
    runs = {r.run_id: r for r in (ours, theirs)}
    match = match_lineage(list(runs.values()), tiny, load=runs.__getitem__)
    assert match.latest is ours and match.shared == 1.0
    assert match.lineage == "lineage-1"
    alone = match_lineage([theirs], tiny, load=runs.__getitem__)
    assert alone.new and alone.shared == 0.0 < MIN_SHARED
