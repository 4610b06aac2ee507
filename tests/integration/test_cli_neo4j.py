"""The command line against a real local Neo4j: load, pack, groups, changes, as-of, query."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.graphdb.local import LocalNeo4j
from cs_peers.graphdb.store import Neo4jStore
from cs_peers.inputs.sample.generate import sample_path

pytestmark = pytest.mark.neo4j
runner = CliRunner()


def _counts(store: Neo4jStore) -> dict[str, int]:
    frame = store.run("graph_counts", {})
    return {
        f"{k}:{n}": int(c)
        for k, n, c in zip(frame["kind"], frame["name"], frame["count"], strict=True)
    }


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_load_twice_then_the_same_pack_as_from_files(neo4j_env: Neo4jStore, tmp_path: Path) -> None:
    borough = str(sample_path())
    out = _invoke("load", borough, "--neo4j")
    assert out.startswith("loaded 100 people, 17 contexts and 501 associations in ")
    first = _counts(neo4j_env)
    _invoke("load", borough, "--neo4j")
    assert _counts(neo4j_env) == first
    _invoke("pack", "--neo4j", "--out", str(tmp_path / "from-neo4j"), "--no-record")
    audit = neo4j_env._driver.execute_query(
        "MATCH (a:AuditEntry) RETURN a.entry AS entry ORDER BY a.number"
    ).records
    assert len(audit) == 1 and '"export"' in audit[0]["entry"]  # the database keeps its copy
    # Not the shared demo_pack: made by the same command as the pack from Neo4j, so that only
    # the source differs (the library's pack has another marking).
    _invoke("pack", borough, "--out", str(tmp_path / "from-files"), "--no-record")
    a, b = tmp_path / "from-neo4j", tmp_path / "from-files"
    assert (a / "groups.csv").read_text() == (b / "groups.csv").read_text()
    files_a = sorted(str(p.relative_to(a)) for p in a.rglob("*"))
    files_b = sorted(str(p.relative_to(b)) for p in b.rglob("*"))
    assert files_a == files_b
    # The seeds differ only in the provenance lines naming where the data came from and when
    # each pack was made (the clock's time since packs state their true date).
    seed_a = (a / "assessments" / "PG-0001-assessment.md").read_text().splitlines()
    seed_b = (b / "assessments" / "PG-0001-assessment.md").read_text().splitlines()
    differing = [x for x, y in zip(seed_a, seed_b, strict=True) if x != y]
    assert any("data source" in x for x in differing)
    assert all("data source" in x or "generated at" in x for x in differing), differing


def test_groups_written_back_history_in_neo4j_and_changes(
    neo4j_env: Neo4jStore, tmp_path: Path
) -> None:
    borough = sample_path()
    _invoke("load", str(borough), "--neo4j")
    out = _invoke("groups", "--neo4j", "--csv", str(tmp_path / "g.csv"))
    assert out.startswith("5 candidate peer groups")
    members = _invoke("query", "group_members", "--param", "group_id=PG-0001", "--format", "csv")
    expected = pd.read_csv(tmp_path / "g.csv", dtype=str)
    assert sorted(
        pd.read_csv(__import__("io").StringIO(members), dtype=str)["person_id"]
    ) == sorted(expected.loc[expected["group_id"] == "PG-0001", "person_id"])
    runs = _invoke("runs", "--neo4j").strip().splitlines()
    assert len(runs) == 1 and "neo4j" in runs[0]
    # A new record arrives: three friendships tie an ungrouped young person to a group.
    grown = tmp_path / "grown"
    shutil.copytree(borough, grown)
    group = expected.loc[expected["group_id"] == "PG-0002", "person_id"].tolist()[:3]
    loner = sorted(
        set(pd.read_csv(borough / "people.csv", dtype=str).query("kind == 'young_person'")["id"])
        - set(expected["person_id"])
    )[0]
    with (grown / "associations.csv").open("a", encoding="utf-8") as f:
        for i, member in enumerate(group):
            f.write(f"{loner},{member},friend,2026-11-01,2026-11-02,police,high,REF-NEW-{i},\n")
    _invoke("load", str(grown), "--neo4j")
    changes = _invoke("changes", "--neo4j", "--since-run", "2999-12-31")
    assert "PG-0002 continues" in changes
    assert "new record: 2026-11-02" in changes
    assert "Joined: " in changes  # with the records that brought them in
    assert len(_invoke("runs", "--neo4j").strip().splitlines()) == 2


def test_as_of_on_neo4j_matches_files(neo4j_env: Neo4jStore, tmp_path: Path) -> None:
    borough = str(sample_path())
    _invoke("load", borough, "--neo4j")
    _invoke(
        "groups",
        "--neo4j",
        "--as-of",
        "2025-09-30",
        "--no-record",
        "--csv",
        str(tmp_path / "n.csv"),
    )
    _invoke(
        "groups", borough, "--as-of", "2025-09-30", "--no-record", "--csv", str(tmp_path / "f.csv")
    )
    assert (tmp_path / "n.csv").read_text() == (tmp_path / "f.csv").read_text()
    whole = _invoke("groups", borough, "--no-record", "--csv", str(tmp_path / "all.csv"))
    assert (tmp_path / "n.csv").read_text() != (tmp_path / "all.csv").read_text(), whole


def test_query_parameters_are_values_not_cypher(neo4j_env: Neo4jStore) -> None:
    _invoke("load", str(sample_path()), "--neo4j")
    before = _counts(neo4j_env)
    result = runner.invoke(
        app,
        [
            "query",
            "shared_contexts",
            "--param",
            "person_id=x'}) MATCH (n) DETACH DELETE n //",
        ],
    )
    assert result.exit_code == 0, result.output
    assert _counts(neo4j_env) == before
    internal = runner.invoke(app, ["query", "forget_person", "--param", "person_id=YP001"])
    assert internal.exit_code == 1 and "is internal to cs-peers" in internal.stderr
    assert _counts(neo4j_env) == before
    bad = runner.invoke(app, ["query", "ego_network", "--param", "person_id=YP001"])
    assert bad.exit_code == 2
    assert "ego_network(person_id: string, depth: integer)" in bad.stderr


def test_status_and_invalid_data_loads_nothing(
    neo4j_env: Neo4jStore, local_neo4j: LocalNeo4j, local_neo4j_home: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(sample_path(), bad)
    with (bad / "associations.csv").open("a", encoding="utf-8") as f:
        f.write("YP001,YP002,gang,,,,,,\n")
    result = runner.invoke(app, ["load", str(bad), "--neo4j"])
    assert result.exit_code == 1
    assert "column 'type': 'gang' — unknown association type" in result.stderr
    assert _counts(neo4j_env).get("label:Person", 0) == 0
    status = runner.invoke(app, ["neo4j", "status", "--workspace", str(local_neo4j_home)])
    assert status.exit_code == 0, status.output
    assert status.stdout.startswith(f"Neo4j {local_neo4j.version} running at {local_neo4j.uri}")


def test_forget_erases_a_person_from_neo4j_and_its_run_history(
    neo4j_env: Neo4jStore, tmp_path: Path
) -> None:
    borough = str(sample_path())
    _invoke("load", borough, "--neo4j")
    _invoke("groups", "--neo4j", "--runs", "2")  # a run kept in Neo4j, groups written back
    member = neo4j_env.run("group_members", {"group_id": "PG-0001"})["person_id"].iloc[0]
    assert int(neo4j_env.run("find_id_in_nodes", {"value": member})["nodes"].iloc[0]) >= 2
    # A review kept in Neo4j that names them: as a removal, and in an action's text.
    _invoke(
        "review", "PG-0001", "--neo4j", "--status", "confirmed", "--by", "panel",
        "--remove", member, "--action", f"Home visit to {member}", "--owner", "J. Lee",
        "--due", "2027-01-10",
    )  # fmt: skip
    out = _invoke("forget", member, "--neo4j", "--by", "tester", "--reason", "erasure request")
    assert "checked: none is left anywhere in the workspace and Neo4j" in out
    for template, column in (
        ("find_id_in_nodes", "nodes"),
        ("find_id_in_relationships", "relationships"),
    ):
        assert int(neo4j_env.run(template, {"value": member})[column].iloc[0]) == 0
    everything = neo4j_env._driver.execute_query(
        "MATCH (n) RETURN properties(n) AS p UNION ALL MATCH ()-[r]->() RETURN properties(r) AS p"
    ).records
    assert member not in str([record["p"] for record in everything])
    # The next run from Neo4j works and does not say the person "left".
    changes = _invoke("groups", "--neo4j", "--runs", "2")
    assert member not in changes


def test_equality_from_neo4j_matches_the_files(neo4j_env: Neo4jStore) -> None:
    borough = str(sample_path())
    _invoke("load", borough, "--neo4j")
    from_neo4j = _invoke("equality", "--neo4j", "--format", "csv", "--no-record")
    from_files = _invoke("equality", borough, "--format", "csv", "--no-record")
    assert from_neo4j == from_files
    assert "\nethnicity,ethnicity,placed,White," in from_files


def test_query_and_questions_from_neo4j_are_logged(neo4j_env: Neo4jStore, tmp_path: Path) -> None:
    from workspace_records import kept_audit

    _invoke("load", str(sample_path()), "--neo4j")
    _invoke("query", "ego_network", "--param", "person_id=YP001", "--param", "depth=1")
    _invoke("ego", "--neo4j", "YP001", "--out", str(tmp_path / "ego-YP001.html"))
    entries = kept_audit(tmp_path / "workspace")
    assert [e.action for e in entries] == ["export-started", "export"] * 2
    query, _, ego, _ = entries
    assert query.details["template"] == "ego_network" and query.details["output"] == "stdout"
    assert query.details["reveal_names"] is False
    assert ego.details["output"].endswith("]" + ".html") and "[id " in ego.details["output"]
    assert "YP001" not in str([e.__dict__ for e in entries])
