"""A corpus of exports as analysts receive them: six layouts of our own making, all fictional.

Each writes the same kind of fictional cohort — four tight groups of four young people, the
schools they attend, a park two groups use — in the shape of a real export, with a few bad rows
as every month brings:

- ``case_system``: a case-management extract, "CSV UTF-8" (a BOM, CRLF), a title, a run date
  and a blank row above "Child ID | Child name | Linked to | Linked name | Relationship |
  Date seen | Recorded by | Notes"; UK dates as text; places named in "Linked to"; a note typed
  with a comma and no quotes.
- ``police_intel``: a police intelligence association export saved by Excel as Windows-1252
  CSV: URNs such as ``12/100045/25``, "SURNAME, Forename" names (Zoë, O’Brannagh), dates with
  times, 3x5x2 gradings, an officer column.
- ``partner_workbook``: a partner's .xlsx with a cover sheet, a sheet of young people with full
  names, dates of birth, gender and ethnicity, and a sheet of links "Person | Associate | Link
  type | When | Agency" under a title, dates as Excel date cells and as text.
- ``school_log``: a school safeguarding log as Excel's "Unicode text" (UTF-16, tabs), "Ref 1 |
  Pupil 1 | Ref 2 | Pupil 2 | Incident type | Date/Time | Logged by | Year group".
- ``yj_tracker``: a youth justice / MACE tracker, UTF-8 without BOM, semicolons, "From | From
  initials | To | To initials | Link | Date | Agency | Confidence | Grading", dates with month
  names ("13 Jan 2026").
- ``case_numbers``: a workbook whose headers say nothing of links — "Case number | Initials |
  Connected case | Connected initials | Connection | Seen | Team" — so the ends are found from
  their values; ISO dates.

Headers and shapes follow public templates (case-management extracts, i2-style police
association exports, CPOMS-style school logs, peer-mapping trackers); every name, id, place and
date is invented. :data:`LAYOUTS` lists them; each writer returns a :class:`Layout` saying which
rows should be set aside and which ids and surnames must never reach a page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

__all__ = ["LAYOUTS", "Layout", "Person"]

FORENAMES = [
    "Jordan", "Zoë", "Kai", "Amara", "Rhys", "Leah", "Tobi", "Maya",
    "Finn", "Sana", "Ellis", "Noor", "Cian", "Ivy", "Remi", "Tess",
]  # fmt: skip
SURNAMES = [
    "Quillby", "Marrowfen", "O’Brannagh", "Tansleigh", "Brackwater", "Hollowell", "Pennimore",
    "Drayfield", "Kestrel-Vane", "Ashcombe", "Wendlebury", "Fairholt", "Copperidge",
    "Larchmont", "Thistlewood", "Ravensmoor",
]  # fmt: skip
SCHOOLS = ("Larkfield Academy", "Tansybrook High School")
PARK = "Reed Street Park"
GROUPS = [list(range(g * 4, g * 4 + 4)) for g in range(4)]
START = date(2026, 1, 5)


@dataclass(frozen=True)
class Person:
    """A fictional young person: an id in the layout's own style, a forename and a surname."""

    id: str
    forename: str
    surname: str

    @property
    def full(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def police(self) -> str:
        return f"{self.surname.upper()}, {self.forename}"

    @property
    def initials(self) -> str:
        return f"{self.forename[0]}.{self.surname[0]}."


@dataclass(frozen=True)
class Link:
    """One link of the cohort: ends (people, or a place name as target), a word, a day."""

    source: Person
    target: Person | str
    word: str
    day: date
    agency: str

    @property
    def target_id(self) -> str:
        """Return the target's id, or the place's name."""
        return self.target.id if isinstance(self.target, Person) else self.target

    def about_target(self, shown: Callable[[Person], str]) -> str:
        """Return what ``shown`` says of the target person ("" for a place)."""
        return shown(self.target) if isinstance(self.target, Person) else ""


@dataclass(frozen=True)
class Layout:
    """A written export: what to give ``mapping init``, the rows (file, sheet, row) that must be
    set aside, and the raw ids and surnames that must never reach a page."""

    name: str
    path: Path
    set_aside: set[tuple[str, str, int]]
    secrets: set[str]
    people: list[Person] = field(default_factory=list)


def cohort(make_id: Callable[[int], str]) -> list[Person]:
    """Return the sixteen young people, ids made by ``make_id``."""
    return [Person(make_id(i), FORENAMES[i], SURNAMES[i]) for i in range(16)]


def links(people: list[Person], words: dict[str, list[str]], agencies: list[str]) -> list[Link]:
    """Return the cohort's links: every pair in each group (peer words, in turn), a sibling
    pair across groups, each young person's school, and the park of two groups."""
    found: list[Link] = []
    day = START
    n = 0
    for members in GROUPS:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                word = words["peer"][n % len(words["peer"])]
                found.append(Link(people[a], people[b], word, day, agencies[n % len(agencies)]))
                # Each pair is recorded twice, a few weeks apart: repeated records are evidence.
                found.append(
                    Link(people[b], people[a], word, day + timedelta(days=23), agencies[0])
                )
                day += timedelta(days=2)
                n += 1
    found.append(Link(people[1], people[5], words["sibling"][0], date(2026, 2, 14), agencies[-1]))
    for i, person in enumerate(people):
        school = SCHOOLS[0] if i < 8 else SCHOOLS[1]
        found.append(Link(person, school, words["school"][0], date(2025, 9, 3), "School"))
    for i in (4, 5, 8, 9):
        found.append(Link(people[i], PARK, words["place"][0], date(2026, 3, 14 + i), agencies[0]))
    return found


def _secrets(people: list[Person]) -> set[str]:
    return {p.id for p in people} | {p.surname for p in people}


def _csv_bytes(rows: list[list[str]], *, delimiter: str = ",", newline: str = "\r\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return out.getvalue()


def _uk(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def case_system(folder: Path) -> Layout:
    """A case-management extract: title rows, "Child ID | … | Linked to", CSV UTF-8 with BOM."""
    people = cohort(lambda i: f"CH-{4510 + i:06d}")
    words = {
        "peer": ["Friends", "Seen with", "Online", "Missing episode together"],
        "sibling": ["Siblings"],
        "school": ["Attends school"],
        "place": ["Hangs out at"],
    }
    agencies = ["Police", "School", "Children's Social Care", "Youth Service"]
    header = ["Child ID", "Child name", "Linked to", "Linked name", "Relationship", "Date seen",
              "Recorded by", "Notes"]  # fmt: skip
    rows = [
        ["Children's Services — peer links export (FICTIONAL DATA)", *[""] * 7],
        ["Run on 02/04/2026 by the EFH team", *[""] * 7],
        [""] * 8,
        header,
    ]
    for link in links(people, words, agencies):
        rows.append(
            [
                link.source.id,
                link.source.full,
                link.target_id,
                link.about_target(lambda p: p.full),
                link.word,
                _uk(link.day),
                link.agency,
                "free text, never shown",
            ]
        )
    first_bad = len(rows) + 1
    rows += [
        [people[0].id, people[0].full, people[2].id, people[2].full, "Cousin", "03/03/2026",
         "Police", ""],
        [people[4].id, people[4].full, people[6].id, people[6].full, "Friends", "31/02/2026",
         "Police", ""],
        [people[8].id, people[8].full, "", "", "Friends", "04/03/2026", "School", ""],
    ]  # fmt: skip
    # A note typed with a comma and no quotes: one cell too many.
    typed = f"{people[12].id},{people[12].full},{people[13].id},{people[13].full},Friends,"
    typed += "05/03/2026,School,seen at the gates, after school\r\n"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "peer-links-export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (_csv_bytes(rows) + typed).encode("utf-8"))
    bad = {("peer-links-export.csv", "", first_bad + i) for i in range(4)}
    return Layout("case_system", path, bad, _secrets(people), people)


def police_intel(folder: Path) -> Layout:
    """A police association export in Windows-1252: URNs with slashes, SURNAME, Forename."""
    people = cohort(lambda i: f"12/{100045 + i}/25")
    words = {
        "peer": ["Associate", "Co-accused", "Seen with", "Associated"],
        "sibling": ["Brother/Sister"],
        "school": ["Pupil at"],
        "place": ["Seen at"],
    }
    header = ["Subject URN", "Subject Name", "Associate URN", "Associate Name",
              "Association Type", "Date of Association", "Source", "Grading", "Officer"]  # fmt: skip
    rows = [header]
    for n, link in enumerate(links(people, words, ["Police", "CSE team"])):
        rows.append(
            [
                link.source.id,
                link.source.police,
                link.target_id,
                link.about_target(lambda p: p.police),
                link.word,
                f"{_uk(link.day)} {9 + n % 9:02d}:{(n * 7) % 60:02d}",
                link.agency,
                ["1AP", "2/B/C", "3-C-P"][n % 3],
                f"PC {4000 + n} Fictional",
            ]
        )
    first_bad = len(rows) + 1
    rows += [
        [people[1].id, people[1].police, people[3].id, people[3].police, "Known to",
         "03/03/2026 10:00", "Police", "2BC", "PC 1 Fictional"],
        [people[5].id, people[5].police, "=12/100099/25", "HAZARD, Formula", "Associate",
         "03/03/2026 10:00", "Police", "2BC", "PC 1 Fictional"],
        [people[9].id, people[9].police, people[10].id, people[10].police, "Associate",
         "30/02/2026 11:15", "Police", "2BC", "PC 1 Fictional"],
    ]  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "INTEL_ASSOC_EXTRACT.csv"
    path.write_bytes(_csv_bytes(rows).encode("cp1252"))
    bad = {("INTEL_ASSOC_EXTRACT.csv", "", first_bad + i) for i in range(3)}
    return Layout("police_intel", path, bad, _secrets(people) | {"HAZARD"}, people)


def partner_workbook(folder: Path) -> Layout:
    """A partner's workbook: a cover, a sheet of young people with full names, a sheet of links
    under a title with dates as cells and as text."""
    people = cohort(lambda i: f"P-{i + 1:04d}")
    words = {
        "peer": ["Friend", "Mates", "Seen together", "Online contact"],
        "sibling": ["Sibling"],
        "school": ["Goes to"],
        "place": ["Hangs out at"],
    }
    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append(["Partner agency return (FICTIONAL DATA)"])
    cover.append(["Prepared for the MACE panel"])
    sheet = book.create_sheet("Young people")
    sheet.append(["Cohort (fictional)"])
    sheet.append(["Person ref", "Full name", "Date of birth", "Gender", "Ethnicity"])
    for i, person in enumerate(people):
        born = datetime(2010 + i % 3, 1 + i % 12, 1 + i)
        sheet.append([person.id, person.full, born, ["female", "male"][i % 2], "White"])
    links_sheet = book.create_sheet("Links")
    links_sheet.append(["Links between young people and places (fictional)"])
    links_sheet.append([])
    links_sheet.append(["Person", "Associate", "Link type", "When", "Agency"])
    found = links(people, words, ["Youth Service", "youth service ", "Police"])
    for n, link in enumerate(found):
        when: object = (
            datetime(link.day.year, link.day.month, link.day.day) if n % 2 else _uk(link.day)
        )
        links_sheet.append(
            [link.source.id, link.target_id, link.word,
             when, link.agency]
        )  # fmt: skip
    first_bad = len(found) + 4
    links_sheet.append([people[2].id, "P-0999", "Friend", "05/03/2026", "Police"])
    links_sheet.append([people[3].id, people[0].id, "Friend", "31/02/2026", "Police"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "partner-return.xlsx"
    book.save(path)
    bad = {("partner-return.xlsx", "Links", first_bad + i) for i in range(2)}
    return Layout("partner_workbook", path, bad, _secrets(people), people)


def school_log(folder: Path) -> Layout:
    """A school safeguarding log saved as Unicode text: UTF-16, tab-separated, "Ref 1 / Ref 2"."""
    people = cohort(lambda i: f"A{815000 + i * 37}")
    words = {
        "peer": ["Friends", "Seen together", "Online", "Missing with"],
        "sibling": ["Sibling"],
        "school": ["On roll at"],
        "place": ["Seen at"],
    }
    header = ["Ref 1", "Pupil 1", "Ref 2", "Pupil 2", "Incident type", "Date/Time", "Logged by",
              "Year group"]  # fmt: skip
    rows = [["Safeguarding log export (FICTIONAL DATA)", *[""] * 7], [""] * 8, header]
    for n, link in enumerate(links(people, words, ["School"])):
        rows.append(
            [
                link.source.id,
                link.source.full,
                link.target_id,
                link.about_target(lambda p: p.full),
                link.word,
                f"{_uk(link.day)} {8 + n % 8:02d}:{(n * 11) % 60:02d}",
                ["Mr Fictional", "Ms Invented"][n % 2],
                f"Year {9 + n % 3}",
            ]
        )
    first_bad = len(rows) + 1
    rows += [
        [people[12].id, people[12].full, people[13].id, people[13].full, "Bullying",
         "09/03/2026 12:10", "Ms Invented", "Year 10"],
        [people[14].id, people[14].full, people[14].id, people[14].full, "Friends",
         "10/03/2026 09:05", "Ms Invented", "Year 10"],
    ]  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "safeguarding-log.txt"
    path.write_bytes(_csv_bytes(rows, delimiter="\t").encode("utf-16"))
    bad = {("safeguarding-log.txt", "", first_bad + i) for i in range(2)}
    return Layout("school_log", path, bad, _secrets(people), people)


def yj_tracker(folder: Path) -> Layout:
    """A youth justice / MACE tracker: semicolons, "From / To" with initials, month-name dates."""
    people = cohort(lambda i: f"YJ{2600 + i}")
    words = {
        "peer": ["Co-offender", "Associate", "Friend", "Seen with"],
        "sibling": ["Sibling"],
        "school": ["Student at"],
        "place": ["Frequents"],
    }
    header = ["From", "From initials", "To", "To initials", "Link", "Date", "Agency",
              "Confidence", "Grading"]  # fmt: skip
    rows = [header]
    for n, link in enumerate(links(people, words, ["YOT", "Police", "Youth Service"])):
        rows.append(
            [
                link.source.id,
                link.source.initials,
                link.target_id,
                link.about_target(lambda p: p.initials),
                link.word,
                link.day.strftime("%d %b %Y"),
                link.agency,
                ["H", "Med", "Low"][n % 3],
                ["B2", "A1", "C3"][n % 3],
            ]
        )
    first_bad = len(rows) + 1
    rows += [
        ["YJ26\u200b03", "R.T.", people[5].id, people[5].initials, "Friend", "13 Mar 2026", "YOT",
         "H", "B2"],
        [people[7].id, people[7].initials, people[6].id, people[6].initials, "Friend",
         "31 Feb 2026", "YOT", "H", "B2"],
    ]  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mace-tracker.csv"
    path.write_bytes(_csv_bytes(rows, delimiter=";", newline="\n").encode("utf-8"))
    bad = {("mace-tracker.csv", "", first_bad + i) for i in range(2)}
    return Layout("yj_tracker", path, bad, _secrets(people), people)


def case_numbers(folder: Path) -> Layout:
    """Headers that say nothing of links ("Case number | Connected case"): ends from values."""
    people = cohort(lambda i: f"CN/{31 + i}/2026")
    words = {
        "peer": ["Friend", "Partner", "Online contact", "Seen together"],
        "sibling": ["Sibling"],
        "school": ["Attends"],
        "place": ["Frequents"],
    }
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["Case number", "Initials", "Connected case", "Connected initials", "Connection",
                  "Seen", "Team"])  # fmt: skip
    found = links(people, words, ["Early Help", "Police"])
    for link in found:
        sheet.append(
            [link.source.id, link.source.initials,
             link.target_id,
             link.about_target(lambda p: p.initials),
             link.word, link.day.isoformat(), link.agency]
        )  # fmt: skip
    first_bad = len(found) + 2
    sheet.append([people[11].id, "E.F.", people[10].id, "N.W.", "", "2026-03-02", "Police"])
    sheet.append([people[15].id, "T.R.", people[12].id, "C.C.", "Friend", "2026-02-30", "Police"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "export (3).xlsx"
    book.save(path)
    bad = {("export (3).xlsx", "Sheet1", first_bad + i) for i in range(2)}
    return Layout("case_numbers", path, bad, _secrets(people), people)


LAYOUTS: dict[str, Callable[[Path], Layout]] = {
    "case_system": case_system,
    "police_intel": police_intel,
    "partner_workbook": partner_workbook,
    "school_log": school_log,
    "yj_tracker": yj_tracker,
    "case_numbers": case_numbers,
}
