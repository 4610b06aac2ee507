"""Leiden runs: the CPM resolution chosen from the data, the runs spread over the cores, and
python-igraph imported without its plotting.

The Leiden-CPM resolution, chosen from the data by a resolution-free objective.

CPM's resolution is a density threshold: a group is kept when its pairs share more evidence on
average than the resolution. No single threshold suits every dataset — sparse records of a
force-sized network want about 0.05, a dense contact network or people linked only through
shared events want more — and a fixed default sits on a cliff for data unlike the data it was
chosen on. So cs-peers runs CPM on a small geometric grid of resolutions and keeps the
partition of highest *Significance* (Traag, Krings and Van Dooren 2013): how unlikely it is to
see groups this dense in a random graph of the same overall density. Significance was designed
for many small communities and has no parameter; CPM, run by igraph's C code, does the
optimising, so the choice costs a handful of Leiden runs.

Independent Leiden runs on one graph, spread over the machine's cores.

The resolution climb and the consensus runs are independent Leiden runs on the same graph, each
a function of its resolution and seed alone (:func:`leiden_cpm` gives every run a private
random generator). So they can run in any order, on any number of cores, and give the
same partitions bit for bit as one after another.

Processes, not threads: python-igraph holds the GIL while Leiden runs, and igraph's random
generator is one for the whole process, so two threads could neither run at once nor keep each
run's randomness its own (measured: two runs in two threads took as long as one after the
other). Forked children share the graph with the parent without copying it; where ``fork`` is
not available (Windows, macOS by default) the runs are made in this process.

python-igraph, imported without the plotting back-end it would load and we never use.

On import igraph looks for matplotlib and, where it is installed (it is: the briefing draws
with it), imports ``matplotlib.pyplot``: 0.6 s of CPU on the project machine, more than a
Leiden run on 100,000 young people, for igraph's own plotting, which cs-peers does not use
(diagrams are drawn by pyvis and, for static files, by matplotlib directly). So matplotlib is
hidden while igraph is imported, when nothing has imported it yet; igraph then keeps its
stand-in for plotting, and matplotlib itself imports as usual afterwards.

Modules that use igraph import it from here: ``from cs_peers.analysis.grouping.leiden import ig``.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import math
import multiprocessing
import os
import random
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import Pool
from types import TracebackType
from typing import Any

import numpy as np
import pyarrow as pa

from cs_peers.analysis.grouping.evidence import portable_log
from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.errors import CsPeersError

__all__ = [
    "PARALLEL_ABOVE",
    "RESOLUTION_GRID",
    "LeidenRuns",
    "ScoredPartition",
    "available_cores",
    "choose_resolution",
    "ig",
    "leiden_cpm",
    "placed_share",
    "scored_partition",
    "significance",
]


_hidden = "matplotlib" not in sys.modules
if _hidden:
    # None in sys.modules makes `import matplotlib` raise ImportError, which igraph handles.
    sys.modules["matplotlib"] = None  # type: ignore[assignment]
try:
    import igraph as ig
finally:
    if _hidden and sys.modules.get("matplotlib", 0) is None:
        del sys.modules["matplotlib"]


# Geometric (about ×1.6), from loose to strict; the benchmarks never chose beyond the ends.
RESOLUTION_GRID = (0.02, 0.03, 0.05, 0.08, 0.12, 0.2, 0.3)
# A resolution competes only if it places this share of the most any grid resolution places.
COVERAGE_KEPT = 0.9
# The climb starts at 0.05, the resolution most often chosen on the benchmarks.
START = 2

# A partition (one label per vertex), the share of vertices it places, its Significance.
ScoredPartition = tuple[np.ndarray, float, float]


def leiden_cpm(graph: ig.Graph, resolution: float, seed: int, iterations: int = 2) -> np.ndarray:
    """Return a Leiden-CPM membership (one label per vertex) that depends on ``seed`` alone."""
    # igraph draws from Python's `random` module unless told otherwise; a private Random per
    # call makes each run depend on its seed alone, whatever else the process does.
    previous = ig.set_random_number_generator(random.Random(seed))
    try:
        clustering = graph.community_leiden(
            objective_function="CPM",
            weights="weight",
            resolution=resolution,
            n_iterations=iterations,
        )
    finally:
        ig.set_random_number_generator(previous or random)
    return np.asarray(clustering.membership, dtype=np.int64)


def _kl(q: np.ndarray, p: float) -> np.ndarray:
    """Return the binary Kullback–Leibler divergence D(q || p), elementwise."""
    q = np.clip(q, 0.0, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        # Portable logarithms: the resolution chosen must not depend on the processor.
        first = np.where(q > 0, q * portable_log(q / p), 0.0)
        second = np.where(q < 1, (1 - q) * portable_log((1 - q) / (1 - p)), 0.0)
    return np.asarray(first + second)


def significance(edges: np.ndarray, membership: np.ndarray) -> float:
    """Return the Significance of ``membership`` on the (unweighted) graph of ``edges``.

    ``S = Σ_c C(n_c, 2) · D(p_c || p)``, with ``p_c`` the density of group ``c`` and ``p`` that
    of the whole graph.

    Examples
    --------
    >>> import numpy as np
    >>> two_triangles = np.array([[0, 1], [1, 2], [0, 2], [3, 4], [4, 5], [3, 5], [2, 3]])
    >>> right = significance(two_triangles, np.array([0, 0, 0, 1, 1, 1]))
    >>> wrong = significance(two_triangles, np.array([0, 0, 1, 1, 2, 2]))
    >>> bool(right > wrong)
    True
    """
    n = len(membership)
    if n < 2 or len(edges) == 0:
        return 0.0
    p = min(len(edges) / (n * (n - 1) / 2), 1 - 1e-12)
    sizes = np.bincount(membership).astype(float)
    inside = membership[edges[:, 0]] == membership[edges[:, 1]]
    links = np.bincount(membership[edges[inside, 0]], minlength=len(sizes)).astype(float)
    pairs = sizes * (sizes - 1) / 2
    has_pairs = pairs > 0
    density = links[has_pairs] / pairs[has_pairs]
    # fsum: numpy's sum adds in an order that depends on the processor's vector width.
    return math.fsum((pairs[has_pairs] * _kl(density, p)).tolist())


def placed_share(membership: np.ndarray, min_size: int) -> float:
    """Return the share of vertices in groups of ``min_size`` or more."""
    if len(membership) == 0:
        return 0.0
    sizes = np.bincount(membership)
    return float((sizes[membership] >= min_size).mean())


def scored_partition(
    graph: ig.Graph, edges: np.ndarray, resolution: float, seed: int, min_size: int
) -> ScoredPartition:
    """Return the Leiden-CPM partition at ``resolution``, the share it places, its Significance."""
    membership = leiden_cpm(graph, resolution, seed)
    return membership, placed_share(membership, min_size), significance(edges, membership)


def choose_resolution(
    graph: ig.Graph,
    edges: np.ndarray,
    seed: int,
    min_size: int = GroupingParameters.min_size,
    grid: tuple[float, ...] = RESOLUTION_GRID,
    *,
    runs_at: Callable[[list[float]], list[ScoredPartition]] | None = None,
    at_once: int = 1,
) -> tuple[float, np.ndarray]:
    """Return the grid resolution whose Leiden-CPM partition is most significant, and it.

    Significance rewards dense cores and, on a small network, shreds loose groups into
    cliques (Zachary's karate club). So only resolutions that still place at least
    ``COVERAGE_KEPT`` of the most young people any grid resolution places compete. Ties go to the
    looser resolution, so the choice is deterministic.

    ``runs_at`` returns :func:`scored_partition` for several resolutions at once (on several
    cores, see :class:`LeidenRuns`), ``at_once`` of them at a time; by default they run here one
    after another. Each run depends on its resolution and ``seed`` alone, and the climb decides
    only from the runs it would have made one at a time, so the choice is the same either way.
    """
    evaluate = runs_at or (
        lambda resolutions: [scored_partition(graph, edges, r, seed, min_size) for r in resolutions]
    )
    runs: dict[int, ScoredPartition] = {}
    inside = range(len(grid))

    def need(ks: list[int], ahead: list[int]) -> None:
        missing = [j for j in dict.fromkeys(ks) if j in inside and j not in runs]
        # Cores that would sit idle run the next resolutions in the direction of the climb.
        spare = [j for j in ahead if j in inside and j not in runs and j not in missing]
        while missing and len(missing) % max(at_once, 1) and spare:
            missing.append(spare.pop(0))
        runs.update(zip(missing, evaluate([grid[j] for j in missing]), strict=True))

    # Significance rises to one peak along the grid (the benchmarks never saw two), so climb
    # from the middle rather than run every resolution; the loosest is always run, as the
    # reference for the share placed. Each step looks at both neighbours.
    k, step = min(START, len(grid) - 1), 1
    seen = {0}
    need([0, k - 1, k, k + 1], [k + 2, k + 3])
    while True:
        # The floor counts the runs made before this step, as the climb has always done.
        floor = COVERAGE_KEPT * max(runs[j][1] for j in seen)
        need([k - 1, k, k + 1], [k + 2 * step, k + 3 * step])
        seen.update(j for j in (k - 1, k, k + 1) if j in inside)
        here = runs[k]
        better = [
            j
            for j in (k - 1, k + 1)
            if j in inside and runs[j][1] >= floor and runs[j][2] > here[2] + 1e-9
        ]
        if here[1] < floor and k > 0:
            k, step = k - 1, -1
        elif better:
            chosen = max(better, key=lambda j: (runs[j][2], -j))
            k, step = chosen, chosen - k
        else:
            break
    return grid[k], runs[k][0]


# Below this many vertices a Leiden run takes less than starting a worker: runs stay here.
PARALLEL_ABOVE = 20_000
# How often, while waiting for a run, the workers are looked at (one may have died).
_WATCH_SECONDS = 1.0


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


def _give_back_free_heap() -> None:
    """Return the C heap's free memory to the system, where the C library can (glibc).

    A forked worker's resident size starts at its parent's: what reading and weighing the
    evidence freed but the heap kept (160 MB at a million young people) would be counted in
    every worker too.
    """
    # Not glibc (no libc.so.6, or no malloc_trim in it): nothing to give back this way.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


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
        self._started: list[multiprocessing.process.BaseProcess] = []

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
            _give_back_free_heap()
            # The workers inherit a frozen collector: their garbage collections never walk the
            # parent's objects, which would copy every page they sit on (copy on write).
            gc.freeze()
            before = set(multiprocessing.active_children())
            try:
                self._pool = multiprocessing.get_context("fork").Pool(self.jobs)
            finally:
                gc.unfreeze()
            # The workers as started, to notice one that dies (see _watched).
            self._started = [p for p in multiprocessing.active_children() if p not in before]
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
        results = self._workers().imap(_work, [(function, a) for a in arguments], chunksize=1)
        return self._watched(results, len(arguments))

    def _watched(self, results: Any, count: int) -> Iterator[Any]:
        """Yield the ``count`` results in order, raising if a worker dies meanwhile.

        A pool replaces a worker that dies (killed for want of memory, say), but the run it was
        making is lost and the pool would wait for it for ever: the command would never end.
        """
        for _ in range(count):
            while True:
                try:
                    yield results.next(timeout=_WATCH_SECONDS)
                    break
                except multiprocessing.TimeoutError:
                    self._check_workers()

    def _check_workers(self) -> None:
        """Raise if a worker has stopped while runs were still expected from it."""
        for worker in self._started:
            code = worker.exitcode
            if code is not None:
                why = " (killed, perhaps for want of memory)" if code == -signal.SIGKILL else ""
                raise CsPeersError(
                    f"a worker process making Leiden runs stopped with exit code {code}{why}; "
                    "no groups were found. Run again, or with one job to make every run in "
                    "this one process"
                )
