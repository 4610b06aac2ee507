"""Commands that write the meeting pack: pack (from your data) and demo (from the sample)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cs_peers.analysis.provenance import DEFAULT_MARKING
from cs_peers.workspace import read_pack_settings, workspace_home

from .analysis_options import AnalysisOptions, analysis_options
from .app import app
from .audit_commands import log_export
from .options import MarkingOpt, WorkspaceOpt, keep_run, say
from .output_options import OutOpt, OutputOptions, docx_option, output_options

if TYPE_CHECKING:
    from cs_peers.analysis.pending_history import PendingHistory
    from cs_peers.analysis.run import Analysis
    from cs_peers.outputs.pack import PackOptions

__all__ = ["demo", "pack"]


def _check_out(out: Path, analysis: AnalysisOptions) -> None:
    from cs_peers.outputs.folders import check_output_folder
    from cs_peers.outputs.pack import PACK_KIND

    check_output_folder(out, PACK_KIND, protect=analysis.protected())


def _write_pack(
    ctx: typer.Context,
    analysis: AnalysisOptions,
    made: tuple[Analysis, PendingHistory | None],
    out: Path,
    options: PackOptions,
    *,
    compare: bool,
) -> int:
    """Write the pack, keep its run once it is complete, log the export; return its groups."""
    from cs_peers.outputs.pack import build_pack

    result, history = made
    build_pack(
        result,
        out,
        options=options,
        history=history if compare else None,
        progress=say,
        protect=analysis.protected(),
    )
    keep_run(history)
    groups = len(result.groups.groups)
    log_export(ctx, out, fingerprint=result.dataset.fingerprint, groups=groups)
    return groups


@app.command()
@analysis_options()
@output_options(Path("pack"))
def pack(
    ctx: typer.Context,
    *,
    analysis: AnalysisOptions,
    output: OutputOptions,
    docx: Annotated[bool, docx_option("Also write Word assessment seeds.")] = True,
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
) -> None:
    """Write the meeting pack: index, diagrams, assessment seeds, groups.csv, summary, changes.

    Example: cs-peers pack sample_graphs/borough --out pack
    """
    from cs_peers.outputs.pack import PackOptions

    _check_out(output.out, analysis)
    result, history = analysis.analyse(set_aside_in=output.out)
    result, marking, _ = output.view(result, analysis)
    options = PackOptions(
        marking=marking,
        reveal_names=output.reveal_names,
        docx=docx,
        pdf=pdf,
        context_window_days=context_window,
        settings=read_pack_settings(workspace_home(analysis.workspace)),
    )
    # Only the meeting compares with earlier runs: they hold what other audiences may not see.
    groups = _write_pack(
        ctx, analysis, (result, history), output.out, options, compare=output.for_meeting
    )
    typer.echo(f"wrote the pack for {groups} candidate groups: {output.out / 'index.html'}")


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
    from cs_peers.inputs.sample.shipped import sample_path
    from cs_peers.outputs.pack import PackOptions

    analysis = AnalysisOptions(data=sample_path("borough"), workspace=workspace)
    _check_out(out, analysis)
    say(f"Using the shipped fictional sample: {analysis.data}")
    options = PackOptions(marking=marking, settings=read_pack_settings(workspace_home(workspace)))
    groups = _write_pack(ctx, analysis, analysis.analyse(), out, options, compare=True)
    typer.echo(f"wrote the demo pack for {groups} candidate groups: {out / 'index.html'}")
