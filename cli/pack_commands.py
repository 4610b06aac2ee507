"""Commands that write the meeting pack: pack (from your data) and demo (from the sample)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cs_peers.analysis.contexts import DEFAULT_WINDOW_DAYS
from cs_peers.analysis.provenance import DEFAULT_MARKING
from cs_peers.workspace import read_pack_settings, workspace_home

from .analysis_options import AnalysisOptions, analysis_options
from .options import MarkingOpt, WorkspaceOpt, as_date, say
from .output_options import OutOpt, OutputOptions, docx_option, output_options
from .sources import backend

if TYPE_CHECKING:
    from cs_peers.outputs.pack import PackOptions
    from cs_peers.tasks.pack import PackResult

# This module's commands; cli/app.py adds them to the `cs-peers` command (add_typer).
app = typer.Typer()

__all__ = ["demo", "pack"]


MeetingOpt = Annotated[
    datetime | None,
    typer.Option(
        "--meeting",
        formats=["%Y-%m-%d"],
        help="The day of the meeting this pack is for: its run is kept as that meeting's, and "
        "the next meeting's pack tells what changed since it.",
    ),
]
SinceMeetingOpt = Annotated[
    datetime | None,
    typer.Option(
        "--since-meeting",
        formats=["%Y-%m-%d"],
        help="Tell what changed since the meeting of this day (default: the last meeting "
        "before this pack's; see `cs-peers meetings`).",
    ),
]
ContextWindowOpt = Annotated[
    int,
    typer.Option(
        "--context-window",
        min=1,
        help="Days of data (to the latest observed record) context pages count as recent.",
    ),
]


def _make(
    ctx: typer.Context,
    analysis: AnalysisOptions,
    output: OutputOptions,
    options: PackOptions,
    *,
    meeting: datetime | None = None,
    since_meeting: datetime | None = None,
) -> PackResult:
    """Return the pack the options ask for, made by the library's one call."""
    from cs_peers.governance.audit import redacted_command
    from cs_peers.outputs.pack import PACK_KIND
    from cs_peers.tasks.pack import PackRequest, make_pack

    output.check(PACK_KIND, analysis)  # before the workspace is even opened
    request = PackRequest(
        analysis=analysis.plain_request(set_aside_in=output.out),
        out=output.out,
        options=options,
        audience=output.audience,
        groups=output.group,
        person=output.person,
        meeting=as_date(meeting),
        since_meeting=as_date(since_meeting),
        protect=analysis.protected(),
        command=redacted_command(str(ctx.info_name), dict(ctx.params)),
    )
    return make_pack(backend(analysis.neo4j, analysis.workspace), request, progress=say)


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
    context_window: ContextWindowOpt = DEFAULT_WINDOW_DAYS,
    meeting: MeetingOpt = None,
    since_meeting: SinceMeetingOpt = None,
) -> None:
    """Write the meeting pack: index, diagrams, assessment seeds, groups.csv, summary, changes.

    With --meeting DATE the pack is the one that meeting sees, and "since the last meeting"
    is told against the meeting before it.

    Example: cs-peers pack sample_graphs/borough --out pack --meeting 2026-12-10
    """
    from cs_peers.outputs.pack import PackOptions

    options = PackOptions(
        marking=output.marking,
        reveal_names=output.reveal_names,
        docx=docx,
        pdf=pdf,
        context_window_days=context_window,
        settings=read_pack_settings(workspace_home(analysis.workspace)),
    )
    made = _make(ctx, analysis, output, options, meeting=meeting, since_meeting=since_meeting)
    typer.echo(
        f"wrote the pack for {made.group_count} candidate groups: {output.out / 'index.html'}"
    )
    if made.meeting is not None:
        say(f"kept run {made.meeting.run_id} as the meeting of {made.meeting.held_on}")


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
    from cs_peers.inputs.sample.generate import sample_path
    from cs_peers.outputs.pack import PackOptions

    analysis = AnalysisOptions(data=sample_path("borough"), workspace=workspace)
    say(f"Using the shipped fictional sample: {analysis.data}")
    options = PackOptions(marking=marking, settings=read_pack_settings(workspace_home(workspace)))
    made = _make(ctx, analysis, OutputOptions(out=out, marking=marking), options)
    typer.echo(f"wrote the demo pack for {made.group_count} candidate groups: {out / 'index.html'}")
