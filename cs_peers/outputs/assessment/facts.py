"""A group's profile with what every section needs to read it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cs_peers.analysis.profiles import GroupProfile
from cs_peers.outputs.assessment.document import Table
from cs_peers.outputs.assessment.text import (
    between,
    cell_text,
    graded_confidence,
    records,
    when_observed,
    words,
)

__all__ = ["Facts", "association_table"]


@dataclass(frozen=True)
class Facts:
    """A profile with what every section needs to read it."""

    profile: GroupProfile
    member_ids: frozenset[str]
    runs: int | None

    @property
    def associations(self) -> pd.DataFrame:
        return self.profile.associations

    def scope(self, scope: str) -> pd.DataFrame:
        """Return the associations of one scope: within, outside, adult or context."""
        a = self.profile.associations
        return a[a["scope"] == scope]

    def adult_and_child(self, row: Mapping[str, Any]) -> tuple[str, str]:
        """Return the labels of the adult and the member in an association with an adult."""
        if row["source"] in self.member_ids:
            return str(row["target_label"]), str(row["source_label"])
        return str(row["source_label"]), str(row["target_label"])

    def member_and_other(self, row: Mapping[str, Any]) -> tuple[str, str, str]:
        """Return the member's label, the other end's id and its label."""
        if row["source"] in self.member_ids:
            return str(row["source_label"]), str(row["target"]), str(row["target_label"])
        return str(row["target_label"]), str(row["source"]), str(row["source_label"])


def association_table(rows: pd.DataFrame, *, what: str = "Association") -> Table:
    """Return a dated table of associations with their provenance — never their notes."""
    body = tuple(
        (
            when_observed(row),
            words(row["type"]),
            between(row),
            words(cell_text(row.get("source_agency"))),
            graded_confidence(row),
            cell_text(row.get("reference")),
        )
        for row in records(rows)
    )
    return Table(("Observed", what, "Between", "Recorded by", "Confidence", "Reference"), body)
