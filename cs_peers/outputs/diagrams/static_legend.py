"""The legend of a static export: each section drawn into a column, fitted to the room it has.

The sections are the HTML page's own (:mod:`cs_peers.outputs.diagrams.legend`), worded for paper and
with each association type's swatch in the pattern its lines are drawn in. When they do not fit,
the text gets smaller down to a floor, and then the longest section is cut with a line saying
how many entries the HTML diagram has besides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from cs_peers.outputs.diagrams.line_styles import LineStyle
from cs_peers.outputs.diagrams.static_network import MARKERS, parse_color
from cs_peers.outputs.diagrams.static_text import (
    TextItem,
    place_text,
    printable,
    text_height,
    wrap,
)

__all__ = [
    "Box",
    "LegendRow",
    "draw_legend",
    "draw_rows",
    "legend_height",
    "legend_rows",
    "split_rows",
]

_SIZES = (8.0, 7.5, 7.0, 6.5, 6.0, 5.5)
_SWATCH = 24.0  # width of a swatch, points


@dataclass(frozen=True)
class Box:
    """A rectangle on the page in points: left, bottom, width, height."""

    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        """Return the top edge."""
        return self.y + self.height


def _entry_text(entry: dict[str, Any]) -> str:
    text = printable(str(entry.get("text", "")))
    # "seen together — seen together": a description that only repeats the name is dropped.
    name, dash, rest = text.partition(" — ")
    if dash and rest.rstrip(".").strip() == name.lstrip("★ ").strip():
        return f"{name}."
    return text


def _entry_lines(entry: dict[str, Any], width: float, size: float) -> list[str]:
    indent = 0.0 if entry.get("kind") == "text" else _SWATCH + 4.0
    return wrap(_entry_text(entry), width - indent, size)


def legend_height(sections: list[dict[str, Any]], width: float, size: float) -> float:
    """Return the height in points the sections take at text ``size``."""
    return sum(r.height for r in legend_rows(sections, width, size))


def _fitted(sections: list[dict[str, Any]], box: Box) -> tuple[list[dict[str, Any]], float]:
    for size in _SIZES:
        if legend_height(sections, box.width, size) <= box.height:
            return sections, size
    size = _SIZES[-1]
    cut = [dict(s, entries=list(s.get("entries", []))) for s in sections]
    while legend_height(cut, box.width, size) > box.height:
        longest = max(cut, key=lambda s: len(s["entries"]))
        if len(longest["entries"]) <= 1:
            break
        dropped = int(longest.get("dropped", 0)) + (2 if longest["entries"][-1].get("more") else 1)
        longest["entries"] = [e for e in longest["entries"] if not e.get("more")][:-1]
        longest["dropped"] = dropped
        longest["entries"].append(
            {"kind": "text", "more": True, "text": f"… and {dropped} more: see the HTML diagram"}
        )
    return cut, size


@dataclass(frozen=True)
class LegendRow:
    """One row of a drawn legend: a section title, or a row of entries, and its height."""

    height: float
    title: str = ""
    entries: tuple[dict[str, Any], ...] = ()
    columns: int = 1


def legend_rows(sections: list[dict[str, Any]], width: float, size: float) -> list[LegendRow]:
    """Return the rows the sections make in a column ``width`` points wide, top down."""
    rows = []
    for section in sections:
        entries = list(section.get("entries", []))
        title = text_height(1, size + 0.5) + size * 0.3 + (0.0 if entries else size * 0.6)
        rows.append(LegendRow(title, str(section.get("title", ""))))
        columns = 2 if section.get("compact") else 1
        col_width = (width - 6.0 * (columns - 1)) / columns
        for start in range(0, len(entries), columns):
            row = tuple(entries[start : start + columns])
            lines = max(len(_entry_lines(e, col_width, size)) for e in row)
            # The last row of a section keeps a gap below it, before the next title.
            gap = size * 0.6 if start + columns >= len(entries) else 0.0
            height = text_height(lines, size) + size * 0.35 + gap
            rows.append(LegendRow(height, entries=row, columns=columns))
    return rows


def split_rows(rows: list[LegendRow], columns: int) -> list[list[LegendRow]]:
    """Return ``rows`` cut into ``columns`` runs of about equal height, in order.

    A section title never ends a column: it moves to the top of the next one.
    """
    total = sum(r.height for r in rows)
    cuts: list[list[LegendRow]] = [[]]
    used = 0.0
    for row in rows:
        room = total * len(cuts) / columns
        if cuts[-1] and len(cuts) < columns and used + row.height / 2 > room:
            # Move a title left alone at the bottom along with its first row.
            carried = [cuts[-1].pop()] if cuts[-1][-1].title else []
            cuts.append(carried)
        cuts[-1].append(row)
        used += row.height
    return cuts


def draw_rows(
    fig: Figure,
    x: float,
    y_top: float,
    width: float,
    rows: list[LegendRow],
    size: float,
    styles: dict[str, LineStyle],
    texts: list[TextItem] | None = None,
) -> float:
    """Return the height drawn after placing ``rows`` from ``x, y_top`` downwards.

    With ``texts``, the words are added to it to be drawn later, and only the swatches drawn.
    """
    y = y_top
    page = tuple(fig.get_size_inches() * 72.0)
    for row in rows:
        if row.title:
            if texts is None:
                place_text(fig, x, y, [row.title], size + 0.5, weight="bold", gid="legend")
            else:
                texts.append(TextItem(x, y, (row.title,), size + 0.5, weight="bold"))
            y -= row.height
            continue
        col_width = (width - 6.0 * (row.columns - 1)) / row.columns
        for k, entry in enumerate(row.entries):
            left = x + k * (col_width + 6.0)
            lines = _entry_lines(entry, col_width, size)
            indent = 0.0 if entry.get("kind") == "text" else _SWATCH + 4.0
            style = "italic" if entry.get("kind") == "text" else "normal"
            if texts is None:
                place_text(
                    fig, left + indent, y, lines, size, style=style, color="#333333", gid="legend"
                )
            else:
                item = TextItem(left + indent, y, tuple(lines), size, style=style, color="#333333")
                texts.append(item)
            if entry.get("kind") != "text":
                _swatch(fig, entry, left, y - size * 0.6, size, styles, (page[0], page[1]))
        y -= row.height
    return y_top - y


def draw_legend(
    fig: Figure, box: Box, sections: list[dict[str, Any]], styles: dict[str, LineStyle]
) -> None:
    """Draw ``sections`` into ``box``, top down, never past its bottom edge."""
    sections, size = _fitted(sections, box)
    draw_rows(fig, box.x, box.top, box.width, legend_rows(sections, box.width, size), size, styles)


def _swatch(
    fig: Figure,
    entry: dict[str, Any],
    x: float,
    y: float,
    size: float,
    styles: dict[str, LineStyle],
    page: tuple[float, float],
) -> None:
    w, h = page
    if entry.get("kind") == "line":
        style = styles.get(str(entry.get("association_type", "")))
        color = style.color if style else str(entry.get("color", "#444444"))
        dashes = style.dashes if style else ((6.0, 4.0) if entry.get("dashes") else ())
        line = Line2D(
            [x / w, (x + _SWATCH) / w],
            [y / h, y / h],
            color=color,
            alpha=float(entry.get("opacity", 1.0)),
            linewidth=min(float(entry.get("width", 1.5)) * 0.8, 3.5),
            transform=fig.transFigure,
        )
        if dashes:
            line.set_dashes(dashes)
        fig.add_artist(line)
        if entry.get("star"):
            fig.text(
                (x + _SWATCH / 2) / w,
                y / h,
                "★",
                color=color,
                fontsize=size + 1,
                ha="center",
                va="center",
            )
        return
    marker = MARKERS.get(str(entry.get("shape", "dot")), "o")
    fig.add_artist(
        Line2D(
            [(x + _SWATCH / 2) / w],
            [y / h],
            marker=marker,
            markersize=size * (1.5 if marker == "*" else 1.1),
            markerfacecolor=parse_color(entry.get("fill", "#888888")),
            markeredgecolor=str(entry.get("border", "#444444")),
            markeredgewidth=1.0,
            linestyle="none",
            transform=fig.transFigure,
        )
    )
