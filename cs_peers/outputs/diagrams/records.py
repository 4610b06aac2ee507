"""Recorded associations as lines: the records of each drawn pair merged into one styled line.

The words diagrams print: caveats and counted nouns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from pyvis.network import Network

from cs_peers.inputs.dataset import ASSOCIATION_COLUMNS, Dataset
from cs_peers.inputs.vocabulary import AssociationType, Vocabulary

__all__ = [
    "CAVEAT",
    "CONFIDENCE_STYLE",
    "OVERVIEW_CAVEAT",
    "RECORD_COLUMNS",
    "Pair",
    "add_lines",
    "filter_facts",
    "frame_rows",
    "merge_pairs",
    "plural",
    "protective_records",
    "young_people",
]


CAVEAT = (
    "A candidate peer group for practitioners to check, not a finding. Positions and lines show "
    "what agencies recorded, when and how surely — not behaviour, importance or risk."
)
OVERVIEW_CAVEAT = (
    "Candidate peer groups for practitioners to check, not findings. Positions, sizes and lines "
    "show what agencies recorded, when and how surely — not behaviour, importance or risk."
)


def plural(n: int, word: str, many: str | None = None) -> str:
    """Return ``n`` and ``word``, or ``many`` (by default ``word`` + "s") unless ``n`` is 1.

    Examples
    --------
    >>> plural(1, "record"), plural(2, "record"), plural(0, "person", "people")
    ('1 record', '2 records', '0 people')
    """
    return f"{n} {word if n == 1 else (many or word + 's')}"


def young_people(n: int) -> str:
    """Return ``n`` young person or young people."""
    return plural(n, "young person", "young people")


# Only provenance columns are read: ``notes`` never reaches a diagram.
RECORD_COLUMNS = tuple(c for c in ASSOCIATION_COLUMNS if c != "notes")
# The line a pair is drawn with is its most telling type: strengths first, so a protective
# tie is never hidden under an ordinary one; the tooltip lists every record anyway.
_CATEGORY_PRIORITY = {"protective": 0, "concern": 1, "peer": 2, "family": 3, "context": 4}
_CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}
# (opacity, width factor) of a line by the best confidence among its records.
CONFIDENCE_STYLE = {"high": (1.0, 1.0), "medium": (0.8, 0.85), "low": (0.4, 0.6)}
# Categories whose records have a direction worth an arrow (who protects / who is of concern).
_DIRECTED_CATEGORIES = ("protective", "concern")
_MAX_RECORD_LINES = 25


def frame_rows(frame: pd.DataFrame, columns: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """Return the rows of ``frame``'s ``columns`` as tuples of Python values, in frame order."""
    return zip(*(frame[c].tolist() for c in columns), strict=True)


@dataclass
class Pair:
    """All records between two drawn nodes, merged into one line."""

    a: str
    b: str
    records: list[tuple[str, ...]] = field(default_factory=list)


def merge_pairs(records: pd.DataFrame, drawn: set[str]) -> list[Pair]:
    """Return the records between drawn nodes merged per unordered pair, in a stable order.

    Only provenance columns are read: ``notes`` never reaches a diagram.
    """
    frame = records.loc[:, list(RECORD_COLUMNS)].astype(str)
    keep = frame["source"].isin(drawn) & frame["target"].isin(drawn)
    frame = frame[keep & (frame["source"] != frame["target"])]
    frame = frame.sort_values(["observed_on", "type", "reference", "source", "target"])
    merged: dict[tuple[str, str], Pair] = {}
    for row in frame_rows(frame, RECORD_COLUMNS):
        a, b = sorted((row[0], row[1]))
        pair = merged.get((a, b))
        if pair is None:
            pair = merged[(a, b)] = Pair(a, b)
        pair.records.append(tuple(row))
    return [merged[k] for k in sorted(merged)]


def protective_records(dataset: Dataset) -> pd.DataFrame:
    """Return ``person, type`` for each young or adult person end of every protective record."""
    protective = dataset.vocabulary.names(category="protective")
    a = dataset.associations
    rows = a[a["type"].isin(protective)]
    return pd.DataFrame(
        {
            "person": pd.concat([rows["source"], rows["target"]]).astype(str).to_numpy(),
            "type": pd.concat([rows["type"], rows["type"]]).astype(str).to_numpy(),
        }
    )


def add_lines(
    net: Network,
    pairs: list[Pair],
    node_id: dict[str, str],
    labels: dict[str, str],
    vocab: Vocabulary,
) -> set[str]:
    """Return the types the lines are drawn as, after adding one line per pair to ``net``."""
    drawn_types = set()
    for pair in pairs:
        shown = _dominant(pair, vocab)
        drawn_types.add(shown.name)
        source, target, edge = _edge_options(pair, shown, node_id, labels, vocab)
        net.add_edge(source, target, **edge)
    return drawn_types


def filter_facts(date: str, category: str, confidence: str) -> list[str]:
    """Return what the diagram's filters read of one record: its date, category and confidence.

    The date is the day it was observed (or recorded, when that is all there is; ``""``
    undated). Nothing else of a record (never a name, a note or a reference) goes with it.

    Examples
    --------
    >>> filter_facts("", "peer", "")
    ['', 'peer', 'medium']
    """
    return [date, category, confidence or "medium"]


def _record_line(record: tuple[str, ...], labels: dict[str, str], vocab: Vocabulary) -> str:
    source, target, type_, observed, recorded, agency, confidence, grading, reference = record
    when = observed or "undated"
    if recorded and recorded != observed:
        when += f" (recorded {recorded})"
    parts = [when, type_.replace("_", " ")]
    if vocab[type_].category in _DIRECTED_CATEGORIES:
        parts.append(f"{labels.get(source, source)} → {labels.get(target, target)}")
    parts.append(agency.replace("_", " ") if agency else "agency not recorded")
    parts.append(f"{confidence or 'medium'} confidence")
    if grading:
        parts.append(f"grading {grading}")
    parts.append(f"ref {reference}" if reference else "no reference")
    return " · ".join(parts)


def _dominant(pair: Pair, vocab: Vocabulary) -> AssociationType:
    counts: dict[str, int] = {}
    for record in pair.records:
        counts[record[2]] = counts.get(record[2], 0) + 1
    best = min(
        counts,
        key=lambda t: (_CATEGORY_PRIORITY.get(vocab[t].category, 9), -counts[t], t),
    )
    return vocab[best]


def _edge_options(
    pair: Pair,
    shown: AssociationType,
    node_id: dict[str, str],
    labels: dict[str, str],
    vocab: Vocabulary,
) -> tuple[str, str, dict[str, Any]]:
    """Return (from, to, vis options) for one merged pair drawn as type ``shown``."""
    confidence = min(
        (r[6] or "medium" for r in pair.records), key=lambda c: _CONFIDENCE_RANK.get(c, 1)
    )
    opacity, factor = CONFIDENCE_STYLE.get(confidence, CONFIDENCE_STYLE["medium"])
    repeats = min(len(pair.records) - 1, 4)
    source, target = pair.a, pair.b
    arrows: dict[str, Any] = {"to": {"enabled": False}}
    if shown.category in _DIRECTED_CATEGORIES:
        directions = {(r[0], r[1]) for r in pair.records if r[2] == shown.name}
        if directions == {(pair.b, pair.a)}:
            source, target = pair.b, pair.a
        arrows = {"to": {"enabled": True, "scaleFactor": 0.7}}
        if len(directions) > 1:
            arrows["from"] = {"enabled": True, "scaleFactor": 0.7}
    lines = [
        f"{labels.get(source, source)} — {labels.get(target, target)}",
        f"{plural(len(pair.records), 'record')}; best confidence {confidence}; "
        f"drawn as {shown.name.replace('_', ' ')} ({shown.description})",
    ]
    lines += [_record_line(r, labels, vocab) for r in pair.records[:_MAX_RECORD_LINES]]
    if len(pair.records) > _MAX_RECORD_LINES:
        lines.append(f"… and {len(pair.records) - _MAX_RECORD_LINES} more records")
    options: dict[str, Any] = {
        "color": {
            "color": shown.color,
            "highlight": shown.color,
            "hover": shown.color,
            "opacity": opacity,
        },
        "dashes": list(shown.dash_pattern) if shown.dash_pattern else shown.dashes,
        "width": round(shown.width * factor + 0.6 * repeats, 2),
        "title": "\n".join(lines),
        "arrows": arrows,
        # Read by the static exports, which draw each type in a pattern of its own.
        "association_type": shown.name,
        # Read by the page's filters (diagram.js): one entry per record of the pair.
        "records": [filter_facts(r[3] or r[4], vocab[r[2]].category, r[6]) for r in pair.records],
    }
    if shown.category == "protective":
        options["label"] = "★"
        options["font"] = {"color": shown.color, "size": 18, "strokeWidth": 4, "align": "middle"}
    return node_id[source], node_id[target], options
