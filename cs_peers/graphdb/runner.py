"""The seam every Neo4j query goes through: run a named template, get its rows back.

:class:`cs_peers.graphdb.store.Neo4jStore` is the runner that talks to a real database; the
code that loads, reads back, writes groups and answers questions takes any
:class:`QueryRunner`, so the unit tests hand it a fake that records which templates were
sent with which parameters (as the Neo4j GDS client's tests do with theirs).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pandas as pd

    from cs_peers.graphdb.settings import Neo4jSettings
    from cs_peers.inputs.vocabulary import Vocabulary

__all__ = ["QueryRunner"]


class QueryRunner(Protocol):
    """Runs the named Cypher templates of :mod:`cs_peers.graphdb.templates`."""

    @property
    def settings(self) -> Neo4jSettings:
        """Return where the database is (for messages and provenance; never the password)."""
        ...

    def run(
        self,
        template_name: str,
        params: Mapping[str, Any],
        *,
        association_type: str | None = None,
        vocabulary: Vocabulary | None = None,
    ) -> pd.DataFrame:
        """Return the rows the template gives for these parameters, one column per returned.

        See :meth:`cs_peers.graphdb.store.Neo4jStore.run` for what is refused and raised.
        """
        ...
