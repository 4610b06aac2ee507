"""The files diagram pages share: written once into a folder that pages load by relative path.

A pack of 330 diagrams used to carry 330 copies of vis-network (720 KB each). Pages written
with ``DiagramOptions(assets="../assets/")`` load vis-network (from the pyvis package) and our
CSS and JavaScript from that folder instead, so a pack grows with its data, still opens from
``file://`` with no network, and its Content-Security-Policy allows scripts from the pack's own
files only ('self'), never inline ones or remote ones.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

__all__ = ["ASSET_FILES", "asset_text", "write_assets"]


# name in assets/ -> (package, path inside it)
_SOURCES = {
    "vis-network.min.js": ("pyvis", ("templates", "lib", "vis-9.1.2", "vis-network.min.js")),
    "vis-network.css": ("pyvis", ("templates", "lib", "vis-9.1.2", "vis-network.css")),
    "diagram.css": ("cs_peers.outputs", ("templates", "diagram.css")),
    "diagram.js": ("cs_peers.outputs", ("templates", "diagram.js")),
}
ASSET_FILES = tuple(_SOURCES)


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
