"""The one backend a command uses, and the data it names with DATA, --mapping and --neo4j.

The choice itself is the library's (:func:`cs_peers.backend.open_backend`): here the options are
checked as usage (exit 2), the backend is opened once per command — one workspace database,
one Neo4j driver — and closed when the command ends (:func:`close_backends`, called by the
app), and the library is imported only when a command runs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cs_peers.workspace import workspace_home

from .options import input_limits, say

if TYPE_CHECKING:
    from cs_peers.analysis.request import DataSource
    from cs_peers.backend import Backend
    from cs_peers.inputs.dataset import Dataset
    from cs_peers.inputs.vocabulary import Vocabulary

__all__ = [
    "backend",
    "close_backends",
    "open_dataset",
    "open_source",
    "read_files",
    "valid_summary",
]

# The backends opened by this command, by (neo4j, workspace): one of each, closed at its end.
_opened: dict[tuple[bool, Path], Backend] = {}


def backend(neo4j: bool, workspace: Path | None) -> Backend:
    """Return this command's backend: the workspace database, and Neo4j with --neo4j."""
    from cs_peers.backend import open_backend

    home = workspace_home(workspace)
    key = (neo4j, home)
    if key not in _opened:
        _opened[key] = open_backend(neo4j=neo4j, home=home, env=os.environ, progress=say)
    return _opened[key]


def close_backends() -> None:
    """Close every backend this command opened."""
    while _opened:
        _, opened = _opened.popitem()
        opened.close()


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

    vocab = load_vocabulary(vocabulary)
    if neo4j and data is not None:
        raise typer.BadParameter("give either DATA or --neo4j, not both")
    if neo4j and mapping is not None:
        raise typer.BadParameter("--mapping reads files; it cannot be used with --neo4j")
    if not neo4j and data is None and mapping is None:
        raise typer.BadParameter(
            "give DATA (a CSV folder or .xlsx workbook), --mapping FILE, or --neo4j"
        )
    return backend(neo4j, workspace).source(
        data, vocabulary=vocab, mapping=mapping, limits=input_limits()
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
