"""Runs kept in Neo4j, for ``--neo4j``: the same :class:`~cs_peers.analysis.history.RunHistory`
as the workspace's, stored as ``(:GroupRun)`` nodes.

The groups of a run are written back to the graph by
:class:`~cs_peers.graphdb.source.Neo4jGroupsWriter`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace

from cs_peers.analysis.history import RunRecord, memberships_from_csv, memberships_to_csv
from cs_peers.errors import RunNotFoundError, WorkspaceError
from cs_peers.graphdb.runner import QueryRunner

__all__ = ["Neo4jRunHistory", "reserve_numbers"]


def reserve_numbers(runner: QueryRunner, counter: str, count: int, at_least: int = 1) -> int:
    """Return the first of ``count`` numbers of ``counter`` never handed out in this database."""
    runner.run("schema_counter_name", {})
    rows = runner.run(
        "reserve_numbers", {"counter": counter, "count": count, "at_least": max(at_least, 1)}
    )
    return int(rows["first"].iloc[0])


class Neo4jRunHistory:
    """Runs kept as ``(:GroupRun {id, created_at, meta, memberships})`` nodes, through the
    command's one connection (``runner``)."""

    def __init__(self, runner: QueryRunner) -> None:
        self.runner = runner

    def list_runs(self) -> list[RunRecord]:
        """Return every run kept in the database, oldest first, without memberships."""
        rows = self.runner.run("list_runs", {})
        return [_record(str(meta), "") for meta in rows.get("meta", [])]

    def get(self, run_id: str) -> RunRecord:
        """Return one run with its memberships."""
        rows = self.runner.run("get_run", {"run_id": run_id})
        if rows.empty:
            known = ", ".join(r.run_id for r in self.list_runs()[-5:]) or "none yet"
            raise RunNotFoundError(f"no run {run_id!r} in Neo4j (latest: {known})")
        return _record(str(rows["meta"].iloc[0]), str(rows["memberships"].iloc[0]))

    def save(self, record: RunRecord, *, claims: Mapping[str, tuple[int, int]] = {}) -> None:
        """Take the run's numbers, then keep it (one statement: whole or not at all)."""
        if claims:
            self.runner.run("schema_counter_name", {})
        for counter, (first, after) in sorted(claims.items()):
            rows = self.runner.run(
                "claim_numbers", {"counter": counter, "first": first, "after": after}
            )
            if not bool(rows["free"].iloc[0]):
                raise WorkspaceError(
                    f"another cs-peers command kept new {counter} numbers in Neo4j while this "
                    f"one ran ({counter} {first} is taken): run this command again, so that "
                    "every id names one thing; nothing of this run was kept"
                )
        self.runner.run(
            "save_run",
            {
                "run_id": record.run_id,
                "created_at": record.created_at,
                "meta": json.dumps(record.meta()),
                "memberships": memberships_to_csv(record.memberships),
            },
        )

    def peek(self, counter: str) -> int:
        """Return the next number of ``counter`` no kept run has used."""
        return int(self.runner.run("peek_counter", {"counter": counter})["next"].iloc[0])

    def mark_pack(self, run_id: str) -> None:
        """Record that a pack was made from the run ``run_id``."""
        run = self.get(run_id)
        if run.kind != "pack":
            self.save(replace(run, kind="pack"))


def _record(meta: str, memberships: str) -> RunRecord:
    data = json.loads(meta)
    members = memberships_from_csv(memberships) if memberships else memberships_from_csv("")
    return RunRecord(**data, memberships=members)
