"""What an assessment seed says about itself besides the group's facts, and how to read it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from cs_peers.analysis.group_story import GroupStory

__all__ = ["SeedOptions", "generated_at", "runs_of"]


@dataclass(frozen=True)
class SeedOptions:
    """What an assessment seed says about itself besides the group's facts.

    Attributes
    ----------
    marking
        Protective marking: first and last line of the Markdown, header and footer of every
        page of the Word document.
    provenance
        Display-ready facts about how the group was produced (data source, data fingerprint,
        selection, algorithm, parameters, seed, cs-peers version, generated at …), listed in
        the order given. ``generated_at`` (or ``generated at``), an ISO date or time, also
        dates the Word file, so the same inputs give the same bytes.
    history
        Lines about this group's identity over time (e.g. "split from PG-0003 on
        2026-10-01"), shown under "Since last review"; that section is left out when empty.
    runs
        How many grouping runs a membership confidence is a share of, so it reads "9 of 10
        runs". When None it is taken from ``runs_made=N`` (else ``runs=N``) in
        ``provenance['parameters']`` (as
        :func:`cs_peers.analysis.provenance.run_provenance` writes it), failing that said as a
        percentage.
    purpose, owner, review_date
        Fill the header's fields of the same names (the workspace's pack settings, or a
        group's own review date); a placeholder to complete when empty.
    story
        The group's story (:func:`cs_peers.analysis.group_story.group_story`), shown as its own
        section after the header; left out when None.
    """

    marking: str = "OFFICIAL-SENSITIVE"
    provenance: dict[str, str] = field(default_factory=dict)
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
    parameters = options.provenance.get("parameters", "")
    # runs_made: the runs stopped early, once further runs could change nothing shown.
    found = re.search(r"\bruns_made=(\d+)\b", parameters) or re.search(
        r"\bruns=(\d+)\b", parameters
    )
    return int(found.group(1)) if found else None


def generated_at(options: SeedOptions) -> datetime | None:
    """Return when the seed was generated, from the provenance, or None if not given."""
    value = options.provenance.get("generated_at") or options.provenance.get("generated at")
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"provenance generated_at {value!r} is not an ISO date or time") from None
