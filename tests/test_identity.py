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


def _events_by_definition(
    current: dict[str, list[str]], previous: pd.DataFrame, mapping: dict[str, str]
) -> list[tuple[str, str, tuple[str, ...]]]:
    """The identity events read straight from their definitions, group by group (slow, plain)."""
    old_groups: dict[str, set[str]] = {
        str(g): set(rows["person_id"]) for g, rows in previous.groupby("group_id")
    }

    def number(group_id: str) -> int:
        return int(group_id.removeprefix("PG-"))

    events: list[tuple[str, str, tuple[str, ...]]] = []
    for old in sorted(old_groups, key=number):
        went = [
            mapping[cur]
            for cur, members in current.items()
            if len(old_groups[old] & set(members)) / len(old_groups[old]) >= 0.25
        ]
        went = sorted(went, key=number)
        if len(went) >= 2:
            events.append(("split", old, tuple(went)))
        elif old not in mapping.values():
            events.append(("dissolved", old, tuple(went)))
    for cur in sorted(current, key=lambda g: number(mapping[g])):
        came = sorted(
            (
                old
                for old, members in old_groups.items()
                if len(members & set(current[cur])) / len(current[cur]) >= 0.25
            ),
            key=number,
        )
        if len(came) >= 2:
            events.append(("merged", mapping[cur], tuple(came)))
        elif mapping[cur] in old_groups:
            events.append(("continued", mapping[cur], ()))
        else:
            events.append(("new", mapping[cur], ()))
    return events


@pytest.mark.parametrize("seed", range(12))
def test_events_on_churned_groups_match_their_definitions(seed: int) -> None:
    import random

    rng = random.Random(seed)
    people = [f"p{k}" for k in range(rng.randint(20, 300))]
    old_count = rng.randint(2, 25)
    previous = pd.DataFrame(
        [(f"PG-{rng.randint(1, old_count):04d}", p) for p in people if rng.random() < 0.9],
        columns=["group_id", "person_id"],
    )
    current: dict[str, list[str]] = {}
    for p in people + [f"q{k}" for k in range(20)]:
        if rng.random() < 0.85:
            current.setdefault(f"G{rng.randint(1, old_count + 3)}", []).append(p)
    current = dict(sorted(current.items(), key=lambda item: int(item[0][1:])))
    stable, events, _ = assign_stable_ids(peer_groups(current), previous, next_number=1)
    renamed = stable.memberships.groupby("person_id")["group_id"].first()
    mapping = {cur: str(renamed[members[0]]) for cur, members in current.items()}
    got = [(e.kind, e.group_id, e.related) for e in events]
    assert got == _events_by_definition(current, previous, mapping)
    shared = {e.group_id: int(e.detail.split(" of ")[0]) for e in events if e.kind == "continued"}
    for group_id, count in shared.items():
        members = set(
            stable.memberships.loc[stable.memberships["group_id"] == group_id, "person_id"]
        )
        before = set(previous.loc[previous["group_id"] == group_id, "person_id"])
        assert count == len(members & before)
