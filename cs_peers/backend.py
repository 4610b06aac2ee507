"""The stores one command uses, chosen in one place: :func:`open_backend`.

A :class:`Backend` holds the workspace database (always: the audit and erasure logs live
there) and, with ``neo4j``, one connection to Neo4j for the command's life. It says where the
data comes from (:meth:`Backend.source`), where runs are kept (``history``), where meetings'
decisions are kept (``meetings``) and where groups are written back
(:meth:`Backend.groups_writer`): in the workspace database for files, in Neo4j with ``neo4j``.
Library users choose the store with the same one flag as the command line. The Neo4j side
(and its driver) is imported only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from cs_peers.analysis.history import RunHistory
from cs_peers.analysis.reviews.records import MeetingLog
from cs_peers.analysis.run import DataSource, GroupsWriter
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
    from cs_peers.graphdb.store import Neo4jStore
    from cs_peers.inputs.dataset import Dataset

__all__ = ["Backend", "open_backend"]


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
