"""Where the Neo4j database is and how to log in: flags, environment variables, the local one.

:func:`resolve_settings` picks the database a command uses; :class:`Neo4jSettings` carries it
(never showing the password). :class:`cs_peers.graphdb.store.Neo4jStore` connects with them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cs_peers.errors import Neo4jUnavailableError

__all__ = ["ENVIRONMENT_VARIABLES", "HOW_TO_GET_NEO4J", "Neo4jSettings", "resolve_settings"]

ENVIRONMENT_VARIABLES = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_URI = re.compile(r"^(?P<scheme>[a-z0-9+]+)://[^\s/]+(?:/.*)?$")
HOW_TO_GET_NEO4J = (
    "start the workspace's local Neo4j with `cs-peers neo4j start`, or point cs-peers at a "
    "server by setting NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD (and NEO4J_DATABASE if "
    "not the default database)"
)


@dataclass(frozen=True)
class Neo4jSettings:
    """Where a Neo4j database is and how to log in (the password is never shown)."""

    uri: str
    username: str
    password: str = field(repr=False)
    database: str | None = None

    def describe(self) -> str:
        """Return a one-line description without the password, for messages and provenance."""
        return f"{self.uri} (database {self.database or 'default'}, user {self.username})"


def _check_uri(uri: str) -> str:
    match = _URI.fullmatch(uri.strip())
    if match is None or match.group("scheme") not in _SCHEMES:
        raise Neo4jUnavailableError(
            f"{uri!r} is not a Neo4j address; expected e.g. bolt://localhost:7687 or "
            f"neo4j+s://xxxx.databases.neo4j.io (schemes: {', '.join(_SCHEMES)})"
        )
    return uri.strip()


def resolve_settings(
    env: Mapping[str, str],
    *,
    uri: str | None = None,
    username: str | None = None,
    password: str | None = None,
    database: str | None = None,
    home: Path,
) -> Neo4jSettings:
    """Return the Neo4j to use: flags first, then environment variables, then the local one.

    Parameters
    ----------
    env
        The environment (``os.environ``): ``NEO4J_URI``, ``NEO4J_USERNAME``,
        ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` are read from it.
    uri, username, password, database
        Values given on the command line; each wins over its environment variable.
    home
        The workspace; when no URI is given its running local Neo4j is used, with its own
        login (a ``username`` or ``password`` flag still wins; the variables do not, since
        they belong to the server ``NEO4J_URI`` names).

    Returns
    -------
    Neo4jSettings
        The address, login and database (``None`` for the server's default database).

    Raises
    ------
    Neo4jUnavailableError
        If no URI is given and the workspace's local Neo4j is not running (the message says
        how to start one or which variables to set), if the URI is malformed, or if a URI is
        given without a password.
    """
    database = database or env.get("NEO4J_DATABASE") or None
    chosen = uri or env.get("NEO4J_URI")
    if chosen:
        chosen = _check_uri(chosen)
        secret = password or env.get("NEO4J_PASSWORD")
        if not secret:
            raise Neo4jUnavailableError(
                f"no password for Neo4j at {chosen}: set NEO4J_PASSWORD (or pass --password)"
            )
        return Neo4jSettings(
            chosen, username or env.get("NEO4J_USERNAME") or "neo4j", secret, database
        )
    # Imported here: the local server's module is only needed when no server is configured.
    from cs_peers.graphdb.local import local_neo4j_status

    local = local_neo4j_status(home)
    if local is None:
        raise Neo4jUnavailableError(f"no Neo4j is configured or running; {HOW_TO_GET_NEO4J}")
    return Neo4jSettings(
        local.uri, username or local.username, password or local.password, database
    )
