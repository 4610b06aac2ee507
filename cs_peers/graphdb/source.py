"""Neo4j as a data source of the analysis: the dataset read back, and the groups written back.

Reading a dataset back from Neo4j: the same tables, in the same order, as the files loaded.

What :func:`cs_peers.graphdb.load.load_into_neo4j` stored comes back as strings with the
contract's columns, in file order (each row kept its position), and is validated as if read
from files, so the fingerprint and the groups are the files' ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.analysis.history import RunRecord
from cs_peers.errors import Neo4jError
from cs_peers.graphdb.load import POSITION, write_groups_to_neo4j
from cs_peers.graphdb.store import QueryRunner
from cs_peers.inputs.dataset import ASSOCIATION_COLUMNS, CONTEXT_COLUMNS, PEOPLE_COLUMNS, Dataset
from cs_peers.inputs.reading import RawDataset, RawTable
from cs_peers.inputs.validation import validate_raw_dataset
from cs_peers.inputs.vocabulary import Vocabulary, load_vocabulary

__all__ = ["Neo4jDataSource", "Neo4jGroupsWriter", "read_dataset_from_neo4j"]


def _file_order(frame: pd.DataFrame, by: list[str]) -> list[int]:
    """Return the row numbers of ``frame`` sorted by ``by`` (rows without a position last)."""
    order = frame.reset_index(drop=True).sort_values(by, kind="stable", na_position="last")
    return order.index.tolist()


def _strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with every cell a string ("" where Neo4j had no value)."""
    return frame.astype(object).where(frame.notna(), "").astype(str)


def read_dataset_from_neo4j(store: QueryRunner, vocabulary: Vocabulary) -> Dataset:
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
    extra = sorted(c for c in people.columns if c not in PEOPLE_COLUMNS and c != POSITION)
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


@dataclass(frozen=True)
class Neo4jDataSource:
    """The dataset loaded into Neo4j (``cs-peers load``), read back and validated again.

    A ``DataSource`` of the analysis, read through the command's one connection (``runner``).
    """

    runner: QueryRunner
    vocabulary: Vocabulary | None = None

    @property
    def kind(self) -> str:
        """Return ``neo4j``: the store's name recorded with each run."""
        return "neo4j"

    def describe(self) -> str:
        """Return the database read, in words."""
        return f"Neo4j at {self.runner.settings.describe()}"

    def load(self) -> Dataset:
        """Return the validated dataset read back from Neo4j."""
        return read_dataset_from_neo4j(self.runner, self.vocabulary or load_vocabulary())


@dataclass(frozen=True)
class Neo4jGroupsWriter:
    """Writes an analysis' groups into Neo4j as ``(:PeerGroup)`` nodes (a ``GroupsWriter``),
    so that the Cypher templates can ask about them."""

    runner: QueryRunner

    def describe(self) -> str:
        """Return where the groups go, in words."""
        return "Neo4j as (:PeerGroup)<-[:MEMBER_OF]-(:Person)"

    def write_groups(self, dataset: Dataset, groups: PeerGroups, run: RunRecord | None) -> None:
        """Replace the groups stored in Neo4j with ``groups`` of ``dataset``."""
        about = {
            "run_id": run.run_id if run else "",
            "run_at": run.created_at if run else "",
            "data_fingerprint": dataset.fingerprint,
            "selection": dataset.selection,
        }
        write_groups_to_neo4j(self.runner, groups, about)
