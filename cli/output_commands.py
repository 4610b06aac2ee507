"""Commands that write for people: render (diagrams), assess (seeds), pack, demo.

The writers (pyvis, python-docx) are imported inside the commands that use them, so commands
that only analyse start quickly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cs_peers.analysis import Analysis
from cs_peers.errors import CsPeersError
from cs_peers.profiles import profile_groups
from cs_peers.samples import sample_path

from .app import app
from .options import (
    DEFAULT_MARKING,
    DEFAULT_RESOLUTION,
    AsOfOpt,
    DataArg,
    MarkingOpt,
    Neo4jOpt,
    RecordOpt,
    ResolutionOpt,
    RevealNamesOpt,
    RunsOpt,
    SeedOpt,
    SinceOpt,
    UntilOpt,
    VocabularyOpt,
    WorkspaceOpt,
    open_and_analyse,
    say,
)

OutOpt = Annotated[
    Path, typer.Option("--out", help="Folder to write into (created if missing).", file_okay=False)
]
GroupOpt = Annotated[
    list[str] | None, typer.Option("--group", help="Only this group id (repeatable).")
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
    data: DataArg = None,
    out: OutOpt = Path("diagrams"),
    group: GroupOpt = None,
    neo4j: Neo4jOpt = False,
    marking: MarkingOpt = DEFAULT_MARKING,
    reveal_names: RevealNamesOpt = False,
    resolution: ResolutionOpt = DEFAULT_RESOLUTION,
    seed: SeedOpt = 0,
    runs: RunsOpt = 10,
    as_of: AsOfOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    vocabulary: VocabularyOpt = None,
    workspace: WorkspaceOpt = None,
    record: RecordOpt = True,
) -> None:
    """Draw offline network diagrams: one HTML page per group and an overview.

    Example: cs-peers render sample_graphs/borough --out diagrams --group PG-0001
    """
    from cs_peers.diagrams import (
        DiagramOptions,
        neighbour_colors,
        render_group_diagram,
        render_overview,
        write_assets,
    )

    result, _ = open_and_analyse(
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
    )
    wanted = _selected(result, group)
    colors = neighbour_colors(result.dataset, result.groups)
    options = DiagramOptions(
        marking=marking,
        reveal_names=reveal_names,
        seed=seed,
        provenance=result.provenance,
        assets="assets/",
    )
    out.mkdir(parents=True, exist_ok=True)
    write_assets(out)
    if not group:
        render_overview(
            result.dataset, result.groups, out / "overview.html", options=options, colors=colors
        )
    for profile in profile_groups(
        result.dataset, result.groups, group_ids=wanted, reveal_names=reveal_names
    ):
        render_group_diagram(
            result.dataset,
            profile,
            out / f"{profile.group_id}.html",
            options=options,
            color=colors[profile.group_id],
            nav=[("Network overview", "overview.html")],
        )
    typer.echo(
        f"wrote {len(wanted)} group diagram{'s' if len(wanted) != 1 else ''}"
        f"{' and the overview' if not group else ''} to {out}"
    )


@app.command()
def assess(
    data: DataArg = None,
    out: OutOpt = Path("assessments"),
    group: GroupOpt = None,
    neo4j: Neo4jOpt = False,
    docx: Annotated[
        bool, typer.Option("--docx/--no-docx", help="Also write a Word document per group.")
    ] = True,
    marking: MarkingOpt = DEFAULT_MARKING,
    reveal_names: RevealNamesOpt = False,
    resolution: ResolutionOpt = DEFAULT_RESOLUTION,
    seed: SeedOpt = 0,
    runs: RunsOpt = 10,
    as_of: AsOfOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    vocabulary: VocabularyOpt = None,
    workspace: WorkspaceOpt = None,
    record: RecordOpt = True,
) -> None:
    """Write pre-filled peer group assessment seeds (Markdown and Word), one per group.

    Example: cs-peers assess sample_graphs/borough --out seeds --no-docx
    """
    from cs_peers.assessment import SeedOptions, write_assessment_seed

    result, _ = open_and_analyse(
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
    )
    wanted = _selected(result, group)
    options = SeedOptions(marking=marking, provenance=result.provenance)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for profile in profile_groups(
        result.dataset, result.groups, group_ids=wanted, reveal_names=reveal_names
    ):
        written += len(write_assessment_seed(profile, out, options=options, docx=docx))
    typer.echo(f"wrote {written} assessment seed files for {len(wanted)} groups to {out}")


@app.command()
def pack(
    data: DataArg = None,
    out: OutOpt = Path("pack"),
    neo4j: Neo4jOpt = False,
    marking: MarkingOpt = DEFAULT_MARKING,
    reveal_names: RevealNamesOpt = False,
    docx: Annotated[
        bool, typer.Option("--docx/--no-docx", help="Also write Word assessment seeds.")
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
    workspace: WorkspaceOpt = None,
    record: RecordOpt = True,
) -> None:
    """Write the meeting pack: index, diagrams, assessment seeds, groups.csv, summary, changes.

    Example: cs-peers pack sample_graphs/borough --out pack
    """
    from cs_peers.pack import PackOptions, build_pack

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
    )
    options = PackOptions(
        marking=marking,
        reveal_names=reveal_names,
        docx=docx,
        context_window_days=context_window,
    )
    build_pack(result, out, options=options, history=history, progress=say)
    typer.echo(
        f"wrote the pack for {len(result.groups.groups)} candidate groups: {out / 'index.html'}"
    )


@app.command()
def demo(
    out: OutOpt = Path("demo-pack"),
    marking: MarkingOpt = DEFAULT_MARKING,
    workspace: WorkspaceOpt = None,
) -> None:
    """Build the meeting pack from the shipped fictional borough (no set-up needed).

    Example: cs-peers demo --out demo-pack
    """
    from cs_peers.pack import PackOptions, build_pack

    data = sample_path("borough")
    say(f"Using the shipped fictional sample: {data}")
    result, history = open_and_analyse(
        data, neo4j=False, vocabulary=None, workspace=workspace, record=True
    )
    build_pack(result, out, options=PackOptions(marking=marking), history=history, progress=say)
    typer.echo(
        f"wrote the demo pack for {len(result.groups.groups)} candidate groups: "
        f"{out / 'index.html'}"
    )
