"""Reviews: meeting decisions kept append-only, applied to the next run, shown in the pack."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from cs_peers.cli.app import app
from tiny_data import TINY_GROUPS, peer_groups
from typer.testing import CliRunner
from workspace_records import kept_reviews

from cs_peers.analysis._identity import assign_stable_ids
from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.reviews.apply import adjust_groups, review_state
from cs_peers.analysis.reviews.decide import record_review
from cs_peers.analysis.reviews.records import Review
from cs_peers.analysis.run import Analysis, analyse
from cs_peers.errors import ReviewError
from cs_peers.inputs.dataset import Dataset
from cs_peers.workspacedb import WorkspaceMeetingLog, WorkspaceRunHistory, open_workspace

runner = CliRunner()
PARAMS = GroupingParameters(runs=2)


@pytest.fixture(autouse=True)
def _workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "workspace"
    monkeypatch.setenv("CS_PEERS_HOME", str(home))
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    return home


def _group_of(result: Analysis, person: str) -> str:
    m = result.groups.memberships
    return str(m.loc[m["person_id"] == person, "group_id"].iloc[0])


def _with_records(dataset: Dataset, rows: list[tuple[str, str, str]]) -> Dataset:
    """Return ``dataset`` with friendships (source, target, recorded_on) added."""
    extra = pd.DataFrame(
        [
            [s, t, "friend", day, day, "police", "high", "", f"NEW-{i}", ""]
            for i, (s, t, day) in enumerate(rows)
        ],
        columns=dataset.associations.columns,
    )
    return replace(
        dataset,
        associations=pd.concat([dataset.associations, extra], ignore_index=True),
        fingerprint=f"{dataset.fingerprint}+{len(rows)}",
    )


def test_decisions_survive_a_restart_and_apply_to_the_next_run(
    tiny: Dataset, tmp_path: Path
) -> None:
    home = tmp_path / "ws"
    first = analyse(tiny, PARAMS, history=WorkspaceRunHistory(open_workspace(home)))
    group_a, group_c = _group_of(first, "YP01"), _group_of(first, "YP10")
    record_review(
        WorkspaceRunHistory(open_workspace(home)),
        WorkspaceMeetingLog(open_workspace(home)),
        group_a,
        status="confirmed",
        by="Strategy meeting",
        remove=["YP04"],
        actions=[("Visit the youth centre", "J. Lee", "2025-09-01")],
        decided_on="2025-08-01",
    )
    record_review(
        WorkspaceRunHistory(open_workspace(home)),
        WorkspaceMeetingLog(open_workspace(home)),
        group_c,
        status="not-a-group",
        by="Panel",
        decided_on="2025-08-01",
    )
    # A restart: new objects read what was kept, byte for byte the same decisions.
    kept = WorkspaceMeetingLog(open_workspace(home)).list_reviews()
    assert [(r.group_id, r.status, r.by) for r in kept] == [
        (group_a, "confirmed", "Strategy meeting"),
        (group_c, "not-a-group", "Panel"),
    ]
    assert kept[0].remove == ("YP04",) and kept[0].actions[0].owner == "J. Lee"
    # Next month: the same people, one more record that does not touch group C.
    later = _with_records(tiny, [("YP05", "YP06", "2025-09-10")])
    second = analyse(later, PARAMS, history=WorkspaceRunHistory(open_workspace(home)), reviews=kept)
    assert second.run is not None and second.reviews is not None
    members_a = set(second.groups.members(group_a))
    assert members_a == set(TINY_GROUPS["A"]) - {"YP04"}  # removed stays out, id kept
    assert group_c not in set(second.groups.groups["group_id"])  # set aside
    assert second.reviews.hidden == [group_c]
    assert second.reviews.of(group_a).removed == (
        "P4 removed by review on 2025-08-01; records with the group since then: 0",
    )
    # The run kept every group, so the candidate set aside is still recognised next time.
    kept_run = WorkspaceRunHistory(open_workspace(home)).get(second.run.run_id)
    assert group_c in set(kept_run.memberships["group_id"])
    assert "YP04" not in set(
        kept_run.memberships.loc[kept_run.memberships["group_id"] == group_a, "person_id"]
    )
    # New records between group C's members after the decision: shown again, decision beside it.
    reopened = _with_records(
        later, [("YP10", "YP11", "2025-09-20"), ("YP04", "YP02", "2025-09-21")]
    )
    third = analyse(
        reopened, PARAMS, history=WorkspaceRunHistory(open_workspace(home)), reviews=kept
    )
    assert third.reviews is not None
    assert group_c in set(third.groups.groups["group_id"])
    state = third.reviews.of(group_c)
    assert state.reopened and state.shown_status().startswith(
        "needs review again: new records since it was judged not a group on 2025-08-01 by Panel"
    )
    assert "YP04" not in set(third.groups.members(group_a))
    assert third.reviews.of(group_a).removed == (
        "P4 removed by review on 2025-08-01; records with the group since then: 1",
    )
    # Without the reviews the same data puts YP04 back and shows group C: the reviews did it.
    plain = analyse(reopened, PARAMS)
    assert "YP04" in set(plain.groups.memberships["person_id"])


def _review(group_id: str, status: str, members: Iterable[str], **kw: object) -> Review:
    return Review(
        review_id="RV-1",
        group_id=group_id,
        lineage="L",
        run_id="r",
        status=status,
        decided_on="2025-08-01",
        recorded_at="2025-08-01T10:00:00+00:00",
        by="Panel",
        members=tuple(members),
        **kw,  # type: ignore[arg-type]
    )


def test_a_confirmed_group_keeps_its_id_when_overlap_alone_would_lose_it() -> None:
    previous = pd.DataFrame({"group_id": ["PG-0001"] * 6, "person_id": list("abcdef")})
    drifted = peer_groups({"G1": list("abxyzwv"), "G2": list("klm")})
    plain, events, _ = assign_stable_ids(drifted, previous, next_number=2)
    assert "PG-0001" not in set(plain.groups["group_id"])  # Jaccard 2/11: a new id
    confirmed = [_review("PG-0001", "confirmed", "abcdef")]
    kept, kept_events = adjust_groups(plain, events, confirmed, "L")
    assert sorted(kept.members("PG-0001")) == list("abvwxyz")
    assert {e.kind for e in kept_events if e.group_id == "PG-0001"} == {"continued"}
    assert not any(e.kind == "dissolved" for e in kept_events)
    other_lineage = adjust_groups(plain, events, confirmed, "another")[0]
    assert "PG-0001" not in set(other_lineage.groups["group_id"])


def test_add_moves_a_young_person_in_and_out_of_their_other_group() -> None:
    groups = peer_groups({"PG-0001": list("abc"), "PG-0002": list("defg")})
    adjusted, _ = adjust_groups(
        groups, [], [_review("PG-0001", "needs-review", "abc", add=("g",))], "L"
    )
    assert adjusted.members("PG-0001") == list("abcg")
    assert adjusted.members("PG-0002") == list("def")
    sizes = dict(zip(adjusted.groups["group_id"], adjusted.groups["size"], strict=True))
    assert sizes == {"PG-0001": 4, "PG-0002": 3}
    added = adjusted.memberships.set_index("person_id").loc["g", "confidence"]
    assert added == 0.0


def test_actions_are_sorted_into_overdue_due_and_later(tiny: Dataset) -> None:
    from cs_peers.analysis.reviews.records import Action

    review = _review(
        "PG-0001",
        "confirmed",
        TINY_GROUPS["A"],
        actions=(
            Action("late", "A", "2025-01-01"),
            Action("soon", "B", "2025-02-10"),
            Action("far", "C", "2026-01-01"),
        ),
    )
    groups = peer_groups({"PG-0001": TINY_GROUPS["A"]})
    state = review_state(tiny, groups, [review], "L")
    when = state.actions_by_when(date(2025, 2, 1))
    assert {k: [a.text for _g, a, _r in v] for k, v in when.items()} == {
        "overdue": ["late"],
        "due": ["soon"],
        "later": ["far"],
    }


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["PG-0099", "--status", "confirmed", "--by", "X"],
            "ERROR: no group 'PG-0099' in any run kept in this workspace",
        ),
        (
            ["PG-0001", "--status", "confirmed", "--by", "X", "--remove", "YP13"],
            "ERROR: --remove 'YP13': not a member of PG-0001",
        ),
        (
            ["PG-0001", "--status", "confirmed", "--by", "X", "--add", "YP99"],
            "ERROR: --add 'YP99': not in any group of this dataset's runs",
        ),
        (
            ["PG-0001", "--status", "confirmed", "--by", "X", "--review-date", "31/12/2026"],
            "ERROR: --review-date '31/12/2026' is not a date in the form YYYY-MM-DD",
        ),
        (
            [
                "PG-0001",
                "--status",
                "confirmed",
                "--by",
                "X",
                "--action",
                "Visit",
                "--owner",
                "J",
                "--due",
                "2026-02-30",
            ],
            "ERROR: --due '2026-02-30' is not a date",
        ),
        (
            ["PG-0001", "--status", "confirmed", "--by", "X", "--action", "Visit"],
            "ERROR: each --action needs its --owner and --due",
        ),
        (
            ["PG-0001", "--status", "maybe", "--by", "X"],
            "ERROR: --status 'maybe' is not one of confirmed, not-a-group, needs-review",
        ),
        (["PG-0001", "--status", "confirmed", "--by", " "], "ERROR: --by NAME is required"),
    ],
)
def test_bad_reviews_are_refused_and_keep_nothing(
    tiny_dir: Path, _workspace: Path, args: list[str], message: str
) -> None:
    _ok("groups", str(tiny_dir), "--runs", "2")
    result = runner.invoke(app, ["review", *args])
    assert result.exit_code == 1
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.output
    assert kept_reviews(_workspace) == []


def test_add_with_the_data_accepts_anyone_in_it(tiny_dir: Path, _workspace: Path) -> None:
    _ok("groups", str(tiny_dir), "--runs", "2")
    out = _ok(
        "review",
        "PG-0001",
        "--status",
        "needs-review",
        "--by",
        "X",
        "--add",
        "YP13",
        "--data",
        str(tiny_dir),
    )
    assert out.startswith("kept review RV-00001 (lineage-1): ")
    assert "added YP13" in out


def test_the_pack_shows_decisions_and_the_next_process_reads_them(
    tiny_dir: Path, _workspace: Path, tmp_path: Path
) -> None:
    _ok("pack", str(tiny_dir), "--out", str(tmp_path / "before"), "--no-docx", "--runs", "2")
    index = (tmp_path / "before" / "index.html").read_text("utf-8")
    assert "This pack has no purpose set." in index
    assert "not reviewed yet" in index
    _ok(
        "workspace",
        "set",
        "--purpose",
        "MACE panel <December>",
        "--owner",
        "EFH team",
        "--review-date",
        "2027-01-10",
    )
    groups = pd.read_csv(tmp_path / "before" / "groups.csv", dtype=str)
    first = str(groups["group_id"].iloc[0])
    member = str(groups.loc[groups["group_id"] == first, "person_id"].iloc[-1])
    last = str(groups["group_id"].iloc[-1])
    out = _ok(
        "review",
        first,
        "--status",
        "confirmed",
        "--by",
        "Strategy meeting",
        "--remove",
        member,
        "--action",
        "Youth worker visit",
        "--owner",
        "J. Lee",
        "--due",
        "2000-01-15",
        "--action",
        "School check-in",
        "--owner",
        "K. Ray",
        "--due",
        "2999-01-01",
        "--review-date",
        "2027-02-01",
        "--note",
        "private reasoning",
        "--on",
        "2026-11-30",
    )
    assert out.startswith(
        f"kept review RV-00001 (lineage-1): 2026-11-30 {first}: confirmed (by Strategy meeting); removed {member}"
    )
    _ok("review", last, "--status", "not-a-group", "--by", "Panel", "--on", "2026-11-30")
    # Another process reads what this one kept.
    listed = subprocess.run(
        [str(Path(sys.executable).with_name("cs-peers")), "reviews"],
        capture_output=True,
        text=True,
        check=True,
        env={"CS_PEERS_HOME": str(_workspace), "PATH": "/usr/bin:/bin"},
    ).stdout.splitlines()
    assert [line.split()[0] for line in listed] == ["RV-00001", "RV-00002"]
    assert "note: private reasoning" in listed[0]
    assert [r.by for r in kept_reviews(_workspace)] == ["Strategy meeting", "Panel"]
    pack = tmp_path / "after"
    _ok("pack", str(tiny_dir), "--out", str(pack), "--no-docx", "--runs", "2")
    index = (pack / "index.html").read_text("utf-8")
    assert "This pack has no purpose set." not in index
    assert "MACE panel &lt;December&gt;" in index  # escaped
    assert "confirmed (2026-11-30, Strategy meeting)<br>review by 2027-02-01" in index
    assert "Youth worker visit — J. Lee, due 2000-01-15" in index
    assert f"{last}: judged not a group on 2026-11-30 by Panel" in index
    assert "private reasoning" not in index
    kept_groups = pd.read_csv(pack / "groups.csv", dtype=str)
    assert last not in set(kept_groups["group_id"])
    assert member not in set(kept_groups.loc[kept_groups["group_id"] == first, "person_id"])
    since = (pack / "since-last-meeting.html").read_text("utf-8")
    overdue = since.split("<h3>Overdue</h3>")[1].split("<h3>")[0]
    assert "Youth worker visit" in overdue and "School check-in" not in overdue
    assert f"<h2>{last} (dissolved)</h2>" not in since
    diagram = (pack / "diagrams" / f"{first}.html").read_text("utf-8")
    assert "<dt>review status</dt><dd>confirmed (2026-11-30, Strategy meeting)</dd>" in diagram
    assert "Youth worker visit — J. Lee, due 2000-01-15" in diagram
    seed = (pack / "assessments" / f"{first}-assessment.md").read_text("utf-8")
    assert "**Purpose of this assessment:** MACE panel \\<December\\>" in seed  # escaped
    assert "**Lead practitioner (owner):** EFH team" in seed
    assert "**Review date:** 2027-02-01" in seed
    # The group's story: the decision, and each open action with its id, owner and due date.
    assert "- AC-0001: Youth worker visit — owner J. Lee, due 2000-01-15 (overdue)" in seed
    assert "- AC-0002: School check-in — owner K. Ray, due 2999-01-01\n" in seed
    assert "- Status: confirmed — Strategy meeting, 2026-11-30" in seed
    assert "- 2026-11-30 Strategy meeting: confirmed; removed " in seed
    assert not (pack / "assessments" / f"{last}-assessment.md").exists()
    assert "private reasoning" not in seed
    shown = _ok("workspace", "show")
    assert "purpose: MACE panel <December>\nowner: EFH team\nreview date: 2027-01-10\n" in shown


def test_workspace_set_refuses_a_bad_date_and_keeps_nothing(_workspace: Path) -> None:
    result = runner.invoke(app, ["workspace", "set", "--review-date", "next week"])
    assert result.exit_code == 1
    assert (
        result.stderr == "ERROR: --review-date 'next week' is not a date in the form YYYY-MM-DD\n"
    )
    assert not (_workspace / "pack.json").exists()


def test_record_review_without_runs_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ReviewError, match="no run is kept in this workspace yet"):
        record_review(
            WorkspaceRunHistory(open_workspace(tmp_path)),
            WorkspaceMeetingLog(open_workspace(tmp_path)),
            "PG-0001",
            status="confirmed",
            by="X",
        )
    assert WorkspaceMeetingLog(open_workspace(tmp_path)).list_reviews() == []
