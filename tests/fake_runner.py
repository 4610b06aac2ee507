"""A fake query runner, shared by the tests of everything that talks to Neo4j.

:class:`CollectingRunner` stands where :class:`cs_peers.graphdb.store.Neo4jStore` stands, at
the :class:`cs_peers.graphdb.store.QueryRunner` seam (as the Neo4j GDS client's tests put
their ``CollectingQueryRunner``): it records each template's name, parameters and association
type, and answers like a server would. The fixture ``runner`` in ``conftest.py`` gives a fresh
one to each test.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cs_peers.errors import TemplateError
from cs_peers.graphdb.store import Neo4jSettings, QueryRunner, relationship_type_for
from cs_peers.graphdb.templates import CypherTemplate, check_parameters, get_template
from cs_peers.inputs.vocabulary import Vocabulary, default_vocabulary

__all__ = ["FAKE_SETTINGS", "CollectingRunner", "Sent", "column", "counted_rows"]

FAKE_SETTINGS = Neo4jSettings("bolt://db.example:7687", "analyst", "s3cret-password", None)


@dataclass(frozen=True)
class Sent:
    """One template a :class:`CollectingRunner` was asked to run."""

    name: str
    params: dict[str, Any]
    association_type: str | None = None

    @property
    def template(self) -> CypherTemplate:
        """Return the template that was sent."""
        return get_template(self.name)


def column(batch: Mapping[str, str], name: str) -> list[str]:
    """Return one column of an association batch (texts joined by its separator)."""
    return batch[name].split(batch["separator"])


def counted_rows(sent: Sent) -> list[list[Any]]:
    """Answer like a server would for loads and writes: what was sent, counted.

    Node loads return one element id per node; association loads the number of rows;
    ``write_groups`` the groups and memberships written; the graph holds no relationship type
    (an empty graph); anything else one row of zeros.
    """
    template, params = sent.template, sent.params
    if not template.returns:
        return []
    batch = params.get("batch")
    if template.returns == ["element_ids"] and isinstance(batch, dict):
        return [[[f"4:fake:{node_id}" for node_id in batch["id"]]]]
    if isinstance(batch, dict):
        return [[len(column(batch, "keys"))]]
    if template.name == "relationship_types_held":
        return [[[]]]
    if template.name == "write_groups":
        groups = params["groups"]
        return [[len(groups), sum(len(g["members"]) for g in groups)]]
    return [[0] * len(template.returns)]


Answer = Callable[[Sent], list[list[Any]]]


@dataclass
class CollectingRunner:
    """A :class:`~cs_peers.graphdb.store.QueryRunner` that records what it is asked to run.

    It refuses what the Neo4j store refuses before anything is sent (an unknown template,
    missing or extra parameters, an association type the template does not take or the
    vocabulary does not hold), then records the template's name, parameters and association
    type, and answers with ``answer`` (default: :func:`counted_rows`) as a DataFrame with the
    template's declared columns. An ``answer`` may raise, as a failing server would.
    """

    settings: Neo4jSettings = FAKE_SETTINGS
    vocabulary: Vocabulary = field(default_factory=default_vocabulary)
    answer: Answer = counted_rows
    sent: list[Sent] = field(default_factory=list)

    def run(
        self,
        template_name: str,
        params: Mapping[str, Any],
        *,
        association_type: str | None = None,
        vocabulary: Vocabulary | None = None,
    ) -> pd.DataFrame:
        """Return the answer's rows for the template, after recording what was sent."""
        template = get_template(template_name)
        check_parameters(template, list(params))
        if template.needs_relationship_type != (association_type is not None):
            raise TemplateError(f"{template_name}: association type {association_type!r}")
        if association_type is not None:
            relationship_type_for(vocabulary or self.vocabulary, association_type)
        sent = Sent(template_name, dict(params), association_type)
        self.sent.append(sent)
        rows = self.answer(sent)
        columns = list(template.returns)
        return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)

    def names(self) -> list[str]:
        """Return the names of the templates sent, in order."""
        return [s.name for s in self.sent]

    def of(self, name: str) -> list[Sent]:
        """Return what was sent of one template, in order."""
        return [s for s in self.sent if s.name == name]


def _is_a_runner(runner: CollectingRunner) -> QueryRunner:
    return runner  # mypy checks here that the fake has the seam's shape
