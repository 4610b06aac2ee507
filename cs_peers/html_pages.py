"""Small, self-contained HTML pages for the meeting pack: marked, escaped, offline."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

import pandas as pd

__all__ = ["definition_list", "html_table", "link", "page", "paragraph"]

_STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;color:#1d1d1d}
main{max-width:1100px;margin:0 auto;padding:1rem 1.5rem 3rem}
.marking{background:#8a1c1c;color:#fff;text-align:center;font-weight:700;letter-spacing:.08em;
padding:.35rem;position:sticky;top:0}
.marking.bottom{position:static;margin-top:2rem}
.caveat{border-left:4px solid #b5832a;background:#fbf5e8;padding:.6rem .9rem;margin:1rem 0}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.92rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}
dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem;font-size:.9rem}
dt{font-weight:600}
a{color:#1f4f8f}
.muted{color:#666}
"""


def page(title: str, marking: str, body: str) -> str:
    """Return a whole HTML page with the protective marking at top and bottom."""
    mark = escape(marking)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(title)}'
        f" — {mark}</title><style>{_STYLE}</style></head><body>"
        f'<div class="marking">{mark}</div><main><h1>{escape(title)}</h1>\n{body}\n</main>'
        f'<div class="marking bottom">{mark}</div></body></html>\n'
    )


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
