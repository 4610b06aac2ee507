"""The analysis options every analysing command shares, declared once, and the request they make.

A command takes ``analysis: AnalysisOptions`` and is decorated with :func:`analysis_options`:
typer then shows DATA, --neo4j, --resolution, --seed, --runs, --jobs, --as-of, --since, --until,
--vocabulary, --mapping, --workspace, --record/--no-record and --lineage for it, and the
command builds its :class:`~cs_peers.analysis.request.AnalysisRequest` from them with
:meth:`AnalysisOptions.request` (or analyses at once with :meth:`AnalysisOptions.analyse`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.workspace import workspace_home

from .option_groups import Command, option_group
from .options import (
    AsOfOpt,
    DataArg,
    JobsOpt,
    LineageOpt,
    MappingOpt,
    Neo4jOpt,
    RecordOpt,
    ResolutionOpt,
    RunsOpt,
    SeedOpt,
    SinceOpt,
    UntilOpt,
    VocabularyOpt,
    WorkspaceOpt,
    as_date,
    protected_paths,
    say,
)
from .sources import open_source, review_log, run_history

if TYPE_CHECKING:
    from cs_peers.analysis.pending_history import PendingHistory
    from cs_peers.analysis.request import AnalysisRequest
    from cs_peers.analysis.run import Analysis

__all__ = ["AnalysisOptions", "analysis_options"]

# The one place the grouping defaults come from.
DEFAULTS = GroupingParameters()


@dataclass(frozen=True)
class AnalysisOptions:
    """What the shared analysis options say: the data, how to group it, what to keep."""

    data: DataArg = None
    neo4j: Neo4jOpt = False
    resolution: ResolutionOpt = DEFAULTS.resolution
    seed: SeedOpt = DEFAULTS.seed
    runs: RunsOpt = DEFAULTS.runs
    jobs: JobsOpt = None
    as_of: AsOfOpt = None
    since: SinceOpt = None
    until: UntilOpt = None
    vocabulary: VocabularyOpt = None
    mapping: MappingOpt = None
    workspace: WorkspaceOpt = None
    record: RecordOpt = True
    lineage: LineageOpt = None

    def protected(self) -> list[Path]:
        """Return what an output folder must never replace: the input data and the workspace."""
        return protected_paths(self.data, self.workspace)

    def request(self) -> tuple[AnalysisRequest, PendingHistory | None]:
        """Return the request these options make, and where its run is held until kept.

        A recorded run is held, not kept, until the command calls
        :func:`~cs_peers.cli.options.keep_run` once its outputs are complete. With --neo4j the
        groups are written back to the database as ``(:PeerGroup)`` nodes.
        """
        from cs_peers.analysis.pending_history import PendingHistory
        from cs_peers.analysis.request import AnalysisRequest, TimeSelection
        from cs_peers.sources import groups_writer

        source = open_source(
            self.data, self.neo4j, self.vocabulary, workspace=self.workspace, mapping=self.mapping
        )
        history = PendingHistory(run_history(self.neo4j, self.workspace)) if self.record else None
        home = workspace_home(self.workspace)
        request = AnalysisRequest(
            source,
            parameters=replace(
                DEFAULTS, resolution=self.resolution, seed=self.seed, runs=self.runs
            ),
            selection=TimeSelection(as_date(self.as_of), as_date(self.since), as_date(self.until)),
            record=self.record,
            history=history,
            reviews=review_log(self.neo4j, self.workspace) if self.record else None,
            lineage=self.lineage,
            write_back=groups_writer(neo4j=self.neo4j, home=home, env=os.environ),
            jobs=self.jobs,
        )
        return request, history

    def analyse(self) -> tuple[Analysis, PendingHistory | None]:
        """Return the analysis these options ask for, and where its run is held until kept."""
        from cs_peers.analysis.request import analyse_request

        request, history = self.request()
        return analyse_request(request, progress=say), history


def analysis_options(*, dates: bool = True) -> Callable[[Command], Command]:
    """Return the decorator giving a command the shared analysis options as ``analysis``.

    ``dates=False`` leaves out --as-of, --since and --until, for a command that gives
    --since and --until a meaning of its own over the whole data (``contexts``' window).
    """
    dated = () if dates else ("as_of", "since", "until")
    return option_group("analysis", AnalysisOptions, leading=["data"], leave_out=dated)
