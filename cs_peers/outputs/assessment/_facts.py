"""A group's profile with what every section needs to read it.

The group's story in the assessment seed: what the meeting reads, before the triangle.

The same :class:`~cs_peers.analysis.group_story.GroupStory` the group's HTML page shows, one
heading per part, each line a bullet (data, escaped in Markdown), or the part's one sentence
when it has none. It adds to the seed and changes none of its other sections.

What an assessment seed says about itself besides the group's facts, and how to read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from cs_peers.analysis.group_story import GroupStory
from cs_peers.analysis.profiles import GroupProfile
from cs_peers.analysis.provenance import DEFAULT_MARKING, Provenance
from cs_peers.outputs.assessment._document import (
    Block,
    Bullets,
    Heading,
    Table,
    between,
    cell_text,
    graded_confidence,
    italic,
    own,
    para,
    records,
    when_observed,
    words,
)

__all__ = [
    "STORY_TITLE",
    "Facts",
    "SeedOptions",
    "association_table",
    "generated_at",
    "runs_of",
    "story_blocks",
]


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


STORY_TITLE = "For the meeting: what is recorded about this group"


def story_blocks(story: GroupStory | None) -> list[Block]:
    """Return the story as seed blocks: a section heading, then each part (none without one)."""
    if story is None:
        return []
    blocks: list[Block] = [
        Heading(STORY_TITLE, 1),
        para(
            italic(
                "The same words as the group's page in the meeting pack. Young people are listed "
                "alphabetically; the order means nothing."
            )
        ),
    ]
    for section in story.sections:
        blocks.append(Heading(section.title, 2))
        if section.lines:
            blocks.append(Bullets(tuple((line,) for line in section.lines)))
        else:
            blocks.append(para(own(section.empty)))
    return blocks


@dataclass(frozen=True)
class SeedOptions:
    """What an assessment seed says about itself besides the group's facts.

    Attributes
    ----------
    marking
        Protective marking: first and last line of the Markdown, header and footer of every
        page of the Word document.
    provenance
        How the group was produced (data source, data fingerprint, selection, algorithm,
        parameters, seed, run, generated at, cs-peers version …), listed as
        :meth:`~cs_peers.analysis.provenance.Provenance.shown` gives them. Its
        ``generated_at``, an ISO date or time, also dates the Word file, so the same inputs
        give the same bytes.
    history
        Lines about this group's identity over time (e.g. "split from PG-0003 on
        2026-10-01"), shown under "Since last review"; that section is left out when empty.
    runs
        How many grouping runs a membership confidence is a share of, so it reads "9 of 10
        runs". When None it is the provenance's ``runs_made``; without a provenance, a
        confidence is said as a percentage.
    purpose, owner, review_date
        Fill the header's fields of the same names (the workspace's pack settings, or a
        group's own review date); a placeholder to complete when empty.
    story
        The group's story (:func:`cs_peers.analysis.group_story.group_story`), shown as its own
        section after the header; left out when None.
    """

    marking: str = DEFAULT_MARKING
    provenance: Provenance | None = None
    history: list[str] = field(default_factory=list)
    runs: int | None = None
    purpose: str = ""
    owner: str = ""
    review_date: str = ""
    story: GroupStory | None = None


def runs_of(options: SeedOptions) -> int | None:
    """Return how many grouping runs a membership confidence is a share of, if known."""
    if options.runs is not None:
        return options.runs
    return options.provenance.runs_made if options.provenance is not None else None


def generated_at(options: SeedOptions) -> datetime | None:
    """Return when the seed was generated, from the provenance, or None if not given."""
    value = options.provenance.generated_at if options.provenance is not None else ""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"provenance generated_at {value!r} is not an ISO date or time") from None
