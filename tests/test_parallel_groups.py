"""Leiden runs on several cores give the serial groups bit for bit; consensus stops when agreed."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.analysis.grouping import leiden as parallel
from cs_peers.analysis.grouping.consensus import (
    HOLDS_TOGETHER,
    LOW_CONFIDENCE,
    agreed,
    consensus,
    core_hits,
    group_means,
    reference_groups,
)
from cs_peers.analysis.grouping.evidence import PeerEvidence, build_peer_evidence
from cs_peers.analysis.grouping.groups import PeerGroups, _graph, _partition, detect_peer_groups
from cs_peers.analysis.grouping.leiden import choose_resolution, scored_partition
from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.errors import CsPeersError
from cs_peers.inputs.sample.generate import generate_sample
from cs_peers.inputs.source import load_dataset

runner = CliRunner()


@pytest.fixture(scope="module")
def evidence(tmp_path_factory: pytest.TempPathFactory) -> PeerEvidence:
    folder = tmp_path_factory.mktemp("sample") / "data"
    generate_sample(folder, young_people=1500, seed=3, mixing=0.4)
    return build_peer_evidence(load_dataset(folder))


def _workers_forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make every graph big enough for workers, and count the pools forked."""
    monkeypatch.setattr(parallel, "PARALLEL_ABOVE", 0)
    forked: list[int] = []
    real = parallel.LeidenRuns._workers

    def counting(self: parallel.LeidenRuns) -> object:
        if self._pool is None:
            forked.append(self.jobs)
        return real(self)

    monkeypatch.setattr(parallel.LeidenRuns, "_workers", counting)
    return forked


def _same(one: PeerGroups, other: PeerGroups) -> None:
    pd.testing.assert_frame_equal(one.memberships, other.memberships, check_exact=True)
    pd.testing.assert_frame_equal(one.groups, other.groups, check_exact=True)
    assert one.parameters == other.parameters


@pytest.mark.parametrize("resolution", [None, 0.08])
def test_parallel_runs_give_the_serial_groups(
    evidence: PeerEvidence, monkeypatch: pytest.MonkeyPatch, resolution: float | None
) -> None:
    params = GroupingParameters(seed=4, runs=12, resolution=resolution)
    serial = detect_peer_groups(evidence, params, jobs=1)
    forked = _workers_forked(monkeypatch)
    two = detect_peer_groups(evidence, params, jobs=2)
    three = detect_peer_groups(evidence, params, jobs=3)
    assert forked == [2, 3], "the runs did not go to worker processes"
    _same(serial, two)
    _same(serial, three)


def test_the_climb_chooses_the_same_resolution_however_many_run_at_once(
    evidence: PeerEvidence,
) -> None:
    graph = _graph(evidence)
    edges = evidence.edges[["a", "b"]].to_numpy(dtype=np.int64)
    asked: list[list[float]] = []

    def runs_at(resolutions: list[float]) -> list[tuple[np.ndarray, float, float]]:
        asked.append(resolutions)
        return [scored_partition(graph, edges, r, 7, 3) for r in resolutions]

    serial = choose_resolution(graph, edges, 7)
    for at_once in (2, 3, 4):
        asked.clear()
        chosen = choose_resolution(graph, edges, 7, runs_at=runs_at, at_once=at_once)
        assert chosen[0] == serial[0]
        assert np.array_equal(chosen[1], serial[1])
        # Idle cores ran the next resolutions: every batch fills the workers it has.
        assert len(asked[0]) % at_once == 0


def test_agreed_waits_until_no_run_could_change_a_decision() -> None:
    reference = np.array([0, 0, 0, 1, 1, 1, -1])
    every_time = np.array([1, 1, 1, 1, 1, 1, 0])
    # Everyone with their group in every run: after 6 of 10 runs the groups' means could
    # still fall to 0.6 (below 0.7, not holding together); after 7 they cannot.
    assert not agreed(reference, every_time * 6, 6, 10)
    assert agreed(reference, every_time * 7, 7, 10)
    # One member with the group in 3 of 5 runs could still end at 3 or 8 of 10.
    hits = every_time * 5
    hits[1] = 3
    assert not agreed(reference, hits, 5, 10)
    # With the group in 3 of 8 they can no longer reach 6 of 10, but their group's mean could
    # still end either side of 0.7; one run later it cannot.
    hits = every_time * 8
    hits[1] = 3
    assert not agreed(reference, hits, 8, 10)
    hits = every_time * 9
    hits[1] = 3
    assert agreed(reference, hits, 9, 10)
    hits[1] = 5
    assert not agreed(reference, hits, 9, 10)
    assert agreed(reference, hits, 10, 10)


def test_consensus_stops_early_and_says_how_many_runs_it_made(
    evidence: PeerEvidence, monkeypatch: pytest.MonkeyPatch
) -> None:
    params = GroupingParameters(seed=1, runs=40, resolution=0.08)
    groups = detect_peer_groups(evidence, params, jobs=1)
    made = groups.parameters.runs_made
    assert made is not None and 1 < made < 40
    assert groups.parameters.as_dict()["runs_made"] == made
    # All 40 runs, made here: every member placed clearly (or not) and every group holding
    # together (or not) as with the runs made.
    graph = _graph(evidence)
    edges = evidence.edges[["a", "b"]].to_numpy(dtype=np.int64)
    weights = evidence.edges["weight"].to_numpy()
    runs = [_partition(graph, edges, weights, params, 0.08, s)[0] for s in range(1, 41)]
    reference = reference_groups(runs[0], evidence.ids, params.min_size)
    every = np.round(consensus(reference, runs), 2)
    grouped = reference >= 0
    shown = groups.memberships.set_index("person_id")["confidence"]
    full = pd.Series(every[grouped], index=evidence.ids[grouped]).reindex(shown.index)
    assert ((shown < LOW_CONFIDENCE) == (full < LOW_CONFIDENCE)).all()
    assert (full != shown).any(), "the shares shown are of the runs made, not of all 40"
    holds = group_means(reference, every) >= HOLDS_TOGETHER
    assert groups.groups["holds_together"].tolist() == holds.tolist()
    forked = _workers_forked(monkeypatch)
    _same(groups, detect_peer_groups(evidence, params, jobs=2))
    assert forked == [2]


def test_core_hits_count_the_runs_a_member_sat_with_the_core() -> None:
    reference = np.array([0, 0, 0, 1, 1, -1])
    run = np.array([5, 5, 6, 7, 7, 5])
    assert core_hits(reference, run).tolist() == [1, 1, 0, 1, 1, 0]
    assert consensus(reference, [run, reference]).tolist() == [1, 1, 0.5, 1, 1, 0]


def test_jobs_is_an_option_that_never_changes_the_groups(tmp_path: Path, tiny_dir: Path) -> None:
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"groups-{jobs}.csv"
        result = runner.invoke(
            app, ["groups", str(tiny_dir), "--csv", str(out), "--no-record", "--jobs", jobs]
        )
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    refused = runner.invoke(app, ["groups", str(tiny_dir), "--jobs", "0"])
    assert refused.exit_code == 2
    assert "--jobs" in refused.output


def test_the_default_is_every_core_available() -> None:
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert parallel.available_cores() == expected


def _dies_at_one(shared: object, argument: int) -> int:
    """A task whose worker dies on argument 1, as one killed for want of memory would."""
    if argument == 1:
        os._exit(9)
    return argument


def test_a_worker_that_dies_is_reported_not_waited_for(
    evidence: PeerEvidence, monkeypatch: pytest.MonkeyPatch
) -> None:
    _workers_forked(monkeypatch)
    shared = parallel.SharedGraph(_graph(evidence), np.zeros((0, 2)), np.zeros(0), None)

    def too_long(_signal: int, _frame: object) -> None:
        raise AssertionError("still waiting for a run whose worker died")

    # Without the watch the pool waits for the lost run for ever: fail instead, after a minute.
    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(60)
    try:
        with (
            parallel.LeidenRuns(shared, 2) as runs,
            pytest.raises(CsPeersError, match="stopped with exit code 9"),
        ):
            runs.map(_dies_at_one, [0, 1, 2, 3])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
