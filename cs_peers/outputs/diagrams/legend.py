"""Legend entries: plain dicts the page template draws as small SVG swatches beside the network.

An entry is ``{"kind": "line" | "node" | "text", "text": …}`` plus how to draw its swatch; a
section is ``{"title": …, "entries": […]}`` (``"compact": True`` lays entries out in a grid).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cs_peers.analysis.profiles import LOW_CONFIDENCE
from cs_peers.inputs.vocabulary import Vocabulary
from cs_peers.outputs.diagrams.options import rgba
from cs_peers.outputs.diagrams.records import CONFIDENCE_STYLE

__all__ = [
    "ANY_GROUP_COLOR",
    "bridge_entry",
    "groups_legend",
    "line_entry",
    "lines_legend",
    "low_confidence_entry",
    "node_entry",
    "ring_entry",
    "type_words",
]

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
