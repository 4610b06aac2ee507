"""The one Jinja2 environment every HTML page of cs-peers is rendered with: autoescape on.

Templates live in ``cs_peers/outputs/templates/`` and ship inside the wheel (package data), read
through Jinja2's ``PackageLoader``. Every value a template prints is escaped unless it is
already :class:`markupsafe.Markup` (the output of another template or macro, or a page's
inlined scripts). Two spellings of the same escaping are kept so that pages stay byte for byte
what they were: templates under ``pack/`` (the bodies of the meeting pack's pages) escape like
the standard library's :func:`html.escape` (``&#x27;``, ``&quot;``); the others (the page
around a body, the diagram page) like MarkupSafe (``&#39;``, ``&#34;``). Both are correct HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from html import escape
from typing import Any

import jinja2
from markupsafe import Markup

__all__ = ["css_string", "macro", "render"]

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
