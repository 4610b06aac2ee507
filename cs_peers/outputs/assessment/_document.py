"""The document model both renderers read: a list of blocks of inline spans.

Both formats are rendered from one list of blocks, so the Markdown and the Word document always
say the same thing.

Wording: escaping values for Markdown and putting recorded values into words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cs_peers.analysis.profiles import LOW_CONFIDENCE, natural_key

__all__ = [
    "EMPTY_CELL",
    "PLACEHOLDER",
    "TODO",
    "Block",
    "Bullets",
    "Heading",
    "Inline",
    "Line",
    "Marking",
    "Para",
    "Prompt",
    "Span",
    "Table",
    "between",
    "bold",
    "bold_data",
    "cell_text",
    "escape_markdown",
    "graded_confidence",
    "how_sure",
    "italic",
    "natural_key",
    "one_line",
    "own",
    "para",
    "plural",
    "practitioner_prompts",
    "records",
    "tally",
    "threshold",
    "when_observed",
    "words",
]


PLACEHOLDER = "[to complete]"


@dataclass(frozen=True)
class Span:
    """Inline text, optionally emphasised; our own words unless ``data`` says it is data.

    A plain ``str`` inline is data without emphasis. Data is escaped in Markdown; our own words
    are not, which keeps the "[to complete]" placeholders readable in the file people edit.
    """

    text: str
    bold: bool = False
    italic: bool = False
    data: bool = False


Inline = str | Span
Line = tuple[Inline, ...]


@dataclass(frozen=True)
class Heading:
    text: str  # our own words
    level: int  # 0 is the title
    data: str = ""  # a value from the data that follows the words, such as a group id


@dataclass(frozen=True)
class Para:
    parts: Line
    callout: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[Line, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class Prompt:
    """A question for the practitioner, with room for the answer."""

    question: str


@dataclass(frozen=True)
class Marking:
    text: str


Block = Heading | Para | Bullets | Table | Prompt | Marking

TODO = Span(PLACEHOLDER)


def own(text: str) -> Span:
    """Return our own words, not escaped."""
    return Span(text)


def bold(text: str) -> Span:
    """Return our own words in bold."""
    return Span(text, bold=True)


def bold_data(text: str) -> Span:
    """Return a value from the data in bold."""
    return Span(text, bold=True, data=True)


def italic(text: str) -> Span:
    """Return our own words in italics."""
    return Span(text, italic=True)


def para(*parts: Inline) -> Para:
    """Return a paragraph of the given inline parts."""
    return Para(tuple(parts))


def practitioner_prompts(*questions: str) -> list[Block]:
    """Return the "For the practitioner" heading of a section followed by its questions."""
    return [Heading("For the practitioner", 2), *(Prompt(q) for q in questions)]


EMPTY_CELL = "—"


# Characters that change meaning anywhere in CommonMark/GFM text or in a table cell.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&])")
# Markers that matter only at the start of a value, where it may open a list item: escaping
# them everywhere would clutter the file practitioners edit.
_MD_LEADING = re.compile(r"^(\s*)([-+=]|\d+(?=[.)](?:\s|$)))([.)]?)")
_BREAKS = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


def escape_markdown(text: str) -> str:
    """Return ``text`` safe to place inline in Markdown, including in a table cell.

    Backslash-escapes the characters that would start emphasis, code, links, HTML, entities,
    headings or cell breaks, and a leading list marker; folds line breaks and other control
    characters into spaces, so a value cannot end a row.

    Examples
    --------
    >>> print(escape_markdown("*x* | pipe"))
    \\*x\\* \\| pipe
    >>> print(escape_markdown("1. High St"))
    1\\. High St
    >>> escape_markdown("P1")
    'P1'
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", one_line(text))
    return _MD_LEADING.sub(
        lambda m: f"{m[1]}{m[2]}\\{m[3]}" if m[3] else f"{m[1]}\\{m[2]}", escaped
    )


def one_line(text: object) -> str:
    """Return ``text`` as one line, with line breaks and control characters as spaces."""
    # A line break inside a value would end a table row or a list item, and other control
    # characters are not allowed in the XML of a Word document.
    return _BREAKS.sub(" ", str(text))


def words(name: object) -> str:
    """Return a vocabulary name as words: ``trusted_adult`` as "trusted adult"."""
    return str(name).replace("_", " ")


def plural(n: int, one: str, many: str = "") -> str:
    """Return ``n`` with the singular or plural noun."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return a frame's rows as dicts by column name (far quicker than ``iterrows``)."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def cell_text(value: object) -> str:
    """Return a recorded text value, or a dash when there is none."""
    return value if isinstance(value, str) and value else EMPTY_CELL


def when_observed(row: Mapping[str, Any]) -> str:
    """Return when an association was observed, and recorded if that differs."""
    observed = cell_text(row["observed_on"]).replace(EMPTY_CELL, "undated")
    recorded = row.get("recorded_on", "")
    if isinstance(recorded, str) and recorded and recorded != row["observed_on"]:
        return f"{observed} (recorded {recorded})"
    return observed


def graded_confidence(row: Mapping[str, Any]) -> str:
    """Return the confidence recorded for an association, with its grading."""
    level = cell_text(row.get("confidence"))
    grading = row.get("grading", "")
    return f"{level} ({grading})" if isinstance(grading, str) and grading else level


def how_sure(confidence: float, runs: int | None) -> str:
    """Return how often the grouping runs placed a young person with this group."""
    if runs:
        times = round(confidence * runs)
        if times == runs:
            return f"placed with this group in all {runs} runs"
        return f"placed with this group in {times} of {runs} runs"
    share = round(confidence * 100)
    if share == 100:
        return "placed with this group in every run"
    return f"placed with this group in {share}% of runs"


def threshold(runs: int | None) -> str:
    """Return the share of runs below which a member is less clearly placed."""
    if runs:
        # round() first: 0.6 * 10 is 6.000000000000001, whose ceiling would be 7.
        return f"{math.ceil(round(LOW_CONFIDENCE * runs, 6))} of {runs} runs"
    return f"{round(LOW_CONFIDENCE * 100)}% of runs"


def tally(values: Iterable[object]) -> str:
    """Return the values counted, most common first, or "none recorded"."""
    counts = Counter(str(v) for v in values if isinstance(v, str) and v)
    if not counts:
        return "none recorded"
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{words(name)} ({n})" for name, n in ordered)


def between(row: Mapping[str, Any]) -> str:
    """Return the labels of both ends of an association."""
    return f"{row['source_label']} and {row['target_label']}"
