"""``cs-peers export``: the network for Gephi, Cytoscape, Kumu and i2 Analyst's Notebook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .analysis_options import AnalysisOptions, analysis_options
from .audit_commands import audited
from .options import keep_run
from .output_options import OutputOptions, output_options

# This module's commands; cli/app.py adds them to the `cs-peers` command (add_typer).
app = typer.Typer()

__all__ = ["export"]

ExportOutOpt = Annotated[
    Path,
    typer.Option(
        "--out",
        help="The file to write (.graphml, .gexf, .json); for i2, a folder (entities.csv, "
        "links.csv, README.txt). An existing one is replaced only if cs-peers wrote it.",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        help="graphml or gexf (Gephi; GEXF carries dates for its timeline), cytoscape "
        "(Cytoscape.js JSON), kumu (Kumu JSON) or i2 (CSVs for an Analyst's Notebook import "
        "specification).",
        show_default=False,
    ),
]


@app.command()
@analysis_options()
@output_options(None, out_option=ExportOutOpt, names=False)
def export(
    ctx: typer.Context,
    *,
    analysis: AnalysisOptions,
    output: OutputOptions,
    format_: FormatOpt,
) -> None:
    """Export the network — people, contexts, every association — for Gephi, Cytoscape,
    Kumu or i2.

    Nodes carry kind, label, and each young person's candidate group and its review status;
    edges are the association records with their type, dates, agency, confidence and grading.
    Never names or notes. Marked, audited, and redacted for --audience like every output.

    Example: cs-peers export sample_graphs/borough --format gexf --out borough.gexf
    """
    from cs_peers.outputs.network_export import check_export, export_network

    check_export(output.out, format_, protect=analysis.protected())
    result, history = analysis.analyse()
    result, marking, wanted = output.view(result, analysis)
    with audited(ctx, output.out, fingerprint=result.dataset.fingerprint, groups=len(wanted)):
        done = export_network(
            result, output.out, format=format_, marking=marking, protect=analysis.protected()
        )
        keep_run(history)
    typer.echo(
        f"wrote {done.people} people, {done.contexts} contexts and {done.associations} "
        f"associations as {format_} to {output.out}"
    )
