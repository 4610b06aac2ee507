"""Independent Leiden runs on one graph, spread over the machine's cores.

The resolution climb and the consensus runs are independent Leiden runs on the same graph, each
a function of its resolution and seed alone (:func:`~.resolution.leiden_cpm` gives every run a
private random generator). So they can run in any order, on any number of cores, and give the
same partitions bit for bit as one after another.

Processes, not threads: python-igraph holds the GIL while Leiden runs, and igraph's random
generator is one for the whole process, so two threads could neither run at once nor keep each
run's randomness its own (measured: two runs in two threads took as long as one after the
other). Forked children share the graph with the parent without copying it; where ``fork`` is
not available (Windows, macOS by default) the runs are made in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import Pool
from types import TracebackType
from typing import Any

import numpy as np
import pyarrow as pa

from cs_peers.analysis.grouping.igraph_module import ig

__all__ = ["PARALLEL_ABOVE", "LeidenRuns", "available_cores"]

# Below this many vertices a Leiden run takes less than starting a worker: runs stay here.
PARALLEL_ABOVE = 20_000


def available_cores() -> int:
    """Return how many cores this process may run on (its CPU affinity, where known)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class SharedGraph:
    """What every run reads: the graph, its edges as an array, their weights, and settings."""

    graph: ig.Graph
    edges: np.ndarray
    weights: np.ndarray
    settings: Any


# What forked workers read; set in the parent just before it forks them.
_SHARED: SharedGraph | None = None

Task = Callable[[SharedGraph, Any], Any]


def _work(task: tuple[Task, Any]) -> Any:
    function, argument = task
    assert _SHARED is not None, "a worker was started without the shared graph"
    return function(_SHARED, argument)


class LeidenRuns:
    """Runs tasks ``function(shared, argument)`` on ``jobs`` processes, results in order.

    ``function`` must be a module-level function (workers find it by name). Use it as a context
    manager: the workers are forked at the first call that needs them, and stopped on leaving.
    With ``jobs`` 1, or a graph of at most ``PARALLEL_ABOVE`` vertices, everything runs here.
    """

    def __init__(self, shared: SharedGraph, jobs: int) -> None:
        self.shared = shared
        parallel = (
            jobs > 1
            and shared.graph.vcount() > PARALLEL_ABOVE
            and "fork" in multiprocessing.get_all_start_methods()
        )
        self.jobs = jobs if parallel else 1
        self._pool: Pool | None = None

    def __enter__(self) -> LeidenRuns:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (any run still going is abandoned)."""
        global _SHARED
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
            _SHARED = None

    def _workers(self) -> Pool:
        global _SHARED
        if self._pool is None:
            _SHARED = self.shared
            # Each worker starts as large as this process: give back what is free first (the
            # reading and validation leave hundreds of MB in Arrow's pool at a million rows).
            gc.collect()
            pa.default_memory_pool().release_unused()
            # The workers inherit a frozen collector: their garbage collections never walk the
            # parent's objects, which would copy every page they sit on (copy on write).
            gc.freeze()
            try:
                self._pool = multiprocessing.get_context("fork").Pool(self.jobs)
            finally:
                gc.unfreeze()
        return self._pool

    def map(self, function: Task, arguments: list[Any]) -> list[Any]:
        """Return ``function(shared, a)`` for each argument, in order."""
        return list(self.lazily(function, arguments))

    def lazily(self, function: Task, arguments: list[Any]) -> Iterator[Any]:
        """Yield ``function(shared, a)`` for each argument, in order, as each is ready.

        In workers every run is started at once and the results come as they finish; here
        each run is made only when asked for, so a caller that stops early saves the rest.
        """
        if self.jobs == 1 or len(arguments) < 2:
            return (function(self.shared, a) for a in arguments)
        return self._workers().imap(_work, [(function, a) for a in arguments], chunksize=1)
