"""Each candidate group's printed outputs — its drawing and its seeds — made over the cores.

A borough's pack has hundreds of groups. Drawing a group for print (matplotlib) and writing its
Word seed (python-docx) are pure Python work that holds the interpreter's lock, and each group
is independent of every other: so they are handed to worker processes, one job per group,
while the calling process goes on with the HTML pages. A job is pure — the same job gives the
same files and the same drawing in any process, in any order — so a pack made over many
processes is byte for byte the one made in one (``tests/test_printing.py`` checks it).

Workers are spawned, not forked: a fork copies whatever threads and locks the parent holds
(Arrow's and BLAS's thread pools among them), and spawning behaves the same on Linux, macOS
and Windows. Starting one costs about a second, so few groups are done in the calling process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.analysis.profiles import GroupProfile, profile_groups
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.assessment import SeedOptions, write_assessment_seed
from cs_peers.outputs.diagrams.group import group_scene
from cs_peers.outputs.diagrams.options import DiagramOptions
from cs_peers.outputs.diagrams.static import DrawingContent, PrintDrawing, print_drawing
from cs_peers.outputs.diagrams.styles import LineStyle, line_styles

__all__ = [
    "SeedJob",
    "SeedOutcome",
    "SeedWriter",
    "default_workers",
    "seed_writer",
    "write_group_seeds",
]

# Below this many groups a pack's seeds are made in the calling process: spawning workers
# would cost more than it saves.
_FEW = 24


@dataclass(frozen=True)
class SeedJob:
    """One group's printed work: its seeds, and its drawing when ``content`` is given."""

    profile: GroupProfile
    options: SeedOptions
    content: DrawingContent | None
    docx: bool = True


@dataclass(frozen=True)
class SeedOutcome:
    """What one job made: the seed files written and the drawing (for the briefing)."""

    group_id: str
    paths: tuple[Path, ...]
    drawing: PrintDrawing | None


def default_workers() -> int:
    """Return how many processes to use: the cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _run(job: SeedJob, out_dir: Path, styles: dict[str, LineStyle]) -> SeedOutcome:
    # The PNG is for the Word seed only; the briefing draws the vectors.
    drawing = print_drawing(job.content, styles, png=job.docx) if job.content is not None else None
    paths = write_assessment_seed(
        job.profile, out_dir, options=job.options, docx=job.docx, diagram=drawing
    )
    return SeedOutcome(str(job.profile.group_id), tuple(paths), drawing)


_WORKER: tuple[Path, dict[str, LineStyle]] | None = None


def _start_worker(out_dir: Path, styles: dict[str, LineStyle]) -> None:
    global _WORKER
    _WORKER = (out_dir, styles)


def _run_in_worker(job: SeedJob) -> SeedOutcome:
    assert _WORKER is not None, "the worker was not started"
    return _run(job, *_WORKER)


class SeedWriter:
    """Runs :class:`SeedJob` s, over ``workers`` processes or (with one) in this process."""

    def __init__(
        self, out_dir: Path, styles: dict[str, LineStyle], pool: ProcessPoolExecutor | None
    ) -> None:
        self.out_dir = Path(out_dir)
        self.styles = styles
        self.pool = pool
        self._done: list[SeedOutcome | Future[SeedOutcome]] = []

    def submit(self, job: SeedJob) -> None:
        """Start ``job`` (or, without workers, do it now)."""
        if self.pool is None:
            self._done.append(_run(job, self.out_dir, self.styles))
        else:
            self._done.append(self.pool.submit(_run_in_worker, job))

    def outcomes(self) -> list[SeedOutcome]:
        """Return every job's outcome in the order submitted, waiting for those still running.

        Raises whatever a job raised.
        """
        return [d.result() if isinstance(d, Future) else d for d in self._done]


@contextmanager
def seed_writer(
    out_dir: Path, styles: dict[str, LineStyle], *, jobs: int, workers: int | None = None
) -> Iterator[SeedWriter]:
    """Return a :class:`SeedWriter` for about ``jobs`` jobs, its workers stopped on exit.

    ``workers`` defaults to :func:`default_workers` when there are many jobs and to 1 (this
    process) when there are few; 1 never starts a process.
    """
    count = workers if workers is not None else (default_workers() if jobs >= _FEW else 1)
    if count <= 1:
        yield SeedWriter(out_dir, styles, None)
        return
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    pool = ProcessPoolExecutor(
        max_workers=count,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(Path(out_dir), styles),
    )
    try:
        yield SeedWriter(out_dir, styles, pool)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def write_group_seeds(
    dataset: Dataset,
    groups: PeerGroups,
    out_dir: Path,
    *,
    options: SeedOptions,
    diagram_options: DiagramOptions,
    colors: dict[str, str],
    group_ids: Sequence[str] | None = None,
    docx: bool = True,
    workers: int | None = None,
) -> list[Path]:
    """Return the seed files written for each group (all, or ``group_ids``), in group order.

    With ``docx``, each Word seed carries the group's drawing for print.
    """
    profiles = list(
        profile_groups(
            dataset,
            groups,
            group_ids=list(group_ids) if group_ids is not None else None,
            reveal_names=diagram_options.reveal_names,
        )
    )
    styles = line_styles(dataset.vocabulary)
    with seed_writer(out_dir, styles, jobs=len(profiles), workers=workers) as writer:
        for profile in profiles:
            content = None
            if docx:
                scene = group_scene(
                    dataset, profile, options=diagram_options, color=colors[profile.group_id]
                )
                content = DrawingContent.of(scene)
            writer.submit(SeedJob(profile, options, content, docx))
        return [p for outcome in writer.outcomes() for p in outcome.paths]
