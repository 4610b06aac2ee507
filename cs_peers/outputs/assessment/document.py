"""The document model both renderers read: a list of blocks of inline spans.

Both formats are rendered from one list of blocks, so the Markdown and the Word document always
say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
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
    "bold",
    "bold_data",
    "italic",
    "own",
    "para",
    "practitioner_prompts",
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
