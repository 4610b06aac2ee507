"""Word details for a UK office: A4 pages, British English, content controls to fill in.

python-docx has no API for content controls, but they are plain WordprocessingML (``w:sdt``),
which python-docx writes faithfully through its ``OxmlElement``: each "[to complete]" becomes a
plain-text content control (a date picker, in day/month/year, for dates) showing the placeholder
until someone types, so a practitioner can tab from one to the next and nothing is left behind
by mistake. Word and LibreOffice both open them as content controls.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["add_control", "set_a4", "set_british_english"]

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
