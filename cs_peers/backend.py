"""The stores one command uses, chosen in one place: :func:`open_backend`.

A :class:`Backend` holds the workspace database (always: the audit and erasure logs live
there) and, with ``neo4j``, one connection to Neo4j for the command's life. It says where the
data comes from (:meth:`Backend.source`), where runs are kept (``history``), where meetings'
decisions are kept (``meetings``) and where groups are written back
(:meth:`Backend.groups_writer`): in the workspace database for files, in Neo4j with ``neo4j``.
Library users choose the store with the same one flag as the command line. The Neo4j side
(and its driver) is imported only when asked for.

The rest of the Neo4j side a command needs goes through here too — loading a dataset
(:meth:`Backend.load`), the Cypher templates anyone may run (:func:`query_templates`,
:meth:`Backend.query`), questions answered by Cypher (:meth:`Backend.question_source`) and the
workspace's local server (:func:`start_local_database` and its siblings) — so that the command
line never imports ``cs_peers.graphdb`` (``tests/test_layers.py`` checks it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from cs_peers.analysis.history import RunHistory
from cs_peers.analysis.reviews.records import MeetingLog
from cs_peers.analysis.run import DataSource, GroupsWriter
from cs_peers.errors import CsPeersError
from cs_peers.inputs.limits import InputLimits
from cs_peers.inputs.source import FilesSource
from cs_peers.inputs.vocabulary import Vocabulary
from cs_peers.workspacedb import (
    WorkspaceDatabase,
    WorkspaceMeetingLog,
    WorkspaceRunHistory,
    open_workspace,
)

if TYPE_CHECKING:
    import pandas as pd

    from cs_peers.analysis.questions.answers import CaseSource
    from cs_peers.graphdb.load import LoadReport
    from cs_peers.graphdb.local import LocalNeo4j
    from cs_peers.graphdb.store import Neo4jStore
    from cs_peers.inputs.dataset import Dataset

__all__ = [
    "Backend",
    "local_database_counts",
    "local_database_status",
    "open_backend",
    "prepare_query",
    "query_templates",
    "start_local_database",
    "stop_local_database",
]


class Backend:
    """Files (the workspace database) or Neo4j: everything a command reads and keeps.

    Nothing is opened until it is first used, so a command refused before its work leaves no
    workspace behind. Close the backend (or use it as a context manager) when the command is
    done: the workspace database and the Neo4j driver are closed with it.
    """

    def __init__(
        self,
        home: Path,
        *,
        neo4j: Neo4jStore | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.home = Path(home)
        self.neo4j = neo4j
        self._progress = progress
        self._workspace: WorkspaceDatabase | None = None

    @property
    def workspace(self) -> WorkspaceDatabase:
        """Return the workspace database, opened (made, or moved from files) on first use."""
        if self._workspace is None:
            self._workspace = open_workspace(self.home, progress=self._progress)
        return self._workspace

    @property
    def history(self) -> RunHistory:
        """Return where runs are kept: the workspace database, or Neo4j."""
        if self.neo4j is not None:
            from cs_peers.graphdb.records import Neo4jRunHistory

            return Neo4jRunHistory(self.neo4j)
        return WorkspaceRunHistory(self.workspace)

    @property
    def meetings(self) -> MeetingLog:
        """Return where meetings and their decisions are kept: the workspace, or Neo4j."""
        if self.neo4j is not None:
            from cs_peers.graphdb.records import Neo4jMeetingLog

            return Neo4jMeetingLog(self.neo4j)
        return WorkspaceMeetingLog(self.workspace)

    @property
    def kind(self) -> str:
        """Return ``neo4j`` or ``files``: where the data and the records are kept."""
        return "neo4j" if self.neo4j is not None else "files"

    def source(
        self,
        data: Path | None,
        *,
        vocabulary: Vocabulary | None = None,
        mapping: Path | None = None,
        limits: InputLimits | None = None,
        set_aside: bool = False,
    ) -> DataSource:
        """Return the files at ``data`` (read through ``mapping``, bad rows set aside with
        ``set_aside``), or the data in Neo4j.

        The people it loads are noted in the workspace (:meth:`WorkspaceDatabase.note_people`),
        so that the audit log never keeps one of their ids in clear.
        """
        source: DataSource
        if self.neo4j is not None:
            from cs_peers.graphdb.source import Neo4jDataSource

            source = Neo4jDataSource(self.neo4j, vocabulary)
        else:
            source = FilesSource(
                data, vocabulary, mapping=mapping, limits=limits, set_aside=set_aside
            )
        return _NotedSource(source, self)

    def groups_writer(self) -> GroupsWriter | None:
        """Return where groups are written back: Neo4j's ``(:PeerGroup)`` nodes, or nowhere."""
        if self.neo4j is None:
            return None
        from cs_peers.graphdb.source import Neo4jGroupsWriter

        return Neo4jGroupsWriter(self.neo4j)

    def _store(self, what: str) -> Neo4jStore:
        """Return the Neo4j connection, or refuse ``what`` (it needs ``--neo4j``)."""
        if self.neo4j is None:
            raise CsPeersError(f"{what} needs Neo4j", parameter="neo4j")
        return self.neo4j

    def load(
        self,
        dataset: Dataset,
        *,
        batch_size: int,
        progress: Callable[[int, int], None] | None = None,
    ) -> LoadReport:
        """Return what loading ``dataset`` into Neo4j sent, in batches of ``batch_size`` rows
        (loading the same data again adds nothing)."""
        from cs_peers.graphdb.load import load_into_neo4j

        store = self._store("loading")
        return load_into_neo4j(store, dataset, batch_size=batch_size, progress=progress)

    def question_source(self, vocabulary: Vocabulary, *, reveal_names: bool) -> CaseSource:
        """Return Neo4j as a source of answers to questions (names only with ``reveal_names``)."""
        from cs_peers.graphdb.questions import Neo4jSource

        store = self._store("answering from the database")
        return Neo4jSource(store, vocabulary, reveal_names=reveal_names)

    def query(self, name: str, values: Mapping[str, object]) -> pd.DataFrame:
        """Return the rows of the library template ``name`` run with bound ``values``."""
        return self._store("running a template").run(name, dict(values))

    def close(self) -> None:
        """Close the Neo4j connection and the workspace database (those that were opened)."""
        try:
            if self.neo4j is not None:
                self.neo4j.close()
        finally:
            if self._workspace is not None:
                self._workspace.close()
                self._workspace = None

    def __enter__(self) -> Backend:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class _NotedSource:
    """A data source whose loaded people are noted in the backend's workspace (for the audit)."""

    def __init__(self, source: DataSource, backend: Backend) -> None:
        self._source = source
        self._backend = backend

    @property
    def kind(self) -> str:
        """Return the store's name recorded with each run: ``files`` or ``neo4j``."""
        return self._source.kind

    def describe(self) -> str:
        """Return where the data is read from, in words."""
        return self._source.describe()

    def load(self) -> Dataset:
        """Return the validated dataset, its people's ids noted in the workspace."""
        dataset = self._source.load()
        self._backend.workspace.note_people(dataset.people["id"])
        return dataset


def open_backend(
    *,
    neo4j: bool,
    home: Path,
    env: Mapping[str, str],
    progress: Callable[[str], None] | None = None,
) -> Backend:
    """Return the backend of one command: the workspace at ``home``, and Neo4j if ``neo4j``.

    With ``neo4j`` the database named by ``env`` (``NEO4J_URI``…, else the workspace's local
    Neo4j) gets one driver, here (it connects on first use).
    """
    if not neo4j:
        return Backend(home, progress=progress)
    from cs_peers.graphdb.store import Neo4jStore, resolve_settings

    return Backend(home, neo4j=Neo4jStore(resolve_settings(env, home=home)), progress=progress)


def prepare_query(name: str, values: Mapping[str, str]) -> tuple[str, dict[str, object]]:
    """Return a library template's name and its parameters bound from text ``values``.

    Raises :class:`CsPeersError` for a template internal to cs-peers (loaders, run history,
    erasure, raw read-back: running them by hand could forge records or leak names), and
    for an unknown template or a missing or extra parameter (with its signature).
    """
    from cs_peers.graphdb.templates import bind, get_template

    template = get_template(name)
    if not template.cli_usable:
        raise CsPeersError(
            f"the template {name!r} is internal to cs-peers and cannot be run with `query`; "
            "see `cs-peers query --list` for the ones you can run"
        )
    return template.name, bind(template, dict(values))


def query_templates() -> list[tuple[str, str]]:
    """Return ``(signature, description)`` of every Cypher template anyone may run."""
    from cs_peers.graphdb.templates import load_templates

    return [(t.signature, t.description) for t in load_templates().values() if t.cli_usable]


def start_local_database(
    home: Path, *, progress: Callable[[str], None] | None = None
) -> LocalNeo4j:
    """Return the workspace's local Neo4j, started (fetched from Maven Central the first time)."""
    from cs_peers.graphdb.local import start_local_neo4j

    return start_local_neo4j(home, progress=progress)


def stop_local_database(home: Path) -> bool:
    """Return whether the workspace's local Neo4j was running and is now stopped cleanly."""
    from cs_peers.graphdb.local import stop_local_neo4j

    return stop_local_neo4j(home)


def local_database_status(home: Path) -> LocalNeo4j | None:
    """Return the workspace's running local Neo4j, or ``None``."""
    from cs_peers.graphdb.local import local_neo4j_status

    return local_neo4j_status(home)


def local_database_counts(home: Path) -> pd.DataFrame:
    """Return the local Neo4j's counts per label and relationship type (``graph_counts``).

    The local server itself, whatever ``NEO4J_URI`` says: the question is about it.
    """
    from cs_peers.graphdb.store import Neo4jStore, resolve_settings

    with Neo4jStore(resolve_settings({}, home=home)) as store:
        return store.run("graph_counts", {})
