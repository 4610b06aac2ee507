"""The one Jinja2 environment every HTML page of cs-peers is rendered with: autoescape on.

Templates live in ``cs_peers/outputs/templates/`` and ship inside the wheel (package data), read
through Jinja2's ``PackageLoader``. Every value a template prints is escaped unless it is
already :class:`markupsafe.Markup` (the output of another template or macro, or a page's
inlined scripts). Two spellings of the same escaping are kept so that pages stay byte for byte
what they were: templates under ``pack/`` (the bodies of the meeting pack's pages) escape like
the standard library's :func:`html.escape` (``&#x27;``, ``&quot;``); the others (the page
around a body, the diagram page) like MarkupSafe (``&#39;``, ``&#34;``). Both are correct HTML.

Small, self-contained HTML pages for the meeting pack: marked, escaped, offline.

A page is two templates (:mod:`cs_peers.outputs._templating`): its body, from
``templates/pack/``, and the page around it (``templates/page.html``), with the protective
marking at top and bottom. :func:`table_of` turns a frame into what the ``table`` macro of
``pack/macros.html`` lays out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Any, NamedTuple

import jinja2
import pandas as pd
from markupsafe import Markup

__all__ = ["Cell", "Table", "css_string", "macro", "pack_page", "page", "render", "table_of"]


# Templates whose printed values are escaped like html.escape (see the module docstring).
_STDLIB_ESCAPED = "pack/"


@jinja2.pass_context
def _finalize(context: jinja2.runtime.Context, value: Any) -> Any:
    """Return ``value`` escaped the way its template has always escaped (Markup passes)."""
    if isinstance(value, Markup) or not (context.name or "").startswith(_STDLIB_ESCAPED):
        return value
    return Markup(escape(str(value), quote=True))


def css_string(text: str) -> Markup:
    r"""Return ``text`` escaped for a double-quoted CSS string inside an HTML ``<style>``.

    Examples
    --------
    >>> print(css_string('A "B" </style>') + "|")
    A \000022 B\000022  \00003C /style\00003E |
    """
    out = []
    for char in text:
        if char.isalnum() or char in " -_.,:;()/'!?&+":
            out.append(char)
        else:
            # CSS takes one space after an escape as its end, even after six hex digits, so each
            # escape brings its own: a space the text has after it stays in the text ("· for",
            # not "·for"). "<" is escaped, so "</style" never ends the element; "\\" and '"'
            # are escaped, so the string never ends early.
            out.append(f"\\{ord(char):06X} ")
    return Markup("".join(out))


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cs_peers.outputs", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        finalize=_finalize,
        auto_reload=False,
    )
    env.filters["css_string"] = css_string
    return env


def render(name: str, **values: Any) -> str:
    """Return the template ``name`` (a path under ``templates/``) rendered with ``values``."""
    return _environment().get_template(name).render(**values)


def macro(name: str, macro_name: str) -> Callable[..., Markup]:
    """Return the macro ``macro_name`` of the template ``name``, to call from Python."""
    found: Callable[..., Markup] = getattr(_environment().get_template(name).module, macro_name)
    return found


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
