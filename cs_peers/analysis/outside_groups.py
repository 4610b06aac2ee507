"""The young people placed in no candidate group, and their strongest recorded ties.

A young person outside the groups is not thereby safer or less connected: the records did not
tie them to two fellow members of one group, or a meeting set their candidate aside. The
meeting still needs to see them — by label, alphabetically, never ranked or scored — with the
ties that were recorded most often: the people or contexts with the most association records
with them, each with the types and counts of those records.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.inputs.dataset import Dataset

__all__ = ["OutsideGroups", "OutsidePerson", "Tie", "outside_groups"]

# At most this many strongest ties are named per young person (the rest are counted).
TIES_SHOWN = 3
_PERSON_KINDS = ("young_person", "adult")


@dataclass(frozen=True)
class Tie:
    """One person or context tied to a young person: its label and kind, and the records
    between them as ``(type, count)`` pairs, most frequent first."""

    label: str
    kind: str
    records: tuple[tuple[str, int], ...]

    def describe(self) -> str:
        """Return the tie in words.

        Examples
        --------
        >>> Tie("P5", "young_person", (("friend", 2), ("seen_together", 1))).describe()
        'P5 (friend ×2, seen_together ×1)'
        """
        return f"{self.label} ({', '.join(f'{t} ×{n}' for t, n in self.records)})"


@dataclass(frozen=True)
class OutsidePerson:
    """A young person in no group: their label and strongest ties (``more``: how many other
    people or contexts have as many records with them, not named)."""

    person_id: str
    label: str
    ties: tuple[Tie, ...]
    more: int = 0


@dataclass(frozen=True)
class OutsideGroups:
    """Everyone in no candidate group, alphabetically by label."""

    people: tuple[OutsidePerson, ...]

    @property
    def count(self) -> int:
        """Return how many young people are in no group."""
        return len(self.people)


def _ends(associations: pd.DataFrame, outside: set[str]) -> pd.DataFrame:
    """Return one row per record end held by an outside young person: person, other, type."""
    a = associations
    forward = a.loc[a["source"].isin(outside), ["source", "target", "type"]]
    backward = a.loc[a["target"].isin(outside), ["target", "source", "type"]]
    columns = ["person", "other", "type"]
    return pd.concat(
        [forward.set_axis(columns, axis=1), backward.set_axis(columns, axis=1)],
        ignore_index=True,
    )


def _tie_order(tie: Tie) -> tuple[bool, str, str]:
    # Among ties with as many records, people before contexts: nearly every young person
    # attends a school, so a person tells the meeting more.
    return (tie.kind not in _PERSON_KINDS, tie.label.casefold(), tie.label)


def outside_groups(
    dataset: Dataset, groups: PeerGroups, *, reveal_names: bool = False
) -> OutsideGroups:
    """Return the young people of ``dataset`` in none of ``groups``, with their strongest ties.

    The strongest ties are the people or contexts with the most records with the young person
    in this selection (all of them when several have as many, up to :data:`TIES_SHOWN`:
    people before contexts, each by label); a young person with no record has none.

    Examples
    --------
    >>> from cs_peers.analysis.run import analyse
    >>> from cs_peers.analysis.grouping.parameters import GroupingParameters
    >>> from cs_peers.inputs.source import load_dataset
    >>> from cs_peers.inputs.sample.generate import sample_path
    >>> dataset = load_dataset(sample_path())
    >>> found = outside_groups(dataset, analyse(dataset, GroupingParameters(runs=2)).groups)
    >>> found.count, [p.label for p in found.people] == sorted(p.label for p in found.people)
    (39, True)
    """
    placed = set(groups.memberships["person_id"])
    young = dataset.young_people
    outside = set(young["id"]) - placed
    labels = dataset.labels(reveal_names=reveal_names)
    kinds = dict(zip(dataset.people["id"], dataset.people["kind"], strict=True))
    kinds |= dict(zip(dataset.contexts["id"], dataset.contexts["kind"], strict=True))
    ends = _ends(dataset.associations, outside)
    per_type = ends.groupby(["person", "other", "type"]).size().rename("n").reset_index()
    totals = per_type.groupby(["person", "other"])["n"].transform("sum")
    strongest = per_type[totals == totals.groupby(per_type["person"]).transform("max")]
    ties: dict[str, list[Tie]] = {}
    for (person, other), rows in strongest.groupby(["person", "other"], sort=False):
        ordered = rows.sort_values(["n", "type"], ascending=[False, True])
        records = tuple(zip(ordered["type"], map(int, ordered["n"]), strict=True))
        ties.setdefault(str(person), []).append(
            Tie(labels.get(str(other), str(other)), kinds.get(str(other), ""), records)
        )
    people = []
    for person in outside:
        found = sorted(ties.get(person, []), key=_tie_order)
        people.append(
            OutsidePerson(
                person, labels[person], tuple(found[:TIES_SHOWN]), max(0, len(found) - TIES_SHOWN)
            )
        )
    people.sort(key=lambda p: (p.label.casefold(), p.label, p.person_id))
    return OutsideGroups(tuple(people))
