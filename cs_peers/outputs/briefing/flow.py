"""Sections flowed onto A4 pages: measured lines, tables whose header repeats on every page."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure

from cs_peers.outputs.briefing.model import BriefingSection, BriefingTable
from cs_peers.outputs.diagrams.static_text import place_text, text_height, text_width, wrap

__all__ = ["Line", "draw_lines", "flow_section"]

_HEADING = 13.0
_BODY = 9.0
_CELL = 8.0


@dataclass(frozen=True)
class Line:
    """One line of a flowed page: text in columns (one column unless a table row)."""

    cells: tuple[str, ...]
    size: float
    weight: str = "normal"
    widths: tuple[float, ...] = ()
    gap_after: float = 0.0

    @property
    def height(self) -> float:
        """Return the height the line takes, its gap included."""
        return text_height(1, self.size) + self.gap_after


def _fit(text: str, width: float, size: float, weight: str) -> str:
    """Return ``text`` cut with an ellipsis to fit ``width``."""
    if text_width(text, size, weight) <= width:
        return text
    while text and text_width(text + "…", size, weight) > width:
        text = text[:-1]
    return text + "…"


def _table_lines(table: BriefingTable, width: float) -> tuple[Line, list[Line]]:
    n = len(table.header)
    shares = table.widths or tuple(1.0 / n for _ in range(n))
    widths = tuple(width * s / sum(shares) for s in shares)
    header = Line(
        tuple(_fit(h, w - 6, _CELL, "bold") for h, w in zip(table.header, widths, strict=True)),
        _CELL,
        "bold",
        widths,
        2.0,
    )
    rows = [
        Line(
            tuple(_fit(c, w - 6, _CELL, "normal") for c, w in zip(r, widths, strict=True)),
            _CELL,
            "normal",
            widths,
        )
        for r in table.rows
    ]
    return header, rows


def flow_section(section: BriefingSection, width: float, height: float) -> list[list[Line]]:
    """Return the section's lines split into pages of at most ``height`` points each."""
    pages: list[list[Line]] = [[]]
    used = 0.0
    repeat: Line | None = None

    def add(line: Line) -> None:
        nonlocal used
        if used + line.height > height and pages[-1]:
            pages.append([])
            used = 0.0
            if repeat is not None and line is not repeat:
                pages[-1].append(repeat)
                used += repeat.height
        pages[-1].append(line)
        used += line.height

    add(Line((section.title,), _HEADING, "bold", gap_after=8.0))
    for block in section.blocks:
        if isinstance(block, BriefingTable):
            header, rows = _table_lines(block, width)
            add(header)
            repeat = header
            for row in rows or [Line(("none",), _CELL)]:
                add(row)
            repeat = None
            pages[-1][-1] = Line(*_with_gap(pages[-1][-1], 8.0))
            used += 8.0
        else:
            lines = wrap(block, width, _BODY)
            for k, text in enumerate(lines):
                add(Line((text,), _BODY, gap_after=6.0 if k == len(lines) - 1 else 0.0))
    return pages


def _with_gap(
    line: Line, gap: float
) -> tuple[tuple[str, ...], float, str, tuple[float, ...], float]:
    return (line.cells, line.size, line.weight, line.widths, line.gap_after + gap)


def draw_lines(fig: Figure, lines: list[Line], x: float, y_top: float) -> float:
    """Return the height drawn after placing ``lines`` from ``x, y_top`` downwards.

    Consecutive table rows are drawn as one text per column, which is much quicker to draw
    than a text per cell and lines up the same.
    """
    y = y_top
    k = 0
    while k < len(lines):
        line = lines[k]
        run = [line]
        while (
            line.widths
            and not line.gap_after
            and k + len(run) < len(lines)
            and lines[k + len(run)].widths == line.widths
            and lines[k + len(run)].weight == line.weight
            and not run[-1].gap_after
        ):
            run.append(lines[k + len(run)])
        widths = line.widths or (0.0,)
        left = x
        for column, w in enumerate(widths):
            cells = [r.cells[column] for r in run]
            place_text(fig, left, y, cells, line.size, weight=line.weight, gid="body")
            left += w
        y -= sum(r.height for r in run)
        k += len(run)
    return y_top - y
