"""Erasing a person from everything cs-peers keeps: run histories, reviews, cached copies.

The workspace holds CSV, JSON and JSON-lines files; every one of them (whatever feature wrote
it) is rewritten without the person: CSV rows naming the id are dropped, JSON list items and
keys equal to it are removed, and any other text mentioning it has the id replaced by
``[erased]``. Each file is rewritten to a temporary sibling and renamed, so a failure leaves it
whole. Afterwards every file is searched for the id, byte for byte, and what still holds it is
reported. Two places are left alone on purpose: the audit log (its entries never hold ids in
clear, and rewriting it would break its chain) and the local Neo4j's own store files, which
are erased through Cypher (:func:`forget_in_neo4j`); their transaction logs keep deleted
values until Neo4j rotates them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

__all__ = ["ErasureReport", "find_in_workspace", "forget_in_neo4j", "forget_in_workspace"]

ERASED = "[erased]"
# Folders of the workspace that erasure does not rewrite (see the module's docstring).
_SKIPPED = ("audit", "neo4j")


@dataclass
class ErasureReport:
    """What was erased where, and where the ids can still be found (empty when nowhere)."""

    files_rewritten: list[str] = field(default_factory=list)
    rows_removed: int = 0
    neo4j: dict[str, int] = field(default_factory=dict)
    remaining: list[str] = field(default_factory=list)


def _scrub(value: Any, ids: frozenset[str]) -> Any:
    if isinstance(value, str):
        for identifier in ids:
            value = value.replace(identifier, ERASED)
        return value
    if isinstance(value, list):
        return [_scrub(v, ids) for v in value if not (isinstance(v, str) and v in ids)]
    if isinstance(value, dict):
        return {k: _scrub(v, ids) for k, v in value.items() if k not in ids}
    return value


def _scrub_csv(text: str, ids: frozenset[str]) -> tuple[str, int]:
    rows = list(csv.reader(io.StringIO(text)))
    kept = [r for r in rows if not ids & set(r)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[_scrub(c, ids) for c in r] for r in kept])
    return out.getvalue(), len(rows) - len(kept)


def _scrub_file(path: Path, ids: frozenset[str]) -> tuple[str, int] | None:
    """Return the file's new text and rows removed, or None when it need not change."""
    raw = path.read_bytes()
    if not any(i.encode("utf-8") in raw for i in ids):
        return None
    text = raw.decode("utf-8", errors="replace")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _scrub_csv(text, ids)
    if suffix == ".json":
        return json.dumps(_scrub(json.loads(text), ids), indent=2, ensure_ascii=False), 0
    if suffix == ".jsonl":
        lines = [json.loads(line) for line in text.splitlines() if line.strip()]
        new = [json.dumps(_scrub(item, ids), ensure_ascii=False) for item in lines]
        return "".join(line + "\n" for line in new), 0
    return _scrub(text, ids), 0


def _replace_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _workspace_files(home: Path, *, skip: Iterable[str] = _SKIPPED) -> list[Path]:
    skipped = {Path(home) / s for s in skip}
    found = []
    for root, dirs, files in os.walk(home):
        dirs[:] = [d for d in dirs if Path(root) / d not in skipped]
        found += [Path(root) / f for f in files if not (Path(root) / f).is_symlink()]
    return sorted(found)


def find_in_workspace(home: Path, ids: Iterable[str]) -> list[str]:
    """Return every file under ``home`` (but the local Neo4j's store) holding one of ``ids``."""
    wanted = [i.encode("utf-8") for i in ids]
    return [
        str(p)
        for p in _workspace_files(home, skip=("neo4j",))
        if any(w in p.read_bytes() for w in wanted)
    ]


def forget_in_workspace(home: Path, ids: Iterable[str]) -> ErasureReport:
    """Return what was erased after removing ``ids`` from every file of the workspace."""
    wanted = frozenset(ids)
    report = ErasureReport()
    if not Path(home).is_dir():
        return report
    for path in _workspace_files(home):
        if path.name.startswith(".") or path.name in {"password", "salt"}:
            continue
        changed = _scrub_file(path, wanted)
        if changed is not None:
            text, removed = changed
            _replace_text(path, text)
            report.files_rewritten.append(str(path.relative_to(home)))
            report.rows_removed += removed
    report.remaining = find_in_workspace(home, wanted)
    return report


def forget_in_neo4j(store: Any, history: Any, ids: Iterable[str]) -> dict[str, int]:
    """Return counts erased from Neo4j: the people (nodes, links, memberships) and every kept
    run that listed them; raises nothing for ids the database does not hold."""
    counts = {"people": 0, "associations": 0, "memberships": 0, "runs_rewritten": 0}
    wanted = frozenset(ids)
    for identifier in sorted(wanted):
        rows = store.run("forget_person", {"person_id": identifier})
        for key in ("people", "associations", "memberships"):
            counts[key] += int(rows[key].iloc[0]) if len(rows) else 0
    for kept in history.list_runs():
        run = history.get(kept.run_id)
        members = run.memberships
        hit = members["person_id"].isin(wanted) | members["bridge_to"].isin(wanted)
        meta_text = json.dumps(run.meta())
        if hit.any() or any(i in meta_text for i in wanted):
            scrubbed = _scrub(run.meta(), wanted)
            history.save(
                replace(
                    run,
                    events=scrubbed["events"],
                    memberships=members[~hit].reset_index(drop=True),
                )
            )
            counts["runs_rewritten"] += 1
    return counts
