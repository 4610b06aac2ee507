"""The provenance is a record of facts: writers read its fields and list what it shows."""

from __future__ import annotations

from dataclasses import replace

from cs_peers.analysis.grouping.parameters import ALGORITHM, GroupingParameters
from cs_peers.analysis.provenance import DECISIONS_HIDDEN, Provenance, shown_provenance
from cs_peers.outputs.assessment import SeedOptions
from cs_peers.outputs.assessment._facts import generated_at, runs_of

RECORD = Provenance(
    source="borough",
    fingerprint="abc123",
    selection="all associations",
    recorded_until="2026-10-31",
    counts={"young_people": 40, "contexts": 12},
    vocabulary="default",
    parameters=GroupingParameters(seed=7, runs=10, runs_made=7),
    run_id="20261201T000000-abc123",
    generated_at="2026-12-01T00:00:00+00:00",
    version="1.2.3",
)


def test_shown_lists_every_fact_in_the_order_outputs_print_them() -> None:
    assert RECORD.shown() == {
        "data source": "borough",
        "data fingerprint": "abc123",
        "selection": "all associations",
        "data recorded until": "2026-10-31",
        "counts": "40 young people, 12 contexts",
        "vocabulary": "default",
        "algorithm": ALGORITHM,
        "parameters": "resolution=None, resolution_chosen=from the data (most significant "
        "partition), runs=10, min_size=3, max_size=20, max_context_size=50, min_ties=2, "
        "runs_made=7",
        "seed": "7",
        "run": "20261201T000000-abc123",
        "generated at": "2026-12-01T00:00:00+00:00",
        "cs-peers version": "1.2.3",
    }


def test_what_is_not_known_is_said_so() -> None:
    shown = Provenance().shown()
    assert shown["data recorded until"] == "undated"
    assert shown["run"] == "not recorded"
    assert "rows set aside" not in shown and "audience" not in shown
    assert shown_provenance(None) == {}


def test_rows_set_aside_and_the_audience_come_last() -> None:
    record = replace(RECORD, rows_set_aside=1).for_audience("partner", decisions_hidden=True)
    assert list(record.shown().items())[-3:] == [
        ("rows set aside", "1 bad row (listed in set-aside.csv)"),
        ("audience", "partner"),
        DECISIONS_HIDDEN,
    ]
    meeting = RECORD.for_audience("meeting", decisions_hidden=False)
    assert list(meeting.shown())[-1] == "audience"
    assert meeting.audience == "meeting" and not meeting.decisions_hidden


def test_a_seed_reads_the_runs_made_and_the_time_from_the_fields() -> None:
    # The runs a confidence is a share of: those made when they stopped early, else those asked.
    assert RECORD.runs_made == 7
    assert replace(RECORD, parameters=GroupingParameters(runs=12)).runs_made == 12
    assert runs_of(SeedOptions(provenance=RECORD)) == 7
    assert runs_of(SeedOptions(provenance=RECORD, runs=20)) == 20
    assert runs_of(SeedOptions()) is None
    when = generated_at(SeedOptions(provenance=RECORD))
    assert when is not None and when.isoformat() == "2026-12-01T00:00:00+00:00"
    assert generated_at(SeedOptions()) is None
