"""A fictional cohort of any size, written as a dataset folder, for tests of big diagrams."""

from __future__ import annotations

import csv
import random
from pathlib import Path

__all__ = ["write_cohort"]

AGENCIES = ("police", "school", "social_care", "youth_service", "health")
PEER_TYPES = ("friend", "friend", "seen_together", "online_contact", "missing_together")


def write_cohort(folder: Path, young_people: int = 1500, *, seed: int = 7) -> Path:
    """Return ``folder`` after writing a fictional cohort of about ``young_people`` in groups.

    Groups of 3 to 9 are densely linked inside, lightly across; a few schools, places, adults
    (trusted and of concern) and protective peers make every kind of node and line appear.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"YP{i:05d}" for i in range(1, young_people + 1)]
    groups: list[list[str]] = []
    i = 0
    while i < len(ids):
        size = rng.randint(3, 9)
        groups.append(ids[i : i + size])
        i += size
    schools = [f"SC{i:02d}" for i in range(1, 9)]
    places = [f"LC{i:03d}" for i in range(1, len(groups) // 3 + 2)]
    adults = [f"AD{i:04d}" for i in range(1, len(groups) // 2 + 2)]
    rows: list[tuple[str, ...]] = []
    ref = 0

    def add(a: str, b: str, type_: str, confidence: str | None = None) -> None:
        nonlocal ref
        ref += 1
        day = f"2025-{rng.randint(1, 9):02d}-{rng.randint(1, 28):02d}"
        conf = confidence or rng.choice(("high", "high", "medium", "medium", "low"))
        rows.append((a, b, type_, day, "", rng.choice(AGENCIES), conf, f"REF-{ref:06d}", ""))

    for k, members in enumerate(groups):
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                if rng.random() < 0.75:
                    for _ in range(rng.choice((1, 1, 1, 2, 3))):
                        add(a, b, rng.choice(PEER_TYPES))
        school = rng.choice(schools)
        for a in members:
            add(a, school, "attends", "high")
        if k % 3 == 0:
            place = places[k // 3]
            for a in members[:3]:
                add(a, place, "frequents")
        if k % 4 == 0 and len(members) > 3:
            add(members[0], members[1], "protective_peer", "high")
        if k % 2 == 0:
            adult = adults[k // 2]
            add(
                adult,
                rng.choice(members),
                "trusted_adult" if k % 4 == 0 else "exploitation_concern",
            )
    for _ in range(len(groups)):
        a, b = rng.sample(ids, 2)
        add(a, b, "seen_together", "low")
    with (folder / "people.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "kind", "label", "name"])
        w.writerows((p, "young_person", f"Y{p[2:]}", f"Fictional Person {p}") for p in ids)
        w.writerows((a, "adult", f"A{a[2:]}", "") for a in adults)
    with (folder / "contexts.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "kind", "name"])
        w.writerows((s, "school", f"School {s[2:]}") for s in schools)
        w.writerows((p, "location", f"Place {p[2:]}") for p in places)
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
                "notes",
            ]
        )
        w.writerows(rows)
    return folder
