"""The assessment seed rendered as a Word document, byte for byte the same for the same inputs."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cs_peers.analysis.profiles import GroupProfile
from cs_peers.outputs.assessment.document import (
    PLACEHOLDER,
    Block,
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
from cs_peers.outputs.assessment.word_template import new_document
from cs_peers.outputs.stable_zip import stable_zip

if TYPE_CHECKING:  # matplotlib is imported only when a drawing is made
    from cs_peers.outputs.diagrams.static_drawing import PrintDrawing

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


def _plain_run(paragraph: Any, text: str) -> None:
    """Append a run of plain text: what ``add_run`` makes, without its wrapper's overhead."""
    if "\t" in text:
        paragraph.add_run(text)  # python-docx turns a tab into <w:tab/>
    elif text:
        paragraph._p.add_r().add_t(text)
    else:
        paragraph._p.add_r()


def _docx_runs(
    paragraph: Any, parts: Line, controls: _Controls | None = None, alias: str = ""
) -> None:
    for part in parts:
        if isinstance(part, str):
            _plain_run(paragraph, one_line(part))
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
    from docx.text.paragraph import Paragraph

    # Every row at once: python-docx builds the table from one piece of XML, where adding rows
    # one by one recomputes each cell's width (most of a seed's time on a borough's data).
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    rows = table._tbl.tr_lst
    for tc, title in zip(rows[0].tc_lst, block.header, strict=True):
        Paragraph(tc.p_lst[0], table).add_run(title).bold = True
    # Repeat the header row on every page a long table runs on to.
    row_props = rows[0].get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_props.append(repeat)
    for tr, values in zip(rows[1:], block.rows, strict=True):
        for tc, value, title in zip(tr.tc_lst, values, block.header, strict=True):
            _docx_runs(Paragraph(tc.p_lst[0], table), (value,), controls, title)


def _docx_marking(section: Any, marking: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0]
        paragraph.text = ""
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(marking).bold = True


def _docx_picture(document: Any, drawing: PrintDrawing, group_id: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document.add_heading("Diagram of the candidate group", level=1)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # At the size it was drawn for (the full text width): its labels print at 8 points.
    paragraph.add_run().add_picture(io.BytesIO(drawing.png), width=Pt(drawing.width))
    caption = document.add_paragraph(
        f"The same seeded layout as the meeting pack's diagram of {group_id}, with its legend. "
        "Positions and lines show what was recorded, not behaviour."
    )
    caption.runs[0].italic = True


def _docx_document(
    profile: GroupProfile,
    options: SeedOptions,
    diagram: PrintDrawing | None = None,
    blocks: Sequence[Block] | None = None,
) -> Any:
    document = new_document()
    set_british_english(document)
    for section in document.sections:
        set_a4(section)
        # One header and footer for every page, the first included.
        section.different_first_page_header_footer = False
        _docx_marking(section, options.marking)
    controls = _Controls()
    pictured = False
    # Styles looked up once: python-docx finds a style by name by searching them all.
    styles = {name: document.styles[name] for name in ("Intense Quote", "List Bullet")}
    headings = {level: document.styles[f"Heading {level}"] for level in range(1, 5)}
    for block in blocks if blocks is not None else document_blocks(profile, options):
        if isinstance(block, Marking):
            continue  # carried by the header and footer of every page
        if isinstance(block, Heading) and block.level == 1 and diagram and not pictured:
            # After the header fields and the caveat, before the facts.
            _docx_picture(document, diagram, str(profile.group_id))
            pictured = True
        if isinstance(block, Heading):
            style = headings.get(block.level)
            heading = (
                document.add_paragraph(style=style)
                if style is not None
                else document.add_heading(level=block.level)
            )
            _docx_runs(heading, (own(block.text), block.data))
        elif isinstance(block, Para):
            paragraph = document.add_paragraph(
                style=styles["Intense Quote"] if block.callout else None
            )
            _docx_runs(paragraph, block.parts, controls)
        elif isinstance(block, Bullets):
            for item in block.items:
                _docx_runs(document.add_paragraph(style=styles["List Bullet"]), item, controls)
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
    profile: GroupProfile,
    *,
    options: SeedOptions,
    diagram: PrintDrawing | None = None,
    blocks: Sequence[Block] | None = None,
) -> bytes:
    """Return the assessment seed for one candidate group as the bytes of a .docx file.

    The document is A4 in British English, with the same sections as the Markdown, real
    headings, tables for members, associations and contexts, the protective marking in the
    header and footer of every page, a content control for every "[to complete]" (a date
    picker for dates), and ``diagram`` (the group's drawing for print, see
    :func:`~cs_peers.outputs.diagrams.static_drawing.print_drawing`) as a picture at its
    printed size before the facts. Its properties and zip entries are dated from
    ``generated_at`` in the provenance, so the same inputs give the same bytes.

    Raises
    ------
    ValueError
        If ``generated_at`` is not an ISO date/time.
    """
    when = generated_at(options)
    buffer = io.BytesIO()
    _docx_document(profile, options, diagram, blocks).save(buffer)
    return stable_zip(buffer.getvalue(), when)
