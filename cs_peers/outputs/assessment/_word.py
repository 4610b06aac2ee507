"""The assessment seed rendered as a Word document, byte for byte the same for the same inputs.

Word details for a UK office: A4 pages, British English, content controls to fill in.

python-docx has no API for content controls, but they are plain WordprocessingML (``w:sdt``),
which python-docx writes faithfully through its ``OxmlElement``: each "[to complete]" becomes a
plain-text content control (a date picker, in day/month/year, for dates) showing the placeholder
until someone types, so a practitioner can tab from one to the next and nothing is left behind
by mistake. Word and LibreOffice both open them as content controls.

The Word template every seed starts from: python-docx's own, without what a seed never uses.

python-docx's default template is 36 KB zipped before a word is written, most of it a second
copy of the styles for Word 2010 (``stylesWithEffects.xml``), 164 styles of which a seed uses a
dozen, 137 "latent" style hints, a thumbnail and a custom XML part; and a theme, a font table,
web settings and application properties, all optional (the styles name the theme's two fonts
themselves), 4 KB zipped in every seed. A borough's pack holds
hundreds of seeds, so they are left out: the template keeps the styles a seed uses (and those
they are based on, linked to or followed by, and those the numbering part names), and is
parsed once per process instead of once per document, which also makes each seed quicker to
write. Word and LibreOffice fill in anything missing from their own defaults.

Writing the assessment seed files for one candidate group.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cs_peers.analysis.profiles import GroupProfile
from cs_peers.outputs.assessment._document import (
    PLACEHOLDER,
    Block,
    Bullets,
    Heading,
    Line,
    Marking,
    Para,
    Prompt,
    Table,
    one_line,
    own,
)
from cs_peers.outputs.assessment._facts import SeedOptions, generated_at
from cs_peers.outputs.assessment._markdown import assessment_markdown
from cs_peers.outputs.assessment._sections import document_blocks
from cs_peers.outputs.folders import stable_zip

if TYPE_CHECKING:
    from cs_peers.outputs.diagrams.static import PrintDrawing

__all__ = [
    "SEED_STYLES",
    "add_control",
    "assessment_docx",
    "new_document",
    "seed_paths",
    "set_a4",
    "set_british_english",
    "write_assessment_seed",
]


_PLACEHOLDER_GREY = "767676"


def set_a4(section: Any) -> None:
    """Set ``section`` to A4 portrait with Word's UK default margins (2.54 cm)."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Mm

    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.54))
    section.header_distance = Cm(1.25)
    section.footer_distance = Cm(1.25)


def set_british_english(document: Any) -> None:
    """Make British English the language of the document's text (spelling, dates)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    props = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if props is None:
        return
    lang = props.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        props.append(lang)
    lang.set(qn("w:val"), "en-GB")


def _element(tag: str, **attributes: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _grey_run_props() -> Any:
    props = _element("w:rPr")
    props.append(_element("w:color", val=_PLACEHOLDER_GREY))
    return props


def add_control(
    paragraph: Any, alias: str, placeholder: str, *, ident: int, date: bool = False
) -> Any:
    """Return the content control appended to ``paragraph``, showing ``placeholder``.

    ``alias`` is the title Word shows on the control (and, shortened, its tag); ``ident`` is
    its id, unique within the document.
    """
    from docx.oxml.ns import qn

    alias = " ".join(alias.split())[:64] or "To complete"
    sdt = _element("w:sdt")
    props = _element("w:sdtPr")
    props.append(_grey_run_props())
    props.append(_element("w:alias", val=alias))
    props.append(_element("w:tag", val=re.sub(r"[^a-z0-9]+", "-", alias.lower()).strip("-")))
    props.append(_element("w:id", val=str(ident)))
    props.append(_element("w:showingPlcHdr"))
    if date:
        picker = _element("w:date")
        picker.append(_element("w:dateFormat", val="dd/MM/yyyy"))
        picker.append(_element("w:lid", val="en-GB"))
        picker.append(_element("w:storeMappedDataAs", val="dateTime"))
        picker.append(_element("w:calendar", val="gregorian"))
        props.append(picker)
    else:
        props.append(_element("w:text", multiLine="1"))
    sdt.append(props)
    content = _element("w:sdtContent")
    run = _element("w:r")
    run.append(_grey_run_props())
    text = _element("w:t")
    text.text = placeholder
    text.set(qn("xml:space"), "preserve")
    run.append(text)
    content.append(run)
    sdt.append(content)
    paragraph._p.append(sdt)
    return sdt


# The styles the seed's writer asks for by name (headings, lists, callouts, tables, and the
# header and footer python-docx adds).
SEED_STYLES = (
    "Normal",
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "List Bullet",
    "Intense Quote",
    "Table Grid",
    "Header",
    "Footer",
)
_DROPPED_RELATIONSHIPS = (
    "stylesWithEffects",
    "customXml",
    "thumbnail",
    "theme",
    "fontTable",
    "webSettings",
    "extended-properties",
)
# Settings a seed has no use for: revision ids, maths defaults, VML shape defaults, a document
# id, a preview picture, the theme's colour mapping.
_DROPPED_SETTINGS = {
    "rsids",
    "mathPr",
    "shapeDefaults",
    "docId",
    "savePreviewPicture",
    "clrSchemeMapping",
}
_THEME_FONT = re.compile(rb"<a:(major|minor)Font>\s*<a:latin typeface=\"([^\"]+)\"")


def _referenced_styles(element: Any) -> set[str]:
    from docx.oxml.ns import qn

    found = set()
    for tag in ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyleLink", "w:styleLink"):
        found |= {str(e.get(qn("w:val"))) for e in element.iter(qn(tag))}
    return found


def _prune_styles(document: Any) -> None:
    """Remove the latent styles and every style the seed cannot reach."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    for latent in styles.findall(qn("w:latentStyles")):
        styles.remove(latent)
    by_id = {str(s.get(qn("w:styleId"))): s for s in styles.findall(qn("w:style"))}
    keep = {document.styles[name].style_id for name in SEED_STYLES}
    keep |= {i for i, s in by_id.items() if s.get(qn("w:default")) in ("1", "true")}
    keep |= _referenced_styles(document.part.numbering_part.element)
    todo = list(keep)
    while todo:
        style = by_id.get(todo.pop())
        if style is None:
            continue
        for tag in ("w:basedOn", "w:link", "w:next"):
            for ref in style.findall(qn(tag)):
                target = str(ref.get(qn("w:val")))
                if target not in keep:
                    keep.add(target)
                    todo.append(target)
    for style_id, style in by_id.items():
        if style_id not in keep:
            styles.remove(style)


def _without_theme(document: Any) -> None:
    """Name the theme's fonts in the styles themselves, so that the theme can be left out."""
    from docx.oxml.ns import qn

    theme = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/theme"))
    fonts = {kind.decode(): face.decode() for kind, face in _THEME_FONT.findall(theme.blob)}
    attributes = {"asciiTheme": "ascii", "hAnsiTheme": "hAnsi", "eastAsiaTheme": "eastAsia",
                  "cstheme": "cs"}  # fmt: skip
    for element in document.styles.element.iter(qn("w:rFonts")):
        for themed, plain in attributes.items():
            value = element.get(qn(f"w:{themed}"))
            if value is None:
                continue
            del element.attrib[qn(f"w:{themed}")]
            # "minorHAnsi" is the minor font's Latin face; East Asian and complex-script
            # faces (none in this theme) are left to Word.
            face = fonts.get(value[:5]) if plain in ("ascii", "hAnsi") else None
            if face:
                element.set(qn(f"w:{plain}"), face)
    settings = document.settings.element
    for child in list(settings):
        if str(child.tag).rpartition("}")[2] in _DROPPED_SETTINGS:
            settings.remove(child)


def _drop_unused_parts(document: Any) -> None:
    """Drop the relationships (and so the parts) of Word 2010 styles, custom XML, thumbnail,
    theme, font table, web settings and application properties (all optional)."""
    for rels in (document.part.rels, document.part.package.rels):
        for rId in [r for r, rel in rels.items() if rel.reltype.endswith(_DROPPED_RELATIONSHIPS)]:
            del rels[rId]


@lru_cache(maxsize=1)
def _template() -> bytes:
    import docx

    document = docx.Document()
    _prune_styles(document)
    _without_theme(document)
    _drop_unused_parts(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def new_document() -> Any:
    """Return a new, empty python-docx document from the seed's slim template."""
    import docx

    return docx.Document(io.BytesIO(_template()))


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


def _styled_paragraph(document: Any, style_id: str | None) -> Any:
    """Return a new paragraph at the end of ``document`` in the style of id ``style_id``.

    The same XML as ``add_paragraph(style=…)``, which finds the style's id again for every
    paragraph by searching the styles part (about a third of a Word seed's time).
    """
    paragraph = document.add_paragraph()
    if style_id is not None:
        paragraph._p.style = style_id
    return paragraph


def _docx_table(document: Any, block: Table, controls: _Controls, style_id: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    # Every row at once: python-docx builds the table from one piece of XML, where adding rows
    # one by one recomputes each cell's width (most of a seed's time on a borough's data).
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table._tbl.tblStyle_val = style_id
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

    if drawing.png is None:
        raise ValueError("a Word seed needs the drawing as a PNG (print_drawing(png=True))")

    document.add_heading("Diagram of the candidate group", level=1)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # At the size it was drawn for (the full text width): its labels print at 8 points.
    paragraph.add_run().add_picture(io.BytesIO(drawing.png), width=Pt(drawing.width))
    _docx_legend(document, drawing)
    caption = document.add_paragraph(
        f"The same seeded layout as the meeting pack's diagram of {group_id}, with its legend. "
        "Positions and lines show what was recorded, not behaviour."
    )
    caption.runs[0].italic = True


def _docx_legend(document: Any, drawing: PrintDrawing) -> None:
    """Set the drawing's whole legend under it as text, in its columns, each entry after its
    swatch: the same words at the same 8 points as the picture would print them."""
    from docx.oxml import OxmlElement
    from docx.shared import Pt, RGBColor

    from cs_peers.outputs.diagrams._static_legend import SWATCH
    from cs_peers.outputs.diagrams.static import LABEL_SIZE, SWATCH_HEIGHT

    if not drawing.legend:
        return
    rows = sum(p.swatch is not None for pieces in drawing.legend for p in pieces)
    # The first swatch is added as a picture; the others are copies of its XML with ids of
    # their own: python-docx would read the image and search the document for a free id again
    # for each (the ids below are the ones it would give).
    first: Any = None
    shape_id = 0
    table = document.add_table(rows=1, cols=len(drawing.legend))
    table.autofit = False
    width = Pt(drawing.width / len(drawing.legend))
    grey = RGBColor(0x33, 0x33, 0x33)
    for cell, pieces in zip(table.rows[0].cells, drawing.legend, strict=True):
        cell.width = width
        for k, piece in enumerate(pieces):
            paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            layout = paragraph.paragraph_format
            layout.space_before, layout.space_after = Pt(2 if piece.title and k else 0), Pt(1)
            if piece.title:
                run = paragraph.add_run(piece.title)
                run.bold, run.font.size = True, Pt(LABEL_SIZE + 0.5)
                continue
            if piece.swatch is not None and drawing.swatches is not None:
                # A hanging indent: the words wrap clear of the swatch, as in the picture.
                layout.left_indent = Pt(SWATCH + 4)
                layout.first_line_indent = -Pt(SWATCH + 4)
                # Every swatch is a window on one picture of them all (Word stores it once).
                run = paragraph.add_run()
                if first is None:
                    inline = run.add_picture(
                        io.BytesIO(drawing.swatches), width=Pt(SWATCH), height=Pt(SWATCH_HEIGHT)
                    )._inline
                    first, shape_id = copy.deepcopy(inline), int(inline.docPr.id)
                else:
                    shape_id += 1
                    inline = copy.deepcopy(first)
                    inline.docPr.id, inline.docPr.name = shape_id, f"Picture {shape_id}"
                    run._r.add_drawing(inline)
                crop = OxmlElement("a:srcRect")
                crop.set("t", str(round(piece.swatch * 100000 / rows)))
                crop.set("b", str(round((rows - piece.swatch - 1) * 100000 / rows)))
                inline.graphic.graphicData.pic.blipFill.blip.addnext(crop)
            run = paragraph.add_run(("\t" if piece.swatch is not None else "") + piece.text)
            run.font.size, run.font.color.rgb = Pt(LABEL_SIZE), grey
            run.italic = piece.swatch is None or None


# The heading styles set by our own paragraphs; deeper levels go through add_heading.
HEADINGS = {level: f"Heading {level}" for level in range(1, 5)}


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
    ids = {
        name: document.styles[name].style_id
        for name in ("Intense Quote", "List Bullet", "Table Grid", *HEADINGS.values())
    }
    for block in blocks if blocks is not None else document_blocks(profile, options):
        if isinstance(block, Marking):
            continue  # carried by the header and footer of every page
        if isinstance(block, Heading) and block.level == 1 and diagram and not pictured:
            # After the header fields and the caveat, before the facts.
            _docx_picture(document, diagram, str(profile.group_id))
            pictured = True
        if isinstance(block, Heading):
            name = HEADINGS.get(block.level)
            heading = (
                _styled_paragraph(document, ids[name])
                if name is not None
                else document.add_heading(level=block.level)
            )
            _docx_runs(heading, (own(block.text), block.data))
        elif isinstance(block, Para):
            paragraph = _styled_paragraph(document, ids["Intense Quote"] if block.callout else None)
            _docx_runs(paragraph, block.parts, controls)
        elif isinstance(block, Bullets):
            for item in block.items:
                _docx_runs(_styled_paragraph(document, ids["List Bullet"]), item, controls)
        elif isinstance(block, Prompt):
            document.add_paragraph().add_run(block.question).bold = True
            controls.add(document.add_paragraph(), block.question, PLACEHOLDER)
        else:
            _docx_table(document, block, controls, ids["Table Grid"])
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
    :func:`~cs_peers.outputs.diagrams.static.print_drawing`) as a picture at its
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


# Group ids become file names; anything else could write outside ``out_dir``.
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def seed_paths(group_id: str, out_dir: Path, *, docx: bool = True) -> list[Path]:
    """Return the files :func:`write_assessment_seed` writes for ``group_id``: .md, then .docx.

    Raises
    ------
    ValueError
        If the group id is not a safe file name.
    """
    if not _SAFE_ID.match(group_id):
        raise ValueError(f"group id {group_id!r} cannot be used in a file name")
    suffixes = (".md", ".docx") if docx else (".md",)
    return [Path(out_dir) / f"{group_id}-assessment{suffix}" for suffix in suffixes]


def write_assessment_seed(
    profile: GroupProfile,
    out_dir: Path,
    *,
    options: SeedOptions,
    docx: bool = True,
    diagram: PrintDrawing | None = None,
) -> list[Path]:
    """Return the paths written: ``<group_id>-assessment.md`` and, with ``docx``, ``.docx``.

    The Word document has the same sections as the Markdown, with real headings, tables for
    members, associations and contexts, and the protective marking in the header and footer
    of every page, and ``diagram`` (the group's drawing for print) as a picture. Its properties
    are dated from ``generated_at`` in the provenance, so the same inputs give byte-identical
    files.

    Raises
    ------
    ValueError
        If the group id is not a safe file name, or ``generated_at`` is not an ISO date/time.
    """
    written = seed_paths(str(profile.group_id), out_dir, docx=docx)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    blocks = document_blocks(profile, options)  # one document, two renderings
    markdown = assessment_markdown(profile, options=options, blocks=blocks)
    written[0].write_text(markdown, encoding="utf-8")
    if docx:
        document = assessment_docx(profile, options=options, diagram=diagram, blocks=blocks)
        written[1].write_bytes(document)
    return written
