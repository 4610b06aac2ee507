"""Best guesses for a starting mapping: where the headers are, which header is which column,
which word which value.

Guesses are only ever written into a draft mapping for the analyst to check
(``cs-peers mapping init``); reading never guesses. Headers decide first; what they leave open
is guessed from the values (:mod:`~cs_peers.inputs.mapping._values`). A word is guessed
only when it is a contract value written another way or is in the synonym list
(:mod:`~cs_peers.inputs.mapping._headers`), never matched to the nearest-looking one.

The columns of a sheet of links that headers alone leave open, found from the values.

Its two ends (columns of the same kind of ids), the names, labels and kinds that describe each
end (by shared words, or by sitting beside it), the ids beside names ("Pupil 1" beside
"Ref 1"), and its dates. Each step fills ``found`` (contract column → header), takes the header
from ``free`` and says ``why`` in a few words, for the draft mapping the analyst checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pandas as pd

from cs_peers.inputs.mapping._headers import (
    ID_WORDS,
    ROLE_WORDS,
    Synonyms,
    columns_from_headers,
    end_column,
    guess_header_row,
    load_synonyms,
    normalise_header,
)
from cs_peers.inputs.mapping._values import (
    date_share,
    find_link_ends,
    grading_share,
    name_share,
    order_evidence,
    word_share,
)
from cs_peers.inputs.mapping.spec import CONTRACT_COLUMNS
from cs_peers.inputs.vocabulary import Vocabulary

__all__ = [
    "ColumnGuess",
    "dates_from_values",
    "end_roles",
    "ends_from_values",
    "guess_columns",
    "guess_date_order",
    "guess_header_row",
    "guess_table",
    "guess_word",
    "ids_beside_names",
]


# Header words that say "an id" without saying whose.
_GENERIC = {"id", "ref", "reference", "no", "number", "code", "urn", "upn", "crn", "of", "the"}
# Header words of dates that are not a link's (a person's date of birth).
_NOT_LINK_DATES = {"birth", "dob", "born"}
_RECORDED_WORDS = {"recorded", "entered", "created", "input", "added", "logged", "entry"}
_ENDS = ("source", "target")


def _words(header: str) -> set[str]:
    return set(normalise_header(header).split())


def ends_from_values(
    frame: pd.DataFrame, found: dict[str, str], free: list[str], why: dict[str, str]
) -> None:
    """Find the ends the headers did not: the column most like the one end found, or the two
    columns of the same kind of ids (preferring headers with an id word)."""
    have = [end for end in _ENDS if end in found]
    if len(have) == 2:
        return
    candidates = [h for h in free if date_share(frame[h]) < 0.5]
    worded = [h for h in candidates if _words(h) & ID_WORDS]
    if len(have) == 1:
        missing = "target" if have[0] == "source" else "source"
        chosen = find_link_ends(frame, worded, found=found[have[0]]) or find_link_ends(
            frame, candidates, found=found[have[0]]
        )
        if chosen:
            why[missing] = "its values are ids like the other end's"
        elif worded:
            chosen = worded[:1]
            why[missing] = "the other end of the link, by its name"
        if chosen:
            found[missing] = chosen[0]
            free.remove(chosen[0])
        return
    pair = find_link_ends(frame, worded, found=None) or find_link_ends(
        frame, candidates, found=None
    )
    for end, header in zip(_ENDS, pair, strict=False):
        found[end] = header
        free.remove(header)
        why[end] = "two columns of the same kind of ids"


def ids_beside_names(
    frame: pd.DataFrame, found: dict[str, str], free: list[str], why: dict[str, str]
) -> None:
    """Where an end's column holds names and another column of that end holds ids ("Pupil 1"
    and "Ref 1"), take the ids as the end and the names as its names."""
    for end in _ENDS:
        header = found.get(end)
        if header is None or f"{end}_name" in found:
            continue
        others = [h for h in free if end_column(h) == end or end_column(h) == f"{end}_name"]
        names = [h for h in others if name_share(frame[h]) >= 0.8]
        if name_share(frame[header]) >= 0.8:
            ids = [h for h in others if name_share(frame[h]) < 0.2 and end_column(h) == end]
            if ids:
                found[f"{end}_name"], found[end] = header, ids[0]
                free.remove(ids[0])
                why[end] = "ids beside the names"
                why[f"{end}_name"] = "names beside the ids: labels will be their initials"
        elif names:
            found[f"{end}_name"] = names[0]
            free.remove(names[0])
            why[f"{end}_name"] = "names of this end: labels will be their initials"


def _end_of(header: str, headers: list[str], found: dict[str, str]) -> tuple[str, bool] | None:
    """Return the end a describing header belongs to, and whether by shared words (else by
    sitting just right of the end's column)."""
    words = _words(header)
    sharing = [
        (len(distinct), end)
        for end in _ENDS
        if end in found and (distinct := _words(found[end]) - _GENERIC) and distinct <= words
    ]
    if sharing:
        return max(sharing)[1], True
    at = headers.index(header)
    for left in reversed(headers[:at]):
        for end in _ENDS:
            if found.get(end) == left:
                return end, False
        if left in found.values():
            return None
    return None


def end_roles(
    frame: pd.DataFrame, found: dict[str, str], free: list[str], why: dict[str, str]
) -> None:
    """Give each end its names, labels and kinds from headers that describe it: by words shared
    with the end's header ("Child name" beside "Child ID"), or, for names and labels, by sitting
    just right of it ("Case number | Initials")."""
    headers = [str(c) for c in frame.columns]
    for header in list(free):
        words = _words(header)
        role = next((suffix for suffix, marks in ROLE_WORDS.items() if words & marks), None)
        placed = _end_of(header, headers, found) if role is not None else None
        if role is None or placed is None:
            continue
        end, by_words = placed
        if f"{end}{role}" in found or (role == "_kind" and not by_words):
            continue
        found[f"{end}{role}"] = header
        free.remove(header)
        why[f"{end}{role}"] = "describes this end" + ("" if by_words else " (the column beside it)")


def dates_from_values(
    frame: pd.DataFrame, found: dict[str, str], free: list[str], why: dict[str, str]
) -> None:
    """Take columns of dates as ``observed_on``, then ``recorded_on`` (first when the header
    says recorded, entered, created…); never a date of birth."""
    for header in list(free):
        words = _words(header)
        if words & _NOT_LINK_DATES or date_share(frame[header]) < 0.8:
            continue
        if words & _RECORDED_WORDS and "recorded_on" not in found:
            column = "recorded_on"
        elif "observed_on" not in found:
            column = "observed_on"
        elif "recorded_on" not in found:
            column = "recorded_on"
        else:
            break
        found[column] = header
        free.remove(header)
        why[column] = "its values are dates"


_TABLE_HINTS = {
    "associations": ("link", "association", "relationship", "connection", "edge", "contact"),
    "contexts": ("context", "place", "location", "school", "venue", "space"),
    "people": ("people", "person", "young", "child", "cohort", "nominal", "individual"),
}


@dataclass(frozen=True)
class ColumnGuess:
    """Which header is which contract column (``columns``), and why, for those not plain from
    the header alone (``why``: column → a few words for the draft)."""

    columns: dict[str, str]
    why: dict[str, str]


def _best(
    frame: pd.DataFrame, free: list[str], share: Callable[[pd.Series], float], least: float
) -> str | None:
    scored = [(share(frame[h]), -i, h) for i, h in enumerate(free)]
    top = max(scored, default=(0.0, 0, ""))
    return top[2] if top[0] >= least else None


def guess_columns(
    table: str,
    frame: pd.DataFrame,
    *,
    synonyms: Synonyms | None = None,
    vocabulary: Vocabulary | None = None,
) -> ColumnGuess:
    """Return the best guess of the user's header for each contract column of ``table``.

    Headers decide first; for links, the values then fill what headers leave open: the two
    ends (columns of the same kind of ids), dates, relationship words, confidence, gradings and
    agencies, and names given as ids (mapped as the ends' names too, so that labels are
    initials derived from them, never the names).
    """
    headers = [str(c) for c in frame.columns]
    found, free = columns_from_headers(table, headers)
    why: dict[str, str] = {}
    words = synonyms or load_synonyms()
    agency_share = partial(word_share, value_of=lambda w: words.value_of("source_agency", w))
    header_agency = found.get("source_agency")
    if (
        header_agency is not None
        and name_share(frame[header_agency]) >= 0.5
        and agency_share(frame[header_agency]) < 0.5
    ):
        # "Recorded by" holding people's names is not an agency: leave it (and them) out.
        free.append(found.pop("source_agency"))
    if table == "associations":
        ends_from_values(frame, found, free, why)
        ids_beside_names(frame, found, free, why)
        dates_from_values(frame, found, free, why)
        types = tuple(vocabulary.types) if vocabulary is not None else ()

        def type_of(word: str) -> str | None:
            value = words.value_of("type", word)
            exact = normalise_header(word).replace(" ", "_")
            return exact if exact in types else value

        by_values: list[tuple[str, Callable[[pd.Series], float], float, str]] = [
            ("type", partial(word_share, value_of=type_of), 0.5, "relationship words"),
            (
                "confidence",
                partial(word_share, value_of=lambda w: words.value_of("confidence", w)),
                0.8,
                "confidence words",
            ),
            ("grading", grading_share, 0.8, "intelligence gradings"),
            ("source_agency", agency_share, 0.6, "agencies"),
        ]
        for column, share, least, what in by_values:
            if column in found:
                continue
            header = _best(frame, free, share, least)
            if header is not None:
                found[column] = header
                free.remove(header)
                why[column] = f"its values are {what}"
        end_roles(frame, found, free, why)
        for end in ("source", "target"):
            if end in found and f"{end}_name" not in found and name_share(frame[found[end]]) >= 0.8:
                found[f"{end}_name"] = found[end]
                why[f"{end}_name"] = "the ids are names: labels will be initials, never the names"
    order = list(CONTRACT_COLUMNS[table])
    columns = dict(sorted(found.items(), key=lambda item: order.index(item[0])))
    return ColumnGuess(columns, why)


def guess_table(
    name: str, frame: pd.DataFrame, *, vocabulary: Vocabulary | None = None
) -> tuple[str, ColumnGuess] | None:
    """Return which contract table a file or sheet called ``name`` most likely holds, and its
    columns, or ``None``."""
    links = guess_columns("associations", frame, vocabulary=vocabulary)
    lowered = name.lower()
    for table in ("contexts", "people"):
        if any(hint in lowered for hint in _TABLE_HINTS[table]):
            columns = guess_columns(table, frame)
            if "id" in columns.columns:
                return table, columns
    if "source" in links.columns and "target" in links.columns:
        return "associations", links
    people = guess_columns("people", frame)
    if "id" in people.columns:
        return "people", people
    return None


def guess_word(
    column: str, word: str, allowed: tuple[str, ...] | None, synonyms: Synonyms | None = None
) -> tuple[str, str] | None:
    """Return the contract value ``word`` clearly stands for and where that came from (``same
    word`` or ``synonym list``), or ``None`` when unsure.

    >>> guess_word("type", "Seen together", ("friend", "seen_together"))
    ('seen_together', 'same word')
    >>> guess_word("type", "Associate", ("friend", "seen_together"))
    ('seen_together', 'synonym list')
    >>> guess_word("type", "Cousin", ("friend", "seen_together", "family")) is None
    True
    """
    norm = normalise_header(word)
    for value in allowed or ():
        if norm == normalise_header(value):
            return value, "same word"
    guess = (synonyms or load_synonyms()).value_of(column, word)
    if guess is not None and (allowed is None or guess in allowed):
        return guess, "synonym list"
    return None


def guess_date_order(values: pd.Series) -> tuple[str, str]:
    """Return the likely date order of some dates, and why (saying so when it is ambiguous).

    >>> guess_date_order(pd.Series(["03/04/2025", "13/01/2025"]))
    ('day-first', 'a first number above 12 (13/01/2025)')
    >>> guess_date_order(pd.Series(["03/04/2025", "05/06/2025"]))[1]
    'ambiguous: no number above 12 in 2 dates; the UK order is assumed, check it'
    """
    text = values.astype("str").str.strip().reset_index(drop=True)
    evidence = order_evidence(text)
    if evidence.numeric == 0:
        return "iso", "no day/month/year dates seen"
    if evidence.day_first and evidence.month_first:
        return "day-first", (
            f"ambiguous: both orders seen ({evidence.day_first} and {evidence.month_first}); "
            "the UK order is assumed, check the file"
        )
    if evidence.day_first:
        return "day-first", f"a first number above 12 ({evidence.day_first})"
    if evidence.month_first:
        return "month-first", f"a second number above 12 ({evidence.month_first})"
    return "day-first", (
        f"ambiguous: no number above 12 in {evidence.numeric} dates; the UK order is assumed, "
        "check it"
    )
