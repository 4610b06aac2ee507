"""Writing candidate peer groups to Neo4j, replacing the ones stored, with the run that found them.

Each group is a ``(:PeerGroup)`` node carrying the run's time, data fingerprint and parameters;
its members are ``(:Person)-[:MEMBER_OF {confidence, bridge_to}]->(:PeerGroup)``. The people
must be there already (:func:`cs_peers.graphdb.load.load_into_neo4j`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.clock import now
from cs_peers.errors import Neo4jError
from cs_peers.graphdb.runner import QueryRunner
from cs_peers.graphdb.store import returned_count

__all__ = ["GroupWriteReport", "write_groups_to_neo4j"]


@dataclass(frozen=True)
class GroupWriteReport:
    """What writing groups did: groups removed first, then groups and memberships written."""

    removed: int
    groups: int
    memberships: int


def _rows(frame: pd.DataFrame, *columns: str) -> Iterator[tuple[Any, ...]]:
    """Return the rows of ``columns`` as tuples of plain Python values (``tolist`` converts)."""
    return zip(*(frame[c].tolist() for c in columns), strict=True)


def write_groups_to_neo4j(
    store: QueryRunner, groups: PeerGroups, run: dict[str, Any]
) -> GroupWriteReport:
    """Return what was written after replacing every stored group with ``groups``.

    Each ``(:PeerGroup)`` records the run: ``run_at`` (``run["run_at"]`` or now, UTC),
    ``data_fingerprint`` (``run["data_fingerprint"]`` or ``run["fingerprint"]``),
    ``parameters`` (the detection parameters as JSON) and ``run`` (all of ``run`` as JSON).
    Memberships are ``(:Person)-[:MEMBER_OF {confidence, bridge_to}]->(:PeerGroup)``.

    Raises
    ------
    Neo4jError
        If members are not people stored in Neo4j (load the same dataset first).
    """
    store.run("schema_peer_group_id", {})
    removed = returned_count(store.run("clear_groups", {}), "groups")
    members: dict[str, list[dict[str, Any]]] = {}
    for group_id, person_id, confidence, bridge_to in _rows(
        groups.memberships, "group_id", "person_id", "confidence", "bridge_to"
    ):
        members.setdefault(str(group_id), []).append(
            {
                "person_id": str(person_id),
                "confidence": float(confidence),
                "bridge_to": str(bridge_to),
            }
        )
    payload = [
        {
            "group_id": str(group_id),
            "size": int(size),
            "mean_confidence": float(mean_confidence),
            "holds_together": bool(holds_together),
            "members": members.get(str(group_id), []),
        }
        for group_id, size, mean_confidence, holds_together in _rows(
            groups.groups, "group_id", "size", "mean_confidence", "holds_together"
        )
    ]
    run_at = str(run.get("run_at") or now().isoformat(timespec="seconds"))
    fingerprint = str(run.get("data_fingerprint") or run.get("fingerprint") or "")
    parameters = groups.parameters.as_dict() | dict(run.get("parameters") or {})
    result = store.run(
        "write_groups",
        {
            "groups": payload,
            "run_at": run_at,
            "data_fingerprint": fingerprint,
            "parameters": json.dumps(parameters, sort_keys=True, default=str),
            "run": json.dumps(run, sort_keys=True, default=str),
        },
    )
    written = returned_count(result, "memberships")
    if written != len(groups.memberships):
        raise Neo4jError(
            f"only {written} of {len(groups.memberships)} group members are people in Neo4j at "
            f"{store.settings.describe()}; load the dataset the groups came from first"
        )
    return GroupWriteReport(
        removed=removed,
        groups=returned_count(result, "groups"),
        memberships=written,
    )
