"""The meeting pack: one folder with an index, diagrams, assessment seeds, the groups CSV, a
summary, a "since last meeting" page and a page per context — marked, pseudonymised, offline."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from cs_peers import clock
from cs_peers.analysis.history import memberships_to_csv
from cs_peers.analysis.meetings import ChangeReport
from cs_peers.analysis.profiles import group_summary_table, profile_groups
from cs_peers.analysis.provenance import DEFAULT_MARKING
from cs_peers.analysis.run import Analysis
from cs_peers.outputs.assessment import SeedOptions, write_assessment_seed
from cs_peers.outputs.briefing import (
    BriefingOptions,
    BriefingSection,
    BriefingTable,
    write_briefing,
)
from cs_peers.outputs.context_pages import write_context_pages
from cs_peers.outputs.diagrams import (
    DiagramOptions,
    neighbour_colors,
    render_overview,
    write_assets,
)
from cs_peers.outputs.diagrams.group import group_scene
from cs_peers.outputs.diagrams.scene import write_scene_page
from cs_peers.outputs.diagrams.static import scene_png
from cs_peers.outputs.equality import (
    EqualityFigures,
    briefing_section,
    equality_index_item,
    write_equality_page,
)
from cs_peers.outputs.folders import current_stamp, output_folder
from cs_peers.outputs.outside_groups_page import outside_index_item, write_outside_page
from cs_peers.outputs.pack_pages import (
    GroupRow,
    index_page,
    shown_records,
    since_page,
    summary_page,
)
from cs_peers.outputs.review_pages import diagram_items, seed_history_lines
from cs_peers.safe_names import file_stem
from cs_peers.workspace import PackSettings

__all__ = ["PACK_KIND", "PackOptions", "build_pack"]

PACK_KIND = "meeting pack"


@dataclass(frozen=True)
class PackOptions:
    """How the pack is written."""

    marking: str = DEFAULT_MARKING
    reveal_names: bool = False
    docx: bool = True
    # Context pages count the last this many days of the data (and show all history apart).
    context_window_days: int = 90
    # people.csv columns for the equality figures; None: the default ones the data carries.
    equality_attributes: tuple[str, ...] | None = None
    # The workspace's purpose, owner and review date; the day actions are due against.
    settings: PackSettings = field(default_factory=PackSettings)
    today: date | None = None
    pdf: bool = True


def _briefing_equality(figures: EqualityFigures) -> BriefingSection:
    """Return the equality figures as a section of the printed briefing."""
    section = briefing_section(figures)
    blocks: list[str | BriefingTable] = list(section.paragraphs)
    for table in section.tables:
        blocks += [table.caption, BriefingTable(table.header, table.rows)]
    return BriefingSection(section.title, tuple(blocks))


def build_pack(
    analysis: Analysis,
    out: Path,
    *,
    options: PackOptions | None = None,
    changes: ChangeReport | None = None,
    progress: Callable[[str], None] | None = None,
    protect: Iterable[Path] = (),
    before_publish: Callable[[], None] | None = None,
) -> Path:
    """Return the folder of a complete meeting pack written for ``analysis``.

    The pack is written into a temporary sibling and moved into place at the end, so a failure
    leaves any earlier pack at ``out`` untouched; ``out`` must be new, empty or an earlier pack
    holding only what cs-peers wrote (:mod:`cs_peers.outputs.folders`). ``protect`` names paths
    the pack must never replace (the input data, the workspace). ``changes`` is what changed
    since the last meeting (:func:`cs_peers.analysis.meetings.change_report`), for the
    meeting's audience only. ``before_publish`` runs once every file is written and before
    the pack is moved into place (the run is kept there: if that fails, no pack appears).
    """
    options = options or PackOptions()
    say = progress or (lambda _message: None)
    with output_folder(Path(out), PACK_KIND, protect=protect) as tmp:
        _write_pack(analysis, tmp, options, changes, say)
        if before_publish is not None:
            before_publish()
    return Path(out)


def _write_pack(
    analysis: Analysis,
    out: Path,
    options: PackOptions,
    changes: ChangeReport | None,
    say: Callable[[str], None],
) -> None:
    dataset, groups, provenance = analysis.dataset, analysis.groups, analysis.provenance
    group_ids = list(groups.groups["group_id"])
    # Linked groups never share a colour; the group pages use the overview's colours.
    colors = neighbour_colors(dataset, groups)
    (out / "groups.csv").write_text(memberships_to_csv(groups.memberships), "utf-8")
    write_assets(out)
    diagram_options = DiagramOptions(
        marking=options.marking,
        reveal_names=options.reveal_names,
        seed=groups.parameters.seed,
        provenance=provenance,
        assets="../assets/",
    )
    (out / "diagrams").mkdir()
    (out / "assessments").mkdir()
    say("Writing the context pages…")
    contexts = write_context_pages(
        analysis,
        out,
        options=diagram_options,
        colors=colors,
        days=options.context_window_days,
        shown=shown_records,
    )
    contexts_of: dict[str, list[tuple[str, str]]] = {}
    for r in contexts.itertuples(index=False):
        for g in str(r.group_ids).split(", "):
            contexts_of.setdefault(g, []).append(
                (f"Context: {r.name}", f"../contexts/{file_stem(str(r.context_id))}.html")
            )
    say(f"Drawing the overview and {len(group_ids)} group diagrams…")
    render_overview(
        dataset,
        groups,
        out / "diagrams" / "overview.html",
        options=diagram_options,
        colors=colors,
        nav=[("Pack index", "../index.html"), ("Summary", "../summary.html")],
    )
    seed_options = SeedOptions(
        marking=options.marking,
        provenance=provenance,
        purpose=options.settings.purpose,
        owner=options.settings.owner,
    )
    files: dict[str, list[str]] = {}
    for profile in profile_groups(dataset, groups, reveal_names=options.reveal_names):
        review_items = diagram_items(analysis.reviews, profile.group_id)
        group_options = replace(
            diagram_options, provenance={**diagram_options.provenance, **review_items}
        )
        scene = group_scene(dataset, profile, options=group_options, color=colors[profile.group_id])
        review = analysis.reviews.of(profile.group_id) if analysis.reviews else None
        group_seed = replace(
            seed_options,
            history=seed_history_lines(analysis.reviews, profile.group_id),
            review_date=(review.review_date if review else "") or options.settings.review_date,
        )
        # The Word seed carries the same diagram as a picture.
        png = scene_png(scene, dataset=dataset, options=diagram_options) if options.docx else None
        seeds = write_assessment_seed(
            profile, out / "assessments", options=group_seed, docx=options.docx, diagram_png=png
        )
        nav = [("Pack index", "../index.html"), ("Network overview", "overview.html")]
        nav += [
            (f"Assessment seed ({p.suffix.lstrip('.')})", f"../assessments/{p.name}") for p in seeds
        ]
        nav += contexts_of.get(profile.group_id, [])
        diagram = write_scene_page(
            replace(scene, nav=nav),
            out / "diagrams" / f"{profile.group_id}.html",
            dataset=dataset,
            options=group_options,
        )
        files[profile.group_id] = [str(diagram.relative_to(out))] + [
            str(p.relative_to(out)) for p in seeds
        ]
    say("Writing the summary and index…")
    summary = group_summary_table(dataset, groups)
    (out / "summary.html").write_text(summary_page(summary, options.marking, provenance), "utf-8")
    (out / "since-last-meeting.html").write_text(
        since_page(analysis, changes, options.marking, options.today or clock.today()), "utf-8"
    )
    equality = write_equality_page(
        dataset,
        groups,
        out,
        marking=options.marking,
        provenance=provenance,
        attributes=options.equality_attributes,
    )
    outside = write_outside_page(
        analysis, out, marking=options.marking, reveal_names=options.reveal_names
    )
    if options.pdf:
        say("Writing the briefing PDF…")
        settings = options.settings
        briefing = BriefingOptions(
            marking=options.marking,
            reveal_names=options.reveal_names,
            purpose=settings.purpose or None,
            owner=settings.owner or None,
            review_date=settings.review_date or None,
        )
        write_briefing(
            analysis,
            out / "briefing.pdf",
            options=briefing,
            changes=changes,
            extra_sections=[_briefing_equality(equality)],
        )
    rows = [
        GroupRow.of(g, files[g], int(summary.loc[summary["group_id"] == g, "size"].iloc[0]))
        for g in group_ids
    ]
    index = index_page(
        marking=options.marking,
        settings=options.settings,
        groups=rows,
        contexts=contexts,
        reviews=analysis.reviews,
        equality_item=equality_index_item(equality),
        outside_item=outside_index_item(outside),
        pdf=options.pdf,
        # The index alone names the export's audit entry: it differs on every export.
        provenance={**provenance, **current_stamp()},
    )
    (out / "index.html").write_text(index, "utf-8")
