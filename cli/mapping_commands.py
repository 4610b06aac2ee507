"""Commands for mappings: draft one from a user's files, and show what one maps to what."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .options import SetAsideOpt, VocabularyOpt, WorkspaceOpt
from .sources import read_files, valid_summary

# This module's commands; cli/app.py adds them to the `cs-peers` command (add_typer).
app = typer.Typer()

mapping_app = typer.Typer(
    help="Read your own spreadsheets (your headers, sheets, words and dates) as the input "
    "contract, through a TOML mapping file (format 1; see the README).",
    no_args_is_help=True,
)
app.add_typer(mapping_app, name="mapping")


def _default_out(data: Path) -> Path:
    """Return where a drafted mapping goes: beside the file, or inside the folder."""
    return data / "mapping.toml" if data.is_dir() else data.with_name(f"{data.stem}.mapping.toml")


@mapping_app.command("init")
def mapping_init(
    data: Annotated[
        Path,
        typer.Argument(
            help="A CSV file, an .xlsx workbook, or a folder of them.",
            exists=True,
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Where to write the mapping (default: NAME.mapping.toml beside the file, or "
            "mapping.toml in the folder). An existing file is never overwritten.",
            dir_okay=False,
        ),
    ] = None,
    vocabulary: VocabularyOpt = None,
) -> None:
    """Write a starting mapping from the headers and values found in your files.

    Column matches are best guesses from the headers; words that are not contract values are
    listed as comments with their counts, for you to map. Your files are only read.

    Example: cs-peers mapping init links.xlsx
    """
    from cs_peers.inputs.mapping.draft import write_draft_mapping
    from cs_peers.inputs.vocabulary import load_vocabulary

    target = out if out is not None else _default_out(data)
    draft = write_draft_mapping(data, load_vocabulary(vocabulary), out=target)
    found = "; ".join(f"{table} from {where}" for table, where in draft.tables.items())
    typer.echo(f"wrote {target}: {found}")
    if draft.unmapped_words:
        typer.echo(
            f"{draft.unmapped_words} word{'s' if draft.unmapped_words != 1 else ''} to map "
            "(listed as comments in the file)"
        )
    typer.echo(f"check it with: cs-peers mapping check --mapping {target}")


@mapping_app.command("check")
def mapping_check(
    mapping: Annotated[
        Path,
        typer.Option("--mapping", help="The mapping file to check.", exists=True, dir_okay=False),
    ],
    data: Annotated[
        Path | None,
        typer.Argument(
            help="Where the mapped files are, if not where the mapping says.",
            show_default=False,
        ),
    ] = None,
    vocabulary: VocabularyOpt = None,
    set_aside_bad_rows: SetAsideOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Show what the mapping maps to what, then validate the data read through it.

    Lists each contract column's header, the headers not used, how a CSV file was read (its
    encoding and delimiter), every word of a coded column (types, kinds, confidence) with its
    count and what it becomes, and how the dates read (saying when their order is ambiguous).
    Exit code 0 when the mapped data is valid (with --set-aside-bad-rows: once bad rows are
    left out), 1 otherwise.

    Example: cs-peers mapping check --mapping links.mapping.toml
    """
    from cs_peers.inputs.mapping.draft import describe_mapping
    from cs_peers.inputs.mapping.spec import load_mapping
    from cs_peers.inputs.vocabulary import load_vocabulary

    vocab = load_vocabulary(vocabulary)
    report = describe_mapping(load_mapping(mapping, vocab), vocab, data)
    for line in report.lines:
        typer.echo(line)
    if report.unmapped:
        typer.echo(f"{report.unmapped} word{'s' if report.unmapped != 1 else ''} not mapped")
    dataset = read_files(data, vocab, mapping, set_aside=set_aside_bad_rows, workspace=workspace)
    typer.echo(valid_summary(dataset))
