"""Association rows as codes: the dates, the association types, and the collector of rows.

Every part of the generator speaks in these codes; the text only appears when the files are
written (:mod:`cs_peers.inputs.sample.writing`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "CONCERN",
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
    "Bools",
    "Codes",
    "Ints",
    "Rows",
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
# Confidence profiles a row is given (see cs_peers.inputs.sample.provenance): inside a group,
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
