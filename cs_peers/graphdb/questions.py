"""Questions answered by a Neo4j database, through the ``question_*`` Cypher templates.

Nothing is read wholesale: each answer asks the database only for what it needs (one level of
an ego network at a time, the shortest paths between two people, the records of the links
shown). The filters travel as ``$parameters`` (the allowed types and confidences as lists), and
what comes back is put in the same order as the embedded store puts it, so both give equal
answers.
"""

from __future__ import annotations

from collections.abc import Iterable

from cs_peers.analysis.questions.types import RECORD_COLUMNS, Node, QuestionFilters, Record
from cs_peers.graphdb.store import QueryRunner
from cs_peers.inputs.vocabulary import Vocabulary

__all__ = ["Neo4jSource"]


def _text(value: object) -> str:
    """Return a stored property as the string the files had ("" for a missing one)."""
    # A missing property comes back as null, which pandas' string columns hold as NaN.
    return "" if value is None or value != value else str(value)


class Neo4jSource:
    """A Neo4j database as a source of answers (see
    :class:`cs_peers.analysis.questions.answers.CaseSource`)."""

    def __init__(
        self, store: QueryRunner, vocabulary: Vocabulary, *, reveal_names: bool = False
    ) -> None:
        self.store = store
        self.vocabulary = vocabulary
        self.reveal_names = reveal_names

    def describe(self) -> str:
        """Return which database this is, without its password."""
        return f"Neo4j at {self.store.settings.describe()}"

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        """Return the people and contexts among ``ids`` that exist, by id.

        Labels follow :meth:`cs_peers.inputs.dataset.Dataset.labels`: a person's label (else the
        id),
        the name only when names are revealed and one is recorded; a context's name (else id).
        """
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = self.store.run("question_nodes", {"ids": wanted})
        found = {}
        for node_id, is_person, kind, label, name in zip(
            rows["id"], rows["is_person"], rows["kind"], rows["label"], rows["name"], strict=True
        ):
            node_id, label, name = _text(node_id), _text(label), _text(name)
            if is_person:
                shown = name if self.reveal_names and name else (label or node_id)
                found[node_id] = Node(node_id, "person", _text(kind), shown)
            else:
                found[node_id] = Node(node_id, "context", _text(kind), name or node_id)
        return found

    def _filter_params(self, types: list[str], filters: QuestionFilters) -> dict[str, object]:
        return {"types": types, "confidences": filters.confidences()}

    def ego_distances(self, person: str, depth: int, filters: QuestionFilters) -> dict[str, int]:
        """Return the fewest associations from ``person`` to everyone within ``depth``.

        Breadth-first, one query per level. Without ``through_contexts`` contexts are found
        but never stepped out from, as in the embedded store.
        """
        params = self._filter_params(filters.allowed_types(self.vocabulary), filters)
        distances = {person: 0}
        frontier = [person]
        for level in range(1, depth + 1):
            if not frontier:
                break
            rows = self.store.run("question_neighbours", {"ids": frontier, **params})
            frontier = []
            for node_id, is_person in zip(rows["id"], rows["is_person"], strict=True):
                node_id = _text(node_id)
                if node_id in distances:
                    continue
                distances[node_id] = level
                if is_person or filters.through_contexts:
                    frontier.append(node_id)
        return distances

    def records_among(self, ids: Iterable[str], filters: QuestionFilters) -> list[Record]:
        """Return the allowed records whose two ends are both in ``ids``."""
        wanted = sorted(set(ids))
        if not wanted:
            return []
        params = self._filter_params(filters.allowed_types(self.vocabulary), filters)
        rows = self.store.run("question_records", {"ids": wanted, **params})
        columns = [[_text(v) for v in rows[c]] for c in RECORD_COLUMNS]
        return [Record(*row) for row in zip(*columns, strict=True)]

    def shortest_paths(
        self, a: str, b: str, filters: QuestionFilters, *, limit: int
    ) -> tuple[int, list[tuple[str, ...]]]:
        """Return how many shortest paths join ``a`` and ``b``, and the first ``limit`` by ids.

        The database lists every shortest path once per id sequence; they are sorted here, in
        Python, so that the order is exactly the embedded store's.
        """
        params = self._filter_params(filters.path_types(self.vocabulary), filters)
        rows = self.store.run(
            "question_paths", {"a": a, "b": b, "max_length": filters.max_length, **params}
        )
        paths = sorted(tuple(_text(n) for n in ids) for ids in rows["ids"])
        return len(paths), paths[:limit]
