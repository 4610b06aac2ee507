"""The Neo4j store: the one runner every query goes through.

:class:`Neo4jStore` runs the named templates of :mod:`cs_peers.graphdb.templates` and returns a
DataFrame; values travel only as ``$parameters``. The relationship type of the templates that
load one association type per statement is the only text the store puts into a query, and it
comes from the vocabulary (an allow-list) and must match
:data:`~cs_peers.graphdb.templates.RELATIONSHIP_TYPE`. The driver's errors become
:class:`~cs_peers.errors.Neo4jError` s that say what to do, with the driver's error as cause.

Where to connect is decided below (:func:`resolve_settings`); loading a dataset and writing
groups back are :mod:`cs_peers.graphdb.load`, reading it back :mod:`~cs_peers.graphdb.source`.

The seam every Neo4j query goes through: run a named template, get its rows back.

:class:`cs_peers.graphdb.store.Neo4jStore` is the runner that talks to a real database; the
code that loads, reads back, writes groups and answers questions takes any
:class:`QueryRunner`, so the unit tests hand it a fake that records which templates were
sent with which parameters (as the Neo4j GDS client's tests do with theirs).

Where the Neo4j database is and how to log in: flags, environment variables, the local one.

:func:`resolve_settings` picks the database a command uses; :class:`Neo4jSettings` carries it
(never showing the password). :class:`cs_peers.graphdb.store.Neo4jStore` connects with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

import neo4j
import neo4j.exceptions
import pandas as pd

from cs_peers.errors import (
    ConstraintViolationError,
    Neo4jError,
    Neo4jUnavailableError,
    TemplateError,
)
from cs_peers.graphdb.templates import (
    REL_TYPE_PLACEHOLDER,
    RELATIONSHIP_TYPE,
    CypherTemplate,
    check_parameters,
    get_template,
)
from cs_peers.inputs.vocabulary import Vocabulary, default_vocabulary

if TYPE_CHECKING:
    import pandas as pd

    from cs_peers.inputs.vocabulary import Vocabulary

__all__ = [
    "ENVIRONMENT_VARIABLES",
    "HOW_TO_GET_NEO4J",
    "Neo4jSettings",
    "Neo4jStore",
    "QueryRunner",
    "relationship_type_for",
    "resolve_settings",
    "returned_count",
]


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


def relationship_type_for(vocabulary: Vocabulary, association_type: str) -> str:
    """Return the Neo4j relationship type of an association type of the vocabulary.

    Raises
    ------
    TemplateError
        If the type is not in the vocabulary, or its relationship type is not a plain
        upper-case identifier (so it could never be put into a query's text).

    Examples
    --------
    >>> relationship_type_for(default_vocabulary(), "seen_together")
    'SEEN_TOGETHER'
    """
    if association_type not in vocabulary:
        raise TemplateError(
            f"association type {association_type!r} is not in the vocabulary "
            f"({vocabulary.source}); expected one of {', '.join(vocabulary.types)}"
        )
    rel_type = vocabulary[association_type].relationship_type
    if not RELATIONSHIP_TYPE.fullmatch(rel_type):
        raise TemplateError(
            f"relationship type {rel_type!r} of association type {association_type!r} is not "
            "upper-case letters, digits and '_'"
        )
    return rel_type


def _translate(exc: Exception, settings: Neo4jSettings, what: str) -> Neo4jError:
    """Return the cs-peers error that tells a user what went wrong with Neo4j."""
    where = settings.describe()
    if isinstance(exc, neo4j.exceptions.AuthError):
        return Neo4jUnavailableError(
            f"Neo4j at {where} refused the login ({exc.message or exc}); check NEO4J_USERNAME "
            "and NEO4J_PASSWORD (or --username/--password)"
        )
    if isinstance(exc, neo4j.exceptions.ServiceUnavailable | neo4j.exceptions.SessionExpired):
        return Neo4jUnavailableError(f"cannot reach Neo4j at {where} ({exc}); {HOW_TO_GET_NEO4J}")
    if isinstance(exc, neo4j.exceptions.Neo4jError):
        code = exc.code or ""
        if code.endswith("DatabaseNotFound"):
            return Neo4jUnavailableError(
                f"Neo4j at {settings.uri} has no database {settings.database!r} "
                "(check NEO4J_DATABASE or --database)"
            )
        if code.endswith("ConstraintValidationFailed"):
            return ConstraintViolationError(f"Neo4j refused {what}: {exc.message or exc}")
        if code.startswith("Neo.ClientError.Security"):
            return Neo4jUnavailableError(f"Neo4j at {where} refused {what}: {exc.message}")
        return Neo4jError(f"Neo4j could not run {what}: {exc.message or exc} ({code})")
    if isinstance(exc, neo4j.exceptions.DriverError | ValueError):
        return Neo4jUnavailableError(f"cannot use Neo4j at {where}: {exc}")
    return Neo4jUnavailableError(f"cannot reach Neo4j at {where} ({exc}); {HOW_TO_GET_NEO4J}")


_DRIVER_ERRORS = (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError, ValueError)


@contextmanager
def _driver_errors(settings: Neo4jSettings, what: str) -> Iterator[None]:
    """Turn the driver's errors inside the block into cs-peers errors, keeping the cause."""
    try:
        yield
    except _DRIVER_ERRORS as exc:
        raise _translate(exc, settings, what) from exc


def returned_count(frame: pd.DataFrame, column: str) -> int:
    """Return the count a write statement returned in ``column`` (0 if it returned no row)."""
    values: list[Any] = frame[column].tolist() if column in frame.columns else []
    return int(values[0]) if values else 0


class Neo4jStore:
    """One Neo4j database, and the runner that sends it the named Cypher templates.

    Parameters
    ----------
    settings
        Where the database is and how to log in.
    vocabulary
        The allow-list the relationship types come from (default: the shipped vocabulary).
    driver
        A driver to use instead of opening one (tests pass a fake that records queries).

    Examples
    --------
    A store over a fake driver, as the unit tests use it::

        store = Neo4jStore(settings, driver=FakeDriver())
        store.run("group_members", {"group_id": "G1"})
    """

    def __init__(
        self,
        settings: Neo4jSettings,
        *,
        vocabulary: Vocabulary | None = None,
        driver: Any | None = None,
    ) -> None:
        self.settings = settings
        self.vocabulary = vocabulary or default_vocabulary()
        if driver is None:
            with _driver_errors(settings, "the connection"):
                driver = neo4j.GraphDatabase.driver(
                    settings.uri,
                    auth=(settings.username, settings.password),
                    # A type or label the graph does not hold yet is no fault here (a statement
                    # of one association type may meet a graph without it): the server's notes
                    # saying so would reach the analyst's terminal as warnings.
                    notifications_disabled_classifications=[
                        neo4j.NotificationDisabledClassification.UNRECOGNIZED
                    ],
                )
        self._driver = driver
        self._verified = False

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections to the database (the store cannot be used afterwards)."""
        self._driver.close()

    def verify(self) -> None:
        """Return nothing if the database answers and accepts the login, else raise.

        Raises
        ------
        Neo4jUnavailableError
            If the server cannot be reached or refuses the login.
        """
        with _driver_errors(self.settings, "the connection"):
            self._driver.verify_connectivity()
        self._verified = True

    def statement(
        self,
        template: CypherTemplate,
        *,
        association_type: str | None = None,
        vocabulary: Vocabulary | None = None,
    ) -> str:
        """Return the text the store sends for ``template``, with ``{rel_type}`` filled in.

        Raises
        ------
        TemplateError
            If the template needs an association type and none (or one not in the
            vocabulary) is given, or one is given to a template that takes none.
        """
        if not template.needs_relationship_type:
            if association_type is not None:
                raise TemplateError(f"{template.name} takes no association type")
            return template.text
        if association_type is None:
            raise TemplateError(
                f"{template.name} runs once per association type; none was given "
                f"— usage: {template.signature}"
            )
        rel_type = relationship_type_for(vocabulary or self.vocabulary, association_type)
        return template.text.replace(REL_TYPE_PLACEHOLDER, rel_type)

    def run(
        self,
        template_name: str,
        params: Mapping[str, Any],
        *,
        association_type: str | None = None,
        vocabulary: Vocabulary | None = None,
    ) -> pd.DataFrame:
        """Return the rows the template gives for these parameters, as a DataFrame.

        The statement runs in one managed transaction (a write transaction if it changes the
        graph), which the driver retries on transient errors.

        Parameters
        ----------
        template_name
            A template of :func:`cs_peers.graphdb.templates.load_templates`.
        params
            Exactly the template's parameters, already of their declared types (see
            :func:`cs_peers.graphdb.templates.bind` for text from a command line).
        association_type
            For templates with ``{rel_type}`` only: the association type whose relationship
            type fills it; it must be in ``vocabulary``.
        vocabulary
            The allow-list for ``association_type`` (default: the store's).

        Returns
        -------
        pandas.DataFrame
            One column per returned column, in the statement's order.

        Raises
        ------
        TemplateError
            For an unknown template, missing or extra parameters, or a bad association type.
        Neo4jUnavailableError
            If the server cannot be reached or refuses the login.
        Neo4jError
            If the statement fails on the server.
        """
        template = get_template(template_name)
        check_parameters(template, list(params))
        text = self.statement(template, association_type=association_type, vocabulary=vocabulary)
        if not self._verified:
            # One quick try first: managed transactions retry an unreachable server for a
            # minute before giving up, which is no way to say "nothing is listening there".
            self.verify()
        # The text is a packaged template (plus a vetted relationship type), never user input,
        # though the driver's LiteralString hint cannot see that through a file read.
        values = dict(params)

        def work(tx: Any) -> tuple[list[str], list[list[Any]]]:
            result = tx.run(text, values)
            return list(result.keys()), result.values()

        with (
            _driver_errors(self.settings, template.name),
            self._driver.session(database=self.settings.database) as session,
        ):
            execute = session.execute_write if template.writes else session.execute_read
            keys, rows = execute(work)
        return pd.DataFrame(rows, columns=keys) if rows else pd.DataFrame(columns=keys)
