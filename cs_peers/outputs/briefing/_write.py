"""The briefing PDF: cover, summary, extra sections, the candidate groups, changes; marked and
numbered on every page. Laid out by ReportLab's platypus: the blocks become flowables in
:mod:`._flowables`, and the pages are laid out here.

The briefing's pages: A4 portrait, the marking at the top and the bottom of every page,
"page N of M", and the cover's contents with the page each part starts on.

The total number of pages, and the page each section starts on, are known only once every
page is laid out. So the canvas keeps each finished page and writes the furniture when the
document is saved (the usual "page N of M" recipe for ReportLab), and the cover's contents is a
block that reserves its room on the cover and is written then too: one layout pass, not two.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
)

from cs_peers import clock
from cs_peers.analysis.group_story import group_story
from cs_peers.analysis.meetings import ChangeReport
from cs_peers.analysis.profiles import profile_groups
from cs_peers.analysis.run import Analysis
from cs_peers.outputs.briefing._content import (
    NOT_SET,
    BriefingOptions,
    BriefingSection,
    GroupPage,
    changes_section,
    group_page,
    summary_section,
)
from cs_peers.outputs.briefing._flowables import (
    BODY,
    BOLD,
    SectionStart,
    VectorPicture,
    block_flowables,
    caveat_box,
    para,
    register_fonts,
)

if TYPE_CHECKING:
    from cs_peers.outputs.diagrams.static import PrintDrawing

__all__ = [
    "BRIEFING_CAVEAT",
    "FRAME",
    "PAGE",
    "Contents",
    "Furniture",
    "furnished_canvas",
    "group_pages",
    "write_briefing",
]


PAGE = A4  # 595.3 x 841.9 points
# The frame text flows in: 72-point sides leave 451 points, the width drawings are made for.
FRAME = (72.0, 54.0, PAGE[0] - 144.0, PAGE[1] - 108.0)  # x, y, width, height
_MARKING = 10.0
_CONTENTS = 10.0
_LEADING = 14.0


@dataclass
class Furniture:
    """What every page carries, and what the contents needs to know when the pages are done."""

    marking: str
    # (title, section name): the contents' lines; the page each section starts on, as laid out.
    parts: Sequence[tuple[str, str]] = ()
    starts: dict[str, int] = field(default_factory=dict)
    contents_at: tuple[float, float] | None = None

    def span(self, name: str, total: int) -> str:
        """Return "page N" or "pages N–M" for the section ``name``."""
        first = self.starts[name]
        later = [p for p in self.starts.values() if p > first]
        last = min(later) - 1 if later else total
        return f"page {first}" if last <= first else f"pages {first}–{last}"


class Contents(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """Room on the cover for one line per part; the lines are written when the pages are."""

    def __init__(self, furniture: Furniture) -> None:
        super().__init__()
        self.furniture = furniture

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Return the room the lines take."""
        return available_width, _LEADING * len(self.furniture.parts)

    def draw(self) -> None:
        """Note where the lines go (their baseline of the first, on this page)."""
        x, y = self.canv.absolutePosition(0, _LEADING * len(self.furniture.parts))
        self.furniture.contents_at = (float(x), float(y) - _CONTENTS)


def _draw_furniture(canvas: Canvas, furniture: Furniture, number: int, total: int) -> None:
    width, height = PAGE
    size = _MARKING
    while stringWidth(furniture.marking, BOLD, size) > width - 40 and size > 6:
        size -= 0.5
    canvas.setFont(BOLD, size)
    canvas.setFillColor(HexColor("#8b0000"))
    canvas.drawCentredString(width / 2, height - 30.0, furniture.marking)
    canvas.drawCentredString(width / 2, 18.0, furniture.marking)
    canvas.setFont(BODY, 8)
    canvas.setFillColor(HexColor("#333333"))
    canvas.drawRightString(width - FRAME[0], 34.0, f"page {number} of {total}")
    if number == 1 and furniture.contents_at is not None:
        x, y = furniture.contents_at
        canvas.setFont(BODY, _CONTENTS)
        canvas.setFillColor(HexColor("#1d1d1d"))
        for title, name in furniture.parts:
            if name in furniture.starts:
                canvas.drawString(x, y, f"{title} — {furniture.span(name, total)}")
                y -= _LEADING


def furnished_canvas(furniture: Furniture) -> type[Canvas]:
    """Return a canvas class that writes ``furniture`` on every page when the PDF is saved."""

    class FurnishedCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_furniture(self, furniture, number, total)
                super().showPage()
            super().save()

    return FurnishedCanvas


BRIEFING_CAVEAT = (
    "These are candidate peer groups identified from recorded associations, for practitioners "
    "to check with the people who know these young people before acting. Membership reflects "
    "what agencies recorded, not behaviour; it is not a label, a score or a list of suspects."
)
_GROUPS = "Candidate groups, each from a new page"


def group_pages(
    analysis: Analysis,
    options: BriefingOptions,
    drawings: Mapping[str, PrintDrawing] | None = None,
) -> list[GroupPage]:
    """Return each candidate group's page, in group order, with its drawing.

    ``drawings`` maps group ids to drawings made already (the pack makes them once, for the
    Word seeds too); without them, each group's drawing is made here.
    """
    dataset, groups = analysis.dataset, analysis.groups
    ids = [str(g) for g in groups.groups["group_id"].tolist()]
    holds = dict(zip(ids, groups.groups["holds_together"].astype(bool).tolist(), strict=True))
    labels = dataset.labels(reveal_names=options.reveal_names)
    if drawings is None:
        drawings = _draw(analysis, options)
    pages = [
        group_page(
            group_story(
                profile,
                reviews=analysis.reviews.of(profile.group_id) if analysis.reviews else None,
                change=None,
                labels=labels,
                holds_together=holds[profile.group_id],
                vocabulary=dataset.vocabulary,
            ),
            profile.size,
        )
        for profile in profile_groups(dataset, groups, reveal_names=options.reveal_names)
    ]
    return [replace(page, drawing=drawings.get(page.group_id)) for page in pages]


def _draw(analysis: Analysis, options: BriefingOptions) -> dict[str, PrintDrawing]:
    from cs_peers.outputs.diagrams.group import group_scene
    from cs_peers.outputs.diagrams.options import DiagramOptions, group_colors
    from cs_peers.outputs.diagrams.static import DrawingContent, print_drawing
    from cs_peers.outputs.diagrams.styles import line_styles

    dataset, groups = analysis.dataset, analysis.groups
    colors = group_colors([str(g) for g in groups.groups["group_id"].tolist()])
    styles = line_styles(dataset.vocabulary)
    diagram = DiagramOptions(marking=options.marking, reveal_names=options.reveal_names)
    return {
        p.group_id: print_drawing(
            DrawingContent.of(group_scene(dataset, p, options=diagram, color=colors[p.group_id])),
            styles,
            png=False,
        )
        for p in profile_groups(dataset, groups, reveal_names=options.reveal_names)
    }


def _recorded_until(analysis: Analysis) -> str:
    recorded = analysis.provenance.recorded_until if analysis.provenance is not None else ""
    return recorded or "undated"


def _cover(analysis: Analysis, options: BriefingOptions, contents: Flowable) -> list[Flowable]:
    review = options.review_date
    fields = [
        ("Purpose", options.purpose or NOT_SET),
        ("Owner", options.owner or NOT_SET),
        ("Review date", str(review) if review else NOT_SET),
        ("Protective marking", options.marking),
        ("Data recorded until", _recorded_until(analysis)),
    ]
    return [
        para(options.title, "title"),
        *(para(f"{key}: {value}", "field") for key, value in fields),
        caveat_box(BRIEFING_CAVEAT, FRAME[2]),
        para("In this briefing", "contents heading"),
        contents,
        para("Provenance", "small heading"),
        *(para(f"{k}: {v}", "small") for k, v in analysis.shown_provenance().items()),
    ]


def _section(name: str, section: BriefingSection, starts: dict[str, int]) -> list[Flowable]:
    return [
        PageBreak(),
        SectionStart(name, starts),
        para(section.title, "heading"),
        *block_flowables(section.blocks, FRAME[2]),
    ]


def _group(page: GroupPage, starts: dict[str, int], first: bool) -> list[Flowable]:
    out: list[Flowable] = [PageBreak()]
    if first:
        out.append(SectionStart("groups", starts))
    out += [para(page.title, "group"), para(page.subtitle, "subtitle")]
    if page.drawing is not None and page.drawing.vectors is not None:
        out += [VectorPicture(page.drawing.vectors), Spacer(1, 6)]
    return out + block_flowables(page.blocks, FRAME[2])


def write_briefing(
    analysis: Analysis,
    path: Path,
    *,
    options: BriefingOptions | None = None,
    changes: ChangeReport | None = None,
    extra_sections: Sequence[BriefingSection] = (),
    groups: Sequence[GroupPage] | None = None,
) -> Path:
    """Return ``path`` after writing the A4 briefing PDF of ``analysis``.

    Parts: a cover (purpose, owner, review date, marking, caveat, contents, provenance), the
    summary, any ``extra_sections``, each candidate group from a new page (its drawing, then
    its key facts: ``groups``, by default :func:`group_pages`), and the changes since the last
    meeting (``changes``, in the words of :class:`~cs_peers.analysis.meetings.ChangeReport`).
    Every page carries the marking at the top and the bottom and "page N of M". Text is never
    cut: what does not fit flows on to the next page.
    The PDF embeds DejaVu Sans; with ``SOURCE_DATE_EPOCH`` set, the same data gives the same
    bytes.
    """
    options = options or BriefingOptions()
    clock.now()  # refuses a malformed SOURCE_DATE_EPOCH before ReportLab reads it
    register_fonts()
    labels = analysis.dataset.labels(reveal_names=options.reveal_names)
    pages = list(groups) if groups is not None else group_pages(analysis, options)
    sections = [("summary", summary_section(analysis))]
    sections += [(f"extra {k}", s) for k, s in enumerate(extra_sections)]
    since = changes_section(changes, labels)
    parts = [(s.title, name) for name, s in sections]
    parts += [(_GROUPS, "groups")] if pages else []
    parts.append((since.title, "changes"))
    furniture = Furniture(options.marking, parts)
    story = _cover(analysis, options, Contents(furniture))
    for name, section in sections:
        story += _section(name, section, furniture.starts)
    for k, page in enumerate(pages):
        story += _group(page, furniture.starts, first=k == 0)
    story += _section("changes", since, furniture.starts)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = BaseDocTemplate(
        str(path),
        pagesize=PAGE,
        title=options.title,
        subject=options.marking,
        keywords=options.marking,
        creator="cs-peers",
        author="cs-peers",
        # ReportLab dates the file from SOURCE_DATE_EPOCH itself when it is set; invariant
        # mode also keeps its file identifier from depending on anything but the content.
        invariant=bool(os.environ.get(clock.ENV, "").strip()),
        # Every page's stream starts by naming a font: ours, not Helvetica (a font of the
        # reader's machine, even though no text uses it).
        initialFontName=BODY,
        pageTemplates=[
            PageTemplate(
                "page",
                [Frame(*FRAME, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)],
            )
        ],
    )
    document.build(story, canvasmaker=furnished_canvas(furniture))
    return path
