"""Questions about people, without a server or with --neo4j: ego, path, connect.

Each command opens its source (the files, or the configured Neo4j), asks the library one
question (:mod:`cs_peers.analysis.questions.answers`) and prints the answer; ``--out`` also draws
it. The options they share are declared once, in :mod:`cli.question_options`.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from cs_peers.analysis.questions.types import MAX_PATH_LENGTH

from .question_options import FILTERS, QuestionOptions, question_options

# This module's commands; cli/app.py adds them to the `cs-peers` command (add_typer).
app = typer.Typer()

__all__ = ["connect", "ego", "path"]


def _people(help: str) -> Any:
    """Return the argument naming the people a question is about."""
    return typer.Argument(help=help, show_default=False)


MaxLengthOpt = Annotated[
    int,
    typer.Option(
        "--max-length", min=1, max=MAX_PATH_LENGTH, help="The most associations a chain may have."
    ),
]


@app.command()
@question_options()
def ego(
    ctx: typer.Context,
    *,
    question: QuestionOptions,
    person: Annotated[str | None, _people("The person's id.")] = None,
    depth: Annotated[
        int, typer.Option("--depth", min=1, max=6, help="How many associations out.")
    ] = 1,
) -> None:
    """Show the people and contexts within --depth associations of one person, with provenance.

    Example: cs-peers ego sample_graphs/borough YP001 --depth 2 --out ego.html
    """
    from cs_peers.analysis.questions.answers import ego_network

    data, people = question.people([person] if person else [])
    if len(people) != 1:
        raise typer.BadParameter("give one PERSON id", param_hint="PERSON")
    question.ask(
        ctx,
        data,
        lambda source, filters: ego_network(source, people[0], depth=depth, filters=filters),
        people=people,
    )


@app.command()
@question_options()
def path(
    ctx: typer.Context,
    *,
    question: QuestionOptions,
    people: Annotated[list[str] | None, _people("The two people's ids: A B.")] = None,
    max_length: MaxLengthOpt = FILTERS.max_length,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="How many shortest paths to list.")
    ] = 10,
) -> None:
    """Show the shortest chains of associations between two people, every link's provenance.

    When several chains are equally short, all are counted and the first --limit are listed in
    the order of their ids, so the answer is the same from files and from Neo4j.

    Example: cs-peers path sample_graphs/borough YP008 YP017 --min-confidence medium
    """
    from cs_peers.analysis.questions.answers import shortest_paths

    data, ids = question.people(people or [])
    if len(ids) != 2:
        raise typer.BadParameter("give two person ids: A B", param_hint="A B")
    question.ask(
        ctx,
        data,
        lambda source, filters: shortest_paths(
            source, ids[0], ids[1], filters=filters, limit=limit
        ),
        people=ids,
        max_length=max_length,
    )


@app.command()
@question_options()
def connect(
    ctx: typer.Context,
    *,
    question: QuestionOptions,
    people: Annotated[list[str] | None, _people("Two or more people's ids.")] = None,
    max_length: MaxLengthOpt = FILTERS.max_length,
) -> None:
    """Show the smallest network found joining several people (a Steiner tree), with provenance.

    Example: cs-peers connect sample_graphs/borough YP008 YP013 YP017 --out connect.html
    """
    from cs_peers.analysis.questions.answers import connecting_network

    data, ids = question.people(people or [])
    if len(ids) < 2:
        raise typer.BadParameter("give two or more person ids", param_hint="PEOPLE")
    question.ask(
        ctx,
        data,
        lambda source, filters: connecting_network(source, ids, filters=filters),
        people=ids,
        max_length=max_length,
    )
