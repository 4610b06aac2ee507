"""How people are drawn: young people in their group's colour, adults by what is recorded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyvis.network import Network

from cs_peers.analysis.profiles import LOW_CONFIDENCE
from cs_peers.outputs.diagrams.options import ADULT_GREY, node_color, rgba

__all__ = ["CONTEXT_LABEL_LIFT", "LABEL_FONT", "Canvas", "adult_style", "label_room", "member_node"]

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
