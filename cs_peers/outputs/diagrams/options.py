"""How diagrams are drawn and marked, and the colours they are drawn in."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from cs_peers.analysis.provenance import DEFAULT_MARKING
from cs_peers.inputs.vocabulary import Vocabulary

__all__ = [
    "ADULT_GREY",
    "CONTEXT_BORDER",
    "CONTEXT_FILL",
    "GROUP_PALETTE",
    "OUTSIDE_GREY",
    "DiagramOptions",
    "category_color",
    "check_color",
    "check_options",
    "group_colors",
    "node_color",
    "rgba",
]

# Paul Tol's "muted" qualitative scheme, which stays distinguishable with the common colour
# vision deficiencies, without its green and olive: green means "protective" on these diagrams.
GROUP_PALETTE = (
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#AA4499",
)
OUTSIDE_GREY = "#9a9a9a"
ADULT_GREY = "#6b6b6b"
CONTEXT_FILL = "#efe9c9"
CONTEXT_BORDER = "#8a7d2f"
# The colour of a category when the vocabulary has no type of it to take the colour from.
_CATEGORY_DEFAULTS = {"protective": "#1b8a4b", "concern": "#c0392b"}
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_TRAILING_NUMBER = re.compile(r"(\d{1,9})$")


@dataclass(frozen=True)
class DiagramOptions:
    """How diagrams are drawn and marked.

    ``provenance`` is shown in each page's footer (data fingerprint, algorithm, parameters,
    seed, version, …) in the given order; nothing time-dependent is added to it, so put a
    generation time in it to stamp one. ``assets`` is the relative URL of a folder written by
    :func:`cs_peers.outputs.diagrams._assets.write_assets` (``"../assets/"``); ``None`` inlines
    every script and style, so that one page is one self-contained file.
    """

    marking: str = DEFAULT_MARKING
    reveal_names: bool = False
    seed: int = 0
    provenance: dict[str, str] = field(default_factory=dict)
    assets: str | None = None


def check_options(options: DiagramOptions) -> None:
    """Return nothing if ``options`` can mark a diagram; raise ``ValueError`` otherwise."""
    if not options.marking.strip():
        raise ValueError("marking must not be empty: every diagram carries a protective marking")


def group_colors(group_ids: list[str]) -> dict[str, str]:
    """Return a colour per group id from a colour-blind-safe palette, the same for the same id.

    The colour depends on the id alone, so a group keeps its colour from one run, and one
    meeting, to the next. Ids ending in a number (``G7``, ``PG-0007``) take the palette in
    number order, so neighbouring numbers never share a colour; other ids use a hash of the id
    (SHA-256, not Python's salted ``hash``). Colours repeat after
    ``len(GROUP_PALETTE)`` groups; ids are always written next to them.

    Examples
    --------
    >>> colors = group_colors(["G1", "G2"])
    >>> colors["G1"] == group_colors(["G1"])["G1"] and colors["G1"] != colors["G2"]
    True
    """
    result = {}
    for group_id in group_ids:
        number = _TRAILING_NUMBER.search(str(group_id))
        if number:
            index = int(number.group(1)) - 1
        else:
            digest = hashlib.sha256(str(group_id).encode("utf-8")).digest()
            index = int.from_bytes(digest[:4], "big")
        result[group_id] = GROUP_PALETTE[index % len(GROUP_PALETTE)]
    return result


def check_color(color: str, what: str) -> str:
    """Return ``color`` if it is ``#rrggbb``; raise ``ValueError`` naming ``what`` otherwise."""
    if not _HEX.match(color):
        raise ValueError(f"{what} {color!r} must look like '#3566a8'")
    return color


def rgba(color: str, alpha: float) -> str:
    """Return ``#rrggbb`` as a CSS ``rgba(…)`` colour with opacity ``alpha``."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def category_color(vocab: Vocabulary, category: str) -> str:
    """Return the colour of the first type of ``category`` (``protective`` or ``concern``)."""
    for t in vocab.types.values():
        if t.category == category:
            return t.color
    return _CATEGORY_DEFAULTS[category]


def node_color(fill: str, border: str) -> dict[str, Any]:
    """Return vis-network colour options for a node, outlined black when pointed at."""
    return {
        "background": fill,
        "border": border,
        "highlight": {"background": fill, "border": "#000000"},
        "hover": {"background": fill, "border": "#000000"},
    }
