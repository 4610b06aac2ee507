"""Everything the workspace database keeps, written out as plain files for the analyst.

``cs-peers workspace export --out DIR`` writes the runs as they were kept before the database
(``runs/RUN/run.json`` and ``memberships.csv``), ``reviews.jsonl``, ``meetings.csv``,
``action_events.jsonl``, ``audit.jsonl`` and ``erasures.jsonl``: a backup, a hand-over, or a
way to read the records without SQLite. The files hold what the workspace holds (case ids
included): they are as sensitive as the workspace.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict
from pathlib import Path

from cs_peers.analysis.history import memberships_to_csv
from cs_peers.safe_names import file_stem
from cs_peers.workspacedb.database import WorkspaceDatabase
from cs_peers.workspacedb.meetings import WorkspaceMeetingLog
from cs_peers.workspacedb.runs import WorkspaceRunHistory

__all__ = ["EXPORT_FILES", "export_workspace"]

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
