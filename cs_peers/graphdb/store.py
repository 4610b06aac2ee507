"""The Neo4j store: the one runner every query goes through.

:class:`Neo4jStore` runs the named templates of :mod:`cs_peers.graphdb.templates` and returns a
DataFrame; values travel only as ``$parameters``. The relationship type of the templates that
load one association type per statement is the only text the store puts into a query, and it
comes from the vocabulary (an allow-list) and must match
:data:`~cs_peers.graphdb.template_file.RELATIONSHIP_TYPE`. The driver's errors become
:class:`~cs_peers.errors.Neo4jError` s that say what to do, with the driver's error as cause.

Where to connect is :mod:`cs_peers.graphdb.settings`; loading a dataset, reading it back and
writing groups are :mod:`cs_peers.graphdb.load`, :mod:`~cs_peers.graphdb.read_back` and
:mod:`~cs_peers.graphdb.write_groups`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from typing import Any

import neo4j
import neo4j.exceptions
import pandas as pd

from cs_peers.errors import (
    ConstraintViolationError,
    Neo4jError,
    Neo4jUnavailableError,
    TemplateError,
)
from cs_peers.graphdb.settings import HOW_TO_GET_NEO4J, Neo4jSettings
from cs_peers.graphdb.template_file import REL_TYPE_PLACEHOLDER, RELATIONSHIP_TYPE, CypherTemplate
from cs_peers.graphdb.templates import check_parameters, get_template
from cs_peers.inputs.vocabulary import Vocabulary, default_vocabulary

__all__ = ["Neo4jStore", "relationship_type_for", "returned_count"]


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
                    settings.uri, auth=(settings.username, settings.password)
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
