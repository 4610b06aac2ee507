"""Commands that write for people: render (diagrams) and assess (seeds); pack and demo are in
:mod:`cli.pack_commands`.

The writers (pyvis, python-docx) are imported inside the commands that use them, so commands
that only analyse start quickly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .analysis_options import AnalysisOptions, analysis_options
from .audit_commands import audited
from .options import keep_run
from .output_options import OutputOptions, docx_option, output_options
from .sources import list_set_aside

# This module's commands; cli/app.py adds them to the `cs-peers` command (add_typer).
app = typer.Typer()

__all__ = ["assess", "render"]

DIAGRAMS_KIND = "set of diagrams"
SEEDS_KIND = "set of assessment seeds"

FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        help="Formats to write, comma-separated: html, png, svg, pdf (each file is marked, with "
        "the legend, caveat and provenance).",
    ),
]


@app.command()
@analysis_options()
@output_options(Path("diagrams"))
def render(
    ctx: typer.Context,
    *,
    analysis: AnalysisOptions,
    output: OutputOptions,
    format_: FormatOpt = "html",
) -> None:
    """Draw offline network diagrams: one per group and an overview, as HTML, PNG, SVG or PDF.

    Example: cs-peers render sample_graphs/borough --out diagrams --format html,png,pdf
    """
    from cs_peers.outputs.diagrams import DiagramOptions
    from cs_peers.outputs.diagrams.export import parse_formats, write_diagrams
    from cs_peers.outputs.folders import output_folder

    try:
        formats = parse_formats(format_)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--format") from None
    output.check(DIAGRAMS_KIND, analysis)
    result, history = analysis.analyse(set_aside_in=output.out)
    result, marking, wanted = output.view(result, analysis)
    options = DiagramOptions(
        marking=marking,
        reveal_names=output.reveal_names,
        seed=analysis.seed,
        provenance=result.shown_provenance(),
        assets="assets/",
    )
    with (
        audited(ctx, output.out, fingerprint=result.dataset.fingerprint, groups=len(wanted)),
        output_folder(output.out, DIAGRAMS_KIND, protect=analysis.protected()) as tmp,
    ):
        write_diagrams(
            result.dataset,
            result.groups,
            tmp,
            formats=formats,
            options=options,
            group_ids=wanted,
            overview=not output.group,
        )
        list_set_aside(tmp, result.dataset)
    keep_run(history)
    typer.echo(
        f"wrote {len(wanted)} group diagram{'s' if len(wanted) != 1 else ''}"
        f"{' and the overview' if not output.group else ''} as {', '.join(formats)} "
        f"to {output.out}"
    )


@app.command()
@analysis_options()
@output_options(Path("assessments"))
def assess(
    ctx: typer.Context,
    *,
    analysis: AnalysisOptions,
    output: OutputOptions,
    docx: Annotated[bool, docx_option("Also write a Word document per group.")] = True,
) -> None:
    """Write pre-filled peer group assessment seeds (Markdown and Word), one per group.

    Example: cs-peers assess sample_graphs/borough --out seeds --no-docx
    """
    from cs_peers.outputs.assessment import SeedOptions
    from cs_peers.outputs.diagrams import DiagramOptions, group_colors
    from cs_peers.outputs.folders import output_folder
    from cs_peers.outputs.printing import write_group_seeds

    output.check(SEEDS_KIND, analysis)
    result, history = analysis.analyse(set_aside_in=output.out)
    result, marking, wanted = output.view(result, analysis)
    diagram_options = DiagramOptions(
        marking=marking,
        reveal_names=output.reveal_names,
        seed=analysis.seed,
        provenance=result.shown_provenance(),
    )
    with (
        audited(ctx, output.out, fingerprint=result.dataset.fingerprint, groups=len(wanted)),
        output_folder(output.out, SEEDS_KIND, protect=analysis.protected()) as tmp,
    ):
        written = write_group_seeds(
            result.dataset,
            result.groups,
            tmp,
            options=SeedOptions(marking=marking, provenance=result.provenance),
            diagram_options=diagram_options,
            colors=group_colors(list(result.groups.groups["group_id"])),
            group_ids=wanted,
            docx=docx,
        )
        list_set_aside(tmp, result.dataset)
    keep_run(history)
    typer.echo(
        f"wrote {len(written)} assessment seed files for {len(wanted)} groups to {output.out}"
    )
