"""Files or Neo4j, chosen from plain arguments: the data source, the run history, the reviews.

A facade over :mod:`cs_peers.inputs` and :mod:`cs_peers.graphdb` for the command line and for
library users who, like it, choose the store with one flag. The Neo4j side (and its driver) is
imported only when asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from cs_peers.analysis.history import FileRunHistory, RunHistory
from cs_peers.analysis.request import DataSource, GroupsWriter
from cs_peers.analysis.reviews.records import FileReviewLog, ReviewLog
from cs_peers.inputs.limits import InputLimits
from cs_peers.inputs.source import FilesSource
from cs_peers.inputs.vocabulary import Vocabulary

__all__ = ["data_source", "groups_writer", "review_log", "run_history"]


def data_source(
    data: Path | None,
    *,
    neo4j: bool,
    home: Path,
    env: Mapping[str, str],
    vocabulary: Vocabulary | None = None,
    mapping: Path | None = None,
    limits: InputLimits | None = None,
    set_aside: bool = False,
) -> DataSource:
    """Return the files at ``data`` (read through ``mapping``, bad rows set aside with
    ``set_aside``), or the configured Neo4j."""
    if neo4j:
        from cs_peers.graphdb.source import Neo4jDataSource

        return Neo4jDataSource.configured(home=home, env=env, vocabulary=vocabulary)
    return FilesSource(data, vocabulary, mapping=mapping, limits=limits, set_aside=set_aside)


def run_history(*, neo4j: bool, home: Path, env: Mapping[str, str]) -> RunHistory:
    """Return where runs are kept: the workspace folder ``home``, or Neo4j with ``neo4j``."""
    if neo4j:
        from cs_peers.graphdb.history import Neo4jRunHistory

        return Neo4jRunHistory.connect(home=home, env=env)
    return FileRunHistory(home)


def review_log(*, neo4j: bool, home: Path, env: Mapping[str, str]) -> ReviewLog:
    """Return where meeting decisions are kept: the workspace folder, or Neo4j with ``neo4j``."""
    if neo4j:
        from cs_peers.graphdb.reviews import Neo4jReviewLog

        return Neo4jReviewLog.connect(home=home, env=env)
    return FileReviewLog(home)


def groups_writer(*, neo4j: bool, home: Path, env: Mapping[str, str]) -> GroupsWriter | None:
    """Return where groups are written back: Neo4j with ``neo4j``, else nowhere (None)."""
    if not neo4j:
        return None
    from cs_peers.graphdb.source import Neo4jGroupsWriter

    return Neo4jGroupsWriter.configured(home=home, env=env)
