"""The Word template every seed starts from: python-docx's own, without what a seed never uses.

python-docx's default template is 36 KB zipped before a word is written, most of it a second
copy of the styles for Word 2010 (``stylesWithEffects.xml``), 164 styles of which a seed uses a
dozen, 137 "latent" style hints, a thumbnail and a custom XML part. A borough's pack holds
hundreds of seeds, so they are left out: the template keeps the styles a seed uses (and those
they are based on, linked to or followed by, and those the numbering part names), and is
parsed once per process instead of once per document, which also makes each seed quicker to
write. Word and LibreOffice fill in anything missing from their own defaults.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

__all__ = ["SEED_STYLES", "new_document"]

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
_DROPPED_RELATIONSHIPS = ("stylesWithEffects", "customXml", "thumbnail")


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


def _drop_unused_parts(document: Any) -> None:
    """Drop the relationships (and so the parts) of Word 2010 styles, custom XML and thumbnail."""
    for rels in (document.part.rels, document.part.package.rels):
        for rId in [r for r, rel in rels.items() if rel.reltype.endswith(_DROPPED_RELATIONSHIPS)]:
            del rels[rId]


@lru_cache(maxsize=1)
def _template() -> bytes:
    import docx

    document = docx.Document()
    _prune_styles(document)
    _drop_unused_parts(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def new_document() -> Any:
    """Return a new, empty python-docx document from the seed's slim template."""
    import docx

    return docx.Document(io.BytesIO(_template()))
