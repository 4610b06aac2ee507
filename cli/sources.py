"""The data, runs and reviews a command names with DATA, --mapping, --neo4j and --workspace.

The choice itself is the library's (:mod:`cs_peers.sources`); here the options are checked as
usage (exit 2) and the library is imported only when a command runs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cs_peers.workspace import workspace_home

from .options import input_limits

if TYPE_CHECKING:
    from cs_peers.analysis.history import RunHistory
    from cs_peers.analysis.request import DataSource
    from cs_peers.analysis.reviews.records import ReviewLog
    from cs_peers.inputs.dataset import Dataset
    from cs_peers.inputs.vocabulary import Vocabulary

__all__ = [
    "open_dataset",
    "open_source",
    "read_files",
    "review_log",
    "run_history",
    "valid_summary",
]


def open_source(
    data: Path | None,
    neo4j: bool,
    vocabulary: Path | None,
    *,
    workspace: Path | None,
    mapping: Path | None = None,
) -> DataSource:
    """Return the source the options name: files (DATA, --mapping) or --neo4j."""
    from cs_peers.inputs.vocabulary import load_vocabulary
    from cs_peers.sources import data_source

    vocab = load_vocabulary(vocabulary)
    if neo4j and data is not None:
        raise typer.BadParameter("give either DATA or --neo4j, not both")
    if neo4j and mapping is not None:
        raise typer.BadParameter("--mapping reads files; it cannot be used with --neo4j")
    if not neo4j and data is None and mapping is None:
        raise typer.BadParameter(
            "give DATA (a CSV folder or .xlsx workbook), --mapping FILE, or --neo4j"
        )
    return data_source(
        data,
        neo4j=neo4j,
        home=workspace_home(workspace),
        env=os.environ,
        vocabulary=vocab,
        mapping=mapping,
        limits=input_limits(),
    )


def open_dataset(
    data: Path | None,
    neo4j: bool,
    vocabulary: Path | None,
    *,
    workspace: Path | None,
    mapping: Path | None = None,
) -> Dataset:
    """Return the validated dataset the options name (all of it: no time selection)."""
    from cs_peers.analysis.request import AnalysisRequest, selected_dataset

    source = open_source(data, neo4j, vocabulary, workspace=workspace, mapping=mapping)
    return selected_dataset(AnalysisRequest(source))


def run_history(neo4j: bool, workspace: Path | None) -> RunHistory:
    """Return where runs are kept: the workspace folder, or Neo4j with --neo4j."""
    from cs_peers import sources

    return sources.run_history(neo4j=neo4j, home=workspace_home(workspace), env=os.environ)


def review_log(neo4j: bool, workspace: Path | None) -> ReviewLog:
    """Return where meeting decisions are kept: the workspace folder, or Neo4j with --neo4j."""
    from cs_peers import sources

    return sources.review_log(neo4j=neo4j, home=workspace_home(workspace), env=os.environ)


def read_files(
    data: Path | None, vocabulary: Path | Vocabulary | None, mapping: Path | None
) -> Dataset:
    """Return the validated dataset in files: DATA, or your own files through --mapping."""
    from cs_peers.inputs.source import FilesSource
    from cs_peers.inputs.vocabulary import Vocabulary, load_vocabulary

    if data is None and mapping is None:
        raise typer.BadParameter("give DATA (a CSV folder or .xlsx workbook), or --mapping FILE")
    vocab = vocabulary if isinstance(vocabulary, Vocabulary) else load_vocabulary(vocabulary)
    return FilesSource(data, vocab, mapping=mapping, limits=input_limits()).load()


def valid_summary(dataset: Dataset) -> str:
    """Return the one line that says a dataset is valid: its counts and fingerprint."""
    counts = dataset.counts()
    return (
        f"valid: {counts['young_people']} young people, {counts['adults']} adults, "
        f"{counts['contexts']} contexts, {counts['associations']} associations "
        f"(fingerprint {dataset.fingerprint})"
    )
