"""Two analysts at once: commands in processes of their own, stopped where they would race and
released together (tests/paused.py), never timed with sleeps.

Each command keeps what it keeps in one transaction of the workspace database, so that
exports, reviews, prunes and erasures run side by side lose nothing, fork nothing and hand no
id out twice.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from paused import Finished, PausedCommand, run_cs_peers
from tiny_data import write_tiny_dataset
from workspace_records import kept_audit, kept_reviews, kept_runs

from cs_peers.governance.audit import verify_audit
from cs_peers.workspacedb import open_workspace

# The first write of a command: its audit entry (an export) or its decision (a review).
FIRST_WRITE = "cs_peers.workspacedb.database:WorkspaceDatabase.transaction"


def _other_dataset(folder: Path) -> Path:
    """Return a second dataset, the tiny one with other people (ZP01… instead of YP01…)."""
    write_tiny_dataset(folder)
    for name in ("people.csv", "associations.csv"):
        path = folder / name
        path.write_text(path.read_text("utf-8").replace("YP", "ZP"), "utf-8")
    return folder


def _ok(done: object, what: str) -> None:
    assert getattr(done, "returncode", None) == 0, f"{what}: {done}"


def _race(commands: list[PausedCommand]) -> list[Finished]:
    """Return how ``commands`` ended, once all of them were stopped and then let go together."""
    try:
        for command in commands:
            command.wait_until_stopped()
        for command in commands:
            command.release()
        return [command.finish() for command in commands]
    finally:
        for command in commands:
            command.kill()


def _groups_of(home: Path) -> dict[str, set[str]]:
    """Return the group ids each lineage's kept runs hold."""
    found: dict[str, set[str]] = {}
    with open_workspace(home) as database:
        for lineage, group_id in database.rows(
            "SELECT runs.lineage, memberships.group_id FROM memberships JOIN runs USING (run_id)"
        ):
            found.setdefault(str(lineage), set()).add(str(group_id))
    return found


def test_eight_exports_and_twelve_reviews_at_once_keep_every_entry_id_and_decision(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    other = _other_dataset(tmp_path / "other")
    # One run of each dataset first, as in a borough that has met before: its lineage and its
    # groups' ids exist.
    for data in (tiny_dir, other):
        _ok(run_cs_peers(["groups", str(data), "--runs", "2"]), f"groups {data}")
    groups = _groups_of(home)
    assert len(groups) == 2
    tiny_groups, other_groups = (sorted(g) for g in groups.values())
    out = tmp_path / "out"
    exports = [
        ["pack", str(tiny_dir), "--out", str(out / "p1"), "--no-docx", "--no-pdf", "--runs", "2"],
        ["pack", str(other), "--out", str(out / "p2"), "--no-docx", "--no-pdf", "--runs", "2"],
        ["render", str(tiny_dir), "--out", str(out / "r1"), "--runs", "2"],
        ["render", str(other), "--out", str(out / "r2"), "--runs", "2"],
        ["assess", str(tiny_dir), "--out", str(out / "s1"), "--no-docx", "--runs", "2"],
        ["groups", str(tiny_dir), "--csv", str(out / "g1.csv"), "--runs", "2"],
        ["groups", str(other), "--csv", str(out / "g2.csv"), "--runs", "2"],
        ["export", str(tiny_dir), "--format", "graphml", "--out", str(out / "e1.graphml")],
    ]
    targets = [*tiny_groups, *other_groups]
    reviews = [
        [
            "review", targets[k % len(targets)], "--status", "needs-review",
            "--by", f"panel {k}", "--note", f"decision {k}",
            "--action", f"action {k}", "--owner", "J. Lee", "--due", "2027-01-10",
        ]
        for k in range(12)
    ]  # fmt: skip
    # All twenty stopped at their first write, then let go together.
    finished = _race([PausedCommand(args, at=FIRST_WRITE) for args in exports + reviews])
    for args, done in zip(exports + reviews, finished, strict=True):
        _ok(done, " ".join(args[:2]))

    # The log: one chain, no fork, every export started and then completed.
    with open_workspace(home) as database:
        assert verify_audit(database) == []
    entries = kept_audit(home)
    assert [e.number for e in entries] == list(range(1, len(entries) + 1))
    assert len({e.previous for e in entries}) == len(entries)  # no two entries share a parent
    started = {e.number for e in entries if e.action == "export-started"}
    completed = Counter(e.details["started"] for e in entries if e.action == "export")
    assert len(started) == 8
    assert set(completed) == started and set(completed.values()) == {1}
    assert not [e for e in entries if e.action == "export-failed"]

    # Every decision kept, each with ids of its own.
    kept = kept_reviews(home)
    assert len(kept) == 12
    assert len({r.review_id for r in kept}) == 12
    assert sorted(r.note for r in kept) == sorted(f"decision {k}" for k in range(12))
    action_ids = [a.action_id for r in kept for a in r.actions]
    assert len(action_ids) == 12 and len(set(action_ids)) == 12
    assert sorted(a.text for r in kept for a in r.actions) == sorted(
        f"action {k}" for k in range(12)
    )

    # Runs: ids unique, each dataset in its own lineage, no group id in both.
    runs = kept_runs(home)
    assert len({r.run_id for r in runs}) == len(runs)
    # (A run that repeats the latest analysis of its lineage is not kept twice.)
    lineage_of = {(r.fingerprint, r.lineage) for r in runs}
    assert len(lineage_of) == 2 and len({lineage for _, lineage in lineage_of}) == 2
    after = _groups_of(home)
    assert len(after) == 2
    first, second = after.values()
    assert not first & second


def test_two_new_datasets_packed_at_once_never_share_a_lineage_or_a_group_id(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    other = _other_dataset(tmp_path / "other")
    out = tmp_path / "out"
    finished = _race(
        [
            PausedCommand(
                ["pack", str(data), "--out", str(out / name), "--no-docx", "--no-pdf",
                 "--runs", "2"],
                # The second write: keeping the run, after both chose their numbers.
                at=FIRST_WRITE,
                nth=2,
            )
            for data, name in ((tiny_dir, "a"), (other, "b"))
        ]
    )  # fmt: skip
    codes = sorted(done.returncode for done in finished)
    if codes == [0, 1]:
        # The one that lost the race said so and left nothing: no pack, no run.
        lost = next(done for done in finished if done.returncode == 1)
        assert "ERROR: another cs-peers command kept new" in lost.stderr
        assert "run this command again" in lost.stderr
        assert "Traceback" not in lost.stderr
        assert len([p for p in out.iterdir() if not p.name.startswith(".")]) == 1
        name = "b" if (out / "a").exists() else "a"
        again = run_cs_peers(
            [
                "pack",
                str(tiny_dir if name == "a" else other),
                "--out",
                str(out / name),
                "--no-docx",
                "--no-pdf",
                "--runs",
                "2",
            ]
        )
        _ok(again, "the pack run again")
    else:
        assert codes == [0, 0], finished
    lineages = _groups_of(home)
    assert len(lineages) == 2
    first, second = lineages.values()
    assert first and second and not first & second
    for name in ("a", "b"):
        index = (out / name / "index.html").read_text("utf-8")
        shown = {g for g in first | second if g in index}
        assert shown in (first, second)


def test_a_review_kept_while_prune_runs_is_not_lost(home: Path, tiny_dir: Path) -> None:
    _ok(run_cs_peers(["groups", str(tiny_dir), "--runs", "2"]), "groups")
    old = run_cs_peers(
        ["review", "PG-0001", "--status", "confirmed", "--by", "panel",
         "--review-date", "2020-01-01"]
    )  # fmt: skip
    _ok(old, "an old review")
    # prune stopped inside its transaction, holding the workspace's write lock.
    prune = PausedCommand(["prune", "--older-than", "30"], at=FIRST_WRITE, inside=True)
    try:
        prune.wait_until_stopped()
        review = PausedCommand(
            ["review", "PG-0002", "--status", "confirmed", "--by", "panel",
             "--note", "kept during prune", "--review-date", "2999-01-01"],
            at=FIRST_WRITE,
        )  # fmt: skip
        review.wait_until_stopped()
        review.release()  # it now waits for prune's lock
        prune.release()
        pruned, kept = prune.finish(), review.finish()
    finally:
        prune.kill()
    _ok(pruned, "prune")
    _ok(kept, "review")
    assert kept.stdout.startswith("kept review RV-")
    assert pruned.stdout.startswith("removed 0 runs, 1 reviews")
    notes = [r.note for r in kept_reviews(home)]
    assert notes == ["kept during prune"]
    review_id = kept.stdout.split()[2]
    assert review_id == "RV-00002"  # never the pruned one's id again


def test_a_review_kept_while_forget_runs_is_not_lost(home: Path, tiny_dir: Path) -> None:
    _ok(run_cs_peers(["groups", str(tiny_dir), "--runs", "2"]), "groups")
    # forget stopped inside its erasure (its second transaction), holding the write lock.
    forget = PausedCommand(
        ["forget", "YP01", "--by", "J. Analyst", "--reason", "request"],
        at=FIRST_WRITE,
        nth=2,
        inside=True,
    )
    try:
        forget.wait_until_stopped()
        review = PausedCommand(
            ["review", "PG-0002", "--status", "confirmed", "--by", "panel",
             "--note", "kept during forget"],
            at=FIRST_WRITE,
        )  # fmt: skip
        review.wait_until_stopped()
        review.release()
        forget.release()
        erased, kept = forget.finish(), review.finish()
    finally:
        forget.kill()
    _ok(erased, "forget")
    _ok(kept, "review")
    assert "none is left anywhere" in erased.stdout
    assert [r.note for r in kept_reviews(home)] == ["kept during forget"]


def test_review_and_action_ids_never_repeat_after_prune(home: Path, tiny_dir: Path) -> None:
    _ok(run_cs_peers(["groups", str(tiny_dir), "--runs", "2"]), "groups")
    decide = ["review", "PG-0001", "--status", "confirmed", "--by", "panel"]
    action = ["--action", "Visit", "--owner", "J. Lee", "--due", "2020-02-01"]
    first = run_cs_peers([*decide, *action, "--review-date", "2020-01-01"])
    _ok(first, "first review")
    _ok(run_cs_peers(["prune", "--older-than", "30"]), "prune")
    assert kept_reviews(home) == []
    second = run_cs_peers([*decide, *action])
    _ok(second, "second review")
    assert "RV-00001" in first.stdout and "AC-0001" in first.stdout
    assert "RV-00002" in second.stdout and "AC-0002" in second.stdout
