"""The columns of a sheet of links that headers alone leave open, found from the values.

Its two ends (columns of the same kind of ids), the names, labels and kinds that describe each
end (by shared words, or by sitting beside it), the ids beside names ("Pupil 1" beside
"Ref 1"), and its dates. Each step fills ``found`` (contract column → header), takes the header
from ``free`` and says ``why`` in a few words, for the draft mapping the analyst checks.
"""

from __future__ import annotations

import pandas as pd

from cs_peers.inputs.mapping.guess_values import date_share, find_link_ends, name_share
from cs_peers.inputs.mapping.headers import ID_WORDS, ROLE_WORDS, end_column, normalise_header

__all__ = ["dates_from_values", "end_roles", "ends_from_values", "ids_beside_names"]

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
