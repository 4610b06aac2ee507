"""Loading a validated dataset into Neo4j, in batches, so that loading again adds nothing.

The graph model::

    (:Person:YoungPerson|:Adult {id, kind, label, name, …attributes})
    (:Context:School|:Location|:OnlineSpace|:OtherContext {id, kind, name})
    (source)-[:FRIEND|:ATTENDS|… {key, type, observed_on, recorded_on, source_agency,
                                  confidence, grading, reference, notes}]->(target)
    (:Person)-[:MEMBER_OF {confidence, bridge_to}]->(:PeerGroup {id, size, …, run metadata})

One relationship per association row, typed by the vocabulary, with every value kept as the
dataset's string ("" when unknown) so that reading back (:mod:`cs_peers.graphdb.read_back`)
gives the very same tables; every node and relationship also keeps ``_position``, its row's
place in its file, so the tables come back in file order (the dataset fingerprint depends on
it). Each relationship carries :func:`~cs_peers.inputs.dataset.association_keys`' stable key,
unique per type (a constraint): a type the graph does not hold yet is CREATEd, one it holds is
MERGEd on the key, so reloading adds nothing and a load interrupted half-way completes without
duplicates when run again. Groups are written by :mod:`cs_peers.graphdb.write_groups`.

Why the load is shaped as it is (it beats ``LOAD CSV`` of the same files on the same server;
see ``benchmarks/bench_load.py``): the node loads return the nodes' element ids, so association
batches find both ends with an element-id seek rather than index look-ups; association batches
travel as one joined text per column (:mod:`cs_peers.graphdb.load_batches`); and a first load
CREATEs rather than MERGEs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from cs_peers.errors import ConstraintViolationError, Neo4jError
from cs_peers.graphdb.load_batches import (
    NodeEnds,
    association_texts,
    column_lists,
    people_batch,
    returned_element_ids,
    row_batches,
)
from cs_peers.graphdb.runner import QueryRunner
from cs_peers.graphdb.store import returned_count
from cs_peers.inputs.dataset import ASSOCIATION_COLUMNS, CONTEXT_COLUMNS, Dataset, association_keys
from cs_peers.inputs.vocabulary import Vocabulary

__all__ = ["DEFAULT_BATCH_SIZE", "POSITION", "LoadReport", "ensure_schema", "load_into_neo4j"]

DEFAULT_BATCH_SIZE = 20_000
# Where each row sat in its file; a name no attribute column of the contract can take lightly.
POSITION = "_position"
_NODE_SCHEMA = ("schema_person_id", "schema_context_id", "schema_peer_group_id")


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

    def step(rows: int) -> None:
        nonlocal done
        done += rows
        if progress is not None:
            progress(done, total)

    # One helper thread does the client's own work while the server is busy: the association
    # keys while the nodes load, then each association batch while the one before is written.
    with ThreadPoolExecutor(max_workers=1) as helper:
        keys = helper.submit(association_keys, associations)
        # Key constraints only for the types this data holds: each takes a schema transaction
        # (a tenth of a second or more), a fixed cost that weighed on loads of 100k rows. A later
        # load with another type makes that type's constraint before it loads it.
        present = set(associations["type"].unique())
        ensure_schema(store, vocabulary, types=present)
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
            return association_texts(keyed.iloc[jobs[job][1]], ends)

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
            loaded = returned_count(answer, "associations") if answer is not None else 0
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
    store: QueryRunner,
    people: pd.DataFrame,
    contexts: pd.DataFrame,
    batch_size: int,
    step: Callable[[int], None],
) -> NodeEnds:
    """Return the element ids of the people and contexts, after MERGEing them in batches."""
    ids: list[str] = []
    found: list[str] = []
    loads: list[tuple[str, pd.DataFrame, Callable[[pd.DataFrame], dict[str, list[Any]]]]] = [
        ("load_people", people, people_batch),
        (
            "load_contexts",
            contexts.loc[:, list(CONTEXT_COLUMNS)],
            lambda batch: column_lists(batch, list(CONTEXT_COLUMNS)),
        ),
    ]
    for template, frame, shape in loads:
        for batch in row_batches(frame, batch_size):
            result = store.run(template, {"batch": shape(batch)})
            ids += batch["id"].tolist()
            found += returned_element_ids(result, len(batch))
            step(len(batch))
    return NodeEnds(pd.Index(ids), np.array(found, dtype=object))


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
