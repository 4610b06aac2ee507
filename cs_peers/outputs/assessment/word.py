"""The assessment seed rendered as a Word document, byte for byte the same for the same inputs."""

from __future__ import annotations

import io
import re
from typing import Any

from cs_peers.analysis.profiles import GroupProfile
from cs_peers.outputs.assessment.document import (
    PLACEHOLDER,
    Bullets,
    Heading,
    Line,
    Marking,
    Para,
    Prompt,
    Table,
    own,
)
from cs_peers.outputs.assessment.options import SeedOptions, generated_at
from cs_peers.outputs.assessment.sections import document_blocks
from cs_peers.outputs.assessment.text import one_line
from cs_peers.outputs.assessment.word_page import add_control, set_a4, set_british_english
from cs_peers.outputs.stable_zip import stable_zip

__all__ = ["assessment_docx"]

# A blank to fill in: "[to complete]", or a numbered one ("1. [to complete]"); the same words
# inside a sentence ("Replace every [to complete] …") stay words.
_BLANK = re.compile(r"(\d+\. )?" + re.escape(PLACEHOLDER))


class _Controls:
    """Numbers the content controls of one document, so equal inputs give equal files."""

    def __init__(self) -> None:
        self.next_id = 1

    def add(self, paragraph: Any, alias: str, placeholder: str) -> None:
        """Append a content control for ``placeholder``; a date picker if ``alias`` is a date."""
        add_control(paragraph, alias, placeholder, ident=self.next_id, date="date" in alias.lower())
        self.next_id += 1


def _docx_runs(
    paragraph: Any, parts: Line, controls: _Controls | None = None, alias: str = ""
) -> None:
    for part in parts:
        if isinstance(part, str):
            paragraph.add_run(one_line(part))
        elif controls is not None and not part.data and _BLANK.fullmatch(part.text):
            # "[to complete]" becomes a content control titled by the words before it.
            before, _, after = part.text.partition(PLACEHOLDER)
            if before:
                paragraph.add_run(before)
            controls.add(paragraph, alias or before.strip(" .:") or "To complete", PLACEHOLDER)
            if after:
                paragraph.add_run(after)
        else:
            run = paragraph.add_run(part.text)
            run.bold = part.bold or None
            run.italic = part.italic or None
            if part.bold and part.text.strip().endswith(":"):
                alias = part.text.strip().rstrip(":")


def _docx_table(document: Any, block: Table, controls: _Controls) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, block.header, strict=True):
        cell.paragraphs[0].add_run(title).bold = True
    # Repeat the header row on every page a long table runs on to.
    row_props = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_props.append(repeat)
    for values in block.rows:
        cells = table.add_row().cells
        for cell, value, title in zip(cells, values, block.header, strict=True):
            _docx_runs(cell.paragraphs[0], (value,), controls, title)


def _docx_marking(section: Any, marking: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0]
        paragraph.text = ""
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(marking).bold = True


def _docx_picture(document: Any, diagram_png: bytes, group_id: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document.add_heading("Diagram of the candidate group", level=1)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The full text width of an A4 page with 2.54 cm margins: the picture's text stays legible.
    paragraph.add_run().add_picture(io.BytesIO(diagram_png), width=Cm(15.9))
    caption = document.add_paragraph(
        f"The same seeded layout as the meeting pack's diagram of {group_id}, with its legend, "
        "caveat and provenance. Positions and lines show what was recorded, not behaviour."
    )
    caption.runs[0].italic = True


def _docx_document(
    profile: GroupProfile, options: SeedOptions, diagram_png: bytes | None = None
) -> Any:
    import docx

    document = docx.Document()
    set_british_english(document)
    for section in document.sections:
        set_a4(section)
        # One header and footer for every page, the first included.
        section.different_first_page_header_footer = False
        _docx_marking(section, options.marking)
    controls = _Controls()
    pictured = diagram_png is None
    for block in document_blocks(profile, options):
        if isinstance(block, Marking):
            continue  # carried by the header and footer of every page
        if isinstance(block, Heading) and block.level == 1 and not pictured:
            # After the header fields and the caveat, before the facts.
            _docx_picture(document, diagram_png or b"", str(profile.group_id))
            pictured = True
        if isinstance(block, Heading):
            heading = document.add_heading(level=block.level)
            _docx_runs(heading, (own(block.text), block.data))
        elif isinstance(block, Para):
            paragraph = document.add_paragraph(style="Intense Quote" if block.callout else None)
            _docx_runs(paragraph, block.parts, controls)
        elif isinstance(block, Bullets):
            for item in block.items:
                _docx_runs(document.add_paragraph(style="List Bullet"), item, controls)
        elif isinstance(block, Prompt):
            document.add_paragraph().add_run(block.question).bold = True
            controls.add(document.add_paragraph(), block.question, PLACEHOLDER)
        else:
            _docx_table(document, block, controls)
            document.add_paragraph()
    properties = document.core_properties
    properties.author = "cs-peers"
    properties.last_modified_by = "cs-peers"
    properties.title = f"Peer group assessment — candidate group {profile.group_id}"
    properties.subject = "Level 2 peer group assessment seed"
    properties.keywords = options.marking
    properties.revision = 1
    when = generated_at(options)
    if when is not None:
        properties.created = when
        properties.modified = when
    return document


def assessment_docx(
    profile: GroupProfile, *, options: SeedOptions, diagram_png: bytes | None = None
) -> bytes:
    """Return the assessment seed for one candidate group as the bytes of a .docx file.

    The document is A4 in British English, with the same sections as the Markdown, real
    headings, tables for members, associations and contexts, the protective marking in the
    header and footer of every page, a content control for every "[to complete]" (a date
    picker for dates), and ``diagram_png`` (the group's diagram) as a picture before the
    facts. Its properties and zip entries are dated from ``generated_at`` in the provenance,
    so the same inputs give the same bytes.

    Raises
    ------
    ValueError
        If ``generated_at`` is not an ISO date/time.
    """
    when = generated_at(options)
    buffer = io.BytesIO()
    _docx_document(profile, options, diagram_png).save(buffer)
    return stable_zip(buffer.getvalue(), when)
