"""The analysis options every analysing command shares, declared once, and the request they make.

A command takes ``analysis: AnalysisOptions`` and is decorated with :func:`analysis_options`:
typer then shows DATA, --neo4j, --resolution, --seed, --runs, --jobs, --as-of, --since, --until,
--vocabulary, --mapping, --set-aside-bad-rows, --workspace, --record/--no-record and --lineage
for it, and the
command builds its :class:`~cs_peers.analysis.run.AnalysisRequest` from them with
:meth:`AnalysisOptions.request` (or analyses at once with :meth:`AnalysisOptions.analyse`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cs_peers.analysis.grouping.parameters import GroupingParameters

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
    SetAsideOpt,
    SinceOpt,
    UntilOpt,
    VocabularyOpt,
    WorkspaceOpt,
    as_date,
    protected_paths,
    say,
)
from .sources import backend, open_source

if TYPE_CHECKING:
    from cs_peers.analysis.history import PendingHistory
    from cs_peers.analysis.run import Analysis, AnalysisRequest

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
    set_aside_bad_rows: SetAsideOpt = False
    workspace: WorkspaceOpt = None
    record: RecordOpt = True
    lineage: LineageOpt = None

    def protected(self) -> list[Path]:
        """Return what an output folder must never replace: the input data and the workspace."""
        return protected_paths(self.data, self.workspace)

    def plain_request(self, *, set_aside_in: Path | None = None) -> AnalysisRequest:
        """Return the request these options make, keeping its run as it is made (for the
        library's use cases, which hold the run themselves until their outputs are done)."""
        request, history = self.request(set_aside_in=set_aside_in)
        return replace(request, history=history.history) if history is not None else request

    def request(
        self, *, set_aside_in: Path | None = None
    ) -> tuple[AnalysisRequest, PendingHistory | None]:
        """Return the request these options make, and where its run is held until kept.

        A recorded run is held, not kept, until the command calls
        :func:`~cs_peers.cli.options.keep_run` once its outputs are complete. With --neo4j the
        groups are written back to the database as ``(:PeerGroup)`` nodes. ``set_aside_in`` is
        the output folder that will list rows set aside (else the workspace does).
        """
        from cs_peers.analysis.history import PendingHistory
        from cs_peers.analysis.run import AnalysisRequest, TimeSelection

        source = open_source(
            self.data,
            self.neo4j,
            self.vocabulary,
            workspace=self.workspace,
            mapping=self.mapping,
            set_aside=self.set_aside_bad_rows,
            set_aside_in=set_aside_in,
        )
        stores = backend(self.neo4j, self.workspace)
        history = PendingHistory(stores.history) if self.record else None
        request = AnalysisRequest(
            source,
            parameters=replace(
                DEFAULTS, resolution=self.resolution, seed=self.seed, runs=self.runs
            ),
            selection=TimeSelection(as_date(self.as_of), as_date(self.since), as_date(self.until)),
            record=self.record,
            history=history,
            reviews=stores.meetings if self.record else None,
            lineage=self.lineage,
            write_back=stores.groups_writer(),
            jobs=self.jobs,
        )
        return request, history

    def analyse(
        self, *, set_aside_in: Path | None = None
    ) -> tuple[Analysis, PendingHistory | None]:
        """Return the analysis these options ask for, and where its run is held until kept."""
        from cs_peers.analysis.run import analyse_request

        request, history = self.request(set_aside_in=set_aside_in)
        return analyse_request(request, progress=say), history


def analysis_options(*, dates: bool = True) -> Callable[[Command], Command]:
    """Return the decorator giving a command the shared analysis options as ``analysis``.

    ``dates=False`` leaves out --as-of, --since and --until, for a command that gives
    --since and --until a meaning of its own over the whole data (``contexts``' window).
    """
    dated = () if dates else ("as_of", "since", "until")
    return option_group("analysis", AnalysisOptions, leading=["data"], leave_out=dated)
