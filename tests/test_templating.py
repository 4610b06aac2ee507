"""The one template environment: autoescape everywhere, each template's spelling of entities."""

from __future__ import annotations

from importlib import resources

import jinja2
import pytest
from markupsafe import Markup

from cs_peers.outputs._templating import Cell, Table, macro, page, render

HOSTILE = 'O\'Brien "x" <script>&'


def test_pack_bodies_escape_like_the_standard_library() -> None:
    paragraph = macro("pack/macros.html", "p")
    assert str(paragraph(HOSTILE, "muted")) == (
        '<p class="muted">O&#x27;Brien &quot;x&quot; &lt;script&gt;&amp;</p>'
    )


def test_a_table_escapes_text_and_links() -> None:
    table = macro("pack/macros.html", "table")
    shown = str(table(Table(["a b"], [[Cell(HOSTILE, "x.html?a=1&b=2")], [Cell("<b>")]])))
    assert shown == (
        '<table><thead><tr><th>a b</th></tr></thead><tbody><tr><td><a href="x.html?a=1&amp;b=2">'
        "O&#x27;Brien &quot;x&quot; &lt;script&gt;&amp;</a></td></tr><tr><td>&lt;b&gt;</td></tr>"
        "</tbody></table>"
    )


def test_the_page_around_a_body_escapes_like_markupsafe_and_keeps_the_body() -> None:
    html = page(HOSTILE, HOSTILE, "<p>body</p>", nav=[(HOSTILE, "a'b.html")])
    assert "<title>O&#39;Brien &#34;x&#34; &lt;script&gt;&amp; — O&#39;Brien" in html
    assert '<a href="a&#39;b.html">O&#39;Brien' in html
    assert "\n<p>body</p>\n</main>" in html
    assert "<script>" not in html
    # The marking in the printed margin is a CSS string: its quote and "<" are CSS escapes,
    # each ended by a space of its own (CSS takes it as the escape's end), the text's spaces kept.
    assert 'content:"O\'Brien \\000022 x\\000022  \\00003C script\\00003E &"' in html


def test_an_undefined_value_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(jinja2.UndefinedError):
        render("pack/summary.html", caveat="c", provenance=[])


def test_markup_passes_unescaped_only_when_it_is_markup() -> None:
    item = macro("pack/equality_item.html", "index_item")
    assert "<br>a &lt;b&gt;" in str(item("equality.html", "a <b>", line_break=True))
    assert str(item("e.html", Markup("<i>x</i>"), line_break=False)).endswith(" — <i>x</i></li>")


def test_every_template_is_package_data() -> None:
    folder = resources.files("cs_peers.outputs").joinpath("templates")
    names = {p.name for p in folder.iterdir()} | {p.name for p in folder.joinpath("pack").iterdir()}
    assert {"page.html", "diagram.html", "parts.html", "index.html", "macros.html"} <= names
