"""Node positions for a printed drawing: the layout's seeded positions, fitted to a box in
points and pushed apart until every label, at its printed size, has room of its own.

The layout (:mod:`cs_peers.outputs.diagrams.layout`) spaces nodes for a screen, where labels are
15 pixels on a 1,560-pixel canvas; a drawing 16 cm wide shrinks that canvas to about a quarter,
and labels of a readable 8 points would overlap. Here each node and its label is a rectangle in
points; overlapping rectangles are pushed apart along the axis where they overlap least, and
the whole is fitted back into the box, a few times over. The shape of the picture stays the
layout's; only crowded places open up.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cs_peers.outputs.diagrams.static_network import marker_diameter
from cs_peers.outputs.diagrams.static_text import text_height, text_width

__all__ = ["printed_positions"]

_LABEL_GAP = 1.5  # points between a shape and the label under it (as static_network draws it)
_PAD = 2.0  # points kept free between two rectangles
_MARKER_SCALE = (0.2, 0.45)  # points per layout pixel for shapes: never dots, never blobs
_ROUNDS = 4


def _boxes(nodes: list[dict[str, Any]], label_size: float, scale: float) -> np.ndarray:
    """Return each node's rectangle relative to its centre: left, right, bottom, top (points)."""
    rel = np.zeros((len(nodes), 4))
    for i, node in enumerate(nodes):
        lines = str(node.get("label", "")).split("\n")
        width = max((text_width(line, label_size) for line in lines), default=0.0)
        height = text_height(len(lines), label_size)
        if node.get("shape") == "text":  # a caption drawn above its point
            rel[i] = (-width / 2, width / 2, 0.0, height)
            continue
        d = marker_diameter(node, scale)
        half = max(d, width) / 2
        rel[i] = (-half, half, -(d / 2 + _LABEL_GAP + height), d / 2)
    return rel


def _extent(pos: np.ndarray, rel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the lower-left and upper-right corners of every rectangle together."""
    low = np.array([(pos[:, 0] + rel[:, 0]).min(), (pos[:, 1] + rel[:, 2]).min()])
    high = np.array([(pos[:, 0] + rel[:, 1]).max(), (pos[:, 1] + rel[:, 3]).max()])
    return low, high


def _fit(points: np.ndarray, rel: np.ndarray, box: tuple[float, float]) -> np.ndarray:
    """Return ``points`` scaled about their centre, as large as fits ``box``, and centred in it.

    The rectangles keep their size; only the distances between nodes change (bisection on the
    scale, since the room taken grows with it).
    """
    centred = points - (points.min(axis=0) + points.max(axis=0)) / 2
    room = np.array(box)

    def fits(s: float) -> bool:
        low, high = _extent(centred * s, rel)
        return bool(((high - low) <= room + 1e-6).all())

    low_s, high_s = 0.0, 1.0
    while fits(high_s) and high_s < 1e6:
        low_s, high_s = high_s, high_s * 2
    for _ in range(40):
        middle = (low_s + high_s) / 2
        low_s, high_s = (middle, high_s) if fits(middle) else (low_s, middle)
    pos = centred * low_s
    low, high = _extent(pos, rel)
    placed: np.ndarray = pos + (room - (high - low)) / 2 - low
    return placed


def _separate(pos: np.ndarray, rel: np.ndarray, rounds: int = 150) -> np.ndarray:
    """Return ``pos`` with overlapping rectangles pushed apart (deterministic, vectorised)."""
    n = len(pos)
    if n < 2:
        return pos
    pos = pos.copy()
    order = np.arange(n)
    # A fixed direction, by index, for two nodes at the same place.
    tie = np.where(order[:, None] < order[None, :], -1.0, 1.0)
    for _ in range(rounds):
        left, right = pos[:, 0] + rel[:, 0], pos[:, 0] + rel[:, 1]
        bottom, top = pos[:, 1] + rel[:, 2], pos[:, 1] + rel[:, 3]
        ox = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
        oy = np.minimum(top[:, None], top[None, :]) - np.maximum(bottom[:, None], bottom[None, :])
        ox, oy = ox + _PAD, oy + _PAD
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        along_x = hit & (ox <= oy)
        along_y = hit & (ox > oy)
        cx = (left + right) / 2
        cy = (bottom + top) / 2
        sx = np.sign(cx[:, None] - cx[None, :])
        sy = np.sign(cy[:, None] - cy[None, :])
        sx = np.where(sx == 0, tie, sx)
        sy = np.where(sy == 0, tie, sy)
        pos[:, 0] += (np.where(along_x, sx * ox, 0.0)).sum(axis=1) * 0.25
        pos[:, 1] += (np.where(along_y, sy * oy, 0.0)).sum(axis=1) * 0.25
    return pos


def printed_positions(
    nodes: list[dict[str, Any]], box: tuple[float, float], *, label_size: float
) -> tuple[dict[str, tuple[float, float]], float]:
    """Return each node's position in points within ``box`` (width, height; y up), and the
    scale in points per layout pixel that its shape and lines are to be drawn at.

    Every node's shape and label (``label_size`` points, under the shape) lies inside the box;
    labels overlap only where the box is too small to hold them all apart.
    """
    if not nodes:
        return {}, 1.0
    raw = np.array([(float(n.get("x", 0)), -float(n.get("y", 0))) for n in nodes])
    span = np.maximum(np.ptp(raw, axis=0), 1.0)
    scale = float(np.clip(min(box[0] / span[0], box[1] / span[1]), *_MARKER_SCALE))
    rel = _boxes(nodes, label_size, scale)
    pos = _fit(raw, rel, box)
    for _ in range(_ROUNDS):
        pos = _fit(_separate(pos, rel), rel, box)
    return {str(n["id"]): (float(x), float(y)) for n, (x, y) in zip(nodes, pos, strict=True)}, scale
