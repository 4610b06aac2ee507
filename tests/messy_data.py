"""A fictional dataset written twice: as input contract v1, and as an analyst's messy workbook.

The workbook has one sheet of links with its own headers (on row 3, under a title), its own
words for relationships, kinds, confidence and agencies, day-first dates — some typed as text,
some as real Excel date cells — and a column the mapping ignores. Its contract twin is what the
README's inference rules say the workbook means: people and contexts in order of first
appearance, young people unless the kind column says otherwise, the target of a
person-to-context type a context.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

# (source, target, type, observed_on, recorded_on, agency, confidence, reference)
ASSOCIATIONS = [
    ("YP01", "YP02", "friend", "2025-01-13", "2025-01-20", "police", "high", "R1"),
    ("YP02", "YP03", "seen_together", "2025-02-03", "", "school", "medium", "R2"),
    ("YP03", "YP01", "seen_together", "2025-02-09", "", "police", "low", "R3"),
    ("YP01", "SC1", "attends", "2024-09-02", "", "school", "high", ""),
    ("YP02", "SC1", "attends", "2024-09-02", "", "school", "high", ""),
    ("YP04", "YP05", "sibling", "2025-03-01", "", "social_care", "high", "R4"),
    ("YP03", "LC1", "frequents", "2025-03-14", "2025-03-20", "police", "medium", "R5"),
    ("YP04", "LC1", "frequents", "2025-03-15", "", "youth_service", "medium", "R6"),
    ("AD01", "YP03", "trusted_adult", "2025-04-01", "", "youth_service", "high", "R7"),
    ("AD02", "YP04", "exploitation_concern", "2025-04-02", "", "police", "medium", "R8"),
    ("YP05", "YP01", "protective_peer", "2025-04-30", "2025-05-02", "school", "high", "R9"),
    ("YP06", "SC1", "incident_at", "2025-05-06", "", "school", "low", "R10"),
]
LABELS = {f"YP0{i}": f"P{i}" for i in range(1, 7)} | {"AD01": "Coach K", "AD02": "Adult X"}
NAMES = {f"YP0{i}": f"Fictional Name {i}" for i in range(1, 7)} | {
    "AD01": "Fictional Coach",
    "AD02": "",
}
CONTEXTS = {"SC1": ("school", "Larkfield Academy"), "LC1": ("location", "Flat on Reed St")}

# The analyst's own words for the contract's values.
TYPE_WORDS = {
    "friend": "Friend",
    "seen_together": "Seen with",
    "attends": "Goes to",
    "sibling": "Sibling",
    "frequents": "Hangs out at",
    "trusted_adult": "Trusted adult",
    "exploitation_concern": "Concern (exploitation)",
    "protective_peer": "Protective friend",
    "incident_at": "Incident at",
}
AGENCY_WORDS = {
    "police": "Police",
    "school": "School",
    "social_care": "Children's Social Care",
    "youth_service": "Youth Service",
}
CONFIDENCE_WORDS = {"high": "High", "medium": "Med", "low": "Low"}
HEADERS = [
    "Person A ID",
    "Person A initials",
    "Person A name",
    "Person A type",
    "Person B ID",
    "Person B initials",
    "Person B name",
    "Person B type",
    "Relationship",
    "Date seen",
    "Date entered",
    "Source",
    "Confidence",
    "Ref",
    "Officer",
]

MAPPING = """\
# A mapping for the fictional analyst's export (format 1).
[associations]
file = "links.xlsx"
sheet = "Links"
header_row = 3

[associations.columns]
source = "Person A ID"
source_label = "Person A initials"
source_name = "Person A name"
source_kind = "Person A type"
target = "Person B ID"
target_label = "Person B initials"
target_name = "Person B name"
target_kind = "Person B type"
type = "Relationship"
observed_on = "Date seen"
recorded_on = "Date entered"
source_agency = "Source"
confidence = "Confidence"
reference = "Ref"

[associations.values.type]
"Friend" = "friend"
"Seen with" = "seen_together"
"Goes to" = "attends"
"Sibling" = "sibling"
"Hangs out at" = "frequents"
"Trusted adult" = "trusted_adult"
"Concern (exploitation)" = "exploitation_concern"
"Protective friend" = "protective_peer"
"Incident at" = "incident_at"

[associations.values.source_kind]
"YP" = "young_person"
"Adult" = "adult"

[associations.values.target_kind]
"YP" = "young_person"
"Place" = "location"

[associations.values.confidence]
"Med" = "medium"

[associations.values.source_agency]
"Police" = "police"
"School" = "school"
"Children's Social Care" = "social_care"
"Youth Service" = "youth_service"

[dates]
order = "day-first"
"""


def _day_first(iso: str, index: int) -> object:
    """Return a date as the analyst's export holds it: text d/m/Y or an Excel date cell."""
    if not iso:
        return None
    day = date.fromisoformat(iso)
    if index % 2 == 0:
        return datetime(day.year, day.month, day.day)
    return f"{day.day}/{day.month:02d}/{day.year}"


def _end(node: str, *, target: bool, type_: str) -> list[object]:
    if node in CONTEXTS:
        # Frequented places carry a kind word; schools are left to the type (attends → school).
        kind = "Place" if CONTEXTS[node][0] == "location" else None
        return [node, None, CONTEXTS[node][1], kind]
    kind = "Adult" if node.startswith("AD") else ("YP" if not target else None)
    return [node, LABELS[node], NAMES[node] or None, kind]


def write_messy_workbook(folder: Path) -> Path:
    """Write ``links.xlsx`` and its mapping ``links.toml`` into ``folder``; return the mapping."""
    folder.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    about = book.active
    about.title = "About"
    about.append(["Fictional export for tests; no real people."])
    sheet = book.create_sheet("Links")
    sheet.append(["Case system export — links (fictional)"])
    sheet.append([])
    sheet.append(HEADERS)
    for i, (a, b, kind, seen, entered, agency, confidence, ref) in enumerate(ASSOCIATIONS):
        sheet.append(
            [
                *_end(a, target=False, type_=kind),
                *_end(b, target=True, type_=kind),
                f" {TYPE_WORDS[kind]} " if i == 1 else TYPE_WORDS[kind],
                _day_first(seen, i),
                _day_first(entered, i + 1),
                AGENCY_WORDS[agency],
                CONFIDENCE_WORDS[confidence].upper() if i == 2 else CONFIDENCE_WORDS[confidence],
                ref or None,
                "DC Fictional",
            ]
        )
    book.save(folder / "links.xlsx")
    (folder / "links.toml").write_text(MAPPING, "utf-8")
    return folder / "links.toml"


def write_contract_twin(folder: Path) -> Path:
    """Write the same data as input contract v1 CSV files into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    order = list(dict.fromkeys(node for a, b, *_ in ASSOCIATIONS for node in (a, b)))
    with (folder / "people.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "kind", "label", "name"])
        for node in order:
            if node not in CONTEXTS:
                kind = "adult" if node.startswith("AD") else "young_person"
                w.writerow([node, kind, LABELS[node], NAMES[node]])
    with (folder / "contexts.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "kind", "name"])
        w.writerows([node, *CONTEXTS[node]] for node in order if node in CONTEXTS)
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
        w.writerows(ASSOCIATIONS)
    return folder
