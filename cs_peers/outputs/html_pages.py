"""Small, self-contained HTML pages for the meeting pack: marked, escaped, offline.

A page is two templates (:mod:`cs_peers.outputs.templating`): its body, from
``templates/pack/``, and the page around it (``templates/page.html``), with the protective
marking at top and bottom. :func:`table_of` turns a frame into what the ``table`` macro of
``pack/macros.html`` lays out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import pandas as pd
from markupsafe import Markup

from cs_peers.outputs.templating import render

__all__ = ["Cell", "Table", "pack_page", "page", "table_of"]


class Cell(NamedTuple):
    """One table cell: its text, and the page it links to (None: no link)."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class Table:
    """A table for the ``table`` macro: headings and rows of cells (text, not HTML)."""

    headings: list[str]
    rows: list[list[Cell]]


def table_of(frame: pd.DataFrame, *, links: dict[str, dict[str, str]] | None = None) -> Table:
    """Return a frame as a :class:`Table`; ``links`` maps column → value → href.

    Examples
    --------
    >>> table_of(pd.DataFrame({"group_id": ["PG-1"], "size": [3]}), links={"group_id": {"PG-1": "a.html"}})
    Table(headings=['group id', 'size'], rows=[[Cell(text='PG-1', href='a.html'), Cell(text='3', href=None)]])
    """  # noqa: E501
    links = links or {}
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            text = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
            cells.append(Cell(text, links.get(str(column), {}).get(text)))
        rows.append(cells)
    return Table([str(c).replace("_", " ") for c in frame.columns], rows)


def page(
    title: str,
    marking: str,
    body: str,
    *,
    nav: Sequence[tuple[str, str]] = (),
    portrait: bool = True,
) -> str:
    """Return a whole HTML page with the protective marking at top and bottom.

    ``body`` is HTML rendered from a ``pack/`` template; ``nav`` is ``(text, href)`` links shown
    under the top marking. Printed, the page is A4 (portrait unless ``portrait=False``) with
    the marking in the margin of every page and page numbers.
    """
    return render(
        "page.html",
        title=title,
        marking=marking,
        body=Markup(body),
        nav=list(nav),
        portrait=portrait,
    )


def pack_page(
    template: str, title: str, marking: str, *, nav: Sequence[tuple[str, str]], **values: Any
) -> str:
    """Return a whole page whose body is ``templates/pack/<template>`` rendered with ``values``."""
    return page(title, marking, render(f"pack/{template}", **values), nav=nav)
