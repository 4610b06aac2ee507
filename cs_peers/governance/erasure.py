"""Erasing a person from everything cs-peers keeps, exactly, and proving it.

In the workspace database a person is found by **equality** with their id — memberships,
the people of reviews — and those rows are deleted; free text cs-peers keeps (review notes,
action texts, identity-event details) has the id replaced by ``[erased]`` only where it
stands as a whole token, so erasing ``YP1`` never touches ``YP10``. The people sketches
runs keep to recognise their dataset (hashes of ids) are cleared, since a sketch could
confirm that an id was there. Deleted values are overwritten (``secure_delete``), the WAL is
checkpointed and the file vacuumed, and then every file of the workspace is searched, byte
for byte, for each id: the report lists what still holds one.

An id that nothing in the workspace (or, with Neo4j, the database) holds is refused: a typo
must not report a clean erasure. Two places are left alone on purpose: the audit log (its
entries never hold ids in clear, and rewriting it would break its chain) and the local Neo4j's
own store files, which are erased through Cypher (:func:`forget_in_neo4j`); their transaction
logs keep deleted values until Neo4j rotates them.

Retention: removing what the workspace has kept longer than needed.

``prune_workspace`` removes runs kept before the cut-off (with their memberships, and the
meetings that showed them), review records whose review date (plus a grace period) has passed
(with their actions), and audit entries older than the cut-off, in one transaction, and
reports what it removed; the command logs that report in the audit log. Ages are measured by
the real clock — when a run was really kept —, never by ``SOURCE_DATE_EPOCH``, which only
stamps outputs. The retention period can be set once per workspace in
``WORKSPACE/retention.toml`` (``days = 365``).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cs_peers.errors import WorkspaceError
from cs_peers.governance.audit import append_audit, prune_audit
from cs_peers.workspacedb.database import WorkspaceDatabase

__all__ = [
    "ERASED",
    "REVIEW_GRACE_DAYS",
    "ErasureProof",
    "ErasureReport",
    "PruneReport",
    "find_in_workspace",
    "forget_in_neo4j",
    "forget_in_workspace",
    "forget_people",
    "known_ids",
    "prune_workspace",
    "retention_days",
    "scrub_text",
]


ERASED = "[erased]"
# Folders of the workspace that the leftover search does not read: the local Neo4j's own store
# (erased through Cypher).
_NOT_SEARCHED = ("neo4j",)
# Free-text columns of the workspace database in which an id is replaced as a whole token.
_TEXT_COLUMNS = (
    ("reviews", "review_id", "note"),
    ("actions", "action_id", "text"),
    ("action_events", "event_id", "note"),
    ("run_events", "rowid", "detail"),
)


@dataclass
class ErasureReport:
    """What was erased where, and where the ids can still be found (empty when nowhere)."""

    rows_removed: int = 0
    texts_rewritten: int = 0
    neo4j: dict[str, int] = field(default_factory=dict)
    remaining: list[str] = field(default_factory=list)


def _token(identifier: str) -> re.Pattern[str]:
    """Return the pattern of ``identifier`` as a whole token (not inside a longer id)."""
    return re.compile(r"(?<![\w/-])" + re.escape(identifier) + r"(?![\w/-])")


def scrub_text(text: str, ids: Iterable[str]) -> str:
    """Return ``text`` with each id that stands as a whole token replaced by ``[erased]``.

    >>> scrub_text("Home visit to YP1 and YP10", ["YP1"])
    'Home visit to [erased] and YP10'
    """
    for identifier in ids:
        text = _token(identifier).sub(ERASED, text)
    return text


def known_ids(database: WorkspaceDatabase, ids: Iterable[str]) -> set[str]:
    """Return which of ``ids`` the workspace database holds (as a member or in a review)."""
    found: set[str] = set()
    for identifier in ids:
        rows = database.rows(
            "SELECT 1 FROM memberships WHERE person_id = ? UNION ALL "
            "SELECT 1 FROM review_people WHERE person_id = ? LIMIT 1",
            (identifier, identifier),
        )
        if rows or _in_texts(database, identifier):
            found.add(identifier)
    return found


def _in_texts(database: WorkspaceDatabase, identifier: str) -> bool:
    pattern = _token(identifier)
    for table, _key, column in _TEXT_COLUMNS:
        like = database.rows(
            f"SELECT {column} FROM {table} WHERE instr({column}, ?) > 0", (identifier,)
        )
        if any(pattern.search(str(text)) for (text,) in like):
            return True
    return False


def forget_in_workspace(database: WorkspaceDatabase, ids: Iterable[str]) -> ErasureReport:
    """Return what was erased after removing ``ids`` from the workspace database.

    Everything happens in one transaction; the database is then compacted so that no page
    keeps an erased value, and every workspace file is searched for the ids.
    """
    wanted = sorted(set(ids))
    report = ErasureReport()
    with database.transaction() as db:
        for identifier in wanted:
            report.rows_removed += db.execute(
                "DELETE FROM memberships WHERE person_id = ?", (identifier,)
            ).rowcount
            report.rows_removed += db.execute(
                "DELETE FROM review_people WHERE person_id = ?", (identifier,)
            ).rowcount
        for table, key, column in _TEXT_COLUMNS:
            for identifier in wanted:
                rows = db.execute(
                    f"SELECT {key}, {column} FROM {table} WHERE instr({column}, ?) > 0",
                    (identifier,),
                ).fetchall()
                for row_key, text in rows:
                    new = scrub_text(str(text), [identifier])
                    if new != text:
                        db.execute(
                            f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (new, row_key)
                        )
                        report.texts_rewritten += 1
        # A sketch holds hashes of ids: it could confirm that an erased id was in a dataset.
        # Runs without one are matched to their lineage by their members instead.
        db.execute("UPDATE runs SET people_sketch = '[]'")
    database.compact()
    report.remaining = find_in_workspace(database.home, wanted)
    return report


def _workspace_files(home: Path) -> list[Path]:
    """Return every file of the workspace, following links (a linked folder is searched too)."""
    found = []
    skipped = {Path(home) / s for s in _NOT_SEARCHED}
    for root, dirs, files in os.walk(home, followlinks=True):
        dirs[:] = [d for d in dirs if Path(root) / d not in skipped]
        found += [Path(root) / f for f in files]
    return sorted(found)


def find_in_workspace(home: Path, ids: Iterable[str]) -> list[str]:
    """Return every workspace file (but the local Neo4j's store) holding one of ``ids``.

    A file holds an id when its bytes have the id as a whole token (so ``YP10`` does not hold
    ``YP1``).
    """
    patterns = [re.compile(_token(i).pattern.encode("utf-8")) for i in ids]
    hits = []
    for path in _workspace_files(home):
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            # Gone since the listing: SQLite removes its -wal and -shm files when the last
            # connection (another command's) closes, after copying the -wal into the database,
            # which is searched. A file that no longer exists holds no id.
            continue
        except OSError as exc:
            raise WorkspaceError(f"{path} cannot be searched for the ids ({exc.strerror})") from exc
        if any(p.search(raw) for p in patterns):
            hits.append(str(path))
    return hits


def forget_in_neo4j(store: Any, ids: Iterable[str]) -> dict[str, int]:
    """Return counts erased from Neo4j: the people (nodes, links, memberships), and every kept
    run and review that listed them (rewritten by equality with their ids)."""
    from cs_peers.analysis.history import memberships_from_csv, memberships_to_csv
    from cs_peers.analysis.reviews.records import Review

    counts = {"people": 0, "associations": 0, "memberships": 0, "runs_rewritten": 0}
    counts["reviews_rewritten"] = 0
    wanted = sorted(set(ids))
    for identifier in wanted:
        rows = store.run("forget_person", {"person_id": identifier})
        for key in ("people", "associations", "memberships"):
            counts[key] += int(rows[key].iloc[0]) if len(rows) else 0
    for row in store.run("list_runs", {}).itertuples(index=False):
        got = store.run("get_run", {"run_id": row.run_id})
        meta = json.loads(str(got["meta"].iloc[0]))
        members = memberships_from_csv(str(got["memberships"].iloc[0]))
        hit = members["person_id"].isin(wanted)
        if hit.any() or meta.get("people_sketch"):
            meta["people_sketch"] = []
            store.run(
                "save_run",
                {
                    "run_id": row.run_id,
                    "created_at": meta["created_at"],
                    "meta": json.dumps(meta),
                    "memberships": memberships_to_csv(members[~hit]),
                },
            )
            counts["runs_rewritten"] += int(hit.any())
    for text in store.run("list_reviews", {}).get("review", []):
        review = Review.from_json(str(text))
        erased = review.without(wanted, lambda text: scrub_text(text, wanted))
        if erased != review:
            store.run("replace_review", {"review_id": review.review_id, "review": erased.to_json()})
            counts["reviews_rewritten"] += 1
    return counts


@dataclass
class ErasureProof:
    """An erasure done and checked: what was removed, what is left, what to re-make.

    ``id_hashes`` are the salted hashes the logs keep instead of the ids; ``remaining`` lists
    each place an id is still found (empty when the erasure is complete); ``outputs`` the
    exports made earlier that may still hold the ids (cs-peers never deletes a user's files).
    """

    id_hashes: list[str]
    workspace: ErasureReport
    neo4j: dict[str, int] = field(default_factory=dict)
    remaining: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Return whether no id is left anywhere that was searched."""
        return not self.remaining


def forget_people(
    database: WorkspaceDatabase,
    ids: Iterable[str],
    *,
    by: str,
    reason: str,
    neo4j: Any | None = None,
) -> ErasureProof:
    """Return the proof of erasing ``ids`` from the workspace (and Neo4j, given its runner).

    The erasure is logged before it starts and after it ends (salted hashes only), and kept
    in the erasure log with its report.

    Raises
    ------
    UsageError
        If ``by`` or ``reason`` is empty.
    PersonNotFoundError
        If an id is held nowhere: nothing is erased then (a typo must not look like an
        erasure).
    """
    from cs_peers.errors import PersonNotFoundError, UsageError
    from cs_peers.governance.audit import append_audit, read_audit, salted_id_hash

    wanted = list(dict.fromkeys(ids))
    if not by.strip() or not reason.strip():
        raise UsageError("say who asked for the erasure and why: erasures are logged")
    found = known_ids(database, wanted)
    if neo4j is not None:
        for identifier in wanted:
            nodes = int(neo4j.run("find_id_in_nodes", {"value": identifier})["nodes"].iloc[0])
            if nodes:
                found.add(identifier)
    unknown = [i for i in wanted if i not in found]
    if unknown:
        where = "the workspace" + (" or Neo4j" if neo4j is not None else "")
        raise PersonNotFoundError(
            f"no such person: {', '.join(repr(i) for i in unknown)} (nothing in {where} holds "
            "this id); nothing was erased"
        )
    hashes = [salted_id_hash(database.home, i) for i in wanted]
    reason = scrub_text(reason, wanted)
    command = f"cs-peers forget [{len(wanted)} ids redacted]"
    append_audit(database, "erasure-started", command, {"ids": hashes, "by": by, "reason": reason})
    report = forget_in_workspace(database, wanted)
    proof = ErasureProof(hashes, report, remaining=list(report.remaining))
    if neo4j is not None:
        proof.neo4j = forget_in_neo4j(neo4j, wanted)
        for identifier, hashed in zip(wanted, hashes, strict=True):
            nodes = int(neo4j.run("find_id_in_nodes", {"value": identifier})["nodes"].iloc[0])
            links = neo4j.run("find_id_in_relationships", {"value": identifier})
            if nodes or int(links["relationships"].iloc[0]):
                proof.remaining.append(f"Neo4j (id {hashed})")
    summary = {
        "ids": hashes,
        "by": by,
        "reason": reason,
        "rows_removed": report.rows_removed,
        "texts_rewritten": report.texts_rewritten,
        "remaining": len(proof.remaining),
        **{f"neo4j_{k}": v for k, v in proof.neo4j.items()},
    }
    with database.transaction() as db:
        db.execute(
            "INSERT INTO erasures (at, id_hashes, decided_by, reason, report) VALUES "
            "(datetime('now'), ?, ?, ?, ?)",
            (json.dumps(hashes), by, reason, json.dumps(summary)),
        )
    append_audit(database, "erasure", command, summary)
    proof.outputs = sorted(
        {str(e.details.get("output")) for e in read_audit(database) if e.action == "export"}
        - {"stdout", "None"}
    )
    return proof


REVIEW_GRACE_DAYS = 30


@dataclass
class PruneReport:
    """What pruning removed."""

    cutoff: str
    runs: list[str] = field(default_factory=list)
    reviews: int = 0
    meetings: int = 0
    audit_entries: int = 0


def retention_days(home: Path) -> int | None:
    """Return the workspace's retention period in days, or None when it sets none."""
    path = Path(home) / "retention.toml"
    if not path.is_file():
        return None
    try:
        days = tomllib.loads(path.read_text("utf-8")).get("days")
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceError(f"{path}: not TOML ({exc})") from exc
    if not isinstance(days, int) or days < 1:
        raise WorkspaceError(f"{path}: 'days' must be a whole number of days, not {days!r}")
    return days


def prune_workspace(
    database: WorkspaceDatabase, older_than_days: int, *, now: datetime | None = None
) -> PruneReport:
    """Return what was removed from the workspace as older than the period."""
    now = now or datetime.now(UTC)
    cutoff = (now - timedelta(days=older_than_days)).replace(microsecond=0).isoformat()
    last_review_day = (now.date() - timedelta(days=REVIEW_GRACE_DAYS)).isoformat()
    report = PruneReport(cutoff=cutoff)
    with database.transaction() as db:
        report.runs = [
            str(r[0])
            for r in db.execute(
                "SELECT run_id FROM runs WHERE kept_at < ? ORDER BY position", (cutoff,)
            )
        ]
        db.executemany("DELETE FROM runs WHERE run_id = ?", [(r,) for r in report.runs])
        report.meetings = db.execute(
            "DELETE FROM meetings WHERE run_id NOT IN (SELECT run_id FROM runs)"
        ).rowcount
        report.reviews = db.execute(
            "DELETE FROM reviews WHERE review_date <> '' AND review_date < ?", (last_review_day,)
        ).rowcount
    report.audit_entries = prune_audit(database, cutoff)
    database.compact()
    append_audit(
        database,
        "prune",
        f"cs-peers prune --older-than {older_than_days}",
        {
            "cutoff": report.cutoff,
            "runs": len(report.runs),
            "reviews": report.reviews,
            "meetings": report.meetings,
            "audit_entries": report.audit_entries,
        },
    )
    return report
