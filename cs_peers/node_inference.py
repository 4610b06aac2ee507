"""People and contexts inferred from the associations, when a mapping gives no file for them.

A single sheet of links names only the two ends of each association. Each end is:

- a **context** when its kind column (``source_kind`` / ``target_kind``) gives a context kind,
  or when it is the *target* of a person-to-context type (``attends``, ``frequents``, …) and no
  kind is given; its kind is then the one the type allows (a type allowing fewer kinds decides
  first: a place both attended and the scene of an incident is a school);
- otherwise a **person**, of the kind its kind column gives, else the mapping's
  ``[people] kind`` (``young_person`` unless said otherwise).

Ids never become contexts because of how they look: only a kind column or a type says so.
Labels and names come from ``source_label`` / ``source_name`` (and the target's), first
non-empty value first; people and contexts are listed in order of first appearance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cs_peers.errors import DataProblem
from cs_peers.reading import RawTable
from cs_peers.vocabulary import CONTEXT_KINDS, PERSON_KINDS, Vocabulary

__all__ = ["infer_nodes"]

_EXPLICIT, _UNSAID = 0, 99


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name].astype("str").str.strip()
    return pd.Series("", index=frame.index, dtype="str")


def _ends(
    table: RawTable, vocabulary: Vocabulary, problems: list[DataProblem], cap: int
) -> pd.DataFrame:
    """Return one row per association end: id, kind said or implied, its rank, label, name."""
    frame = table.frame
    implied_kind: dict[str, str] = {}
    implied_rank: dict[str, int] = {}
    for name in vocabulary.types:
        spec = vocabulary[name]
        if spec.between == "person_and_context" and spec.contexts:
            implied_kind[name] = spec.contexts[0]
            implied_rank[name] = len(spec.contexts)
    types = _column(frame, "type")
    kinds_allowed = PERSON_KINDS + CONTEXT_KINDS
    parts = []
    for offset, end in enumerate(("source", "target")):
        kind = _column(frame, f"{end}_kind")
        bad = ((kind != "") & ~kind.isin(kinds_allowed)).to_numpy()
        column = f"{end}_kind"
        for pos in np.flatnonzero(bad)[: max(cap + 1 - len(problems), 0)]:
            problems.append(
                DataProblem(
                    table.file,
                    table.first_row + int(pos),
                    table.header(column),
                    str(table.shown_values(column).iat[pos]),
                    f"expected one of {', '.join(kinds_allowed)} "
                    f"(or map the word in [associations.values.{column}])",
                )
            )
        kind = kind.where(~bad, "")
        rank = np.where(kind != "", _EXPLICIT, _UNSAID)
        if end == "target":
            implied = types.map(implied_kind)
            use = ((kind == "") & implied.notna()).to_numpy()
            kind = kind.where(~use, implied)
            rank = np.where(use, types.map(implied_rank).fillna(_UNSAID).to_numpy(), rank)
        parts.append(
            pd.DataFrame(
                {
                    "id": _column(frame, end),
                    "kind": kind.astype("str"),
                    "rank": rank,
                    "label": _column(frame, f"{end}_label"),
                    "name": _column(frame, f"{end}_name"),
                    "end": end,
                    "pos": np.arange(len(frame)),
                    "order": np.arange(len(frame)) * 2 + offset,
                }
            )
        )
    ends = pd.concat(parts, ignore_index=True).sort_values("order", kind="stable")
    return ends[ends["id"] != ""]


def _report_conflicts(
    said: pd.DataFrame, table: RawTable, what: str, problems: list[DataProblem], cap: int
) -> None:
    first = said.drop_duplicates("id").set_index("id")
    clash = said[said["kind"].to_numpy() != said["id"].map(first["kind"]).to_numpy()]
    for row in clash.head(max(cap + 1 - len(problems), 0)).itertuples(index=False):
        column = f"{row.end}_kind"
        first_row = table.first_row + int(first.loc[row.id, "pos"])
        problems.append(
            DataProblem(
                table.file,
                table.first_row + int(row.pos),
                table.header(column),
                str(table.shown_values(column).iat[int(row.pos)]),
                f"{row.id!r} is {first.loc[row.id, 'kind']} in row {first_row}; "
                f"each {what} has one kind",
            )
        )


def _looked_up(ids: pd.Series, said: pd.Series, default: str) -> np.ndarray:
    # An empty lookup maps to all-NaN floats, which pandas will not fill with text.
    found = ids.map(said).astype("object")
    return found.where(found.notna(), default).astype("str").to_numpy()


def _first_said(ends: pd.DataFrame, column: str, ids: pd.Series) -> np.ndarray:
    said = ends[ends[column] != ""].drop_duplicates("id").set_index("id")[column]
    return _looked_up(ids, said, "")


def infer_nodes(
    associations: RawTable,
    vocabulary: Vocabulary,
    *,
    people: RawTable | None,
    contexts: RawTable | None,
    infer_people: bool,
    infer_contexts: bool,
    people_kind: str = "young_person",
    problems: list[DataProblem],
    cap: int = 100,
) -> dict[str, RawTable]:
    """Return the people and/or contexts tables inferred from the associations.

    ``people`` and ``contexts`` are the tables read from files, if any: their ids are never
    inferred as the other kind of node. Problems (kind words that are not kinds, one id given
    two kinds) are appended to ``problems``, naming the association's row and the user's header.
    """
    if not (infer_people or infer_contexts):
        return {}
    ends = _ends(associations, vocabulary, problems, cap)
    given_people = set(people.frame["id"]) if people is not None else set()
    given_contexts = set(contexts.frame["id"]) if contexts is not None else set()
    context_ids = set(ends.loc[ends["kind"].isin(CONTEXT_KINDS), "id"])
    source = f"inferred from {associations.file}"
    found: dict[str, RawTable] = {}
    if infer_people:
        persons = ends[~ends["id"].isin(context_ids | given_contexts)]
        said = persons[persons["kind"].isin(PERSON_KINDS)]
        _report_conflicts(said, associations, "person", problems, cap)
        ids = persons.drop_duplicates("id")["id"]
        kinds = _looked_up(ids, said.drop_duplicates("id").set_index("id")["kind"], people_kind)
        frame = pd.DataFrame(
            {
                "id": ids.to_numpy(),
                "kind": kinds,
                "label": _first_said(persons, "label", ids),
                "name": _first_said(persons, "name", ids),
            },
            dtype="str",
        )
        found["people"] = RawTable("people", f"people ({source})", frame, inferred=True)
    if infer_contexts:
        places = ends[ends["kind"].isin(CONTEXT_KINDS) & ~ends["id"].isin(given_people)]
        _report_conflicts(
            places[places["rank"] == _EXPLICIT], associations, "context", problems, cap
        )
        ids = places.drop_duplicates("id")["id"]
        chosen = places.sort_values(["rank", "order"], kind="stable").drop_duplicates("id")
        frame = pd.DataFrame(
            {
                "id": ids.to_numpy(),
                "kind": _looked_up(ids, chosen.set_index("id")["kind"], ""),
                "name": _first_said(places, "name", ids),
            },
            dtype="str",
        )
        found["contexts"] = RawTable("contexts", f"contexts ({source})", frame, inferred=True)
    return found
