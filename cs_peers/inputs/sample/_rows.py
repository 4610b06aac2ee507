"""Association rows as codes: the dates, the association types, and the collector of rows.

Every part of the generator speaks in these codes; the text only appears when the files are
written (:mod:`cs_peers.inputs.sample.writing`).

Provenance of association rows: dates, source agency, confidence, reference and notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "AGENCIES",
    "CONCERN",
    "CONFIDENCES",
    "CONTEXT",
    "EVENT_MIX",
    "IN",
    "LAST_DAY",
    "LINK_MIX",
    "N_PEER_TYPES",
    "OUT",
    "SAMPLE_DAYS",
    "SAMPLE_END_DATE",
    "SOLID",
    "START_DATE",
    "TYPES",
    "TYPE_CODE",
    "Associations",
    "Bools",
    "Codes",
    "Ints",
    "Rows",
    "note_table",
    "with_provenance",
]


Ints = npt.NDArray[np.int64]
Codes = npt.NDArray[np.integer[Any]]  # row codes kept in the narrowest type that holds them
Bools = npt.NDArray[np.bool_]

SAMPLE_END_DATE = dt.date(2026, 10, 31)
"""The last day of the generated extract: no date in a sample is later."""
SAMPLE_DAYS = 730
"""How many days the generated associations span, ending on :data:`SAMPLE_END_DATE`."""

START_DATE = SAMPLE_END_DATE - dt.timedelta(days=SAMPLE_DAYS - 1)
LAST_DAY = SAMPLE_DAYS - 1

# Association types, in the order of their codes below.
TYPES = (
    "friend",
    "seen_together",
    "online_contact",
    "missing_together",
    "named_together",
    "co_arrested",
    "partner",
    "sibling",
    "family",
    "protective_peer",
    "trusted_adult",
    "exploitation_concern",
    "attends",
    "frequents",
    "member_of",
    "incident_at",
)
TYPE_CODE = {name: code for code, name in enumerate(TYPES)}
N_PEER_TYPES = 7  # codes 0-6 are the peer category
# Inside a group, associations come from events: one record (a sighting, a missing episode, a
# referral naming several young people, an arrest, a group chat exchange) that involves 2-6
# members at once; friendships and relationships are recorded a pair at a time. The heavier
# evidence (missing together, arrested together) is more common there than in links that leave
# a group, which are mostly sightings and online contact. Both in TYPES order, codes 0-6.
EVENT_MIX = np.array((0.10, 0.34, 0.16, 0.08, 0.19, 0.08, 0.05))
LINK_MIX = np.array((0.30, 0.35, 0.20, 0.03, 0.08, 0.03, 0.01))
# Confidence profiles a row is given (see cs_peers.inputs.sample._rows): inside a group,
# leaving
# a group, solid (family, school roll, protective, incidents), concern, places and online spaces.
IN, OUT, SOLID, CONCERN, CONTEXT = range(5)

_ROW_TYPES = (np.int64, np.int64, np.int8, np.int8, np.int16, np.int16, np.int64)


@dataclass
class Rows:
    """Association rows collected segment by segment before they are dated and written.

    Columns: source, target, type, confidence profile, first and last day, and the record each
    row belongs to: rows of one event share a record (so its date, reference, agency and
    confidence), and every other row (-1 here) is a record of its own.
    """

    columns: list[list[Codes]] = field(default_factory=lambda: [[] for _ in _ROW_TYPES])

    def add(
        self,
        source: Ints,
        target: Ints,
        kind: Ints | int,
        profile: int,
        first: Ints | int = 0,
        last: Ints | int = LAST_DAY,
        *,
        repeat: tuple[np.random.Generator, float] | None = None,
        record: Ints | None = None,
    ) -> None:
        """Add rows; with ``repeat`` each link 1-5 times (geometric), as records repeat."""
        n = len(source)
        given = (
            source,
            target,
            kind,
            profile,
            first,
            last,
            -1 if record is None else record,
        )
        columns = [
            np.broadcast_to(np.asarray(x).astype(dtype, copy=False), (n,))
            for x, dtype in zip(given, _ROW_TYPES, strict=True)
        ]
        if repeat is not None:
            rng, p = repeat
            times = np.minimum(rng.geometric(p, n), 5)
            columns = [np.repeat(c, times) for c in columns]
        for segments, column in zip(self.columns, columns, strict=True):
            segments.append(np.ascontiguousarray(column))

    def take(self, index: int) -> Codes:
        """Return one column over all segments, and let go of the segments."""
        column = np.concatenate(self.columns[index])
        self.columns[index].clear()
        return column


AGENCIES = ("police", "school", "social_care", "health", "youth_service")
# Who records what: one row per type, columns in AGENCIES order.
_AGENCY_BY_TYPE = np.array(
    [
        (0.15, 0.35, 0.25, 0.05, 0.20),  # friend
        (0.40, 0.15, 0.15, 0.05, 0.25),  # seen_together
        (0.25, 0.30, 0.30, 0.05, 0.10),  # online_contact
        (0.55, 0.00, 0.40, 0.05, 0.00),  # missing_together
        (0.35, 0.10, 0.40, 0.10, 0.05),  # named_together
        (1.00, 0.00, 0.00, 0.00, 0.00),  # co_arrested
        (0.15, 0.20, 0.40, 0.20, 0.05),  # partner
        (0.05, 0.25, 0.55, 0.15, 0.00),  # sibling
        (0.05, 0.20, 0.60, 0.15, 0.00),  # family
        (0.00, 0.35, 0.30, 0.05, 0.30),  # protective_peer
        (0.00, 0.35, 0.35, 0.05, 0.25),  # trusted_adult
        (0.55, 0.05, 0.35, 0.05, 0.00),  # exploitation_concern
        (0.00, 0.85, 0.15, 0.00, 0.00),  # attends
        (0.45, 0.05, 0.20, 0.00, 0.30),  # frequents
        (0.40, 0.25, 0.30, 0.00, 0.05),  # member_of
        (0.80, 0.05, 0.10, 0.05, 0.00),  # incident_at
    ]
)

CONFIDENCES = ("high", "medium", "low")
# Confidence profiles (high, medium, low). Links leaving a group are noisier than links inside
# it, so an analysis that weights by confidence has something to gain.
_CONF_PROFILES = np.array(
    [
        (0.35, 0.50, 0.15),  # peer link inside a group
        (
            0.20,
            0.45,
            0.35,
        ),  # peer link leaving a group, or between ungrouped young people
        (0.70, 0.25, 0.05),  # family, school roll, protective, incidents
        (0.15, 0.45, 0.40),  # concern about an adult: mostly third-party information
        (0.45, 0.40, 0.15),  # places and online spaces
    ]
)

_NOTES: dict[str, tuple[str, ...]] = {
    "friend": (
        "Described as best friends by school staff.",
        "Friendship mentioned at review.",
    ),
    "seen_together": (
        "Seen together at the bench by the canal lock after school.",
        "Seen together near the bus station late in the evening.",
        "Stopped and spoken to together; no further action.",
    ),
    "online_contact": (
        "Messages seen by a parent on a shared tablet.",
        "Contact via group chat reported by school.",
    ),
    "missing_together": (
        "Both reported missing overnight; found together next morning.",
        "Return home interview names each other.",
    ),
    "named_together": (
        "Named together in a referral from a neighbour.",
        "Named together in third-party information; not verified.",
    ),
    "co_arrested": ("Arrested together; released under investigation.",),
    "partner": ("Described as boyfriend/girlfriend by school.",),
    "protective_peer": ("Friend encouraged the young person to go back to school.",),
    "trusted_adult": ("Young person says this adult is someone they trust.",),
    "exploitation_concern": (
        "Third-party report of an adult giving lifts and gifts.",
        "Unverified information: seen collecting young people after school.",
    ),
}
_NOTE_RATE = 0.01


def note_table() -> tuple[list[str], Ints]:
    """Return the note texts (the first one empty) and, per type, its first note and how many."""
    note_texts = [""]
    note_of = np.zeros((len(TYPES), 2), dtype=np.int64)  # per type: first note, how many
    for name, texts in _NOTES.items():
        note_of[TYPE_CODE[name]] = len(note_texts), len(texts)
        note_texts.extend(texts)
    return note_texts, note_of


def _categorical(rng: np.random.Generator, probabilities: npt.NDArray[Any], rows: Codes) -> Ints:
    """Return one draw per row from the distribution ``probabilities[rows[i]]``."""
    cumulative = np.cumsum(probabilities, axis=1)
    cumulative /= cumulative[:, -1:]
    u = rng.random(len(rows))
    out = np.zeros(len(rows), dtype=np.int64)
    for column in range(probabilities.shape[1] - 1):  # few categories, many rows
        out += u >= cumulative[rows, column]
    return out


@dataclass(frozen=True)
class Associations:
    """Every association row, as codes: node indices, type, days (-1 = empty), provenance."""

    source: Codes
    target: Codes
    kind: Codes
    observed: Codes
    recorded: Codes
    agency: Codes
    confidence: Codes
    reference: Codes
    note: Codes


def with_provenance(rng: np.random.Generator, rows: Rows, note_of: Ints) -> Associations:
    """Return the rows in a shuffled order, dated and given agency, confidence and reference.

    Everything but the two ends is drawn per record, so the rows of one event share their
    type, dates, agency, confidence, reference and note.
    """
    # Columns are taken one at a time, so that the segments and the whole never both weigh on
    # memory (at a million young people and mixing 0.5 there are over ten million rows).
    record = rows.take(6)
    n_rows = len(record)
    n_events = int(record.max(initial=-1)) + 1
    single = np.flatnonzero(record < 0)
    record[single] = n_events + np.arange(len(single), dtype=np.int64)
    n_records = n_events + len(single)
    del single
    one_row = np.zeros(n_records, dtype=np.int64)
    one_row[record] = np.arange(n_rows, dtype=np.int64)  # any row: they agree on all but ends
    kind, profile, first, last = (rows.take(i)[one_row] for i in (2, 3, 4, 5))
    del one_row
    span = last.astype(np.int64) - first + 1
    observed = first + np.floor(rng.random(n_records) * span).astype(np.int64)
    del first, last, span
    # A repeat observation of a link is often recorded under another peer type.
    retype = np.flatnonzero(
        (kind < N_PEER_TYPES) & (np.arange(n_records) >= n_events) & (rng.random(n_records) < 0.25)
    )
    kind[retype] = rng.choice(N_PEER_TYPES, size=len(retype), p=LINK_MIX)
    # Recording lags observation by days to weeks, never beyond the extract date.
    recorded = np.minimum(observed + np.minimum(rng.geometric(0.15, n_records) - 1, 30), LAST_DAY)
    recorded[rng.random(n_records) < 0.08] = -1  # empty: defaults to observed_on
    observed[(rng.random(n_records) < 0.005) & (recorded >= 0)] = -1  # a few undated
    agency = _categorical(rng, _AGENCY_BY_TYPE, kind)
    confidence = _categorical(rng, _CONF_PROFILES, profile)
    reference = rng.integers(1, 1_000_000, n_records)
    note = np.zeros(n_records, dtype=np.int64)
    noted = np.flatnonzero((note_of[kind, 1] > 0) & (rng.random(n_records) < _NOTE_RATE))
    pick = np.floor(rng.random(len(noted)) * note_of[kind[noted], 1]).astype(np.int64)
    note[noted] = note_of[kind[noted], 0] + pick
    narrow: list[Codes] = [
        kind.astype(np.int8),
        observed.astype(np.int16),
        recorded.astype(np.int16),
        agency.astype(np.int8),
        confidence.astype(np.int8),
        reference.astype(np.int32),
        note.astype(np.int16),
    ]
    del kind, profile, observed, recorded, agency, confidence, reference, note
    # No meaningful row order, as in an extract merged from several agencies' systems.
    order = rng.permutation(n_rows)
    record = record[order]
    source, target = rows.take(0)[order], rows.take(1)[order]
    del order
    k, o, r, a, c, ref, nt = (x[record] for x in narrow)
    return Associations(source, target, k, o, r, a, c, ref, nt)
