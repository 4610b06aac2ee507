"""Runs kept in Neo4j, for ``--neo4j``: the same :class:`~cs_peers.analysis.history.RunHistory`
as the workspace's, stored as ``(:GroupRun)`` nodes.

The groups of a run are written back to the graph by
:class:`~cs_peers.graphdb.source.Neo4jGroupsWriter`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from cs_peers.analysis.history import RunRecord, memberships_from_csv, memberships_to_csv
from cs_peers.errors import RunNotFoundError
from cs_peers.graphdb.settings import Neo4jSettings, resolve_settings
from cs_peers.graphdb.store import Neo4jStore

__all__ = ["Neo4jRunHistory", "open_store"]


def open_store(*, home: Path, env: Mapping[str, str]) -> Neo4jStore:
    """Return a store on the configured Neo4j (variables first, else the workspace's own)."""
    return Neo4jStore(resolve_settings(env, home=home))


class Neo4jRunHistory:
    """Runs kept as ``(:GroupRun {id, created_at, meta, memberships})`` nodes.

    Each call opens and closes its own connection, so a history can be held for as long as a
    command runs without keeping a driver open.
    """

    def __init__(self, settings: Neo4jSettings) -> None:
        self.settings = settings

    @classmethod
    def connect(cls, *, home: Path, env: Mapping[str, str]) -> Neo4jRunHistory:
        """Return the history of the configured Neo4j."""
        return cls(resolve_settings(env, home=home))

    def _run(self, name: str, params: dict[str, str]) -> pd.DataFrame:
        with Neo4jStore(self.settings) as store:
            return store.run(name, params)

    def list_runs(self) -> list[RunRecord]:
        """Return every run kept in the database, oldest first, without memberships."""
        rows = self._run("list_runs", {})
        return [_record(str(meta), "") for meta in rows.get("meta", [])]

    def get(self, run_id: str) -> RunRecord:
        """Return one run with its memberships."""
        rows = self._run("get_run", {"run_id": run_id})
        if rows.empty:
            known = ", ".join(r.run_id for r in self.list_runs()[-5:]) or "none yet"
            raise RunNotFoundError(f"no run {run_id!r} in Neo4j (latest: {known})")
        return _record(str(rows["meta"].iloc[0]), str(rows["memberships"].iloc[0]))

    def save(self, record: RunRecord) -> None:
        """Keep a run (one statement, so it is kept whole or not at all)."""
        self._run(
            "save_run",
            {
                "run_id": record.run_id,
                "created_at": record.created_at,
                "meta": json.dumps(record.meta()),
                "memberships": memberships_to_csv(record.memberships),
            },
        )


def _record(meta: str, memberships: str) -> RunRecord:
    data = json.loads(meta)
    members = memberships_from_csv(memberships) if memberships else memberships_from_csv("")
    return RunRecord(**data, memberships=members)
