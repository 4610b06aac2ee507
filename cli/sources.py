"""The data, runs and reviews a command names with DATA, --mapping, --neo4j and --workspace.

The choice itself is the library's (:mod:`cs_peers.sources`); here the options are checked as
usage (exit 2) and the library is imported only when a command runs. Whatever reads a dataset
says, once, what the user must know about it (:func:`notice`): rows set aside, and people who
will be shown by their case ids.
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
    from cs_peers.analysis.history import RunHistory
    from cs_peers.analysis.request import DataSource
    from cs_peers.analysis.reviews.records import ReviewLog
    from cs_peers.inputs.dataset import Dataset
    from cs_peers.inputs.vocabulary import Vocabulary

__all__ = [
    "list_set_aside",
    "notice",
    "open_dataset",
    "open_source",
    "read_files",
    "review_log",
    "run_history",
    "valid_summary",
]


def notice(dataset: Dataset, *, set_aside_in: Path | None, workspace: Path | None) -> None:
    """Say on stderr what the user must know about ``dataset``: how many bad rows were set
    aside and where they are listed (written to the workspace unless ``set_aside_in``, an
    output folder, will hold them), and that people without a label will show as case ids."""
    from cs_peers.inputs.labels import label_warning
    from cs_peers.inputs.set_aside import SET_ASIDE_FILE, set_aside_summary, write_set_aside

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
    from cs_peers.sources import data_source

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
    source = data_source(
        data,
        neo4j=neo4j,
        home=workspace_home(workspace),
        env=os.environ,
        vocabulary=vocab,
        mapping=mapping,
        limits=input_limits(),
        set_aside=set_aside,
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
    from cs_peers.analysis.request import AnalysisRequest, selected_dataset

    source = open_source(
        data, neo4j, vocabulary, workspace=workspace, mapping=mapping, set_aside=set_aside
    )
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
