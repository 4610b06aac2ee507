"""`cs-peers export`: the network read back by NetworkX, json and csv, as the data holds it."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner
from workspace_records import kept_audit

runner = CliRunner()
NOTE = "Fictional note about a sighting"


@pytest.fixture
def data(tiny_dir: Path) -> Path:
    """Return the tiny dataset with a note on every association (notes must never travel)."""
    path = tiny_dir / "associations.csv"
    associations = pd.read_csv(path, dtype=str, keep_default_na=False)
    associations["notes"] = [f"{NOTE} {i}" for i in range(len(associations))]
    associations.to_csv(path, index=False)
    return tiny_dir


def _export(data: Path, fmt: str, out: Path, *extra: str) -> str:
    result = runner.invoke(
        app, ["export", str(data), "--format", fmt, "--out", str(out), "--runs", "2", *extra]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def _graph(fmt: str, out: Path) -> nx.MultiGraph:
    """Return the export read back by NetworkX (i2 and Kumu rebuilt from their rows)."""
    if fmt == "graphml":
        graph: nx.MultiGraph = nx.read_graphml(out, force_multigraph=True)
        return graph
    if fmt == "gexf":
        return nx.MultiGraph(nx.read_gexf(out))
    if fmt == "cytoscape":
        return nx.MultiGraph(nx.cytoscape_graph(json.loads(out.read_text("utf-8")), name="label"))
    graph = nx.MultiGraph()
    if fmt == "kumu":
        blueprint = json.loads(out.read_text("utf-8"))
        graph.graph.update(blueprint["metadata"])
        for e in blueprint["elements"]:
            fields = {k: v for k, v in e.items() if k not in ("id", "type")}
            graph.add_node(e["id"], kind=e["type"], **fields)  # an element's type is its kind
        for c in blueprint["connections"]:
            graph.add_edge(c["from"], c["to"], key=c["id"], **c)
        return graph
    with (out / "entities.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            graph.add_node(row["entity_id"], **row)
    with (out / "links.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            graph.add_edge(row["from_id"], row["to_id"], key=row["link_id"], **row)
    return graph


def _marking(fmt: str, out: Path, graph: nx.MultiGraph) -> str:
    if fmt == "i2":
        return (out / "README.txt").read_text("utf-8").splitlines()[0]
    if fmt == "gexf":
        found = re.search(r"<keywords>(.*)</keywords>", out.read_text("utf-8"))
        assert found is not None
        return found.group(1)
    return str(graph.graph["marking"])


def _all_text(out: Path) -> str:
    files = sorted(out.iterdir()) if out.is_dir() else [out]
    return "\n".join(f.read_text("utf-8") for f in files)


FORMATS = [("graphml", "n.graphml"), ("gexf", "n.gexf"), ("cytoscape", "n.json")]
FORMATS += [("kumu", "k.json"), ("i2", "i2-export")]


@pytest.mark.parametrize(("fmt", "name"), FORMATS)
def test_each_export_reads_back_as_the_data(
    fmt: str, name: str, data: Path, home: Path, tmp_path: Path
) -> None:
    out = tmp_path / name
    said = _export(data, fmt, out)
    assert said == f"wrote 16 people, 2 contexts and 40 associations as {fmt} to {out}\n"
    graph = _graph(fmt, out)
    people = pd.read_csv(data / "people.csv", dtype=str)
    contexts = pd.read_csv(data / "contexts.csv", dtype=str)
    associations = pd.read_csv(data / "associations.csv", dtype=str, keep_default_na=False)
    assert set(graph.nodes) == set(people["id"]) | set(contexts["id"])
    assert graph.number_of_edges() == len(associations)
    for kind, count in associations["type"].value_counts().items():
        assert sum(1 for *_, t in graph.edges(data="type") if t == kind) == count, kind
    assert graph.nodes["YP01"]["label"] == "P1" and graph.nodes["SC1"]["kind"] == "school"
    assert graph.nodes["YP01"]["group"] == "PG-0001" and graph.nodes["YP13"]["group"] == ""
    assert graph.nodes["YP01"]["review_status"] == "unreviewed"
    text = _all_text(out)
    assert "Fictional Name" not in text and "Fictional Coach" not in text
    assert NOTE not in text
    assert _marking(fmt, out, graph) == "OFFICIAL-SENSITIVE · for: meeting"
    # The record keeps its provenance.
    friend = next(d for *_, d in graph.edges(data=True) if d.get("reference") == "R94")
    assert (friend["type"], friend["category"], friend["observed_on"]) == (
        "trusted_adult",
        "protective",
        "2025-06-01",
    )
    assert (friend["source_agency"], friend["confidence"]) == ("youth_service", "high")


def test_gexf_dates_each_record_for_gephis_timeline(data: Path, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "n.gexf"
    _export(data, "gexf", out)
    graph = nx.read_gexf(out)
    assert graph.graph["mode"] == "dynamic"
    starts = [d.get("start") for *_, d in graph.edges(data=True)]
    observed = pd.read_csv(data / "associations.csv", dtype=str)["observed_on"]
    assert sorted(starts) == sorted(observed)
    assert 'timeformat="date"' in out.read_text("utf-8")


def test_a_partner_export_holds_only_the_groups_asked_for(
    data: Path, home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "partner.graphml"
    _export(data, "graphml", out, "--audience", "partner", "--group", "PG-0002")
    graph = _graph("graphml", out)
    groups = {d.get("group") for _, d in graph.nodes(data=True)} - {None}
    assert groups == {"PG-0002", ""}
    assert sum(1 for _, g in graph.nodes(data="group") if g == "PG-0002") == 5
    people = [n for n, k in graph.nodes(data="kind") if k in ("young_person", "adult")]
    assert people and all(re.fullmatch(r"P-[0-9A-F]{8}", n) for n in people)
    text = out.read_text("utf-8")
    assert not re.search(r"\b(YP\d\d|AD0\d)\b", text), "a case reference leaked"
    assert not re.search(r"\bR\d+\b", text), "a record reference leaked"
    assert not re.search(r"\bP\d+\b|Coach K|Adult X", text), "a workspace label leaked"
    assert graph.graph["marking"] == "OFFICIAL-SENSITIVE · for: partner"
    assert {d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "adult"} == {"adult"}
    refused = runner.invoke(
        app, ["export", str(data), "--format", "kumu", "--out", str(tmp_path / "p.json"),
              "--audience", "partner"],
    )  # fmt: skip
    assert refused.exit_code == 1
    assert "ERROR: --group: the partner audience gets only the groups asked for" in refused.stderr
    assert not (tmp_path / "p.json").exists()


def test_the_time_selection_chooses_the_records(data: Path, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "since.json"
    _export(data, "cytoscape", out, "--since", "2025-04-01")
    graph = _graph("cytoscape", out)
    observed = pd.read_csv(data / "associations.csv", dtype=str)["observed_on"]
    assert graph.number_of_edges() == int((observed >= "2025-04-01").sum()) == 7
    assert graph.graph["selection"] == "associations observed on or after 2025-04-01"


def test_every_export_is_audited(data: Path, home: Path, tmp_path: Path) -> None:
    out = tmp_path / "n.gexf"
    _export(data, "gexf", out)
    entry = kept_audit(home, "export")[-1]
    assert entry.action == "export"
    assert entry.command.startswith(f"cs-peers export {data} --format gexf --out {out}")
    assert entry.details["output"] == str(out.resolve())
    assert entry.details["audience"] == "meeting" and entry.details["groups"] == 3


def test_an_earlier_export_is_replaced_but_not_a_file_of_yours(
    data: Path, home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "n.graphml"
    _export(data, "graphml", out)
    _export(data, "graphml", out, "--since", "2025-04-01")
    assert _graph("graphml", out).number_of_edges() == 7
    yours = tmp_path / "yours.graphml"
    yours.write_text("<graphml>mine</graphml>", "utf-8")
    refused = runner.invoke(app, ["export", str(data), "--format", "graphml", "--out", str(yours)])
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"ERROR: {yours} already exists and cs-peers did not write it; choose another file name\n"
    )
    assert yours.read_text("utf-8") == "<graphml>mine</graphml>"
    assert kept_audit(home, "export")[-1].details["output"] == str(out.resolve())


@pytest.mark.parametrize(
    ("fmt", "out", "message"),
    [
        ("pdf", "n.pdf", "unknown export format 'pdf'; choose one of graphml, gexf, cytoscape, "
         "kumu, i2"),
        ("gexf", "n.graphml", "--out n.graphml: a gexf export is a file ending in .gexf"),
        ("kumu", "k.kumu", "--out k.kumu: a kumu export is a file ending in .json"),
        ("i2", "links.csv", "--out links.csv: the i2 export is a folder (entities.csv, "
         "links.csv, README.txt); give a folder name"),
    ],
)  # fmt: skip
def test_bad_options_are_refused_before_any_work(
    fmt: str, out: str, message: str, data: Path, home: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", str(data), "--format", fmt, "--out", out])
    assert result.exit_code == 2
    assert result.stderr == f"ERROR: {message}\n"  # no analysis ran: nothing else was said
    assert not (tmp_path / out).exists() and not (home / "workspace.sqlite3").exists()


def test_format_and_out_must_be_given(data: Path, home: Path) -> None:
    result = runner.invoke(app, ["export", str(data), "--out", "n.gexf"])
    assert result.exit_code == 2 and "Missing option '--format'" in result.stderr
    result = runner.invoke(app, ["export", str(data), "--format", "gexf"])
    assert result.exit_code == 2 and "Missing option '--out'" in result.stderr
    result = runner.invoke(app, ["export", str(data), "--format", "gexf", "--reveal-names"])
    assert result.exit_code == 2 and "No such option: --reveal-names" in result.stderr


def test_each_young_person_carries_the_meetings_decision_on_their_group(
    data: Path, home: Path, tmp_path: Path
) -> None:
    _export(data, "graphml", tmp_path / "before.graphml")
    kept = runner.invoke(
        app, ["review", "PG-0002", "--status", "confirmed", "--by", "Strategy meeting"]
    )
    assert kept.exit_code == 0, kept.output
    _export(data, "graphml", tmp_path / "after.graphml")
    graph = _graph("graphml", tmp_path / "after.graphml")
    statuses = {d["group"]: d["review_status"] for _, d in graph.nodes(data=True) if d.get("group")}
    assert statuses == {"PG-0001": "unreviewed", "PG-0002": "confirmed", "PG-0003": "unreviewed"}
    assert graph.nodes["AD01"].get("review_status") is None  # adults are in no group
