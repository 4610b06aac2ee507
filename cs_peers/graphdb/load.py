"""Loading a validated dataset into Neo4j, in batches, so that loading again adds nothing.

The graph model::

    (:Person:YoungPerson|:Adult {id, kind, label, name, …attributes})
    (:Context:School|:Location|:OnlineSpace|:OtherContext {id, kind, name})
    (source)-[:FRIEND|:ATTENDS|… {key, type, observed_on, recorded_on, source_agency,
                                  confidence, grading, reference, notes}]->(target)
    (:Person)-[:MEMBER_OF {confidence, bridge_to}]->(:PeerGroup {id, size, …, run metadata})

One relationship per association row, typed by the vocabulary, with every value kept as the
dataset's string ("" when unknown) so that reading back (:mod:`cs_peers.graphdb.source`)
gives the very same tables; every node and relationship also keeps ``_position``, its row's
place in its file, so the tables come back in file order (the dataset fingerprint depends on
it). Each relationship carries :func:`~cs_peers.inputs.dataset.association_keys`' stable key,
unique per type (a constraint): a type the graph does not hold yet is CREATEd, one it holds is
MERGEd on the key, so reloading adds nothing and a load interrupted half-way completes without
duplicates when run again. Groups are written back by :func:`write_groups_to_neo4j`, below.

Why the load is shaped as it is (``benchmarks/bench_load.py`` compares it with ``LOAD CSV`` of
the same files into the same server; on the project machine, quiet, 1.1 times its speed at
100k associations and 1.5 at a million — see the README): the node loads return the nodes'
element ids, so association batches find both ends with an element-id seek rather than index
look-ups; association batches travel as one joined text per column (see the batches, below);
a first load CREATEs rather than MERGEs; and two association types load at once, one in each
of two sessions (:data:`ASSOCIATION_LANES`).

How a load's rows travel to Neo4j: batches shaped for the Python driver to pack quickly.

The driver packs values one at a time in Python, so the shape of a batch decides the client's
cost: node batches go as one list per column (about twice as fast as one map per row), and
association batches as one joined text per column, which Cypher's ``split`` unpacks (about
three times cheaper again). Association ends are found by the element ids the node loads
returned (:class:`NodeEnds`), so the server seeks them directly.

Writing candidate peer groups to Neo4j, replacing the ones stored, with the run that found them.

Each group is a ``(:PeerGroup)`` node carrying the run's time, data fingerprint and parameters;
its members are ``(:Person)-[:MEMBER_OF {confidence, bridge_to}]->(:PeerGroup)``. The people
must be there already (:func:`cs_peers.graphdb.load.load_into_neo4j`).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.clock import now
from cs_peers.errors import ConstraintViolationError, Neo4jError
from cs_peers.graphdb.store import QueryRunner, returned_count
from cs_peers.inputs.dataset import ASSOCIATION_COLUMNS, CONTEXT_COLUMNS, Dataset, association_keys
from cs_peers.inputs.limits import LOAD_BATCH_ROWS
from cs_peers.inputs.vocabulary import Vocabulary

__all__ = [
    "ASSOCIATION_LANES",
    "DEFAULT_BATCH_SIZE",
    "POSITION",
    "GroupWriteReport",
    "LoadReport",
    "NodeEnds",
    "association_texts",
    "column_lists",
    "ensure_schema",
    "joined_columns",
    "load_into_neo4j",
    "people_batch",
    "returned_element_ids",
    "row_batches",
    "write_groups_to_neo4j",
]


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


def row_batches(frame: pd.DataFrame, size: int) -> Iterator[pd.DataFrame]:
    for start in range(0, len(frame), size):
        yield frame.iloc[start : start + size]


def column_lists(frame: pd.DataFrame, columns: list[str]) -> dict[str, list[Any]]:
    """Return a batch as one list of plain Python values per column, with row positions.

    The driver packs a few long lists about twice as fast as one map per row.
    """
    batch: dict[str, list[Any]] = {c: frame[c].tolist() for c in columns}
    batch["position"] = frame.index.tolist()
    return batch


def joined_columns(columns: dict[str, list[str]]) -> dict[str, str]:
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
class NodeEnds:
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


def association_texts(frame: pd.DataFrame, ends: NodeEnds) -> dict[str, str]:
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
    return joined_columns(columns)


def people_batch(frame: pd.DataFrame) -> dict[str, list[Any]]:
    columns = [str(c) for c in frame.columns]
    values = [frame[c].tolist() for c in columns]
    properties = [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]
    return {"id": frame["id"].tolist(), "position": frame.index.tolist(), "properties": properties}


def returned_element_ids(result: pd.DataFrame, expected: int) -> list[str]:
    """Return the element ids a node load returned, checking there is one per row."""
    values: list[Any] = result["element_ids"].tolist() if len(result) else [[]]
    found = [str(v) for v in values[0]]
    if len(found) != expected:
        raise Neo4jError(f"Neo4j stored {len(found)} of a batch of {expected} nodes")
    return found


DEFAULT_BATCH_SIZE = LOAD_BATCH_ROWS
# Where each row sat in its file; a name no attribute column of the contract can take lightly.
POSITION = "_position"
_NODE_SCHEMA = ("schema_person_id", "schema_context_id", "schema_peer_group_id")
# Association types loaded at once, each in its own session. A single transaction's writes
# use one of the server's cores; two types at once kept a 2-core server busy: 100,000
# associations in 3.6 s instead of 4.6, a million in 36-39 s instead of 48, with the same
# server CPU and no transaction retried (the driver retries a deadlock; none was seen).
ASSOCIATION_LANES = 2


@dataclass(frozen=True)
class LoadReport:
    """What a load sent to Neo4j and how fast: rows of each table, seconds, rows per second."""

    people: int
    contexts: int
    associations: int
    seconds: float
    rows_per_second: float


def ensure_schema(
    store: QueryRunner, vocabulary: Vocabulary, types: Iterable[str] | None = None
) -> None:
    """Return once the id constraints and one association-key constraint per type exist.

    ``types`` limits the key constraints to those association types (default: every type of
    the vocabulary). Idempotent (``IF NOT EXISTS``); the constraints are also the indexes loads
    seek on.
    """
    for name in _NODE_SCHEMA:
        store.run(name, {})
    wanted = set(vocabulary.types if types is None else types)
    for type_name in vocabulary.types:
        if type_name in wanted:
            store.run(
                "schema_association_key", {}, association_type=type_name, vocabulary=vocabulary
            )


def load_into_neo4j(
    store: QueryRunner,
    dataset: Dataset,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
    lanes: int = ASSOCIATION_LANES,
) -> LoadReport:
    """Return a report of loading the dataset into Neo4j, creating what is missing.

    The node constraints come first (:func:`ensure_schema`). Then people, contexts and
    associations go in batches of ``batch_size`` rows, one managed write transaction per
    batch; each batch of associations holds one relationship type, and ``lanes`` types load
    at once, the largest first. People and contexts are MERGEd on
    their ids. Associations are CREATEd; where the graph already holds their type, its key
    constraint is made first and the batches from the first key already there on are MERGEd
    on their key instead; a type the graph did not hold gets its key constraint once its
    associations are in. So loading again changes no counts, and a load stopped half-way
    completes, without duplicates, when run again.

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
    lanes
        How many association types load at once, each in its own session (1: one after
        another, largest first).

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
    if lanes < 1:
        raise ValueError(f"lanes must be at least 1, not {lanes}")
    if POSITION in dataset.people.columns:
        raise Neo4jError(
            f"people column {POSITION!r} is reserved by the Neo4j store; rename it to load"
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
    counting = threading.Lock()

    def step(rows: int) -> None:
        nonlocal done
        with counting:
            done += rows
            if progress is not None:
                progress(done, total)

    with (
        ThreadPoolExecutor(max_workers=1) as helper,
        ThreadPoolExecutor(max_workers=lanes) as pool,
    ):
        # The association keys are made while the nodes load.
        keys = helper.submit(association_keys, associations)
        # The node constraints now; each association type's key constraint when its turn
        # comes (see _load_type), and only for the types this data holds.
        ensure_schema(store, vocabulary, types=())
        held = _types_held(store)
        ends = _load_nodes(store, people, contexts, batch_size, step, pool, lanes)
        keyed = associations.loc[:, list(ASSOCIATION_COLUMNS)].assign(key=keys.result())
        rows_of_type = keyed.groupby("type", sort=False).indices
        # The largest types first, so that the lanes finish together.
        types = sorted(
            (t for t in vocabulary.types if t in rows_of_type),
            key=lambda t: -len(rows_of_type[t]),
        )
        stop = threading.Event()

        def load_type(type_name: str) -> None:
            try:
                _load_type(
                    store,
                    keyed,
                    np.asarray(rows_of_type[type_name]),
                    type_name,
                    vocabulary,
                    ends,
                    fresh=vocabulary[type_name].relationship_type not in held,
                    batch_size=batch_size,
                    step=step,
                    stop=stop,
                )
            except BaseException:
                stop.set()  # the other lanes stop at their next batch
                raise

        loading = [pool.submit(load_type, type_name) for type_name in types]
        try:
            for finished in as_completed(loading):
                finished.result()
        except BaseException:
            # A failed lane, or Ctrl-C here: types not started are not started, and the
            # lanes stop after the batch they are writing (each batch is one transaction).
            stop.set()
            for waiting in loading:
                waiting.cancel()
            raise
    seconds = time.perf_counter() - started
    return LoadReport(
        people=len(people),
        contexts=len(contexts),
        associations=len(associations),
        seconds=seconds,
        rows_per_second=total / seconds if seconds > 0 else float("inf"),
    )


def _load_nodes(
    store: QueryRunner,
    people: pd.DataFrame,
    contexts: pd.DataFrame,
    batch_size: int,
    step: Callable[[int], None],
    pool: ThreadPoolExecutor,
    lanes: int,
) -> NodeEnds:
    """Return the element ids of the people and contexts, after MERGEing them in batches.

    The batches go ``lanes`` at a time; a table smaller than ``lanes`` batches is cut into
    ``lanes`` smaller ones, so that every lane has work.
    """
    loads: list[tuple[str, pd.DataFrame, Callable[[pd.DataFrame], dict[str, list[Any]]]]] = [
        ("load_people", people, people_batch),
        (
            "load_contexts",
            contexts.loc[:, list(CONTEXT_COLUMNS)],
            lambda batch: column_lists(batch, list(CONTEXT_COLUMNS)),
        ),
    ]

    def load(template: str, batch: pd.DataFrame, shape: Callable[..., Any]) -> list[str]:
        found = returned_element_ids(store.run(template, {"batch": shape(batch)}), len(batch))
        step(len(batch))
        return found

    batches = [
        (template, batch, shape)
        for template, frame, shape in loads
        for batch in row_batches(frame, min(batch_size, max(-(-len(frame) // lanes), 1)))
    ]
    # In the order of the batches, whatever order they finish in.
    found = [pool.submit(load, *batch) for batch in batches]
    ids = [i for _, batch, _ in batches for i in batch["id"].tolist()]
    return NodeEnds(pd.Index(ids), np.array([e for f in found for e in f.result()], dtype=object))


def _types_held(store: QueryRunner) -> set[str]:
    """Return the relationship types the graph holds at least one association of.

    One call for every type (each type asked on its own was a round trip: 0.4 s of a load of
    100k associations); :func:`_load_type` decides from it when a type's key constraint is made.
    """
    answer = store.run("relationship_types_held", {})
    values: list[Any] = answer["types"].tolist() if len(answer) else [[]]
    return {str(name) for name in values[0]}


def _load_type(
    store: QueryRunner,
    keyed: pd.DataFrame,
    rows: np.ndarray,
    type_name: str,
    vocabulary: Vocabulary,
    ends: NodeEnds,
    *,
    fresh: bool,
    batch_size: int,
    step: Callable[[int], None],
    stop: threading.Event,
) -> None:
    """Return once the associations of one type are in Neo4j, with their key constraint.

    A type the graph holds is constrained first, so that a reload, or a rerun after a stopped
    load, meets the keys already there. A ``fresh`` one (not among :func:`_types_held`) is
    CREATEd and constrained afterwards: one index build instead of an index update per
    relationship, a fifth less of the server's work on a first load (14.2 → 11.0 CPU s at 100k
    associations, ``benchmarks/bench_load.py``). CREATE is tried first, which is faster than
    MERGE; the key's unique constraint stops a batch at its first key already there, and that
    batch and the rest of the type are MERGEd instead. Returns early, loading nothing more,
    once ``stop`` is set (another lane failed).
    """
    if not fresh:
        # Made first, so that keys already there are refused, never duplicated.
        _key_constraint(store, type_name, vocabulary)
    merging = False
    for start in range(0, len(rows), batch_size):
        if stop.is_set():
            return
        batch = rows[start : start + batch_size]
        texts = association_texts(keyed.iloc[batch], ends)
        answer = None
        if not merging:
            answer = _load_association_batch(store, texts, type_name, vocabulary, True)
        if answer is None:
            merging = True
            answer = _load_association_batch(store, texts, type_name, vocabulary, False)
        loaded = returned_count(answer, "associations") if answer is not None else 0
        if loaded != len(batch):
            raise Neo4jError(
                f"only {loaded} of {len(batch)} '{type_name}' associations found both their "
                "ends in Neo4j; were people or contexts deleted while loading?"
            )
        step(len(batch))
    if fresh and not stop.is_set():
        _key_constraint(store, type_name, vocabulary)


# How often a key constraint is tried again after removing repeats (two loads at once).
_CONSTRAINT_TRIES = 3


def _key_constraint(store: QueryRunner, type_name: str, vocabulary: Vocabulary) -> None:
    """Return once the type's key constraint exists, removing repeats that stand in its way.

    Repeats (equal keys) come only from two loads of the same data that both created a type
    the graph did not hold before either had made its constraint; they are the same rows.
    """
    for attempt in range(_CONSTRAINT_TRIES):
        try:
            store.run(
                "schema_association_key", {}, association_type=type_name, vocabulary=vocabulary
            )
            return
        except Neo4jError:
            removed = store.run(
                "remove_repeated_associations",
                {},
                association_type=type_name,
                vocabulary=vocabulary,
            )
            if not returned_count(removed, "removed") or attempt + 1 == _CONSTRAINT_TRIES:
                raise


def _load_association_batch(
    store: QueryRunner,
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
