"""The workspace database (SQLite): runs, meetings, reviews, actions, the audit and erasure logs.

:func:`open_workspace` opens it (making it, or moving an older workspace's files into it, on
first use); :class:`~cs_peers.workspacedb._records.WorkspaceRunHistory` and
:class:`~cs_peers.workspacedb._records.WorkspaceMeetingLog` are the stores the analysis uses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cs_peers.workspacedb._records import WorkspaceMeetingLog, WorkspaceRunHistory
from cs_peers.workspacedb.database import DATABASE_NAME, WorkspaceDatabase
from cs_peers.workspacedb.files import migrate_folder_layout

__all__ = [
    "DATABASE_NAME",
    "WorkspaceDatabase",
    "WorkspaceMeetingLog",
    "WorkspaceRunHistory",
    "open_workspace",
]


def open_workspace(
    home: Path, *, progress: Callable[[str], None] | None = None
) -> WorkspaceDatabase:
    """Return the open database of the workspace at ``home`` (close it when done).

    A workspace kept as files by an earlier cs-peers is moved into the database first, and
    ``progress`` is told what was moved.
    """
    database = WorkspaceDatabase(home)
    try:
        moved = migrate_folder_layout(database)
    except BaseException:
        database.close()
        raise
    if moved.moved and progress is not None:
        progress(moved.describe())
    return database
