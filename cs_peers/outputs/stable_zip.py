"""Office files (Word, Excel) as the same bytes for the same content: zip entries re-dated.

A ``.docx`` or ``.xlsx`` is a zip whose entries carry the time they were written; re-zipped
with one fixed time (the output's ``generated at``, else the earliest a zip can hold), equal
inputs give equal files (``tests/test_byte_identical.py``).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

__all__ = ["ZIP_EPOCH", "stable_zip"]

# Zip entries need a timestamp; without a generation time, the earliest a zip can hold.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def stable_zip(data: bytes, when: datetime | None) -> bytes:
    """Return the zip ``data`` re-zipped with every entry dated ``when`` (deflated, mode 644)."""
    stamp = when.timetuple()[:6] if when is not None and when.year >= 1980 else ZIP_EPOCH
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
