"""The options the question commands (ego, path, connect) share, declared once, and how a
question is asked of the files or of Neo4j and its answer shown."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cs_peers.analysis.provenance import DEFAULT_MARKING
from cs_peers.analysis.questions.types import QuestionFilters

from .option_groups import Command, option_group
from .options import (
    DataArg,
    MappingOpt,
    MarkingOpt,
    Neo4jOpt,
    RevealNamesOpt,
    SetAsideOpt,
    VocabularyOpt,
    WorkspaceOpt,
    say,
)
from .sources import backend, open_dataset

if TYPE_CHECKING:
    from cs_peers.analysis.questions.answers import CaseSource, ConnectAnswer, EgoAnswer, PathAnswer
    from cs_peers.inputs.dataset import Dataset
    from cs_peers.inputs.vocabulary import Vocabulary

    Answer = EgoAnswer | PathAnswer | ConnectAnswer

__all__ = ["FILTERS", "QuestionOptions", "question_options"]

# The one place the question filters' defaults come from.
FILTERS = QuestionFilters()

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
DiagramOpt = Annotated[
    Path | None,
    typer.Option(
        "--out", help="Also draw the answer as an offline HTML diagram here.", dir_okay=False
    ),
]


@dataclass(frozen=True)
class QuestionOptions:
    """Where to ask (files or Neo4j), which associations to follow, and how to show the answer."""

    data: DataArg = None
    types: TypeOpt = None
    min_confidence: MinConfidenceOpt = FILTERS.min_confidence
    through_contexts: ThroughContextsOpt = FILTERS.through_contexts
    out: DiagramOpt = None
    neo4j: Neo4jOpt = False
    marking: MarkingOpt = DEFAULT_MARKING
    reveal_names: RevealNamesOpt = False
    vocabulary: VocabularyOpt = None
    workspace: WorkspaceOpt = None
    mapping: MappingOpt = None
    set_aside_bad_rows: SetAsideOpt = False

    def people(self, given: list[str]) -> tuple[Path | None, list[str]]:
        """Return DATA and the people: with --neo4j there is no DATA, and with --mapping DATA
        may be left out, so then the first word is a person (unless, with a mapping, a path)."""
        data = self.data
        no_data = self.neo4j or (
            self.mapping is not None and data is not None and not data.exists()
        )
        if no_data and data is not None:
            return None, [str(data), *given]
        return data, given

    def ask(
        self,
        ctx: typer.Context,
        data: Path | None,
        question: Callable[[CaseSource, QuestionFilters], Answer],
        *,
        people: list[str],
        max_length: int = FILTERS.max_length,
    ) -> None:
        """Ask ``question`` of the source the options name, with their filters; show the answer.

        Showing it is an export like any other (names may be in it with --reveal-names): it is
        logged first — to stdout, or to the --out diagram — and ``people``, the ids asked
        about, are logged as salted hashes wherever they appear.
        """
        from cs_peers.inputs.vocabulary import load_vocabulary

        from .audit_commands import audited

        vocabulary = load_vocabulary(self.vocabulary)
        filters = QuestionFilters(
            types=tuple(dict.fromkeys(self.types or [])),
            min_confidence=self.min_confidence.lower(),
            through_contexts=self.through_contexts,
            max_length=max_length,
        ).check(vocabulary)
        with self._source(data, vocabulary) as (source, dataset):
            answer = question(source, filters)
        fingerprint = dataset.fingerprint if dataset is not None else "neo4j"
        with audited(ctx, self.out or "stdout", people=people, fingerprint=fingerprint):
            self._show(answer, vocabulary, dataset)

    @contextmanager
    def _source(
        self, data: Path | None, vocabulary: Vocabulary
    ) -> Iterator[tuple[CaseSource, Dataset | None]]:
        """Yield the source of answers (files or Neo4j) and the dataset when there is one."""
        if self.neo4j:
            if data is not None:
                raise typer.BadParameter("give either DATA or --neo4j, not both")
            if self.set_aside_bad_rows:
                raise typer.BadParameter(
                    "--set-aside-bad-rows reads files; it cannot be used with --neo4j"
                )
            stores = backend(True, self.workspace)
            yield stores.question_source(vocabulary, reveal_names=self.reveal_names), None
            return
        from cs_peers.analysis.questions.answers import EmbeddedSource

        dataset = open_dataset(
            data,
            False,
            self.vocabulary,
            workspace=self.workspace,
            mapping=self.mapping,
            set_aside=self.set_aside_bad_rows,
        )
        yield EmbeddedSource(dataset, reveal_names=self.reveal_names), dataset

    def _show(self, answer: Answer, vocabulary: Vocabulary, dataset: Dataset | None) -> None:
        from cs_peers.analysis.questions.text import answer_text

        typer.echo(answer_text(answer, vocabulary, marking=self.marking))
        if self.out is None:
            return
        from cs_peers.outputs.diagrams import DiagramOptions
        from cs_peers.outputs.diagrams.question import render_question_diagram
        from cs_peers.outputs.folders import output_file

        # Replace only an earlier cs-peers page, never a user's file or a link's target.
        with output_file(self.out, is_ours=lambda head: "data-cs-peers=" in head) as tmp:
            render_question_diagram(
                answer,
                tmp,
                vocabulary=vocabulary,
                options=DiagramOptions(marking=self.marking, reveal_names=self.reveal_names),
                dataset=dataset,
            )
        say(f"diagram written to {self.out}")


def question_options() -> Callable[[Command], Command]:
    """Return the decorator giving a question command the shared options as ``question``."""
    return option_group("question", QuestionOptions, leading=["data"])
