"""The files diagram pages share: written once into a folder that pages load by relative path.

A pack of 330 diagrams used to carry 330 copies of vis-network (720 KB each). Pages written
with ``DiagramOptions(assets="../assets/")`` load vis-network (from the pyvis package) and our
CSS and JavaScript from that folder instead, so a pack grows with its data, still opens from
``file://`` with no network, and its Content-Security-Policy allows scripts from the pack's own
files only ('self'), never inline ones or remote ones.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from functools import cache
from importlib import resources
from pathlib import Path

__all__ = ["ASSET_FILES", "SWATCHES", "asset_text", "write_assets", "write_swatch"]


# name in assets/ -> (package, path inside it)
_SOURCES = {
    "vis-network.min.js": ("pyvis", ("templates", "lib", "vis-9.1.2", "vis-network.min.js")),
    "vis-network.css": ("pyvis", ("templates", "lib", "vis-9.1.2", "vis-network.css")),
    "diagram.css": ("cs_peers.outputs", ("templates", "diagram.css")),
    "diagram.js": ("cs_peers.outputs", ("templates", "diagram.js")),
}
ASSET_FILES = tuple(_SOURCES)
# The legend's drawings, one file per distinct drawing, named by its content.
SWATCHES = "swatches"
_SVG_NS = 'xmlns="http://www.w3.org/2000/svg" '


@cache
def asset_text(name: str) -> str:
    """Return the text of one shared file (``vis-network.min.js``, ``diagram.css``, …)."""
    package, parts = _SOURCES[name]
    return resources.files(package).joinpath(*parts).read_text("utf-8")


def write_assets(folder: Path) -> Path:
    """Return ``folder / "assets"`` after writing every shared file into it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     sorted(p.name for p in write_assets(Path(tmp)).iterdir())
    ['diagram.css', 'diagram.js', 'vis-network.css', 'vis-network.min.js']
    """
    target = Path(folder) / "assets"
    target.mkdir(parents=True, exist_ok=True)
    for name in ASSET_FILES:
        (target / name).write_bytes(asset_text(name).encode("utf-8"))
    return target


def write_swatch(assets: Path, svg: str) -> str:
    """Return the path of ``svg`` (one legend drawing) relative to ``assets``, once written there.

    The file is named by its content, so pages drawn in parallel by several processes write
    the same name with the same bytes; each writes a temporary file and renames it into place,
    so a page never points at a half-written picture.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     name = write_swatch(Path(tmp), '<svg width="2" height="2"></svg>')
    ...     name, (Path(tmp) / name).read_text("utf-8")[:40]
    ('swatches/03062b35bf0e.svg', '<svg xmlns="http://www.w3.org/2000/svg" ')
    """
    # As a file of its own, the drawing needs the namespace that HTML gives inline SVG.
    data = svg.replace("<svg ", "<svg " + _SVG_NS, 1).encode("utf-8")
    name = f"{SWATCHES}/{hashlib.sha256(data).hexdigest()[:12]}.svg"
    target = Path(assets) / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        # Opened by name (not mkstemp), so the file gets the same permissions as the pages.
        temporary = target.with_name(f".{target.name}-{os.getpid()}-{secrets.token_hex(4)}")
        try:
            with open(temporary, "xb") as file:
                file.write(data)
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    return name
