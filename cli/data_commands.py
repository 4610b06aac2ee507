"""Commands on a dataset's files: validate, sample (analysis: :mod:`cli.data_runs_commands`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cs_peers.inputs.sample import DEFAULT_MIXING, DEFAULT_SEED, DEFAULT_YOUNG_PEOPLE

from .options import FilesArg, MappingOpt, SeedOpt, SetAsideOpt, VocabularyOpt, WorkspaceOpt, say
from .sources import read_files, valid_summary

# This module's commands; cli/app.py adds them to the `cs-peers` command (add_typer).
app = typer.Typer()


@app.command()
def validate(
    data: FilesArg = None,
    vocabulary: VocabularyOpt = None,
    mapping: MappingOpt = None,
    set_aside_bad_rows: SetAsideOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Check a dataset against the input contract and report every problem.

    Exit code 0 when valid (with a one-line summary), 1 with problems, 2 for usage errors.
    With --mapping, your own files are read through the mapping and problems name your file,
    sheet, row, header and value. With --set-aside-bad-rows, rows with problems are left out
    and listed in the workspace's set-aside.csv; the rest is validated as usual.

    Example: cs-peers validate sample_graphs/borough
    """
    dataset = read_files(
        data, vocabulary, mapping, set_aside=set_aside_bad_rows, workspace=workspace
    )
    typer.echo(valid_summary(dataset))


@app.command()
def sample(
    out: Annotated[
        Path,
        typer.Option("--out", help="Folder to write the synthetic dataset into.", file_okay=False),
    ],
    young_people: Annotated[
        int, typer.Option("--young-people", min=10, max=5_000_000, help="How many young people.")
    ] = DEFAULT_YOUNG_PEOPLE,
    seed: SeedOpt = DEFAULT_SEED,
    mixing: Annotated[
        float,
        typer.Option(
            "--mixing",
            min=0.0,
            max=0.9,
            help="Share of each young person's peer links that leave their planted group.",
        ),
    ] = DEFAULT_MIXING,
) -> None:
    """Write a synthetic, fictional dataset with planted groups and the truth beside it.

    Example: cs-peers sample --out /tmp/sample --young-people 10000 --seed 7
    """
    from cs_peers.inputs.sample import generate_sample
    from cs_peers.outputs.folders import output_folder

    # A sample never replaces anything, and appears only once every file is complete.
    with output_folder(out, "sample dataset", replace=False) as tmp:
        summary = generate_sample(
            tmp, young_people=young_people, seed=seed, mixing=mixing, progress=say
        )
    typer.echo(
        f"wrote {out}: {summary.young_people} young people, {summary.adults} adults, "
        f"{summary.contexts} contexts, {summary.associations} associations, "
        f"{summary.groups} planted groups (truth.csv)"
    )
