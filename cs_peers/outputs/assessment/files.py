"""Writing the assessment seed files for one candidate group."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from cs_peers.analysis.profiles import GroupProfile
from cs_peers.outputs.assessment.markdown import assessment_markdown
from cs_peers.outputs.assessment.options import SeedOptions
from cs_peers.outputs.assessment.sections import document_blocks
from cs_peers.outputs.assessment.word import assessment_docx

if TYPE_CHECKING:  # matplotlib is imported only when a drawing is made
    from cs_peers.outputs.diagrams.static_drawing import PrintDrawing

__all__ = ["seed_paths", "write_assessment_seed"]

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
