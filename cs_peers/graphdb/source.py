"""Neo4j as a data source of the analysis: the dataset read back, and the groups written back."""

from __future__ import annotations

from dataclasses import dataclass

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.analysis.history import RunRecord
from cs_peers.graphdb.read_back import read_dataset_from_neo4j
from cs_peers.graphdb.runner import QueryRunner
from cs_peers.graphdb.write_groups import write_groups_to_neo4j
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.vocabulary import Vocabulary, load_vocabulary

__all__ = ["Neo4jDataSource", "Neo4jGroupsWriter"]


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
