"""The ``equality`` command: who the candidate groups pick out, by attribute of the young people."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cs_peers.analysis.provenance import DEFAULT_MARKING

from .analysis_options import AnalysisOptions, analysis_options
from .options import MarkingOpt, keep_run, say

# This module's commands; cli/app.py adds them to the `cs-peers` command (add_typer).
app = typer.Typer()


class Format(StrEnum):
    """How the figures are printed."""

    table = "table"
    csv = "csv"
    json = "json"


@app.command()
@analysis_options()
def equality(
    *,
    analysis: AnalysisOptions,
    attribute: Annotated[
        list[str] | None,
        typer.Option(
            "--attribute",
            help="A people.csv column to report on (repeatable). Default: any of ethnicity, "
            "gender, sex, age, date_of_birth the data carries (ages shown as bands).",
        ),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", help="table (for reading), csv or json (for analysts).")
    ] = Format.table,
    marking: MarkingOpt = DEFAULT_MARKING,
) -> None:
    """Show who the candidate groups pick out, and who is recorded in concerns, by attribute.

    For each value: young people in the data and placed in groups (or recorded in a concern,
    by each agency), each share, and the relative rate against everyone else with a 95%
    interval. Counts of 1 to 4 are shown as "fewer than 5". A rate far from 1 is a question
    for the recording and the method, not a finding about any group of children.

    Example: cs-peers equality sample_graphs/borough --attribute ethnicity --format csv
    """
    from cs_peers.analysis.run import analyse_request, selected_dataset
    from cs_peers.outputs.equality import (
        equality_csv,
        equality_figures,
        equality_json,
        equality_text,
        find_attribute_columns,
    )
    from cs_peers.outputs.equality.tables import none_carried

    request, history = analysis.request()
    dataset = selected_dataset(request)
    columns = find_attribute_columns(list(dataset.people.columns), attribute or None)
    result = analyse_request(request, dataset=dataset, progress=say)
    keep_run(history)
    figures = equality_figures(
        result.dataset, result.groups, attributes=columns if attribute else None
    )
    if output_format is Format.csv:
        if not figures.attributes:
            say(none_carried(figures))
        typer.echo(equality_csv(figures), nl=False)
    elif output_format is Format.json:
        typer.echo(equality_json(figures, marking=marking), nl=False)
    else:
        typer.echo(equality_text(figures, marking=marking), nl=False)
