"""Stable ids, history and changes between runs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from tiny_data import peer_groups

from cs_peers.analysis._identity import assign_stable_ids
from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.history import find_base_run
from cs_peers.analysis.meetings import Baseline, change_report
from cs_peers.analysis.run import analyse
from cs_peers.errors import WorkspaceError
from cs_peers.inputs.dataset import Dataset
from cs_peers.workspacedb import WorkspaceRunHistory, open_workspace


def test_first_run_numbers_groups_in_order() -> None:
    stable, events, next_number = assign_stable_ids(
        peer_groups({"G1": ["a", "b", "c"], "G2": ["d", "e", "f"]}), None
    )
    assert list(stable.groups["group_id"]) == ["PG-0001", "PG-0002"]
    assert [e.kind for e in events] == ["new", "new"]
    assert next_number == 3


def test_matching_keeps_ids_and_records_split_merge_new_dissolved() -> None:
    previous = pd.DataFrame(
        [("PG-0001", p) for p in "abcdef"]
        + [("PG-0002", p) for p in "ghi"]
        + [("PG-0003", p) for p in "jkl"]
        + [("PG-0004", p) for p in "mno"],
        columns=["group_id", "person_id"],
    )
    # PG-0001 splits into abc + def; ghi and jkl merge; mno dissolves; xyz is new.
    current = peer_groups(
        {"G1": list("abc"), "G2": list("def"), "G3": list("ghijkl"), "G4": list("xyz")}
    )
    stable, events, _ = assign_stable_ids(current, previous, next_number=5)
    kinds = {(e.kind, e.group_id) for e in events}
    assert ("split", "PG-0001") in kinds
    assert ("dissolved", "PG-0004") in kinds
    merged = [e for e in events if e.kind == "merged"]
    assert len(merged) == 1 and set(merged[0].related) == {"PG-0002", "PG-0003"}
    ids = (
        stable.memberships.groupby("group_id")["person_id"]
        .apply(lambda s: "".join(sorted(s)))
        .to_dict()
    )
    assert ids["PG-0001"] in {"abc", "def"}
    assert ids["PG-0006"] == "xyz" or ids.get("PG-0007") == "xyz"
    assert "mno" not in ids.values()


def test_identical_data_gives_identical_ids(tiny: Dataset, tmp_path: Path) -> None:
    history = WorkspaceRunHistory(open_workspace(tmp_path))
    params = GroupingParameters(runs=3)
    first = analyse(tiny, params, history=history)
    second = analyse(tiny, params, history=history)
    pd.testing.assert_frame_equal(first.groups.memberships, second.groups.memberships)
    assert len(history.list_runs()) == 1  # the repeat was not kept twice
    assert (
        first.run is not None and second.run is not None and first.run.run_id == second.run.run_id
    )


def test_small_change_keeps_ids(tiny: Dataset, tmp_path: Path) -> None:
    history = WorkspaceRunHistory(open_workspace(tmp_path))
    params = GroupingParameters(runs=3)
    first = analyse(tiny, params, history=history)
    extra = pd.DataFrame(
        [
            ["YP12", "YP13", "friend", "2025-08-01", "2025-08-02", "police", "high", "", "R99", ""],
            ["YP11", "YP13", "friend", "2025-08-01", "2025-08-02", "police", "high", "", "R98", ""],
            ["YP10", "YP13", "friend", "2025-08-01", "2025-08-02", "police", "high", "", "R97", ""],
        ],
        columns=tiny.associations.columns,
    )
    changed = replace(
        tiny,
        associations=pd.concat([tiny.associations, extra], ignore_index=True),
        fingerprint="changed",
    )
    second = analyse(changed, params, history=history)
    assert set(first.groups.groups["group_id"]) == set(second.groups.groups["group_id"])
    assert len(history.list_runs()) == 2
    assert first.run is not None
    baseline = Baseline(history.get(first.run.run_id), None, named_run=True)
    per_group = {c.group_id: c for c in change_report(changed, second.groups, baseline, []).groups}
    joined_group = str(second.groups.memberships.set_index("person_id").loc["YP13", "group_id"])
    assert [j.person_id for j in per_group[joined_group].joined] == ["YP13"]
    # The joiner comes with the new records that brought them in.
    assert set(per_group[joined_group].joined[0].records["reference"]) <= {"R97", "R98", "R99"}
    assert set(per_group[joined_group].new_records["reference"]) == {"R97", "R98", "R99"}
    untouched = [g for g in per_group if g != joined_group]
    assert all(not per_group[g].changed for g in untouched)


def test_find_base_run_by_id_and_date(tiny: Dataset, tmp_path: Path) -> None:
    history = WorkspaceRunHistory(open_workspace(tmp_path))
    result = analyse(tiny, GroupingParameters(runs=2), history=history)
    assert result.run is not None
    assert find_base_run(history, result.run.run_id).run_id == result.run.run_id
    assert find_base_run(history, "2999-01-01").run_id == result.run.run_id
    with pytest.raises(WorkspaceError, match="no run was kept on or before 2000-01-01"):
        find_base_run(history, "2000-01-01")
    with pytest.raises(WorkspaceError, match="no run 'nope'"):
        find_base_run(history, "nope")
