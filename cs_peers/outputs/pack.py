"""The meeting pack: one folder with an index, diagrams, assessment seeds, the groups CSV, a
summary, a "since last meeting" page and a page per context — marked, pseudonymised, offline."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pandas as pd

from cs_peers import clock
from cs_peers.analysis.changes import changes_since
from cs_peers.analysis.history import RunHistory, RunRecord, memberships_to_csv
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
from cs_peers.outputs.folders import output_folder
from cs_peers.outputs.html_pages import definition_list, html_table, link, page, paragraph
from cs_peers.outputs.review_pages import (
    INDEX_HEADINGS,
    cover_block,
    diagram_items,
    index_cells,
    seed_history_lines,
    set_aside_block,
    since_block,
)
from cs_peers.safe_names import file_stem
from cs_peers.workspace import PackSettings

__all__ = ["CAVEAT", "PACK_KIND", "PackOptions", "build_pack"]

PACK_KIND = "meeting pack"

CAVEAT = (
    "These are candidate peer groups identified from recorded associations. Verify them with "
    "the people who know these young people before acting. Membership reflects what agencies "
    "recorded, not behaviour; it is not a label, a score or a list of suspects."
)


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


# Every page of the pack leads back to the index (pages at the top of the pack).
_NAV = (("Pack index", "index.html"), ("Network overview", "diagrams/overview.html"))

# What pages show of an association: its provenance, never its free-text notes.
SHOWN_COLUMNS = [
    "observed_on",
    "recorded_on",
    "source",
    "type",
    "target",
    "source_agency",
    "confidence",
    "reference",
]


def _shown(associations: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Return associations as pages show them: labels for ids, provenance, no notes."""
    named = associations.assign(
        source=associations["source"].map(labels), target=associations["target"].map(labels)
    )
    return named[SHOWN_COLUMNS]


def _previous_run(history: RunHistory | None, current: RunRecord | None) -> RunRecord | None:
    if history is None or current is None:
        return None
    earlier = [
        r
        for r in history.list_runs()
        if (r.created_at, r.run_id) < (current.created_at, current.run_id)
        and r.lineage == current.lineage
    ]
    return history.get(earlier[-1].run_id) if earlier else None


def _since_page(analysis: Analysis, base: RunRecord | None, marking: str, actions: str = "") -> str:
    if base is None:
        body = paragraph(
            "No earlier run is kept in this workspace, so there is nothing to compare with yet."
        )
        return page("Since the last meeting", marking, body + actions, nav=_NAV)
    labels = analysis.dataset.labels()
    parts = [
        paragraph(
            f"Compared with run {base.run_id} "
            f"(data recorded until {base.recorded_until or 'undated'})."
        ),
        "<h2>What happened to the groups</h2><ul>"
        + "".join(f"<li>{e.describe()}</li>" for e in analysis.events)
        + "</ul>",
    ]
    set_aside = set(analysis.reviews.hidden) if analysis.reviews else set()
    for change in changes_since(analysis.dataset, analysis.groups, base):
        if not change.changed or change.group_id in set_aside:
            continue
        parts.append(f"<h2>{change.group_id} ({change.status})</h2>")
        if change.joined:
            parts.append(paragraph("Joined: " + ", ".join(labels[p] for p in change.joined)))
        if change.left:
            parts.append(paragraph("Left: " + ", ".join(labels.get(p, p) for p in change.left)))
        if change.new_contexts:
            parts.append(
                paragraph("New contexts: " + ", ".join(labels[c] for c in change.new_contexts))
            )
        if len(change.new_associations):
            parts.append(html_table(_shown(change.new_associations, labels)))
    return page("Since the last meeting", marking, "\n".join(parts) + actions, nav=_NAV)


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
    history: RunHistory | None = None,
    progress: Callable[[str], None] | None = None,
    protect: Iterable[Path] = (),
) -> Path:
    """Return the folder of a complete meeting pack written for ``analysis``.

    The pack is written into a temporary sibling and moved into place at the end, so a failure
    leaves any earlier pack at ``out`` untouched; ``out`` must be new, empty or an earlier pack
    holding only what cs-peers wrote (:mod:`cs_peers.outputs.folders`). ``protect`` names paths
    the pack must never replace (the input data, the workspace).
    """
    options = options or PackOptions()
    say = progress or (lambda _message: None)
    with output_folder(Path(out), PACK_KIND, protect=protect) as tmp:
        _write_pack(analysis, tmp, options, history, say)
    return Path(out)


def _write_pack(
    analysis: Analysis,
    out: Path,
    options: PackOptions,
    history: RunHistory | None,
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
        shown=_shown,
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
    (out / "summary.html").write_text(
        page(
            "Candidate peer groups — summary",
            options.marking,
            paragraph(CAVEAT, "caveat")
            + html_table(summary, links={"group_id": {g: f"diagrams/{g}.html" for g in group_ids}})
            + "<h2>Provenance</h2>"
            + definition_list(provenance.items()),
            nav=_NAV,
        ),
        "utf-8",
    )
    base = _previous_run(history, analysis.run)
    (out / "since-last-meeting.html").write_text(
        _since_page(
            analysis,
            base,
            options.marking,
            since_block(analysis.reviews, options.today or clock.today()),
        ),
        "utf-8",
    )
    equality = write_equality_page(
        dataset,
        groups,
        out,
        marking=options.marking,
        provenance=provenance,
        attributes=options.equality_attributes,
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
            base=base,
            extra_sections=[_briefing_equality(equality)],
        )
    rows = []
    for group_id in group_ids:
        docs = " · ".join(
            link(f, Path(f).suffix.lstrip(".") or f) for f in files.get(group_id, [])[1:]
        )
        size = int(summary.loc[summary["group_id"] == group_id, "size"].iloc[0])
        rows.append(
            f"<tr><td>{link(files[group_id][0], group_id)}</td><td>{size}</td><td>{docs}</td>"
            f"{index_cells(analysis.reviews, group_id)}</tr>"
        )
    context_links = (
        "".join(
            f"<li>{link('contexts/' + file_stem(str(r.context_id)) + '.html', str(r.name))} — "
            f"{r.in_window} young people in the window ({r.window}), "
            f"{r.young_people} in all; groups {r.group_ids}</li>"
            for r in contexts.itertuples(index=False)
        )
        if len(contexts)
        else "<li>none</li>"
    )
    body = "\n".join(
        [
            paragraph(CAVEAT, "caveat"),
            cover_block(options.settings),
            "<ul>",
            f"<li>{link('diagrams/overview.html', 'Network overview')}</li>",
            f"<li>{link('summary.html', 'Summary of candidate groups')}</li>",
            f"<li>{link('since-last-meeting.html', 'Since the last meeting')}</li>",
            equality_index_item(equality),
            f"<li>{link('briefing.pdf', 'Briefing to print (A4 PDF)')}</li>" if options.pdf else "",
            f"<li>{link('groups.csv', 'groups.csv')} "
            "(group_id, person_id, confidence, bridge_to)</li>",
            "</ul>",
            "<h2>Candidate groups</h2><table><thead><tr><th>group</th><th>members</th>"
            f"<th>assessment seed</th>{INDEX_HEADINGS}</tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>",
            set_aside_block(analysis.reviews),
            "<h2>Contexts used by the groups</h2><ul>" + context_links + "</ul>",
            "<h2>Provenance</h2>",
            definition_list(provenance.items()),
        ]
    )
    (out / "index.html").write_text(
        page("Meeting pack — candidate peer groups", options.marking, body, nav=_NAV), "utf-8"
    )
