"""Small, self-contained HTML pages for the meeting pack: marked, escaped, offline.

The page around the content is a Jinja2 template (``cs_peers/outputs/templates/page.html``) rendered
with autoescape; the helpers below escape every value they put into a body.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from html import escape
from importlib import resources

import jinja2
import pandas as pd
from markupsafe import Markup

__all__ = ["css_string", "definition_list", "html_table", "link", "page", "paragraph"]


@cache
def _template() -> jinja2.Template:
    text = resources.files("cs_peers.outputs").joinpath("templates", "page.html").read_text("utf-8")
    env = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    return env.from_string(text)


def page(
    title: str,
    marking: str,
    body: str,
    *,
    nav: Sequence[tuple[str, str]] = (),
    portrait: bool = True,
) -> str:
    """Return a whole HTML page with the protective marking at top and bottom.

    ``body`` is HTML built from this module's escaping helpers; ``nav`` is ``(text, href)``
    links shown under the top marking. Printed, the page is A4 (portrait unless
    ``portrait=False``) with the marking in the margin of every page and page numbers.
    """
    return _template().render(
        title=title,
        marking=marking,
        marking_css=Markup(css_string(marking)),
        body=Markup(body),
        nav=list(nav),
        portrait=portrait,
    )


def css_string(text: str) -> str:
    r"""Return ``text`` escaped for a double-quoted CSS string inside an HTML ``<style>``.

    Examples
    --------
    >>> print(css_string('A "B" </style>'))
    A \000022B\000022 \00003C/style\00003E
    """
    out = []
    for char in text:
        if char.isalnum() or char in " -_.,:;()/'!?&+":
            out.append(char)
        else:
            # Six hex digits: no terminating space needed. "<" is escaped, so "</style" never ends
            # the element; "\\" and '"' are escaped, so the string never ends early.
            out.append(f"\\{ord(char):06X}")
    return "".join(out)


def html_table(frame: pd.DataFrame, *, links: dict[str, dict[str, str]] | None = None) -> str:
    """Return a frame as an escaped HTML table; ``links`` maps column → value → href."""
    links = links or {}
    head = "".join(f"<th>{escape(str(c).replace('_', ' '))}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            text = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
            href = links.get(str(column), {}).get(text)
            cells.append(f"<td>{link(href, text) if href else escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def link(href: str, text: str) -> str:
    """Return an escaped link."""
    return f'<a href="{escape(href, quote=True)}">{escape(text)}</a>'


def paragraph(text: str, css: str = "") -> str:
    """Return an escaped paragraph, optionally with a CSS class."""
    cls = f' class="{css}"' if css else ""
    return f"<p{cls}>{escape(text)}</p>"


def definition_list(items: Iterable[tuple[str, str]]) -> str:
    """Return an escaped definition list (for provenance blocks)."""
    return "<dl>" + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in items) + "</dl>"
