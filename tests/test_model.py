"""The NetworkX case graph keeps every association with its provenance."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import pandas as pd
import pytest

from cs_peers.analysis._model import build_case_graph, ego_graph
from cs_peers.errors import PersonNotFoundError
from cs_peers.inputs.dataset import Dataset


def test_every_association_is_an_edge_with_provenance(tiny: Dataset) -> None:
    graph = build_case_graph(tiny)
    assert graph.number_of_edges() == len(tiny.associations)
    assert graph.number_of_nodes() == len(tiny.people) + len(tiny.contexts)
    concern = next(d for _, _, d in graph.edges(data=True) if d["reference"] == "R95")
    assert concern["type"] == "exploitation_concern"
    assert concern["category"] == "concern"
    assert concern["source_agency"] == "police"
    assert concern["confidence"] == "medium"
    assert concern["observed_on"] == "2025-06-02"
    assert graph.nodes["SC1"] == {
        "node_type": "context",
        "kind": "school",
        "label": "Larkfield Academy",
    }
    assert graph.nodes["YP01"]["label"] == "P1"


def test_repeated_records_stay_separate(tiny: Dataset) -> None:
    a = tiny.associations
    first = a[(a["source"] == "YP06") & (a["target"] == "YP07")]
    again = first.assign(
        type="seen_together", observed_on="2025-07-01", confidence="low", reference="R97"
    )
    twice = replace(tiny, associations=pd.concat([a, again], ignore_index=True))
    graph = build_case_graph(twice)
    # Two records of one pair are two edges, each with its own provenance.
    assert graph.number_of_edges("YP06", "YP07") == 2
    records = sorted(
        (d["reference"], d["type"], d["observed_on"], d["confidence"])
        for d in graph.get_edge_data("YP06", "YP07").values()
    )
    assert records == [
        (first["reference"].iat[0], "friend", first["observed_on"].iat[0], "high"),
        ("R97", "seen_together", "2025-07-01", "low"),
    ]
    assert graph.number_of_edges() == len(tiny.associations) + 1
    # The school is linked to all 14 young people, one record each.
    assert graph.degree("SC1") == 14


def test_ego_graph(tiny: Dataset) -> None:
    near = ego_graph(tiny, "YP10", depth=1)
    assert set(near.nodes) == {"YP10", "YP11", "YP12", "AD01", "SC1"}
    assert ego_graph(tiny, "YP10", depth=2).number_of_nodes() > near.number_of_nodes()
    with pytest.raises(PersonNotFoundError, match="person 'nobody' is not in the data"):
        ego_graph(tiny, "nobody")


def test_around_may_be_an_iterator_and_keeps_someone_without_associations(tiny: Dataset) -> None:
    alone = {**dict.fromkeys(tiny.people.columns, ""), "id": "YP99", "kind": "young_person"}
    people = pd.concat([tiny.people, pd.DataFrame([alone])], ignore_index=True)
    graph = build_case_graph(dataclasses.replace(tiny, people=people), around=iter(["YP99"]))
    assert list(graph.nodes) == ["YP99"]
    assert graph.nodes["YP99"]["node_type"] == "person"
