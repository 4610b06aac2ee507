"""The meeting pack: one folder with an index, diagrams, assessment seeds, the groups CSV, a
summary, a "since last meeting" page and a page per context — marked, pseudonymised, offline."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from cs_peers import clock
from cs_peers.analysis.contexts import DEFAULT_WINDOW_DAYS
from cs_peers.analysis.group_story import group_story
from cs_peers.analysis.meetings import ChangeReport, GroupChange
from cs_peers.analysis.person_history import PersonHistory
from cs_peers.analysis.profiles import group_summary_table, profile_groups
from cs_peers.analysis.provenance import DEFAULT_MARKING
from cs_peers.analysis.run import Analysis
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.set_aside import write_set_aside
from cs_peers.outputs._overview_focus import write_overviews
from cs_peers.outputs._pack_pages import (
    GroupRow,
    diagram_items,
    index_page,
    outside_index_item,
    person_page,
    shown_records,
    since_page,
    summary_page,
    write_context_pages,
    write_outside_page,
)
from cs_peers.outputs.assessment import SeedOptions, seed_paths
from cs_peers.outputs.briefing import (
    Block,
    BriefingOptions,
    BriefingSection,
    BriefingTable,
    GroupPage,
    group_page,
    write_briefing,
)
from cs_peers.outputs.diagrams import (
    DiagramOptions,
    neighbour_colors,
    write_assets,
)
from cs_peers.outputs.diagrams.group import group_scene
from cs_peers.outputs.diagrams.scene import write_scene_page
from cs_peers.outputs.diagrams.static import DrawingContent
from cs_peers.outputs.diagrams.styles import line_styles
from cs_peers.outputs.equality import (
    EqualityFigures,
    briefing_section,
    equality_index_item,
    write_equality_page,
)
from cs_peers.outputs.folders import current_stamp, output_folder
from cs_peers.outputs.groups_files import write_groups_files
from cs_peers.outputs.printing import SeedJob, SeedWriter, seed_writer
from cs_peers.safe_text import file_stem
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
    context_window_days: int = DEFAULT_WINDOW_DAYS
    # people.csv columns for the equality figures; None: the default ones the data carries.
    equality_attributes: tuple[str, ...] | None = None
    # The workspace's purpose, owner and review date; the day actions are due against.
    settings: PackSettings = field(default_factory=PackSettings)
    today: date | None = None
    pdf: bool = True
    # A case-file pack's young person over time (person.html); None for other audiences.
    person: PersonHistory | None = None
    # Processes for the drawings and seeds; None: the machine's cores when there are many groups.
    workers: int | None = None


def _briefing_equality(figures: EqualityFigures) -> BriefingSection:
    """Return the equality figures as a section of the printed briefing."""
    section = briefing_section(figures)
    blocks: list[Block] = list(section.paragraphs)
    for table in section.tables:
        # The value and the note get the room their words need; the numbers, less.
        widths = (1.7, 0.8, 0.9, 0.9, 0.9, 0.9, 1.1, 1.5) if len(table.header) == 8 else ()
        blocks += [table.caption, BriefingTable(table.header, table.rows, widths, table.empty)]
    return BriefingSection(section.title, (*blocks, *section.closing))


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
    # Each group's drawing and seeds are made by workers while this process writes the pages.
    styles = line_styles(analysis.dataset.vocabulary)
    jobs = len(analysis.groups.groups)
    with (
        output_folder(Path(out), PACK_KIND, protect=protect) as tmp,
        seed_writer(tmp / "assessments", styles, jobs=jobs, workers=options.workers) as seeds,
    ):
        _write_pack(analysis, tmp, options, changes, say, seeds)
        if before_publish is not None:
            before_publish()
    return Path(out)


def _write_pack(
    analysis: Analysis,
    out: Path,
    options: PackOptions,
    changes: ChangeReport | None,
    say: Callable[[str], None],
    seeds: SeedWriter,
) -> None:
    dataset, groups, provenance = analysis.dataset, analysis.groups, analysis.shown_provenance()
    group_ids = list(groups.groups["group_id"])
    # Linked groups never share a colour; the group pages use the overview's colours.
    colors = neighbour_colors(dataset, groups)
    # groups.csv stays a plain table; its marking and caveat travel beside it.
    write_groups_files(analysis, out, marking=options.marking)
    write_assets(out)
    diagram_options = DiagramOptions(
        marking=options.marking,
        reveal_names=options.reveal_names,
        seed=groups.parameters.seed,
        provenance=provenance,
        assets="../assets/",
    )
    (out / "diagrams").mkdir()
    (out / "assessments").mkdir(exist_ok=True)
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
    today = options.today or clock.today()
    write_overviews(
        analysis, out / "diagrams", diagram_options, colors, changes=changes, today=today
    )
    seed_options = SeedOptions(
        marking=options.marking,
        provenance=analysis.provenance,
        purpose=options.settings.purpose,
        owner=options.settings.owner,
    )
    files: dict[str, list[str]] = {}
    labels = dataset.labels(reveal_names=options.reveal_names)
    holds = dict(zip(group_ids, groups.groups["holds_together"].astype(bool), strict=True))
    change_of: dict[str, GroupChange] = {c.group_id: c for c in changes.groups} if changes else {}
    today = options.today or clock.today()
    # The briefing's page of each group: its story, as its HTML page and seeds tell it.
    pages: list[GroupPage] = []
    for profile in profile_groups(dataset, groups, reveal_names=options.reveal_names):
        review_items = diagram_items(analysis.reviews, profile.group_id)
        group_options = replace(
            diagram_options, provenance={**diagram_options.provenance, **review_items}
        )
        review = analysis.reviews.of(profile.group_id) if analysis.reviews else None
        change = change_of.get(profile.group_id)
        # One story of the group, read on its page and in its seeds (and, later, the briefing).
        story = group_story(
            profile,
            reviews=review,
            change=change,
            labels=labels,
            holds_together=bool(holds[profile.group_id]),
            vocabulary=dataset.vocabulary,
            baseline=changes.baseline if changes else None,
            today=today,
        )
        scene = group_scene(
            dataset,
            profile,
            options=group_options,
            color=colors[profile.group_id],
            change=change,
            baseline=changes.baseline if changes else None,
            story=story,
        )
        # The story's review, decisions and actions replace the seed's own review lines.
        group_seed = replace(
            seed_options,
            story=story,
            review_date=(review.review_date if review else "") or options.settings.review_date,
        )
        # The Word seed and the briefing print the same drawing of the group, made once.
        printed = options.docx or options.pdf
        content = DrawingContent.of(scene) if printed else None
        seeds.submit(SeedJob(profile, group_seed, content, options.docx))
        pages.append(group_page(story, profile.size))
        seed_files = seed_paths(profile.group_id, out / "assessments", docx=options.docx)
        nav = [("Pack index", "../index.html"), ("Network overview", "overview.html")]
        nav += [
            (f"Assessment seed ({p.suffix.lstrip('.')})", f"../assessments/{p.name}")
            for p in seed_files
        ]
        nav += contexts_of.get(profile.group_id, [])
        diagram = write_scene_page(
            replace(scene, nav=nav),
            out / "diagrams" / f"{profile.group_id}.html",
            dataset=dataset,
            options=group_options,
        )
        files[profile.group_id] = [str(diagram.relative_to(out))] + [
            str(p.relative_to(out)) for p in seed_files
        ]
    say("Writing the summary and index…")
    summary = group_summary_table(dataset, groups)
    (out / "summary.html").write_text(summary_page(summary, options.marking, provenance), "utf-8")
    (out / "since-last-meeting.html").write_text(
        since_page(analysis, changes, options.marking, today), "utf-8"
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
    if options.person is not None:
        (out / "person.html").write_text(person_page(options.person, options.marking), "utf-8")
    drawings = {o.group_id: o.drawing for o in seeds.outcomes() if o.drawing is not None}
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
            groups=[replace(p, drawing=drawings.get(p.group_id)) for p in pages],
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
        person=options.person.label if options.person is not None else None,
        pdf=options.pdf,
        # The index alone names the export's audit entry: it differs on every export.
        provenance={**provenance, **current_stamp()},
        set_aside=_write_set_aside(dataset, out),
    )
    (out / "index.html").write_text(index, "utf-8")


def _write_set_aside(dataset: Dataset, out: Path) -> int | None:
    """Write set-aside.csv when bad rows were set aside (asked for); return their count."""
    if dataset.set_aside is None:
        return None
    write_set_aside(out, dataset.set_aside)
    return dataset.rows_set_aside()
