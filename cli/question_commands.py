"""Questions about people, without a server or with --neo4j: ego, path, connect.

Each command opens its source (the files, or the configured Neo4j), asks the library one
question (:mod:`cs_peers.analysis.questions.answers`) and prints the answer; ``--out`` also draws
it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cs_peers.analysis.provenance import DEFAULT_MARKING
from cs_peers.analysis.questions.types import QuestionFilters
from cs_peers.inputs.vocabulary import Vocabulary, load_vocabulary
from cs_peers.workspace import workspace_home

from .app import app
from .options import (
    DataArg,
    MappingOpt,
    MarkingOpt,
    Neo4jOpt,
    RevealNamesOpt,
    VocabularyOpt,
    WorkspaceOpt,
    say,
)
from .sources import open_dataset

if TYPE_CHECKING:
    from cs_peers.analysis.questions.answers import CaseSource, ConnectAnswer, EgoAnswer, PathAnswer
    from cs_peers.inputs.dataset import Dataset

TypeOpt = Annotated[
    list[str] | None,
    typer.Option("--type", help="Follow only associations of this type (repeatable)."),
]
MinConfidenceOpt = Annotated[
    str,
    typer.Option(
        "--min-confidence", help="Follow only associations at least this sure: low, medium, high."
    ),
]
ThroughContextsOpt = Annotated[
    bool,
    typer.Option(
        "--through-contexts/--not-through-contexts",
        help="Let chains pass through schools, places and online spaces (off: contexts are "
        "shown around people but never joined through).",
    ),
]
MaxLengthOpt = Annotated[
    int,
    typer.Option("--max-length", min=1, max=10, help="The most associations a chain may have."),
]
DiagramOpt = Annotated[
    Path | None,
    typer.Option(
        "--out", help="Also draw the answer as an offline HTML diagram here.", dir_okay=False
    ),
]


def _filters(
    vocabulary: Vocabulary,
    types: list[str] | None,
    min_confidence: str,
    through_contexts: bool,
    max_length: int = 6,
) -> QuestionFilters:
    return QuestionFilters(
        types=tuple(dict.fromkeys(types or [])),
        min_confidence=min_confidence.lower(),
        through_contexts=through_contexts,
        max_length=max_length,
    ).check(vocabulary)


@contextmanager
def _source(
    data: Path | None,
    neo4j: bool,
    vocabulary: Vocabulary,
    vocabulary_path: Path | None,
    *,
    reveal_names: bool,
    workspace: Path | None,
    mapping: Path | None = None,
) -> Iterator[tuple[CaseSource, Dataset | None]]:
    """Yield the source of answers (files or Neo4j) and the dataset when there is one."""
    if neo4j:
        if data is not None:
            raise typer.BadParameter("give either DATA or --neo4j, not both")
        from cs_peers.graphdb.history import open_store
        from cs_peers.graphdb.questions import Neo4jSource

        with open_store(home=workspace_home(workspace), env=os.environ) as store:
            yield Neo4jSource(store, vocabulary, reveal_names=reveal_names), None
        return
    from cs_peers.analysis.questions.embedded import EmbeddedSource

    dataset = open_dataset(data, False, vocabulary_path, workspace=workspace, mapping=mapping)
    yield EmbeddedSource(dataset, reveal_names=reveal_names), dataset


def _show(
    answer: EgoAnswer | PathAnswer | ConnectAnswer,
    vocabulary: Vocabulary,
    dataset: Dataset | None,
    *,
    marking: str,
    reveal_names: bool,
    out: Path | None,
) -> None:
    from cs_peers.analysis.questions.text import answer_text

    typer.echo(answer_text(answer, vocabulary, marking=marking))
    if out is not None:
        from cs_peers.outputs.diagrams import DiagramOptions
        from cs_peers.outputs.diagrams.question import render_question_diagram
        from cs_peers.outputs.folders import output_file

        # Replace only an earlier cs-peers page, never a user's file or a link's target.
        with output_file(out, is_ours=lambda head: "data-cs-peers=" in head) as tmp:
            render_question_diagram(
                answer,
                tmp,
                vocabulary=vocabulary,
                options=DiagramOptions(marking=marking, reveal_names=reveal_names),
                dataset=dataset,
            )
        say(f"diagram written to {out}")


def _shifted(
    data: Path | None, neo4j: bool, people: list[str], mapping: Path | None = None
) -> tuple[Path | None, list[str]]:
    """Return DATA and the people: with --neo4j there is no DATA, and with --mapping DATA may
    be left out, so then the first word is a person (unless, with a mapping, it is a path)."""
    no_data = neo4j or (mapping is not None and data is not None and not data.exists())
    if no_data and data is not None:
        return None, [str(data), *people]
    return data, people


def _ask(
    data: Path | None,
    neo4j: bool,
    vocabulary_path: Path | None,
    workspace: Path | None,
    reveal_names: bool,
    question: Callable[[CaseSource], EgoAnswer | PathAnswer | ConnectAnswer],
    *,
    marking: str,
    out: Path | None,
    vocabulary: Vocabulary,
    mapping: Path | None = None,
) -> None:
    with _source(
        data,
        neo4j,
        vocabulary,
        vocabulary_path,
        reveal_names=reveal_names,
        workspace=workspace,
        mapping=mapping,
    ) as (source, dataset):
        answer = question(source)
    _show(answer, vocabulary, dataset, marking=marking, reveal_names=reveal_names, out=out)


@app.command()
def ego(
    data: DataArg = None,
    person: Annotated[
        str | None, typer.Argument(help="The person's id.", show_default=False)
    ] = None,
    depth: Annotated[
        int, typer.Option("--depth", min=1, max=6, help="How many associations out.")
    ] = 1,
    types: TypeOpt = None,
    min_confidence: MinConfidenceOpt = "low",
    through_contexts: ThroughContextsOpt = False,
    out: DiagramOpt = None,
    neo4j: Neo4jOpt = False,
    marking: MarkingOpt = DEFAULT_MARKING,
    reveal_names: RevealNamesOpt = False,
    vocabulary: VocabularyOpt = None,
    workspace: WorkspaceOpt = None,
    mapping: MappingOpt = None,
) -> None:
    """Show the people and contexts within --depth associations of one person, with provenance.

    Example: cs-peers ego sample_graphs/borough YP001 --depth 2 --out ego.html
    """
    from cs_peers.analysis.questions.answers import ego_network

    data, people = _shifted(data, neo4j, [person] if person else [], mapping)
    if len(people) != 1:
        raise typer.BadParameter("give one PERSON id", param_hint="PERSON")
    vocab = load_vocabulary(vocabulary)
    filters = _filters(vocab, types, min_confidence, through_contexts)
    _ask(
        data,
        neo4j,
        vocabulary,
        workspace,
        reveal_names,
        lambda source: ego_network(source, people[0], depth=depth, filters=filters),
        marking=marking,
        out=out,
        vocabulary=vocab,
        mapping=mapping,
    )


@app.command()
def path(
    data: DataArg = None,
    people: Annotated[
        list[str] | None, typer.Argument(help="The two people's ids: A B.", show_default=False)
    ] = None,
    max_length: MaxLengthOpt = 6,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="How many shortest paths to list.")
    ] = 10,
    types: TypeOpt = None,
    min_confidence: MinConfidenceOpt = "low",
    through_contexts: ThroughContextsOpt = False,
    out: DiagramOpt = None,
    neo4j: Neo4jOpt = False,
    marking: MarkingOpt = DEFAULT_MARKING,
    reveal_names: RevealNamesOpt = False,
    vocabulary: VocabularyOpt = None,
    workspace: WorkspaceOpt = None,
    mapping: MappingOpt = None,
) -> None:
    """Show the shortest chains of associations between two people, every link's provenance.

    When several chains are equally short, all are counted and the first --limit are listed in
    the order of their ids, so the answer is the same from files and from Neo4j.

    Example: cs-peers path sample_graphs/borough YP008 YP017 --min-confidence medium
    """
    from cs_peers.analysis.questions.answers import shortest_paths

    data, ids = _shifted(data, neo4j, people or [], mapping)
    if len(ids) != 2:
        raise typer.BadParameter("give two person ids: A B", param_hint="A B")
    vocab = load_vocabulary(vocabulary)
    filters = _filters(vocab, types, min_confidence, through_contexts, max_length)
    _ask(
        data,
        neo4j,
        vocabulary,
        workspace,
        reveal_names,
        lambda source: shortest_paths(source, ids[0], ids[1], filters=filters, limit=limit),
        marking=marking,
        out=out,
        vocabulary=vocab,
        mapping=mapping,
    )


@app.command()
def connect(
    data: DataArg = None,
    people: Annotated[
        list[str] | None, typer.Argument(help="Two or more people's ids.", show_default=False)
    ] = None,
    max_length: MaxLengthOpt = 6,
    types: TypeOpt = None,
    min_confidence: MinConfidenceOpt = "low",
    through_contexts: ThroughContextsOpt = False,
    out: DiagramOpt = None,
    neo4j: Neo4jOpt = False,
    marking: MarkingOpt = DEFAULT_MARKING,
    reveal_names: RevealNamesOpt = False,
    vocabulary: VocabularyOpt = None,
    workspace: WorkspaceOpt = None,
    mapping: MappingOpt = None,
) -> None:
    """Show the smallest network found joining several people (a Steiner tree), with provenance.

    Example: cs-peers connect sample_graphs/borough YP008 YP013 YP017 --out connect.html
    """
    from cs_peers.analysis.questions.answers import connecting_network

    data, ids = _shifted(data, neo4j, people or [], mapping)
    if len(ids) < 2:
        raise typer.BadParameter("give two or more person ids", param_hint="PEOPLE")
    vocab = load_vocabulary(vocabulary)
    filters = _filters(vocab, types, min_confidence, through_contexts, max_length)
    _ask(
        data,
        neo4j,
        vocabulary,
        workspace,
        reveal_names,
        lambda source: connecting_network(source, ids, filters=filters),
        marking=marking,
        out=out,
        vocabulary=vocab,
        mapping=mapping,
    )
