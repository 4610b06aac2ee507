"""Reviews and dataset lineages with `--neo4j`: kept in the database, applied the same way."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.analysis.history import MEMBERSHIP_COLUMNS, RunRecord
from cs_peers.graphdb.records import Neo4jRunHistory
from cs_peers.graphdb.store import Neo4jStore
from cs_peers.inputs.sample.generate import sample_path

pytestmark = pytest.mark.neo4j
runner = CliRunner()


def _invoke(*args: str) -> tuple[str, str]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def test_reviews_live_in_neo4j_and_apply_to_the_next_run(
    neo4j_env: Neo4jStore, tmp_path: Path
) -> None:
    _invoke("load", str(sample_path()), "--neo4j")
    out, _ = _invoke("groups", "--neo4j", "--runs", "2")
    assert out.startswith("5 candidate peer groups")
    kept, _ = _invoke(
        "review",
        "PG-0005",
        "--status",
        "not-a-group",
        "--by",
        "Panel",
        "--neo4j",
        "--on",
        "2026-11-30",
    )
    assert kept.startswith("kept review RV-00001 (lineage-1): 2026-11-30 PG-0005: not-a-group")
    listed, _ = _invoke("reviews", "--neo4j")
    assert listed.startswith("RV-00001  lineage-1  recorded ")
    assert not (tmp_path / "workspace" / "reviews.jsonl").exists()  # in the database only
    count = neo4j_env.run("graph_counts", {})
    assert "GroupReview" in set(count["name"])
    bad = runner.invoke(app, ["review", "PG-0042", "--status", "confirmed", "--by", "X", "--neo4j"])
    assert bad.exit_code == 1 and bad.stderr.startswith("ERROR: no group 'PG-0042'")
    assert len(_invoke("reviews", "--neo4j")[0].splitlines()) == 1
    out, _ = _invoke("groups", "--neo4j", "--runs", "3")
    assert out.startswith("4 candidate peer groups")
    assert "set aside by review (judged not a group, nothing new recorded since): PG-0005" in out


def test_other_data_in_the_same_database_starts_a_new_lineage(
    neo4j_env: Neo4jStore, tmp_path: Path
) -> None:
    _invoke("load", str(sample_path()), "--neo4j")
    _invoke("groups", "--neo4j", "--runs", "2")
    # The analyst replaces the data, keeping the database's run history.
    neo4j_env._driver.execute_query("MATCH (n) WHERE NOT n:GroupRun DETACH DELETE n")
    _invoke("sample", "--out", str(tmp_path / "other"), "--young-people", "60", "--seed", "2")
    _invoke("load", str(tmp_path / "other"), "--neo4j")
    _, err = _invoke("groups", "--neo4j", "--runs", "2")
    assert "new dataset lineage 'lineage-2'" in err and "fresh ids from PG-0006" in err
    runs, _ = _invoke("runs", "--neo4j")
    assert [line.split()[3] for line in runs.splitlines()] == ["lineage-1", "lineage-2"]


def test_runs_made_in_the_same_second_are_listed_in_the_order_they_were_kept(
    neo4j_env: Neo4jStore,
) -> None:
    # Run ids sort by time then fingerprint: two runs of one second must not swap by fingerprint.
    history = Neo4jRunHistory(neo4j_env)
    for run_id in ("20261130T090000-ffffff", "20261130T090000-000000"):
        history.save(_bare_run(run_id, "2026-11-30T09:00:00+00:00"))
    assert [r.run_id for r in history.list_runs()] == [
        "20261130T090000-ffffff",
        "20261130T090000-000000",
    ]


def _bare_run(run_id: str, created_at: str) -> RunRecord:
    return RunRecord(
        run_id=run_id,
        created_at=created_at,
        store="neo4j",
        source="test",
        fingerprint=run_id[-6:],
        selection="",
        recorded_until="",
        parameters={},
        events=[],
        next_number=1,
        memberships=pd.DataFrame(columns=MEMBERSHIP_COLUMNS),
    )
