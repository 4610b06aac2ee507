"""Moving a dataset into Neo4j and back, and writing candidate peer groups to it.

The graph model::

    (:Person:YoungPerson|:Adult {id, kind, label, name, …attributes})
    (:Context:School|:Location|:OnlineSpace|:OtherContext {id, kind, name})
    (source)-[:FRIEND|:ATTENDS|… {key, type, observed_on, recorded_on, source_agency,
                                  confidence, grading, reference, notes}]->(target)
    (:Person)-[:MEMBER_OF {confidence, bridge_to}]->(:PeerGroup {id, size, …, run metadata})

One relationship per association row, typed by the vocabulary, with every value kept as the
dataset's string ("" when unknown) so that reading back gives the very same tables; every node
and relationship also keeps ``_position``, its row's place in its file, so the tables come back
in file order (the dataset fingerprint depends on it). Each relationship carries
:func:`~cs_peers.inputs.dataset.association_keys`' stable key, unique per type (a constraint): a
type
the graph does not hold yet is CREATEd, one it holds is MERGEd on the key, so reloading adds
nothing and a load interrupted half-way completes without duplicates when run again.

Why the load is shaped as it is (it beats ``LOAD CSV`` of the same files on the same server;
see ``benchmarks/bench_load.py``): the node loads return the nodes' element ids, so association
batches find both ends with an element-id seek rather than index look-ups; association batches
travel as one joined text per column, because the Python driver packs values one at a time;
and a first load CREATEs rather than MERGEs.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.errors import ConstraintViolationError, Neo4jError
from cs_peers.graphdb.store import Neo4jStore
from cs_peers.inputs.dataset import (
    ASSOCIATION_COLUMNS,
    CONTEXT_COLUMNS,
    PEOPLE_COLUMNS,
    Dataset,
    association_keys,
)
from cs_peers.inputs.reading import RawDataset, RawTable
from cs_peers.inputs.validation import validate_raw_dataset
from cs_peers.inputs.vocabulary import Vocabulary

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "GroupWriteReport",
    "LoadReport",
    "ensure_schema",
    "load_into_neo4j",
    "read_dataset_from_neo4j",
    "write_groups_to_neo4j",
]

DEFAULT_BATCH_SIZE = 20_000
# The texts of an association batch (see load_associations.cypher), by dataset column.
_BATCH_TEXTS = {
    "type": "types",
    "observed_on": "observed_on",
    "recorded_on": "recorded_on",
    "source_agency": "source_agencies",
    "confidence": "confidences",
    "grading": "gradings",
    "reference": "references",
    "notes": "notes",
}
# Where each row sat in its file; a name no attribute column of the contract can take lightly.
_POSITION = "_position"
_NODE_SCHEMA = ("schema_person_id", "schema_context_id", "schema_peer_group_id")


@dataclass(frozen=True)
class LoadReport:
    """What a load sent to Neo4j and how fast: rows of each table, seconds, rows per second."""

    people: int
    contexts: int
    associations: int
    seconds: float
    rows_per_second: float


@dataclass(frozen=True)
class GroupWriteReport:
    """What writing groups did: groups removed first, then groups and memberships written."""

    removed: int
    groups: int
    memberships: int


def ensure_schema(store: Neo4jStore, vocabulary: Vocabulary) -> None:
    """Return once the id constraints and one association-key constraint per type exist.

    Idempotent (``IF NOT EXISTS``); the constraints are also the indexes loads seek on.
    """
    for name in _NODE_SCHEMA:
        store.run(name, {})
    for type_name in vocabulary.types:
        store.run("schema_association_key", {}, association_type=type_name, vocabulary=vocabulary)


def _batches(frame: pd.DataFrame, size: int) -> Iterator[pd.DataFrame]:
    for start in range(0, len(frame), size):
        yield frame.iloc[start : start + size]


def _columns(frame: pd.DataFrame, columns: list[str]) -> dict[str, list[Any]]:
    """Return a batch as one list of plain Python values per column, with row positions.

    The driver packs a few long lists about twice as fast as one map per row.
    """
    batch: dict[str, list[Any]] = {c: frame[c].tolist() for c in columns}
    batch["position"] = frame.index.tolist()
    return batch


def _joined(columns: dict[str, list[str]]) -> dict[str, str]:
    """Return each column's values joined by a separator that occurs in no value."""
    separator = "\x1f"
    joined = {name: separator.join(values) for name, values in columns.items()}
    # With a one-character separator, n values hold exactly n - 1 of them unless a value has it.
    if all(text.count(separator) == len(columns[name]) - 1 for name, text in joined.items()):
        joined["separator"] = separator
        return joined
    while any(separator in value for values in columns.values() for value in values):
        separator += "\x1e"
    joined = {name: separator.join(values) for name, values in columns.items()}
    joined["separator"] = separator
    return joined


@dataclass(frozen=True)
class _Ends:
    """The element id of every loaded node, to find by node id quickly."""

    ids: pd.Index
    element_ids: np.ndarray

    def of(self, node_ids: pd.Series, column: str) -> list[str]:
        positions = self.ids.get_indexer(pd.Index(node_ids))
        if (positions < 0).any():
            missing = node_ids.iloc[int(np.flatnonzero(positions < 0)[0])]
            raise Neo4jError(f"association {column} {missing!r} was not loaded into Neo4j")
        found: list[str] = self.element_ids[positions].tolist()
        return found


def _association_batch(frame: pd.DataFrame, ends: _Ends) -> dict[str, str]:
    """Return a batch of associations as one text per column, joined by a separator.

    The driver packs values one at a time in Python; a few long texts pack at once, which
    makes the client about three times cheaper, and Cypher's ``split`` unpacks them.
    """
    columns: dict[str, list[str]] = {
        "sources": ends.of(frame["source"], "source"),
        "targets": ends.of(frame["target"], "target"),
        "keys": frame["key"].astype(str).tolist(),
        "positions": frame.index.astype(str).tolist(),
    }
    for column, name in _BATCH_TEXTS.items():
        columns[name] = frame[column].astype(str).tolist()
    return _joined(columns)


def _people_batch(frame: pd.DataFrame) -> dict[str, list[Any]]:
    columns = [str(c) for c in frame.columns]
    values = [frame[c].tolist() for c in columns]
    properties = [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]
    return {"id": frame["id"].tolist(), "position": frame.index.tolist(), "properties": properties}


def load_into_neo4j(
    store: Neo4jStore,
    dataset: Dataset,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> LoadReport:
    """Return a report of loading the dataset into Neo4j, creating what is missing.

    The schema comes first (:func:`ensure_schema`). Then people, contexts and associations go
    in batches of ``batch_size`` rows, one managed write transaction per batch; associations
    go one relationship type at a time. People and contexts are MERGEd on their ids;
    associations of a type the graph does not hold yet are CREATEd, the others MERGEd on their
    key. So loading again changes no counts, and a load stopped half-way completes, without
    duplicates, when run again.

    Parameters
    ----------
    store
        The database.
    dataset
        A validated dataset; its vocabulary supplies the relationship types.
    batch_size
        Rows per transaction.
    progress
        Called after each committed batch with ``(rows done, rows in all)``.

    Returns
    -------
    LoadReport
        Rows loaded per table, the seconds taken and rows per second (all tables).

    Raises
    ------
    Neo4jError
        If the server refuses a batch, or a batch's associations do not all find both ends.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    if _POSITION in dataset.people.columns:
        raise Neo4jError(
            f"people column {_POSITION!r} is reserved by the Neo4j store; rename it to load"
        )
    unknown = sorted(set(dataset.associations["type"]) - set(dataset.vocabulary.types))
    if unknown:
        raise Neo4jError(
            f"association types {unknown} are not in the vocabulary; nothing was loaded"
        )
    started = time.perf_counter()
    vocabulary = dataset.vocabulary
    # Positions are the rows' places in the files: a fresh 0..n-1 index per table.
    people = dataset.people.reset_index(drop=True)
    contexts = dataset.contexts.reset_index(drop=True)
    associations = dataset.associations.reset_index(drop=True)
    total = len(people) + len(contexts) + len(associations)
    done = 0

    def step(rows: int) -> None:
        nonlocal done
        done += rows
        if progress is not None:
            progress(done, total)

    # One helper thread does the client's own work while the server is busy: the association
    # keys while the nodes load, then each association batch while the one before is written.
    with ThreadPoolExecutor(max_workers=1) as helper:
        keys = helper.submit(association_keys, associations)
        ensure_schema(store, vocabulary)
        ends = _load_nodes(store, people, contexts, batch_size, step)
        keyed = associations.loc[:, list(ASSOCIATION_COLUMNS)].assign(key=keys.result())
        rows_of_type = keyed.groupby("type", sort=False).indices
        jobs = [
            (type_name, rows[start : start + batch_size])
            for type_name in vocabulary.types
            if (rows := rows_of_type.get(type_name)) is not None
            for start in range(0, len(rows), batch_size)
        ]

        def prepare(job: int) -> dict[str, str]:
            return _association_batch(keyed.iloc[jobs[job][1]], ends)

        upcoming = helper.submit(prepare, 0) if jobs else None
        # CREATE first, which is faster than MERGE; the key's unique constraint stops a batch
        # at its first key that is already there (a reload, or a rerun after a stopped load),
        # and that batch and the rest of its type are MERGEd instead.
        merging: set[str] = set()
        for job, (type_name, rows) in enumerate(jobs):
            texts = upcoming.result() if upcoming is not None else prepare(job)
            upcoming = helper.submit(prepare, job + 1) if job + 1 < len(jobs) else None
            answer = None
            if type_name not in merging:
                answer = _load_association_batch(store, texts, type_name, vocabulary, True)
            if answer is None:
                merging.add(type_name)
                answer = _load_association_batch(store, texts, type_name, vocabulary, False)
            loaded = _count(answer, "associations") if answer is not None else 0
            if loaded != len(rows):
                raise Neo4jError(
                    f"only {loaded} of {len(rows)} '{type_name}' associations found both their "
                    "ends in Neo4j; were people or contexts deleted while loading?"
                )
            step(len(rows))
    seconds = time.perf_counter() - started
    return LoadReport(
        people=len(people),
        contexts=len(contexts),
        associations=len(associations),
        seconds=seconds,
        rows_per_second=total / seconds if seconds > 0 else float("inf"),
    )


def _load_nodes(
    store: Neo4jStore,
    people: pd.DataFrame,
    contexts: pd.DataFrame,
    batch_size: int,
    step: Callable[[int], None],
) -> _Ends:
    """Return the element ids of the people and contexts, after MERGEing them in batches."""
    ids: list[str] = []
    element_ids: list[str] = []
    for batch in _batches(people, batch_size):
        result = store.run("load_people", {"batch": _people_batch(batch)})
        ids += batch["id"].tolist()
        element_ids += _element_ids(result, len(batch))
        step(len(batch))
    for batch in _batches(contexts.loc[:, list(CONTEXT_COLUMNS)], batch_size):
        result = store.run("load_contexts", {"batch": _columns(batch, list(CONTEXT_COLUMNS))})
        ids += batch["id"].tolist()
        element_ids += _element_ids(result, len(batch))
        step(len(batch))
    return _Ends(pd.Index(ids), np.array(element_ids, dtype=object))


def _element_ids(result: pd.DataFrame, expected: int) -> list[str]:
    """Return the element ids a node load returned, checking there is one per row."""
    values: list[Any] = result["element_ids"].tolist() if len(result) else [[]]
    found = [str(v) for v in values[0]]
    if len(found) != expected:
        raise Neo4jError(f"Neo4j stored {len(found)} of a batch of {expected} nodes")
    return found


def _load_association_batch(
    store: Neo4jStore,
    texts: dict[str, str],
    type_name: str,
    vocabulary: Vocabulary,
    fresh: bool,
) -> pd.DataFrame | None:
    """Return the load's answer, or None if CREATE met keys that are already there."""
    try:
        return store.run(
            "create_associations" if fresh else "load_associations",
            {"batch": texts},
            association_type=type_name,
            vocabulary=vocabulary,
        )
    except ConstraintViolationError:
        if fresh:
            return None
        raise


def _count(frame: pd.DataFrame, column: str) -> int:
    """Return the count a write statement returned in ``column`` (0 if it returned no row)."""
    values: list[Any] = frame[column].tolist() if column in frame.columns else []
    return int(values[0]) if values else 0


def _file_order(frame: pd.DataFrame, by: list[str]) -> list[int]:
    """Return the row numbers of ``frame`` sorted by ``by`` (rows without a position last)."""
    order = frame.reset_index(drop=True).sort_values(by, kind="stable", na_position="last")
    return order.index.tolist()


def _strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with every cell a string ("" where Neo4j had no value)."""
    return frame.astype(object).where(frame.notna(), "").astype(str)


def read_dataset_from_neo4j(store: Neo4jStore, vocabulary: Vocabulary) -> Dataset:
    """Return the dataset stored in Neo4j, validated as if it had been read from files.

    People, contexts and associations come back with the same columns and strings as the
    files they were loaded from, so the fingerprint (which ignores row and column order)
    equals the files' one and the analysis finds the same groups. Rows come in the order of
    the files they were loaded from (each keeps its position); rows of different loads that
    share a position come by id (people, contexts) or key (associations).

    Raises
    ------
    Neo4jError
        If the database holds no people.
    InvalidDataError
        If what is stored breaks the input contract, e.g. an association type that is not
        in ``vocabulary``.
    """
    people_rows = store.run("read_people", {})
    contexts = store.run("read_contexts", {})
    associations = store.run("read_associations", {})
    if people_rows.empty:
        raise Neo4jError(
            f"Neo4j at {store.settings.describe()} holds no people; load a dataset first "
            "(`cs-peers load DATA --neo4j`)"
        )
    if contexts.empty:
        contexts = pd.DataFrame(columns=[*CONTEXT_COLUMNS, "position"])
    people = pd.DataFrame.from_records(people_rows["properties"].tolist())
    extra = sorted(c for c in people.columns if c not in PEOPLE_COLUMNS and c != _POSITION)
    people = _strings(people.reindex(columns=[*PEOPLE_COLUMNS, *extra]))
    people = people.iloc[_file_order(people_rows, ["position", "id"])].reset_index(drop=True)
    contexts = contexts.iloc[_file_order(contexts, ["position", "id"])]
    contexts = _strings(contexts.loc[:, list(CONTEXT_COLUMNS)]).reset_index(drop=True)
    if associations.empty:
        associations = pd.DataFrame(columns=[*ASSOCIATION_COLUMNS, "key", "position"])
    associations = associations.iloc[_file_order(associations, ["position", "key"])]
    associations = _strings(associations.loc[:, list(ASSOCIATION_COLUMNS)]).reset_index(drop=True)
    source = f"neo4j {store.settings.describe()}"
    raw = RawDataset(
        source=source,
        tables={
            "people": RawTable("people", "Neo4j people", people),
            "contexts": RawTable("contexts", "Neo4j contexts", contexts),
            "associations": RawTable("associations", "Neo4j associations", associations),
        },
        problems=[],
    )
    return validate_raw_dataset(raw, vocabulary)


def write_groups_to_neo4j(
    store: Neo4jStore, groups: PeerGroups, run: dict[str, Any]
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
    removed = _count(store.run("clear_groups", {}), "groups")
    members: dict[str, list[dict[str, Any]]] = {}
    m = groups.memberships
    for group_id, person_id, confidence, bridge_to in zip(
        m["group_id"].tolist(),
        m["person_id"].tolist(),
        m["confidence"].tolist(),
        m["bridge_to"].tolist(),
        strict=True,
    ):
        members.setdefault(str(group_id), []).append(
            {
                "person_id": str(person_id),
                "confidence": float(confidence),
                "bridge_to": str(bridge_to),
            }
        )
    g = groups.groups
    payload = [
        {
            "group_id": str(group_id),
            "size": int(size),
            "mean_confidence": float(mean_confidence),
            "holds_together": bool(holds_together),
            "members": members.get(str(group_id), []),
        }
        for group_id, size, mean_confidence, holds_together in zip(
            g["group_id"].tolist(),
            g["size"].tolist(),
            g["mean_confidence"].tolist(),
            g["holds_together"].tolist(),
            strict=True,
        )
    ]
    run_at = str(run.get("run_at") or datetime.now(UTC).isoformat(timespec="seconds"))
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
    written = _count(result, "memberships")
    if written != len(groups.memberships):
        raise Neo4jError(
            f"only {written} of {len(groups.memberships)} group members are people in Neo4j at "
            f"{store.settings.describe()}; load the dataset the groups came from first"
        )
    return GroupWriteReport(
        removed=removed,
        groups=_count(result, "groups"),
        memberships=written,
    )
