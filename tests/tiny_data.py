"""A tiny fictional dataset written as a CSV folder, shared by the tests."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.analysis.grouping.parameters import GroupingParameters

# Three tight groups (4, 5 and 3 young people), two ungrouped young people, a school all of
# them attend, a small flat one group uses, two adults (one trusted, one of concern).
TINY_GROUPS = {
    "A": ["YP01", "YP02", "YP03", "YP04"],
    "B": ["YP05", "YP06", "YP07", "YP08", "YP09"],
    "C": ["YP10", "YP11", "YP12"],
}


def write_tiny_dataset(folder: Path) -> Path:
    """Write the tiny dataset into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    people = [(f"YP{i:02d}", "young_person", f"P{i}", f"Fictional Name {i}") for i in range(1, 15)]
    people += [("AD01", "adult", "Coach K", "Fictional Coach"), ("AD02", "adult", "Adult X", "")]
    with (folder / "people.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "kind", "label", "name"])
        w.writerows(people)
    with (folder / "contexts.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "kind", "name"])
        w.writerows(
            [("SC1", "school", "Larkfield Academy"), ("LC1", "location", "Flat on Reed St")]
        )
    rows = []
    day = 1
    for members in TINY_GROUPS.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                rows.append((a, b, "friend", f"2025-03-{day:02d}", "", "police", "high", f"R{day}"))
                day = day % 28 + 1
    rows += [
        ("YP04", "YP05", "seen_together", "2025-04-01", "2025-04-10", "school", "low", "R90"),
        ("YP13", "YP14", "sibling", "2025-04-02", "", "social_care", "high", "R91"),
        ("YP06", "LC1", "frequents", "2025-05-01", "", "police", "medium", "R92"),
        ("YP07", "LC1", "frequents", "2025-05-02", "", "police", "medium", "R93"),
        ("AD01", "YP10", "trusted_adult", "2025-06-01", "", "youth_service", "high", "R94"),
        ("AD02", "YP06", "exploitation_concern", "2025-06-02", "", "police", "medium", "R95"),
        ("YP11", "YP12", "protective_peer", "2025-06-03", "2025-07-01", "school", "high", "R96"),
    ]
    rows += [
        (f"YP{i:02d}", "SC1", "attends", "2024-09-01", "", "school", "high", "")
        for i in range(1, 15)
    ]
    with (folder / "associations.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "source",
                "target",
                "type",
                "observed_on",
                "recorded_on",
                "source_agency",
                "confidence",
                "reference",
            ]
        )
        w.writerows(rows)
    return folder


def peer_groups(assignment: dict[str, list[str]]) -> PeerGroups:
    """Return candidate groups with the members given, every membership certain."""
    rows = [(g, p) for g, members in assignment.items() for p in members]
    memberships = pd.DataFrame(rows, columns=["group_id", "person_id"]).assign(
        confidence=1.0, bridge_to=""
    )
    groups = pd.DataFrame(
        {
            "group_id": list(assignment),
            "size": [len(m) for m in assignment.values()],
            "mean_confidence": 1.0,
            "holds_together": True,
        }
    )
    return PeerGroups(memberships, groups, GroupingParameters())
