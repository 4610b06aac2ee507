"""A colour and a line pattern per association type, distinct from every other type's.

Printed in black and white, or seen by someone who does not tell blue from purple, a line must
still say which type it is: so every type differs from every other in colour *and* in pattern,
and the legend names it. The vocabulary's colour is kept when no earlier type has it; a type
that repeats a colour gets a lighter or darker shade of it, so the colour still says the
category (blue for peers, grey for family, olive for contexts). Patterns come from one list,
solid ones first for types the vocabulary draws solid, dashed ones for those it dashes.
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterator
from typing import NamedTuple

from cs_peers.inputs.vocabulary import Vocabulary

__all__ = ["LineStyle", "line_styles"]


class LineStyle(NamedTuple):
    """How one type's lines are drawn: ``dashes`` are on/off lengths in points, () is solid."""

    color: str
    dashes: tuple[float, ...]
    width: float


# Patterns that read as unbroken lines with marks in them, for types drawn solid …
_SOLID_PATTERNS: tuple[tuple[float, ...], ...] = (
    (),
    (20.0, 2.0),
    (14.0, 2.5),
    (14.0, 2.5, 2.5, 2.5),
    (14.0, 2.5, 2.5, 2.5, 2.5, 2.5),
    (22.0, 3.0, 7.0, 3.0),
    (9.0, 2.0, 1.0, 2.0, 1.0, 2.0),
    (8.0, 1.5),
)
# … and broken ones for types drawn dashed.
_DASHED_PATTERNS: tuple[tuple[float, ...], ...] = (
    (6.0, 4.0),
    (1.5, 3.0),
    (6.0, 3.0, 1.5, 3.0),
    (3.0, 3.0),
    (10.0, 5.0),
    (1.5, 3.0, 1.5, 3.0, 6.0, 3.0),
    (4.0, 6.0),
    (2.0, 5.0),
)
# Lightness changes for a repeated colour, in order: still the same hue, clearly another shade.
_SHADES = (-0.16, 0.16, -0.28, 0.26, -0.08, 0.08)


def _shade(color: str, delta: float, hue: float = 0.0) -> str:
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    lightness = min(max(lightness + delta, 0.12), 0.82)
    r, g, b = colorsys.hls_to_rgb((h + hue) % 1.0, lightness, s)
    return "#" + "".join(f"{round(v * 255):02x}" for v in (r, g, b))


def _candidates(color: str) -> Iterator[str]:
    """Return the colours to try for a type, its own first, then shades, then nearby hues."""
    yield color
    for delta in _SHADES:
        yield _shade(color, delta)
    # Only a vocabulary with very many types of one colour gets this far.
    for step in range(1, 1000):
        yield _shade(color, _SHADES[step % len(_SHADES)], hue=0.011 * step)
    raise ValueError(f"cannot find a colour distinct from the others near {color}")


def line_styles(vocab: Vocabulary) -> dict[str, LineStyle]:
    """Return each type's line style; no two types share a colour or a pattern.

    Examples
    --------
    >>> from cs_peers.inputs.vocabulary import default_vocabulary
    >>> styles = line_styles(default_vocabulary())
    >>> len({s.color for s in styles.values()}) == len({s.dashes for s in styles.values()})
    True
    >>> styles["friend"].dashes
    ()
    """
    colors: set[str] = set()
    solid = list(_SOLID_PATTERNS)
    dashed = list(_DASHED_PATTERNS)
    styles: dict[str, LineStyle] = {}
    # The first type (the commonest tie, friend by default) and then the strengths choose
    # first, so that both are drawn as unbroken or nearly unbroken lines.
    first = next(iter(vocab.types), "")
    types = sorted(
        vocab.types.values(), key=lambda t: t.name != first and t.category != "protective"
    )
    for t in types:
        color = next(c for c in _candidates(t.color.lower()) if c not in colors)
        colors.add(color)
        # Once one list is used up, the other one's patterns still differ from all used so far.
        patterns = (dashed or solid) if t.dashes else (solid or dashed)
        if not patterns:
            patterns.append((3.0 + len(styles), 2.0 + len(styles) / 2))
        styles[t.name] = LineStyle(color, patterns.pop(0), t.width)
    return {name: styles[name] for name in vocab.types}
