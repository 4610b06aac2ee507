"""The one backend a command uses, and the data it names with DATA, --mapping and --neo4j.

The choice itself is the library's (:func:`cs_peers.backend.open_backend`): here the options are
checked as usage (exit 2), the backend is opened once per command — one workspace database,
one Neo4j driver — and closed when the command ends (:func:`close_backends`, called by the
app), and the library is imported only when a command runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cs_peers.workspace import workspace_home

from .options import input_limits, say

if TYPE_CHECKING:
    from cs_peers.analysis.run import DataSource
    from cs_peers.backend import Backend
    from cs_peers.inputs.dataset import Dataset
    from cs_peers.inputs.vocabulary import Vocabulary

__all__ = [
    "backend",
    "close_backends",
    "list_set_aside",
    "notice",
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


def notice(dataset: Dataset, *, set_aside_in: Path | None, workspace: Path | None) -> None:
    """Say on stderr what the user must know about ``dataset``: how many bad rows were set
    aside and where they are listed (written to the workspace unless ``set_aside_in``, an
    output folder, will hold them), and that people without a label will show as case ids."""
    from cs_peers.inputs.set_aside import SET_ASIDE_FILE, set_aside_summary, write_set_aside
    from cs_peers.inputs.vocabulary import label_warning

    if dataset.set_aside is not None:
        if set_aside_in is None:
            listed = write_set_aside(workspace_home(workspace), dataset.set_aside)
        else:
            listed = set_aside_in / SET_ASIDE_FILE
        say(f"{set_aside_summary(dataset.set_aside)}: listed in {listed}")
    warning = label_warning(dataset.people)
    if warning is not None:
        say(f"WARNING: {warning}")


def list_set_aside(folder: Path, dataset: Dataset) -> None:
    """Write set-aside.csv into an output folder, when bad rows were set aside (asked for)."""
    if dataset.set_aside is not None:
        from cs_peers.inputs.set_aside import write_set_aside

        write_set_aside(folder, dataset.set_aside)


@dataclass
class _Noticed:
    """A data source that, on loading, says once what the user must know about the data."""

    inner: DataSource
    set_aside_in: Path | None
    workspace: Path | None
    said: list[bool] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """Return the store's name recorded with each run: ``files`` or ``neo4j``."""
        return self.inner.kind

    def describe(self) -> str:
        """Return where the data is read from, in words."""
        return self.inner.describe()

    def load(self) -> Dataset:
        """Return the validated dataset, having said what the user must know about it."""
        dataset = self.inner.load()
        if not self.said:
            notice(dataset, set_aside_in=self.set_aside_in, workspace=self.workspace)
            self.said.append(True)
        return dataset


def open_source(
    data: Path | None,
    neo4j: bool,
    vocabulary: Path | None,
    *,
    workspace: Path | None,
    mapping: Path | None = None,
    set_aside: bool = False,
    set_aside_in: Path | None = None,
) -> DataSource:
    """Return the source the options name: files (DATA, --mapping) or --neo4j.

    With ``set_aside`` (--set-aside-bad-rows) bad rows are left out and listed: in
    ``set_aside_in`` (the command's output folder, which the command writes), else in the
    workspace.
    """
    from cs_peers.inputs.vocabulary import load_vocabulary

    vocab = load_vocabulary(vocabulary)
    if neo4j and data is not None:
        raise typer.BadParameter("give either DATA or --neo4j, not both")
    if neo4j and mapping is not None:
        raise typer.BadParameter("--mapping reads files; it cannot be used with --neo4j")
    if neo4j and set_aside:
        raise typer.BadParameter("--set-aside-bad-rows reads files; it cannot be used with --neo4j")
    if not neo4j and data is None and mapping is None:
        raise typer.BadParameter(
            "give DATA (a CSV folder or .xlsx workbook), --mapping FILE, or --neo4j"
        )
    source = backend(neo4j, workspace).source(
        data, vocabulary=vocab, mapping=mapping, limits=input_limits(), set_aside=set_aside
    )
    return _Noticed(source, set_aside_in, workspace)


def open_dataset(
    data: Path | None,
    neo4j: bool,
    vocabulary: Path | None,
    *,
    workspace: Path | None,
    mapping: Path | None = None,
    set_aside: bool = False,
) -> Dataset:
    """Return the validated dataset the options name (all of it: no time selection)."""
    from cs_peers.analysis.run import AnalysisRequest, selected_dataset

    source = open_source(
        data, neo4j, vocabulary, workspace=workspace, mapping=mapping, set_aside=set_aside
    )
    return selected_dataset(AnalysisRequest(source))


def read_files(
    data: Path | None,
    vocabulary: Path | Vocabulary | None,
    mapping: Path | None,
    *,
    set_aside: bool = False,
    workspace: Path | None = None,
) -> Dataset:
    """Return the validated dataset in files: DATA, or your own files through --mapping
    (bad rows left out and listed in the workspace with ``set_aside``)."""
    from cs_peers.inputs.source import FilesSource
    from cs_peers.inputs.vocabulary import Vocabulary, load_vocabulary

    if data is None and mapping is None:
        raise typer.BadParameter("give DATA (a CSV folder or .xlsx workbook), or --mapping FILE")
    vocab = vocabulary if isinstance(vocabulary, Vocabulary) else load_vocabulary(vocabulary)
    source = FilesSource(data, vocab, mapping=mapping, limits=input_limits(), set_aside=set_aside)
    dataset = source.load()
    notice(dataset, set_aside_in=None, workspace=workspace)
    return dataset


def valid_summary(dataset: Dataset) -> str:
    """Return the one line that says a dataset is valid: its counts and fingerprint."""
    counts = dataset.counts()
    return (
        f"valid: {counts['young_people']} young people, {counts['adults']} adults, "
        f"{counts['contexts']} contexts, {counts['associations']} associations "
        f"(fingerprint {dataset.fingerprint})"
    )
