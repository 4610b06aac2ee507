"""Commands that write for people: render (diagrams) and assess (seeds); see also pack_commands.

The writers (pyvis, python-docx) are imported inside the commands that use them, so commands
that only analyse start quickly.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cs_peers.errors import CsPeersError
from cs_peers.outputs.folders import check_output_folder, output_folder

from .analysis_options import AnalysisOptions, analysis_options
from .app import app
from .audience_options import AudienceOptions, audience_options
from .audit_commands import log_export
from .options import keep_run

if TYPE_CHECKING:
    from cs_peers.analysis.run import Analysis

__all__ = ["GroupOpt", "OutOpt", "assess", "render", "selected_groups"]

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


def selected_groups(result: Analysis, group: list[str] | None) -> list[str]:
    """Return the ids of the groups asked for with --group (all when none), each checked."""
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
@analysis_options()
@audience_options()
def render(
    ctx: typer.Context,
    *,
    analysis: AnalysisOptions,
    out: OutOpt = Path("diagrams"),
    group: GroupOpt = None,
    format_: FormatOpt = "html",
    audience: AudienceOptions,
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
    check_output_folder(out, DIAGRAMS_KIND, protect=analysis.protected())
    result, history = analysis.analyse()
    wanted = selected_groups(result, group)
    result, marking = audience.view(result, groups=group, workspace=analysis.workspace)
    options = DiagramOptions(
        marking=marking,
        reveal_names=audience.reveal_names,
        seed=analysis.seed,
        provenance=result.provenance,
        assets="assets/",
    )
    with output_folder(out, DIAGRAMS_KIND, protect=analysis.protected()) as tmp:
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
@analysis_options()
@audience_options()
def assess(
    ctx: typer.Context,
    *,
    analysis: AnalysisOptions,
    out: OutOpt = Path("assessments"),
    group: GroupOpt = None,
    docx: Annotated[
        bool, typer.Option("--docx/--no-docx", help="Also write a Word document per group.")
    ] = True,
    audience: AudienceOptions,
) -> None:
    """Write pre-filled peer group assessment seeds (Markdown and Word), one per group.

    Example: cs-peers assess sample_graphs/borough --out seeds --no-docx
    """
    from cs_peers.analysis.profiles import profile_groups
    from cs_peers.outputs.assessment import SeedOptions, write_assessment_seed
    from cs_peers.outputs.diagrams import DiagramOptions, group_colors
    from cs_peers.outputs.diagrams.group import group_scene
    from cs_peers.outputs.diagrams.static import scene_png

    check_output_folder(out, SEEDS_KIND, protect=analysis.protected())
    result, history = analysis.analyse()
    wanted = selected_groups(result, group)
    result, marking = audience.view(result, groups=group, workspace=analysis.workspace)
    options = SeedOptions(marking=marking, provenance=result.provenance)
    written = 0
    diagram_options = DiagramOptions(
        marking=marking,
        reveal_names=audience.reveal_names,
        seed=analysis.seed,
        provenance=result.provenance,
    )
    colors = group_colors(list(result.groups.groups["group_id"]))
    with output_folder(out, SEEDS_KIND, protect=analysis.protected()) as tmp:
        for profile in profile_groups(
            result.dataset, result.groups, group_ids=wanted, reveal_names=audience.reveal_names
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
