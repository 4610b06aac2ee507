"""Neo4j as a data source of the analysis: the dataset read back, and the groups written back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.analysis.history import RunRecord
from cs_peers.graphdb.read_back import read_dataset_from_neo4j
from cs_peers.graphdb.settings import Neo4jSettings, resolve_settings
from cs_peers.graphdb.store import Neo4jStore
from cs_peers.graphdb.write_groups import write_groups_to_neo4j
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.vocabulary import Vocabulary, load_vocabulary

__all__ = ["Neo4jDataSource", "Neo4jGroupsWriter"]


@dataclass(frozen=True)
class Neo4jDataSource:
    """The dataset loaded into Neo4j (``cs-peers load``), read back and validated again.

    A ``DataSource`` of the analysis; each :meth:`load` opens and closes its own connection.
    """

    settings: Neo4jSettings
    vocabulary: Vocabulary | None = None

    @classmethod
    def configured(
        cls, *, home: Path, env: Mapping[str, str], vocabulary: Vocabulary | None = None
    ) -> Neo4jDataSource:
        """Return the source on the configured Neo4j (variables first, else the workspace's)."""
        return cls(resolve_settings(env, home=home), vocabulary)

    @property
    def kind(self) -> str:
        """Return ``neo4j``: the store's name recorded with each run."""
        return "neo4j"

    def describe(self) -> str:
        """Return the database read, in words."""
        return f"Neo4j at {self.settings.describe()}"

    def load(self) -> Dataset:
        """Return the validated dataset read back from Neo4j."""
        with Neo4jStore(self.settings) as store:
            return read_dataset_from_neo4j(store, self.vocabulary or load_vocabulary())


@dataclass(frozen=True)
class Neo4jGroupsWriter:
    """Writes an analysis' groups into Neo4j as ``(:PeerGroup)`` nodes (a ``GroupsWriter``),
    so that the Cypher templates can ask about them."""

    settings: Neo4jSettings

    @classmethod
    def configured(cls, *, home: Path, env: Mapping[str, str]) -> Neo4jGroupsWriter:
        """Return the writer on the configured Neo4j (variables first, else the workspace's)."""
        return cls(resolve_settings(env, home=home))

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
        with Neo4jStore(self.settings) as store:
            write_groups_to_neo4j(store, groups, about)
