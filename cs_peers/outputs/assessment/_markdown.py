"""The assessment seed rendered as Markdown."""

from __future__ import annotations

from collections.abc import Sequence

from cs_peers.analysis.profiles import GroupProfile
from cs_peers.outputs.assessment._document import (
    PLACEHOLDER,
    Block,
    Bullets,
    Heading,
    Inline,
    Line,
    Marking,
    Para,
    Prompt,
    escape_markdown,
)
from cs_peers.outputs.assessment._facts import SeedOptions
from cs_peers.outputs.assessment._sections import document_blocks

__all__ = ["assessment_markdown"]


def _md_inline(part: Inline) -> str:
    if isinstance(part, str):
        return escape_markdown(part)
    text = escape_markdown(part.text) if part.data else part.text
    if part.bold:
        return f"**{text.strip()}**" + (" " if text.endswith(" ") else "")
    if part.italic:
        lead = " " if text.startswith(" ") else ""
        return f"{lead}*{text.strip()}*" + (" " if text.endswith(" ") else "")
    return text


def _md_line(parts: Line) -> str:
    return "".join(_md_inline(p) for p in parts)


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Marking):
        return [escape_markdown(block.text)]
    if isinstance(block, Heading):
        # The title is the only level-1 heading; sections start at level 2.
        return ["#" * (block.level + 1) + " " + block.text + escape_markdown(block.data)]
    if isinstance(block, Para):
        text = _md_line(block.parts)
        return [f"> {text}"] if block.callout else [text]
    if isinstance(block, Bullets):
        return ["\n".join(f"- {_md_line(item)}" for item in block.items)]
    if isinstance(block, Prompt):
        return [f"**{block.question}**", PLACEHOLDER]
    lines = [
        "| " + " | ".join(block.header) + " |",
        "|" + "|".join("---" for _ in block.header) + "|",
    ]
    lines += ["| " + " | ".join(_md_inline(c) for c in row) + " |" for row in block.rows]
    return ["\n".join(lines)]


def assessment_markdown(
    profile: GroupProfile, *, options: SeedOptions, blocks: Sequence[Block] | None = None
) -> str:
    """Return the assessment seed for one candidate group as Markdown.

    The protective marking is the first and the last line. Labels, context names, references
    and other values from the data are escaped, so they cannot break tables or emphasis.

    Parameters
    ----------
    profile
        The group's facts, built with the labels the reader may see (pseudonymous by default).
    options
        Marking, provenance and identity history to show.
    blocks
        The seed's blocks when already made (:func:`~._sections.document_blocks`), for the Word
        seed too.
    """
    chunks: list[str] = []
    for block in blocks if blocks is not None else document_blocks(profile, options):
        chunks += _md_block(block)
    return "\n\n".join(chunks) + "\n"
