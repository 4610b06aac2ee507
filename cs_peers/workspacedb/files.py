"""The workspace database and plain files: everything written out as files, and old file workspaces
moved in.

Everything the workspace database keeps, written out as plain files for the analyst.

``cs-peers workspace export --out DIR`` writes the runs as they were kept before the database
(``runs/RUN/run.json`` and ``memberships.csv``), ``reviews.jsonl``, ``meetings.csv``,
``action_events.jsonl``, ``audit.jsonl`` and ``erasures.jsonl``: a backup, a hand-over, or a
way to read the records without SQLite. The files hold what the workspace holds (case ids
included): they are as sensitive as the workspace.

Moving a workspace of files (cs-peers before the workspace database) into the database.

Earlier versions kept runs as folders (``runs/RUN/run.json`` and ``memberships.csv``), reviews
as ``reviews.jsonl`` and the audit log as ``audit/log.jsonl`` (with ``audit/anchor.json`` after
pruning). The first command that opens such a workspace copies all of it into the database in
one transaction, reads it back, and only then removes the files it copied — so a failure at any
point leaves the files as they were and the database without a half-copied history. Files
cs-peers did not write (anything else in those folders) are left alone.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cs_peers.analysis.history import (
    GROUP_COUNTER,
    RunRecord,
    memberships_from_csv,
    memberships_to_csv,
)
from cs_peers.analysis.lineage import LINEAGE_COUNTER
from cs_peers.analysis.reviews.records import Review
from cs_peers.errors import WorkspaceError
from cs_peers.safe_text import file_stem
from cs_peers.workspacedb._records import (
    ACTION_COUNTER,
    REVIEW_COUNTER,
    WorkspaceMeetingLog,
    WorkspaceRunHistory,
    action_id,
    insert_review,
)
from cs_peers.workspacedb.database import WorkspaceDatabase

__all__ = ["EXPORT_FILES", "FolderMigration", "export_workspace", "migrate_folder_layout"]


EXPORT_FILES = (
    "reviews.jsonl",
    "meetings.csv",
    "action_events.jsonl",
    "audit.jsonl",
    "erasures.jsonl",
)


def _jsonl(items: list[dict[str, object]]) -> str:
    return "".join(json.dumps(i, ensure_ascii=False, sort_keys=True) + "\n" for i in items)


def export_workspace(database: WorkspaceDatabase, out: Path) -> list[Path]:
    """Return the files written into the folder ``out`` (which must be new or empty)."""
    history = WorkspaceRunHistory(database)
    log = WorkspaceMeetingLog(database)
    written: list[Path] = []

    def write(relative: str, text: str) -> None:
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        written.append(path)

    for meta in history.list_runs():
        run = history.get(meta.run_id)
        # Run ids are ours (time and fingerprint): a folder name as they are, unless odd.
        safe = re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z-]*", run.run_id)
        folder = f"runs/{run.run_id if safe else file_stem(run.run_id)}"
        write(f"{folder}/run.json", json.dumps(run.meta(), indent=2))
        write(f"{folder}/memberships.csv", memberships_to_csv(run.memberships))
    write("reviews.jsonl", "".join(r.to_json() + "\n" for r in log.list_reviews()))
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(["lineage", "held_on", "run_id", "made_at", "how"])
    writer.writerows(
        (m.lineage, m.held_on, m.run_id, m.made_at, m.how) for m in log.list_meetings()
    )
    write("meetings.csv", table.getvalue())
    write("action_events.jsonl", _jsonl([asdict(e) for e in log.list_action_events()]))
    audit = database.rows(
        "SELECT number, at, user, action, command, details, previous, hash FROM audit_entries "
        "ORDER BY number"
    )
    keys = ("number", "at", "user", "action", "command", "details", "previous", "hash")
    write(
        "audit.jsonl",
        _jsonl(
            [{**dict(zip(keys, row, strict=True)), "details": json.loads(row[5])} for row in audit]
        ),
    )
    erasures = database.rows(
        "SELECT at, id_hashes, decided_by, reason, report FROM erasures ORDER BY erasure_id"
    )
    write(
        "erasures.jsonl",
        _jsonl(
            [
                {
                    "at": at,
                    "id_hashes": json.loads(h),
                    "by": by,
                    "reason": why,
                    "report": json.loads(r),
                }
                for at, h, by, why, r in erasures
            ]
        ),
    )
    return written


@dataclass
class FolderMigration:
    """What was moved from the files into the database (all zero when there was nothing)."""

    runs: int = 0
    reviews: int = 0
    audit_entries: int = 0
    removed: list[str] = field(default_factory=list)

    @property
    def moved(self) -> bool:
        """Return whether anything was moved."""
        return bool(self.runs or self.reviews or self.audit_entries)

    def describe(self) -> str:
        """Return one sentence for the user."""
        return (
            f"moved this workspace's files into its database: {self.runs} runs, "
            f"{self.reviews} reviews, {self.audit_entries} audit entries "
            "(`cs-peers workspace export` writes them out as files again)"
        )


def _run_folders(home: Path) -> list[Path]:
    root = home / "runs"
    if not root.is_dir() or root.is_symlink():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "run.json").is_file())


def _read_run(folder: Path) -> RunRecord:
    try:
        meta: dict[str, Any] = json.loads((folder / "run.json").read_text("utf-8"))
        members = memberships_from_csv((folder / "memberships.csv").read_text("utf-8"))
        meta.setdefault("kind", "exploratory")
        return RunRecord(**meta, memberships=members)
    except (OSError, ValueError, TypeError) as exc:
        raise WorkspaceError(
            f"the run in {folder} cannot be moved into the workspace database ({exc}); "
            "move the folder out of the workspace to go on without it"
        ) from exc


def _read_reviews(path: Path) -> list[Review]:
    if not path.is_file():
        return []
    reviews = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            reviews.append(Review.from_json(line))
        except (ValueError, TypeError) as exc:
            raise WorkspaceError(
                f"{path}, line {number}: not a review cs-peers can read ({exc}); mend or "
                "remove that line, and run the command again (nothing was moved)"
            ) from exc
    return reviews


def _read_audit(folder: Path) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    log, anchor = folder / "log.jsonl", folder / "anchor.json"
    entries = []
    if log.is_file():
        for number, line in enumerate(log.read_text("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entries.append(json.loads(line))
            except ValueError as exc:
                raise WorkspaceError(
                    f"{log}, line {number}: not an audit entry ({exc}); nothing was moved"
                ) from exc
    return entries, (json.loads(anchor.read_text("utf-8")) if anchor.is_file() else None)


def migrate_folder_layout(database: WorkspaceDatabase) -> FolderMigration:
    """Return what was moved from an older workspace's files into ``database``."""
    home = database.home
    folders = _run_folders(home)
    reviews = _read_reviews(home / "reviews.jsonl")
    entries, anchor = _read_audit(home / "audit")
    report = FolderMigration()
    if not (folders or reviews or entries or anchor):
        return report
    if database.setting("migrated_from_files"):
        # Copied before, but the command stopped before the files were removed.
        _remove_copied(home, folders, report)
        return report
    runs = sorted((_read_run(f) for f in folders), key=lambda r: (r.created_at, r.run_id))
    history = WorkspaceRunHistory(database)
    with database.transaction() as db:
        for run in runs:
            history._insert(db, run, kept_at=run.created_at)
        database.raise_counter(db, GROUP_COUNTER, max((r.next_number for r in runs), default=1))
        lineages = [int(r.lineage[8:]) for r in runs if r.lineage[8:].isdigit()]
        database.raise_counter(db, LINEAGE_COUNTER, max(lineages, default=0) + 1)
        next_action = 1
        for number, review in enumerate(reviews, start=1):
            ids = [action_id(next_action + i) for i in range(len(review.actions))]
            next_action += len(review.actions)
            insert_review(db, review.with_ids(review.review_id or f"RV-{number:05d}", ids))
        database.raise_counter(db, REVIEW_COUNTER, len(reviews) + 1)
        database.raise_counter(db, ACTION_COUNTER, next_action)
        db.executemany(
            "INSERT INTO audit_entries (number, at, user, action, command, details, previous, "
            "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    e["number"],
                    e["at"],
                    e["user"],
                    e["action"],
                    e["command"],
                    json.dumps(e["details"], ensure_ascii=False, sort_keys=True, default=str),
                    e["previous"],
                    e["hash"],
                )
                for e in entries
            ],
        )
        if anchor is not None:
            db.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES ('audit_anchor', ?)",
                (json.dumps(anchor),),
            )
        # Entries chained before the log was keyed are verified as they were written.
        last = max((int(e["number"]) for e in entries), default=0)
        db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('audit_unkeyed_until', ?)",
            (str(last),),
        )
        db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('migrated_from_files', '1')"
        )
        # Read back inside the transaction: a difference rolls everything back.
        _check_copied(history, runs)
    report.runs, report.reviews, report.audit_entries = len(runs), len(reviews), len(entries)
    _remove_copied(home, folders, report)
    return report


def _remove_copied(home: Path, folders: list[Path], report: FolderMigration) -> None:
    """Remove the files that were copied into the database (only those cs-peers wrote)."""
    for folder in folders:
        for name in ("run.json", "memberships.csv"):
            (folder / name).unlink(missing_ok=True)
        if not any(folder.iterdir()):
            folder.rmdir()
        report.removed.append(str(folder.relative_to(home)))
    for path in (
        home / "reviews.jsonl",
        home / "audit" / "log.jsonl",
        home / "audit" / "anchor.json",
    ):
        if path.is_file():
            path.unlink()
            report.removed.append(str(path.relative_to(home)))


def _check_copied(history: WorkspaceRunHistory, runs: list[RunRecord]) -> None:
    """Raise unless every run reads back from the database with the same memberships."""
    for run in runs:
        back = history.get(run.run_id).memberships.reset_index(drop=True)
        mine = run.memberships.reset_index(drop=True).astype(back.dtypes.to_dict())
        if not back.equals(mine) and not (back.empty and mine.empty):
            raise WorkspaceError(
                f"run {run.run_id} did not read back from the workspace database as it was "
                "copied; its files were left in place"
            )
