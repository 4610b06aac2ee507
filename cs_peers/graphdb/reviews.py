"""Reviews kept in Neo4j, for ``--neo4j``: the same
:class:`~cs_peers.analysis.reviews.records.ReviewLog` as the
workspace's, as ``(:GroupReview)`` nodes that are created and never changed."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from cs_peers.analysis.reviews.records import Review
from cs_peers.graphdb.settings import Neo4jSettings, resolve_settings
from cs_peers.graphdb.store import Neo4jStore

__all__ = ["Neo4jReviewLog"]


class Neo4jReviewLog:
    """Reviews as ``(:GroupReview {id, group_id, recorded_at, review})`` nodes.

    Each call opens and closes its own connection, like
    :class:`cs_peers.graphdb.history.Neo4jRunHistory`.
    """

    def __init__(self, settings: Neo4jSettings) -> None:
        self.settings = settings

    @classmethod
    def connect(cls, *, home: Path, env: Mapping[str, str]) -> Neo4jReviewLog:
        """Return the review log of the configured Neo4j."""
        return cls(resolve_settings(env, home=home))

    def list_reviews(self) -> list[Review]:
        """Return every review kept in the database, in the order they were kept."""
        with Neo4jStore(self.settings) as store:
            rows = store.run("list_reviews", {})
        return [Review.from_json(str(text)) for text in rows.get("review", [])]

    def append(self, review: Review) -> None:
        """Keep one more review (one CREATE statement: kept whole or not at all)."""
        with Neo4jStore(self.settings) as store:
            store.run(
                "save_review",
                {
                    "review_id": review.review_id,
                    "group_id": review.group_id,
                    "recorded_at": review.recorded_at,
                    "review": review.to_json(),
                },
            )
