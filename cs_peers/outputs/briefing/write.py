"""The briefing PDF: cover, summary, extra sections, a page per group, changes; marked and
numbered on every page. Drawn with matplotlib's PDF writer (``PdfPages``), no browser."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from cs_peers.analysis.meetings import ChangeReport
from cs_peers.analysis.profiles import GroupProfile, profile_groups
from cs_peers.analysis.run import Analysis
from cs_peers.outputs.briefing.content import changes_section, group_facts, summary_section
from cs_peers.outputs.briefing.flow import Line, draw_lines, flow_section
from cs_peers.outputs.briefing.model import NOT_SET, BriefingOptions, BriefingSection
from cs_peers.outputs.diagrams.group import group_scene
from cs_peers.outputs.diagrams.line_styles import line_styles
from cs_peers.outputs.diagrams.options import DiagramOptions, group_colors
from cs_peers.outputs.diagrams.static import draw_diagram, draw_marking
from cs_peers.outputs.diagrams.static_legend import Box
from cs_peers.outputs.diagrams.static_text import (
    caveat_box,
    figure,
    place_text,
    static_style,
    text_height,
    wrap,
)

__all__ = ["BRIEFING_CAVEAT", "write_briefing"]

BRIEFING_CAVEAT = (
    "These are candidate peer groups identified from recorded associations, for practitioners "
    "to check with the people who know these young people before acting. Membership reflects "
    "what agencies recorded, not behaviour; it is not a label, a score or a list of suspects."
)
_W, _H = 595.3, 841.9  # A4 portrait, points
_X = 48.0
_TOP = _H - 44.0
_BOTTOM = 50.0
Page = Callable[[Figure], None]


def _furniture(fig: Figure, marking: str, number: int, total: int) -> None:
    draw_marking(fig, marking)
    place_text(
        fig,
        _W - _X,
        30.0,
        [f"page {number} of {total}"],
        8.0,
        align="right",
        color="#333333",
        gid="page-number",
    )


def _cover(analysis: Analysis, options: BriefingOptions, contents: list[tuple[str, str]]) -> Page:
    def draw(fig: Figure) -> None:
        width = _W - 2 * _X
        y = _TOP - 20.0
        _, used = place_text(
            fig, _X, y, wrap(options.title, width, 20, "bold"), 20, weight="bold", gid="body"
        )
        y -= used + 14.0
        review = options.review_date
        fields = [
            ("Purpose", options.purpose or NOT_SET),
            ("Owner", options.owner or NOT_SET),
            ("Review date", str(review) if review else NOT_SET),
            ("Protective marking", options.marking),
            ("Data recorded until", analysis.provenance.get("data recorded until", "undated")),
        ]
        for key, value in fields:
            _, used = place_text(fig, _X, y, wrap(f"{key}: {value}", width, 11), 11, gid="body")
            y -= used + 3.0
        y -= 10.0
        h = caveat_box(
            fig, _X, y, width, BRIEFING_CAVEAT, 10, pad=12.0, inset=8.0, page=(_W, _H), gid="body"
        )
        y -= h + 30.0
        _, used = place_text(fig, _X, y, ["In this briefing"], 11, weight="bold", gid="body")
        y -= used + 4.0
        for what, pages in contents:
            _, used = place_text(fig, _X, y, [f"{what} — {pages}"], 10, gid="body")
            y -= used + 2.0
        lines = [f"{k}: {v}" for k, v in analysis.provenance.items()]
        wrapped = [part for line in lines for part in wrap(line, width, 7.5)]
        top = _BOTTOM + text_height(len(wrapped) + 1, 7.5) + 6.0
        place_text(fig, _X, top, ["Provenance"], 8.5, weight="bold", gid="body")
        place_text(fig, _X, top - 13.0, wrapped, 7.5, color="#333333", gid="body")

    return draw


def _flowed(section: BriefingSection) -> list[Page]:
    pages = flow_section(section, _W - 2 * _X, _TOP - _BOTTOM - 10.0)
    return [partial(_draw_flow, lines) for lines in pages]


def _draw_flow(lines: list[Line], fig: Figure) -> None:
    draw_lines(fig, lines, _X, _TOP)


def _group_pages(analysis: Analysis, options: BriefingOptions) -> list[Page]:
    dataset, groups = analysis.dataset, analysis.groups
    ids = [str(g) for g in groups.groups["group_id"].tolist()]
    colors = group_colors(ids)
    holds = dict(zip(ids, groups.groups["holds_together"].astype(bool).tolist(), strict=True))
    diagram_options = DiagramOptions(
        marking=options.marking,
        reveal_names=options.reveal_names,
        seed=groups.parameters.seed,
        provenance=analysis.provenance,
    )
    styles = line_styles(dataset.vocabulary)
    labels = dataset.labels(reveal_names=options.reveal_names)
    pages: list[Page] = []
    for profile in profile_groups(dataset, groups, reveal_names=options.reveal_names):
        gid = profile.group_id

        def draw(fig: Figure, profile: GroupProfile = profile, gid: str = gid) -> None:
            width = _W - 2 * _X
            y = _TOP
            _, used = place_text(
                fig, _X, y, [f"Candidate peer group {gid}"], 15, weight="bold", gid="body"
            )
            y -= used + 2.0
            _, used = place_text(
                fig, _X, y, [f"{profile.size} young people"], 9.5, color="#333333", gid="body"
            )
            y -= used + 6.0
            for heading, lines in group_facts(profile, holds[gid], labels):
                _, used = place_text(fig, _X, y, [heading], 9, weight="bold", gid="body")
                y -= used + 1.0
                body = [part for line in lines for part in wrap(line, width - 8.0, 8.5)]
                _, used = place_text(fig, _X + 8.0, y, body, 8.5, gid="body")
                y -= used + 5.0
            # The strengths are listed above, so the diagram's legend leaves them out.
            scene = replace(
                group_scene(dataset, profile, options=diagram_options, color=colors[gid]),
                strengths=None,
            )
            draw_diagram(fig, Box(_X, _BOTTOM, width, y - _BOTTOM - 6.0), scene, styles)

        pages.append(draw)
    return pages


def _span(start: int, count: int) -> str:
    if count <= 1:
        return f"page {start}"
    return f"pages {start}–{start + count - 1}"


def write_briefing(
    analysis: Analysis,
    path: Path,
    *,
    options: BriefingOptions | None = None,
    changes: ChangeReport | None = None,
    extra_sections: Sequence[BriefingSection] = (),
) -> Path:
    """Return ``path`` after writing the A4 briefing PDF of ``analysis``.

    Pages: a cover (purpose, owner, review date, marking, caveat, contents, provenance), the
    summary, any ``extra_sections``, one page per candidate group (its diagram and key facts),
    and the changes since the last meeting (``changes``). Every page carries the
    marking at the top and the bottom and "page N of M".
    """
    options = options or BriefingOptions()
    labels = analysis.dataset.labels(reveal_names=options.reveal_names)
    with static_style():
        summary = _flowed(summary_section(analysis))
        extras = [_flowed(s) for s in extra_sections]
        groups = _group_pages(analysis, options)
        since = _flowed(changes_section(changes, labels))
        start = 2
        contents = [("Summary of candidate groups", _span(start, len(summary)))]
        start += len(summary)
        for section, pages in zip(extra_sections, extras, strict=True):
            contents.append((section.title, _span(start, len(pages))))
            start += len(pages)
        contents.append(("One page per candidate group", _span(start, len(groups))))
        start += len(groups)
        contents.append(("Changes since the last meeting", _span(start, len(since))))
        plan = [
            _cover(analysis, options, contents),
            *summary,
            *(p for pages in extras for p in pages),
            *groups,
            *since,
        ]
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        metadata = {
            "Title": options.title,
            "Subject": options.marking,
            "Creator": "cs-peers",
            "Keywords": options.marking,
            "CreationDate": None,
        }
        with PdfPages(path, metadata=metadata) as pdf:
            for number, draw in enumerate(plan, start=1):
                fig = figure(_W, _H)
                draw(fig)
                _furniture(fig, options.marking, number, len(plan))
                pdf.savefig(fig)
    return path
