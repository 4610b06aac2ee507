"""How diagrams draw what they draw: a style per association type, group colours, people, and
the legend that names them.

A colour and a line pattern per association type, distinct from every other type's.

Printed in black and white, or seen by someone who does not tell blue from purple, a line must
still say which type it is: so every type differs from every other in colour *and* in pattern,
and the legend names it. The vocabulary's colour is kept when no earlier type has it; a type
that repeats a colour gets a lighter or darker shade of it, so the colour still says the
category (blue for peers, grey for family, olive for contexts). Patterns come from one list,
solid ones first for types the vocabulary draws solid, dashed ones for those it dashes.

Group colours that differ between neighbours: groups with associations between them.

How people are drawn: young people in their group's colour, adults by what is recorded.

Legend entries: plain dicts the page template draws as small SVG swatches beside the network.

An entry is ``{"kind": "line" | "node" | "text", "text": …}`` plus how to draw its swatch; a
section is ``{"title": …, "entries": […]}`` (``"compact": True`` lays entries out in a grid).
"""

from __future__ import annotations

import colorsys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import pandas as pd
from pyvis.network import Network

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.analysis.profiles import LOW_CONFIDENCE
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.vocabulary import Vocabulary
from cs_peers.outputs.diagrams.options import (
    ADULT_GREY,
    GROUP_PALETTE,
    group_colors,
    node_color,
    rgba,
)
from cs_peers.outputs.diagrams.records import CONFIDENCE_STYLE

__all__ = [
    "ANY_GROUP_COLOR",
    "CONTEXT_LABEL_LIFT",
    "EXTRA_PALETTE",
    "LABEL_FONT",
    "Canvas",
    "LineStyle",
    "adult_style",
    "bridge_entry",
    "groups_legend",
    "label_room",
    "line_entry",
    "line_styles",
    "lines_legend",
    "linked_groups",
    "low_confidence_entry",
    "member_node",
    "neighbour_colors",
    "node_entry",
    "ring_entry",
    "spread_colors",
    "type_words",
]


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


# Used only when a group's neighbours already take all of GROUP_PALETTE: Paul Tol's "light"
# scheme without its greens, then greys, still distinguishable from the palette beside them.
EXTRA_PALETTE = ("#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#BBCC33", "#555555")


def linked_groups(dataset: Dataset, groups: PeerGroups) -> set[tuple[str, str]]:
    """Return the pairs of groups (in id order) with an association between their members."""
    m = groups.memberships
    group_of = pd.Series(m["group_id"].astype(str).to_numpy(), index=m["person_id"].to_numpy())
    a = dataset.associations
    gs = a["source"].map(group_of)
    gt = a["target"].map(group_of)
    across = gs.notna() & gt.notna() & (gs != gt)
    lo = pd.concat([gs[across], gt[across]], axis=1).min(axis=1)
    hi = pd.concat([gs[across], gt[across]], axis=1).max(axis=1)
    return set(zip(lo.astype(str).tolist(), hi.astype(str).tolist(), strict=True))


def spread_colors(group_ids: list[str], links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Return a colour per group in which no two linked groups share a colour (where possible).

    Each group keeps its usual colour (:func:`group_colors`, by its id, so it stays the same
    from one meeting to the next) unless a linked group earlier in id order already has it;
    then it takes the first palette colour none of its linked groups has.

    Examples
    --------
    >>> colors = spread_colors(["PG-0001", "PG-0008"], [("PG-0001", "PG-0008")])
    >>> colors["PG-0001"] != colors["PG-0008"]
    True
    >>> group_colors(["PG-0001", "PG-0008"])["PG-0001"] == group_colors(["PG-0008"])["PG-0008"]
    True
    """
    usual = group_colors(group_ids)
    neighbours: dict[str, set[str]] = {g: set() for g in group_ids}
    for a, b in links:
        if a in neighbours and b in neighbours and a != b:
            neighbours[a].add(b)
            neighbours[b].add(a)
    chosen: dict[str, str] = {}
    for g in sorted(group_ids):
        taken = {chosen[n] for n in neighbours[g] if n in chosen}
        if usual[g] not in taken:
            chosen[g] = usual[g]
            continue
        free = [c for c in (*GROUP_PALETTE, *EXTRA_PALETTE) if c not in taken]
        chosen[g] = free[0] if free else usual[g]
    return {g: chosen[g] for g in group_ids}


def neighbour_colors(dataset: Dataset, groups: PeerGroups) -> dict[str, str]:
    """Return :func:`spread_colors` of the groups, linked by their recorded associations."""
    group_ids = [str(g) for g in groups.groups["group_id"].tolist()]
    return spread_colors(group_ids, linked_groups(dataset, groups))


# Label font size in diagram pixels; pictures are laid out to be drawn at about their own size.
LABEL_FONT = 16
# How far a context's label is moved up: from under its shape to above it.
CONTEXT_LABEL_LIFT = -52


def label_room(label: str, size: float) -> float:
    """Return the radius a node of ``size`` and its label below it need free around them.

    Examples
    --------
    >>> label_room("AB", 10) < label_room("A much longer label", 10)
    True
    """
    longest = max((len(line) for line in label.split("\n")), default=0)
    return max(size + LABEL_FONT * 1.1, 0.3 * LABEL_FONT * longest + 6.0)


@dataclass
class Canvas:
    """A pyvis network being filled, with each drawn id's opaque node id and position."""

    net: Network
    node_id: dict[str, str]
    positions: dict[str, tuple[int, int]]

    def add(self, key: str, label: str, **options: Any) -> None:
        """Add the node of drawn id ``key`` at its position."""
        x, y = self.positions[key]
        self.net.add_node(self.node_id[key], label=label, x=x, y=y, **options)


def member_node(
    label: str,
    group_id: str,
    color: str,
    confidence: float,
    bridge: str,
    *,
    size: float,
    ring: str | None = None,
    notes: tuple[str, ...] = (),
) -> tuple[str, dict[str, Any]]:
    """Return the shown label and vis options of a young person in a candidate group.

    Low-confidence members are faded with a dashed outline; a member whose ties lean to another
    group carries ``↔`` and that group under their label; ``ring`` colours the outline.
    """
    title = [
        f"{label} — young person, candidate group {group_id}",
        f"placed with this group in {round(confidence * 100)}% of detection runs",
    ]
    border = ring or color
    node: dict[str, Any] = {
        "shape": "dot",
        "size": size,
        "borderWidth": 3.0 if ring else 2.0,
        "color": node_color(color, border),
    }
    if confidence < LOW_CONFIDENCE:
        title.append("low confidence: check whether they belong with this group")
        node["color"] = node_color(rgba(color, 0.3), border)
        node["shapeProperties"] = {"borderDashes": [5, 4]}
        node["borderWidth"] = max(node["borderWidth"], 2.5)
    shown = label
    if bridge:
        shown = f"{label}\n↔ {bridge}"
        title.append(f"many recorded ties also lead to candidate group {bridge}")
    node["title"] = "\n".join([*title, *notes])
    return shown, node


def adult_style(
    categories: set[str], protective_color: str, concern_color: str
) -> tuple[str, dict[str, Any]]:
    """Return the kind of an adult (protective, concern, other) and their vis options."""
    if "protective" in categories:
        # A strength: a larger green star, so that it is among the first things noticed.
        border = concern_color if "concern" in categories else protective_color
        return "protective", {
            "shape": "star",
            "size": 20,
            "borderWidth": 2,
            "color": node_color(protective_color, border),
        }
    if "concern" in categories:
        return "concern", {
            "shape": "diamond",
            "size": 14,
            "borderWidth": 2,
            "color": node_color("#f4d3cf", concern_color),
        }
    return "other", {"shape": "diamond", "size": 14, "color": node_color("#e6e6e6", ADULT_GREY)}


# The swatch colour that stands for "in the colour of their group" on an overview.
ANY_GROUP_COLOR = "#888888"
_MAX_LEGEND_GROUPS = 40


def line_entry(
    text: str,
    color: str,
    *,
    dashes: bool = False,
    width: float = 1.5,
    opacity: float = 1.0,
    star: bool = False,
    association_type: str = "",
    pattern: tuple[int, ...] = (),
    mark: str = "",
) -> dict[str, Any]:
    """Return a legend entry drawn as a line (with a ★ on it when ``star``).

    ``association_type`` names the type the entry stands for, if it stands for one.
    ``pattern`` is the dash and gap lengths the diagram draws the line with (vis-network's
    default dash, 5 5, when empty). ``mark`` is a word written on the line, as the diagram
    labels some lines (e.g. "new").
    """
    entry: dict[str, Any] = {
        "kind": "line",
        "association_type": association_type,
        "text": text,
        "color": color,
        "dashes": dashes or bool(pattern),
        "dasharray": " ".join(str(d) for d in (pattern or (5, 5))),
        "width": min(width, 5.0),
        "opacity": opacity,
        "star": star,
    }
    # Only marked entries carry the key: every other legend stays as it was.
    return entry | {"mark": mark} if mark else entry


def node_entry(
    text: str,
    shape: str,
    fill: str,
    border: str,
    *,
    dashed: bool = False,
    border_width: float = 1.5,
) -> dict[str, Any]:
    """Return a legend entry drawn as a node of a vis-network ``shape``."""
    return {
        "kind": "node",
        "text": text,
        "shape": shape,
        "fill": fill,
        "border": border,
        "dashed": dashed,
        "border_width": border_width,
    }


def ring_entry(text: str, ring: str) -> dict[str, Any]:
    """Return a legend entry for a node of any group's colour outlined with ``ring``."""
    return node_entry(text, "dot", ANY_GROUP_COLOR, ring, border_width=3)


def bridge_entry() -> dict[str, Any]:
    """Return the legend entry explaining the ``↔`` under a member's label."""
    return {
        "kind": "text",
        "text": "↔ PG-0002 under a label: many of their recorded ties also lead to that group",
    }


def low_confidence_entry(color: str, border: str) -> dict[str, Any]:
    """Return the legend entry for a member drawn faded with a dashed outline."""
    return node_entry(
        f"low confidence (with the group in fewer than {round(LOW_CONFIDENCE * 100)}% of runs): "
        "faded, dashed outline",
        "dot",
        rgba(color, 0.3),
        border,
        dashed=True,
    )


def lines_legend(
    vocab: Vocabulary,
    *,
    present: set[str],
    drawn_types: set[str],
    middle: list[dict[str, Any]],
    adults_drawn: bool = True,
) -> list[dict[str, Any]]:
    """Return the legend sections of a page that draws recorded lines between people.

    Strengths come first (each protective type, noting those not in ``present``), then the
    ``middle`` sections, then the other types the lines are ``drawn_types`` as and how
    confidence is drawn.
    """
    protective_types = set(vocab.names(category="protective"))
    return [
        {
            "title": "How strengths are drawn",
            "entries": _protective_entries(vocab, present, adults_drawn=adults_drawn),
        },
        *middle,
        {
            "title": "Recorded associations",
            "entries": _type_entries(drawn_types - protective_types, vocab),
        },
        {"title": "Confidence", "entries": _confidence_entries()},
    ]


def groups_legend(
    group_ids: list[str], colors: dict[str, str], sizes: dict[str, int]
) -> dict[str, Any]:
    """Return the legend section naming each group's colour and size (the first 40 groups)."""
    entries: list[dict[str, Any]] = []
    for g in group_ids[:_MAX_LEGEND_GROUPS]:
        entries.append(node_entry(f"{g} ({sizes[g]})", "dot", colors[g], colors[g]))
    if len(group_ids) > _MAX_LEGEND_GROUPS:
        entries.append(
            {
                "kind": "text",
                "text": f"… and {len(group_ids) - _MAX_LEGEND_GROUPS} more groups; "
                "point at a group to see its id",
            }
        )
    entries.append(
        {"kind": "text", "text": "Colours repeat: the group id is in every label and tooltip."}
    )
    return {"title": "Candidate groups (young people)", "entries": entries, "compact": True}


def _type_entries(types: Iterable[str], vocab: Vocabulary) -> list[dict[str, Any]]:
    entries = []
    for name in sorted(set(types), key=lambda n: (list(vocab.types).index(n), n)):
        t = vocab[name]
        entries.append(
            line_entry(
                type_words(name, t.description),
                t.color,
                dashes=t.dashes,
                width=t.width,
                star=t.category == "protective",
                association_type=name,
                pattern=t.dash_pattern,
            )
        )
    return entries


def type_words(name: str, description: str) -> str:
    """Return how a legend names a type: its name, then its description unless that repeats it.

    Examples
    --------
    >>> type_words("seen_together", "seen together")
    'seen together'
    >>> type_words("friend", "recorded as friends")
    'friend — recorded as friends'
    """
    words = name.replace("_", " ")
    return words if description.strip().lower() == words else f"{words} — {description}"


def _protective_entries(
    vocab: Vocabulary, present: set[str], *, adults_drawn: bool = True
) -> list[dict[str, Any]]:
    """Return legend entries for every protective type, noting those absent from this page.

    Strengths are listed even when none is recorded: "no protective peer recorded" is itself
    something a meeting should see.
    """
    entries: list[dict[str, Any]] = []
    for name in vocab.names(category="protective"):
        t = vocab[name]
        words = type_words(name, t.description)
        if t.between == "adult_and_young_person":
            words = f"{name.replace('_', ' ')} (star; green line with ★) — {t.description}"
            if not adults_drawn:
                words += " (drawn on each group's own diagram)"
            elif name not in present:
                words += " (none recorded here)"
            entries.append(node_entry(words, "star", t.color, t.color, border_width=2))
        else:
            if name not in present:
                words += " (none recorded here)"
            entries.append(
                line_entry(f"★ {words}", t.color, width=t.width, star=True, association_type=name)
            )
    return entries


def _confidence_entries() -> list[dict[str, Any]]:
    return [
        line_entry(
            f"{level} confidence{' — thinner, faded' if level == 'low' else ''}",
            "#444444",
            width=2.5 * CONFIDENCE_STYLE[level][1],
            opacity=CONFIDENCE_STYLE[level][0],
        )
        for level in ("high", "medium", "low")
    ] + [
        {
            "kind": "text",
            "text": "A line merges every record of a pair: thicker for repeated records; "
            "point at it to see each record (date, type, agency, confidence, reference).",
        }
    ]
