"""Commands that write for people: render (diagrams), assess (seeds), pack, demo.

The writers (pyvis, python-docx) are imported inside the commands that use them, so commands
that only analyse start quickly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cs_peers.analysis.profiles import profile_groups
from cs_peers.analysis.run import Analysis
from cs_peers.errors import CsPeersError
from cs_peers.inputs.sample.shipped import sample_path
from cs_peers.outputs.audiences import DEFAULT_AUDIENCE
from cs_peers.outputs.folders import check_output_folder, output_folder
from cs_peers.workspace import read_pack_settings, workspace_home

from .app import app
from .audit_commands import log_export
from .options import (
    DEFAULT_MARKING,
    DEFAULT_RESOLUTION,
    AsOfOpt,
    AudienceOpt,
    DataArg,
    LineageOpt,
    MappingOpt,
    MarkingOpt,
    Neo4jOpt,
    PersonOpt,
    RecordOpt,
    ResolutionOpt,
    RevealNamesOpt,
    RunsOpt,
    SeedOpt,
    SinceOpt,
    UntilOpt,
    VocabularyOpt,
    WorkspaceOpt,
    audience_view,
    keep_run,
    open_and_analyse,
    protected_paths,
    say,
)

DIAGRAMS_KIND = "set of diagrams"
SEEDS_KIND = "set of assessment seeds"

OutOpt = Annotated[
    Path, typer.Option("--out", help="Folder to write into (created if missing).", file_okay=False)
]
GroupOpt = Annotated[
    list[str] | None, typer.Option("--group", help="Only this group id (repeatable).")
]
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        help="Formats to write, comma-separated: html, png, svg, pdf (each file is marked, with "
        "the legend, caveat and provenance).",
    ),
]


def _selected(result: Analysis, group: list[str] | None) -> list[str]:
    known = list(result.groups.groups["group_id"])
    if not group:
        return known
    unknown = [g for g in group if g not in known]
    if unknown:
        raise CsPeersError(
            f"no group {unknown[0]!r} in this run; the groups are {', '.join(known) or 'none'}"
        )
    return group


@app.command()
def render(
    ctx: typer.Context,
    data: DataArg = None,
    out: OutOpt = Path("diagrams"),
    group: GroupOpt = None,
    format_: FormatOpt = "html",
    neo4j: Neo4jOpt = False,
    marking: MarkingOpt = DEFAULT_MARKING,
    audience: AudienceOpt = DEFAULT_AUDIENCE,
    person: PersonOpt = None,
    reveal_names: RevealNamesOpt = False,
    resolution: ResolutionOpt = DEFAULT_RESOLUTION,
    seed: SeedOpt = 0,
    runs: RunsOpt = 10,
    as_of: AsOfOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    vocabulary: VocabularyOpt = None,
    mapping: MappingOpt = None,
    workspace: WorkspaceOpt = None,
    record: RecordOpt = True,
    lineage: LineageOpt = None,
) -> None:
    """Draw offline network diagrams: one per group and an overview, as HTML, PNG, SVG or PDF.

    Example: cs-peers render sample_graphs/borough --out diagrams --format html,png,pdf
    """
    from cs_peers.outputs.diagrams import DiagramOptions
    from cs_peers.outputs.diagrams.export import parse_formats, write_diagrams

    try:
        formats = parse_formats(format_)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--format") from None
    check_output_folder(out, DIAGRAMS_KIND, protect=protected_paths(data, workspace))
    result, history = open_and_analyse(
        data,
        neo4j=neo4j,
        vocabulary=vocabulary,
        workspace=workspace,
        record=record,
        resolution=resolution,
        seed=seed,
        runs=runs,
        as_of=as_of,
        since=since,
        until=until,
        mapping=mapping,
        lineage=lineage,
    )
    wanted = _selected(result, group)
    result, marking = audience_view(
        result,
        audience=audience,
        marking=marking,
        groups=group,
        person=person,
        workspace=workspace,
        reveal_names=reveal_names,
    )
    options = DiagramOptions(
        marking=marking,
        reveal_names=reveal_names,
        seed=seed,
        provenance=result.provenance,
        assets="assets/",
    )
    with output_folder(out, DIAGRAMS_KIND, protect=protected_paths(data, workspace)) as tmp:
        write_diagrams(
            result.dataset,
            result.groups,
            tmp,
            formats=formats,
            options=options,
            group_ids=wanted,
            overview=not group,
        )
    keep_run(history)
    log_export(ctx, out, fingerprint=result.dataset.fingerprint, groups=len(wanted))
    typer.echo(
        f"wrote {len(wanted)} group diagram{'s' if len(wanted) != 1 else ''}"
        f"{' and the overview' if not group else ''} as {', '.join(formats)} to {out}"
    )


@app.command()
def assess(
    ctx: typer.Context,
    data: DataArg = None,
    out: OutOpt = Path("assessments"),
    group: GroupOpt = None,
    neo4j: Neo4jOpt = False,
    docx: Annotated[
        bool, typer.Option("--docx/--no-docx", help="Also write a Word document per group.")
    ] = True,
    marking: MarkingOpt = DEFAULT_MARKING,
    audience: AudienceOpt = DEFAULT_AUDIENCE,
    person: PersonOpt = None,
    reveal_names: RevealNamesOpt = False,
    resolution: ResolutionOpt = DEFAULT_RESOLUTION,
    seed: SeedOpt = 0,
    runs: RunsOpt = 10,
    as_of: AsOfOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    vocabulary: VocabularyOpt = None,
    mapping: MappingOpt = None,
    workspace: WorkspaceOpt = None,
    record: RecordOpt = True,
    lineage: LineageOpt = None,
) -> None:
    """Write pre-filled peer group assessment seeds (Markdown and Word), one per group.

    Example: cs-peers assess sample_graphs/borough --out seeds --no-docx
    """
    from cs_peers.outputs.assessment import SeedOptions, write_assessment_seed
    from cs_peers.outputs.diagrams import DiagramOptions, group_colors
    from cs_peers.outputs.diagrams.group import group_scene
    from cs_peers.outputs.diagrams.static import scene_png

    check_output_folder(out, SEEDS_KIND, protect=protected_paths(data, workspace))
    result, history = open_and_analyse(
        data,
        neo4j=neo4j,
        vocabulary=vocabulary,
        workspace=workspace,
        record=record,
        resolution=resolution,
        seed=seed,
        runs=runs,
        as_of=as_of,
        since=since,
        until=until,
        mapping=mapping,
        lineage=lineage,
    )
    wanted = _selected(result, group)
    result, marking = audience_view(
        result,
        audience=audience,
        marking=marking,
        groups=group,
        person=person,
        workspace=workspace,
        reveal_names=reveal_names,
    )
    options = SeedOptions(marking=marking, provenance=result.provenance)
    written = 0
    diagram_options = DiagramOptions(
        marking=marking, reveal_names=reveal_names, seed=seed, provenance=result.provenance
    )
    colors = group_colors(list(result.groups.groups["group_id"]))
    with output_folder(out, SEEDS_KIND, protect=protected_paths(data, workspace)) as tmp:
        for profile in profile_groups(
            result.dataset, result.groups, group_ids=wanted, reveal_names=reveal_names
        ):
            # The Word seed carries the group's diagram as a picture.
            png = (
                scene_png(
                    group_scene(
                        result.dataset,
                        profile,
                        options=diagram_options,
                        color=colors[profile.group_id],
                    ),
                    dataset=result.dataset,
                    options=diagram_options,
                )
                if docx
                else None
            )
            written += len(
                write_assessment_seed(profile, tmp, options=options, docx=docx, diagram_png=png)
            )
    keep_run(history)
    log_export(ctx, out, fingerprint=result.dataset.fingerprint, groups=len(wanted))
    typer.echo(f"wrote {written} assessment seed files for {len(wanted)} groups to {out}")


@app.command()
def pack(
    ctx: typer.Context,
    data: DataArg = None,
    out: OutOpt = Path("pack"),
    group: GroupOpt = None,
    neo4j: Neo4jOpt = False,
    marking: MarkingOpt = DEFAULT_MARKING,
    audience: AudienceOpt = DEFAULT_AUDIENCE,
    person: PersonOpt = None,
    reveal_names: RevealNamesOpt = False,
    docx: Annotated[
        bool, typer.Option("--docx/--no-docx", help="Also write Word assessment seeds.")
    ] = True,
    pdf: Annotated[
        bool, typer.Option("--pdf/--no-pdf", help="Also write briefing.pdf (A4, to print).")
    ] = True,
    context_window: Annotated[
        int,
        typer.Option(
            "--context-window",
            min=1,
            help="Days of data (to the latest observed record) context pages count as recent.",
        ),
    ] = 90,
    resolution: ResolutionOpt = DEFAULT_RESOLUTION,
    seed: SeedOpt = 0,
    runs: RunsOpt = 10,
    as_of: AsOfOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    vocabulary: VocabularyOpt = None,
    mapping: MappingOpt = None,
    workspace: WorkspaceOpt = None,
    record: RecordOpt = True,
    lineage: LineageOpt = None,
) -> None:
    """Write the meeting pack: index, diagrams, assessment seeds, groups.csv, summary, changes.

    Example: cs-peers pack sample_graphs/borough --out pack
    """
    from cs_peers.outputs.pack import PACK_KIND, PackOptions, build_pack

    check_output_folder(out, PACK_KIND, protect=protected_paths(data, workspace))
    result, history = open_and_analyse(
        data,
        neo4j=neo4j,
        vocabulary=vocabulary,
        workspace=workspace,
        record=record,
        resolution=resolution,
        seed=seed,
        runs=runs,
        as_of=as_of,
        since=since,
        until=until,
        mapping=mapping,
        lineage=lineage,
    )
    _selected(result, group)
    result, marking = audience_view(
        result,
        audience=audience,
        marking=marking,
        groups=group,
        person=person,
        workspace=workspace,
        reveal_names=reveal_names,
    )
    options = PackOptions(
        marking=marking,
        reveal_names=reveal_names,
        docx=docx,
        pdf=pdf,
        context_window_days=context_window,
        settings=read_pack_settings(workspace_home(workspace)),
    )
    build_pack(
        result,
        out,
        options=options,
        # Only the meeting compares with earlier runs: they hold what other audiences may not see.
        history=history if audience == DEFAULT_AUDIENCE else None,
        progress=say,
        protect=protected_paths(data, workspace),
    )
    keep_run(history)
    log_export(ctx, out, fingerprint=result.dataset.fingerprint, groups=len(result.groups.groups))
    typer.echo(
        f"wrote the pack for {len(result.groups.groups)} candidate groups: {out / 'index.html'}"
    )


@app.command()
def demo(
    ctx: typer.Context,
    out: OutOpt = Path("demo-pack"),
    marking: MarkingOpt = DEFAULT_MARKING,
    workspace: WorkspaceOpt = None,
) -> None:
    """Build the meeting pack from the shipped fictional borough (no set-up needed).

    Example: cs-peers demo --out demo-pack
    """
    from cs_peers.outputs.pack import PACK_KIND, PackOptions, build_pack

    data = sample_path("borough")
    check_output_folder(out, PACK_KIND, protect=protected_paths(data, workspace))
    say(f"Using the shipped fictional sample: {data}")
    result, history = open_and_analyse(
        data, neo4j=False, vocabulary=None, workspace=workspace, record=True
    )
    options = PackOptions(marking=marking, settings=read_pack_settings(workspace_home(workspace)))
    build_pack(
        result,
        out,
        options=options,
        history=history,
        progress=say,
        protect=protected_paths(data, workspace),
    )
    keep_run(history)
    log_export(ctx, out, fingerprint=result.dataset.fingerprint, groups=len(result.groups.groups))
    typer.echo(
        f"wrote the demo pack for {len(result.groups.groups)} candidate groups: "
        f"{out / 'index.html'}"
    )
