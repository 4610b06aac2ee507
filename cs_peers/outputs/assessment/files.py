"""Writing the assessment seed files for one candidate group."""

from __future__ import annotations

import re
from pathlib import Path

from cs_peers.analysis.profiles import GroupProfile
from cs_peers.outputs.assessment.markdown import assessment_markdown
from cs_peers.outputs.assessment.options import SeedOptions
from cs_peers.outputs.assessment.word import assessment_docx

__all__ = ["write_assessment_seed"]

# Group ids become file names; anything else could write outside ``out_dir``.
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def write_assessment_seed(
    profile: GroupProfile,
    out_dir: Path,
    *,
    options: SeedOptions,
    docx: bool = True,
    diagram_png: bytes | None = None,
) -> list[Path]:
    """Return the paths written: ``<group_id>-assessment.md`` and, with ``docx``, ``.docx``.

    The Word document has the same sections as the Markdown, with real headings, tables for
    members, associations and contexts, and the protective marking in the header and footer
    of every page, and ``diagram_png`` (the group's diagram) as a picture. Its properties
    are dated from ``generated_at`` in the provenance, so the same inputs give byte-identical
    files.

    Raises
    ------
    ValueError
        If the group id is not a safe file name, or ``generated_at`` is not an ISO date/time.
    """
    group_id = str(profile.group_id)
    if not _SAFE_ID.match(group_id):
        raise ValueError(f"group id {group_id!r} cannot be used in a file name")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    markdown_path = out_dir / f"{group_id}-assessment.md"
    markdown_path.write_text(assessment_markdown(profile, options=options), encoding="utf-8")
    written = [markdown_path]
    if docx:
        docx_bytes = assessment_docx(profile, options=options, diagram_png=diagram_png)
        docx_path = out_dir / f"{group_id}-assessment.docx"
        docx_path.write_bytes(docx_bytes)
        written.append(docx_path)
    return written
