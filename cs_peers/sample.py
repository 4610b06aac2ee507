"""Synthetic, fictional datasets with planted peer groups, for demos, tests and benchmarks.

:func:`generate_sample` writes a dataset in the input contract (``people.csv``,
``contexts.csv``, ``associations.csv``) plus the ground truth ``truth.csv`` (which young person
was planted in which group), so that group detection can be scored against known answers and
timed at the sizes the brief names: a borough cohort, a police force's network, and beyond.

The model is a planted partition in the spirit of the LFR benchmark (Lancichinetti, Fortunato
and Radicchi, 2008), with associations arising as real records do. Inside a planted group they
come from *events*: one record (seen together, missing together, named together in a referral,
arrested together, a group chat exchange) involves 2-6 members at once and yields an
association between each pair of them, all with the record's date, reference and type. A ring
of events ties every member in, so every planted group is connected; more events draw members
by a heavy-tailed activity, so some members are in many records and some in two or three.
Group sizes are heavy-tailed too, and a share ``mixing`` of every grouped young person's peer
associations leads outside their group, to random young people. Young people in no group have
a few scattered links (about one each on average; most have none). Around it sits what a real
extract holds: schools, places and online spaces (small ones used by one group, big ones used
by many), family links, trusted adults, protective peers, adults of concern, repeat
observations of the same pair, and provenance on every row.

Every name is invented (people are called things like "Quorra Pebblewick", schools
"Larkfield Academy"); no real person, school or place is in the output.

Everything is vectorised with numpy and the CSV text is assembled as bytes, because at a million
young people (about nine million association rows) per-row Python would take many minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cs_peers.errors import CsPeersError

__all__ = ["SAMPLE_DAYS", "SAMPLE_END_DATE", "SampleSummary", "generate_sample"]

Ints = npt.NDArray[np.int64]
Codes = npt.NDArray[np.integer[Any]]  # row codes kept in the narrowest type that holds them
Bools = npt.NDArray[np.bool_]

SAMPLE_END_DATE = dt.date(2026, 10, 31)
"""The last day of the generated extract: no date in a sample is later."""
SAMPLE_DAYS = 730
"""How many days the generated associations span, ending on :data:`SAMPLE_END_DATE`."""

_START_DATE = SAMPLE_END_DATE - dt.timedelta(days=SAMPLE_DAYS - 1)
_LAST_DAY = SAMPLE_DAYS - 1

# Association types, in the order of their codes below.
_TYPES = (
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
_T = {name: code for code, name in enumerate(_TYPES)}
_N_PEER_TYPES = 7  # codes 0-6 are the peer category
# Inside a group, associations come from events: one record (a sighting, a missing episode, a
# referral naming several young people, an arrest, a group chat exchange) that involves 2-6
# members at once; friendships and relationships are recorded a pair at a time. The heavier
# evidence (missing together, arrested together) is more common there than in links that leave
# a group, which are mostly sightings and online contact. Both in _TYPES order, codes 0-6.
_EVENT_MIX = np.array((0.10, 0.34, 0.16, 0.08, 0.19, 0.08, 0.05))
_LINK_MIX = np.array((0.30, 0.35, 0.20, 0.03, 0.08, 0.03, 0.01))
_PAIRWISE_KINDS = (_T["friend"], _T["partner"])
_EVENT_SIZE_P = np.array((0.35, 0.28, 0.18, 0.11, 0.08))  # 2, 3, 4, 5 or 6 people
_MAX_EVENT = 2 + len(_EVENT_SIZE_P) - 1
# Beyond the ring of events that ties every member in, a group of s members has about
# _EVENTS_PER_MEMBER * s + _EVENTS_PER_PAIR * s * s more: enough that most pairs of members in
# small groups, and about half in groups of twenty, are recorded together at least once.
_EVENTS_PER_MEMBER = 0.6
_EVENTS_PER_PAIR = 0.05
# Members' activity, which decides who is drawn into those events: heavy-tailed (floor + Lomax).
_ACTIVITY_FLOOR = 0.5
_ACTIVITY_SHAPE = 2.0
# Young people in no group: floor(Lomax(2.5) * this) links each, one on average; most have none.
_LOOSE_LINKS = 2.3
# An out-of-group link is recorded 1-5 times (geometric); this many rows per link on average.
_REPEAT_P = 0.7
_MEAN_REPEATS = sum((1.0 - _REPEAT_P) ** t for t in range(5))

_AGENCIES = ("police", "school", "social_care", "health", "youth_service")
# Who records what: one row per type, columns in _AGENCIES order.
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

_CONFIDENCES = ("high", "medium", "low")
# Confidence profiles (high, medium, low). Links leaving a group are noisier than links inside
# it, so an analysis that weights by confidence has something to gain.
_CONF_PROFILES = np.array(
    [
        (0.35, 0.50, 0.15),  # peer link inside a group
        (0.20, 0.45, 0.35),  # peer link leaving a group, or between ungrouped young people
        (0.70, 0.25, 0.05),  # family, school roll, protective, incidents
        (0.15, 0.45, 0.40),  # concern about an adult: mostly third-party information
        (0.45, 0.40, 0.15),  # places and online spaces
    ]
)
_IN, _OUT, _SOLID, _CONCERN, _CONTEXT = range(5)

# Invented name parts: odd enough to be obviously fictional, varied in their initials.
_FIRST_NAMES = (
    "Averil-Jo", "Brimley", "Corvane", "Dovrin", "Emberlou", "Fennick", "Glimmon", "Hollis-Jae",
    "Ixora", "Jasperlin", "Kestrie", "Lunetta", "Mirabow", "Nimsy", "Oskarine", "Pellow",
    "Quorra", "Ravelin", "Saffrine", "Talvik", "Umbry", "Vesper-Rae", "Wimble", "Xandrel",
    "Yarrowin", "Zefrin", "Arbrey", "Bexlow", "Cindrel", "Delphy", "Elkin", "Florimel",
    "Gusto", "Harlequin", "Juniver", "Kiplo", "Lark-Ella", "Mosabel", "Nettrin", "Orvalee",
    "Pipperly", "Quennet", "Rusk", "Sorrelind", "Tibbolt", "Wrennet", "Yoska", "Zimbry",
)  # fmt: skip
_SURNAME_STEMS = (
    "Fern", "Quill", "Marrow", "Thistle", "Bramble", "Nettle", "Pebble", "Sorrel", "Wren", "Moss",
    "Kettle", "Button", "Larch", "Gorse", "Tansy", "Clover", "Bracken", "Tumble", "Dapple", "Hazel",
)  # fmt: skip
_SURNAME_ENDS = ("whistle", "bottom", "wick", "thorpe", "hollow", "bury", "stock", "dew", "combe")
_SURNAMES = tuple(stem + end for stem in _SURNAME_STEMS for end in _SURNAME_ENDS)
_PLACE_STEMS = (
    "Larkfield", "Quillbrook", "Marrowby", "Wrenhollow", "Tansyvale", "Gorsemere", "Thistlegate",
    "Kettlecombe", "Pebblewick", "Nettlecroft", "Clovermead", "Dapplewood", "Brambleford",
    "Sorrelbury", "Buttonhill", "Fernhallow", "Hazelbrook", "Tumbledown Vale", "Brackenlea",
    "Larchmere",
)  # fmt: skip
_STREETS = tuple(
    f"{stem} {kind}"
    for stem in _PLACE_STEMS
    for kind in ("Road", "Close", "Lane", "Way", "Crescent", "Street", "Walk", "Parade")
)
_SCHOOLS = tuple(
    f"{stem} {kind}"
    for stem in _PLACE_STEMS
    for kind in ("Academy", "High School", "School", "Community College", "Free School")
)
_PUBLIC_PATTERNS = (
    "{} Shopping Centre", "{} Park", "{} Bus Station", "{} Leisure Centre", "{} High Street",
    "{} Library", "{} Retail Park", "{} Skate Park", "{} Station", "{} Recreation Ground",
)  # fmt: skip
_PUBLIC_PLACES = tuple(
    pattern.format(stem) for pattern in _PUBLIC_PATTERNS for stem in _PLACE_STEMS
)
_SMALL_PLACES = (
    "Bench by the canal lock on {s}", "Flat {n} on {s}", "Park corner behind {s}",
    "Stairwell of {n} {s}", "Garages behind {s}", "Underpass at {s}", "Chicken shop on {s}",
    "Car park behind {s}", "Bus shelter on {s}", "Back of the community hall on {s}",
    "Footbridge over {s}",
)  # fmt: skip
_PLATFORMS = ("Chirpline", "SnapNest", "Loopcast", "Pixelhollow", "Murmurly", "Gamewhirl")
_PLATFORM_POPULARITY = (0.30, 0.25, 0.18, 0.12, 0.10, 0.05)
_CHAT_WORDS = ("Friday", "Canal", "Bench", "Weekend", "Top Floor", "Bus Stop", "Late", "Year 10")
_CHAT_NOUNS = ("Chat", "Mates", "Lot", "Group", "Corner", "Club")
_ROLES = (
    "youth_worker", "teacher", "sports_coach", "mentor", "family_support_worker", "school_nurse",
)  # fmt: skip
_NOTES: dict[str, tuple[str, ...]] = {
    "friend": ("Described as best friends by school staff.", "Friendship mentioned at review."),
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
_ASSOCIATION_HEADER = (
    "source", "target", "type", "observed_on", "recorded_on", "source_agency", "confidence",
    "reference", "notes",
)  # fmt: skip


@dataclass(frozen=True)
class SampleSummary:
    """What :func:`generate_sample` wrote: where, how many of each thing, and the seed."""

    out_dir: Path
    young_people: int
    adults: int
    contexts: int
    associations: int
    groups: int
    seed: int


# ---------------------------------------------------------------------------------------------
# CSV text assembled as bytes. pandas.to_csv and Python string joins cost microseconds a row,
# minutes at ten million rows; here each column is a lookup table of encoded cells (separator
# included) and a chunk of rows is scattered into one byte buffer with a few numpy operations.


@dataclass(frozen=True)
class _Cells:
    """Encoded cells, one per row of ``data`` (zero-padded to the widest), and their lengths."""

    data: npt.NDArray[np.uint8]
    lens: Ints

    @property
    def fixed(self) -> bool:
        """Return whether every cell is as wide as ``data`` (so no masking is needed)."""
        return bool(np.all(self.lens == self.data.shape[1]))


def _quote(text: str) -> str:
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _text_cells(values: Sequence[str], end: str = ",") -> _Cells:
    """Return cells of the given texts, CSV-quoted where needed, each followed by ``end``."""
    encoded = [(_quote(v) + end).encode("utf-8") for v in values]
    lens = np.array([len(e) for e in encoded], dtype=np.int64)
    data = np.zeros((len(encoded), max(int(lens.max(initial=0)), 1)), dtype=np.uint8)
    data[np.arange(data.shape[1]) < lens[:, None]] = np.frombuffer(b"".join(encoded), np.uint8)
    return _Cells(data, lens)


def _digits(out: npt.NDArray[np.uint8], values: Ints) -> None:
    values = values.copy()
    for column in range(out.shape[1] - 1, -1, -1):
        out[:, column] = ord("0") + values % 10
        values //= 10


def _id_cells(prefixes: Sequence[tuple[str, int]], digits: int, end: str = ",") -> _Cells:
    """Return cells ``<prefix><zero-padded number>``, numbered from 1 within each prefix."""
    total = sum(count for _, count in prefixes)
    data = np.empty((total, 2 + digits + len(end)), dtype=np.uint8)
    row = 0
    for prefix, count in prefixes:
        block = data[row : row + count]
        block[:, :2] = np.frombuffer(prefix.encode("ascii"), np.uint8)
        _digits(block[:, 2 : 2 + digits], np.arange(1, count + 1, dtype=np.int64))
        block[:, 2 + digits :] = np.frombuffer(end.encode("ascii"), np.uint8)
        row += count
    return _Cells(data, np.full(total, data.shape[1], dtype=np.int64))


def _number_cells(count: int, digits: int, end: str = ",") -> _Cells:
    """Return cells of the zero-padded numbers 0 … count-1."""
    data = np.empty((count, digits + len(end)), dtype=np.uint8)
    _digits(data[:, :digits], np.arange(count, dtype=np.int64))
    data[:, digits:] = np.frombuffer(end.encode("ascii"), np.uint8)
    return _Cells(data, np.full(count, data.shape[1], dtype=np.int64))


_CHUNK_ROWS = 1 << 16


def _write_csv(
    path: Path, header: Sequence[str], pieces: Sequence[tuple[_Cells, npt.NDArray[Any]]]
) -> int:
    """Return the number of rows written: row i is ``cells.data[codes[i]]`` of every piece.

    A chunk of rows is laid out as a matrix of zero-padded cells side by side; dropping the
    padding (UTF-8 text has no zero bytes) leaves the rows back to back.
    """
    rows = len(pieces[0][1])
    width = sum(cells.data.shape[1] for cells, _ in pieces)
    padded = not all(cells.fixed for cells, _ in pieces)
    # Each cell as one opaque item: numpy gathers those far faster than rows of a byte matrix.
    whole_cells = [
        np.ascontiguousarray(cells.data).view(f"V{cells.data.shape[1]}").ravel()
        for cells, _ in pieces
    ]
    with path.open("wb") as out:
        out.write((",".join(header) + "\n").encode("ascii"))
        for begin in range(0, rows, _CHUNK_ROWS):
            end = min(rows, begin + _CHUNK_ROWS)
            block = np.empty((end - begin, width), dtype=np.uint8)
            column = 0
            for whole, (cells, codes) in zip(whole_cells, pieces, strict=True):
                cell_width = cells.data.shape[1]
                picked = whole[codes[begin:end]].view(np.uint8).reshape(end - begin, cell_width)
                block[:, column : column + cell_width] = picked
                column += cell_width
            out.write((block[block != 0] if padded else block).tobytes())
    return rows


# ---------------------------------------------------------------------------------------------
# The model.


@dataclass(frozen=True)
class _Cohort:
    """The young people and the planted groups: group g is ``members[start[g]:][:sizes[g]]``."""

    n: int
    sizes: Ints
    start: Ints
    members: Ints
    group_of: Ints  # per young person; -1 when not in a group
    rank: Ints  # per young person: their position inside their group
    first_day: Ints  # per group: the window in which it is active
    last_day: Ints

    @property
    def n_groups(self) -> int:
        """Return the number of planted groups."""
        return len(self.sizes)

    @property
    def grouped(self) -> Bools:
        """Return, per young person, whether they are in a planted group."""
        return self.group_of >= 0

    def other_member(self, rng: np.random.Generator, people: Ints) -> Ints:
        """Return a random other member of each (grouped) person's group."""
        g = self.group_of[people]
        step = 1 + rng.integers(0, self.sizes[g] - 1)
        return self.members[self.start[g] + (self.rank[people] + step) % self.sizes[g]]

    def pick_members(self, rng: np.random.Generator, groups: Ints, p: float) -> tuple[Ints, Ints]:
        """Return (draw, member) pairs: members of ``groups[draw]``, each kept with chance p."""
        counts = self.sizes[groups]
        draw = np.repeat(np.arange(len(groups), dtype=np.int64), counts)
        offset = np.arange(len(draw)) - np.repeat(np.cumsum(counts) - counts, counts)
        who = self.members[self.start[groups[draw]] + offset]
        keep = rng.random(len(who)) < p
        return draw[keep], who[keep]


def _plant_cohort(rng: np.random.Generator, n: int, share: float, low: int, high: int) -> _Cohort:
    """Return the cohort with planted groups whose sizes follow a truncated power law."""
    target = round(share * n)
    sizes = np.zeros(0, dtype=np.int64)
    if target >= low:
        # A power law keeps most groups small, as practitioners see them, with a few large ones.
        choices = np.arange(low, high + 1)
        weights = choices.astype(np.float64) ** -1.8
        draws = rng.choice(choices, size=target // low + 1, p=weights / weights.sum())
        sizes = draws[: int(np.searchsorted(np.cumsum(draws), target, side="right"))]
        sizes = sizes.astype(np.int64)
    start = np.cumsum(sizes) - sizes
    members = rng.permutation(n)[: int(sizes.sum())].astype(np.int64)
    group_of = np.full(n, -1, dtype=np.int64)
    group_of[members] = np.repeat(np.arange(len(sizes)), sizes)
    rank = np.zeros(n, dtype=np.int64)
    rank[members] = np.arange(len(members)) - np.repeat(start, sizes)
    # Groups form and fade within the two years, so timelines and "what changed" have content.
    first = rng.integers(0, int(SAMPLE_DAYS * 0.6), len(sizes))
    last = np.minimum(first + rng.integers(180, SAMPLE_DAYS, len(sizes)), _LAST_DAY)
    return _Cohort(n, sizes, start, members, group_of, rank, first, last)


@dataclass(frozen=True)
class _Layout:
    """How many contexts of each sort there are; their ids follow this order."""

    school_p: npt.NDArray[np.float64]  # share of pupils per school
    n_public: int
    places_per_group: Ints
    chat_groups: Ints

    @property
    def school(self) -> int:
        """Return the index of the first school (0)."""
        return 0

    @property
    def public(self) -> int:
        """Return the index of the first big public place."""
        return len(self.school_p)

    @property
    def group_place(self) -> int:
        """Return the index of the first small place used by one group."""
        return self.public + self.n_public

    @property
    def platform(self) -> int:
        """Return the index of the first big online platform."""
        return self.group_place + int(self.places_per_group.sum())

    @property
    def chat(self) -> int:
        """Return the index of the first group chat."""
        return self.platform + len(_PLATFORMS)

    @property
    def total(self) -> int:
        """Return the number of contexts."""
        return self.chat + len(self.chat_groups)


def _lay_out_contexts(rng: np.random.Generator, cohort: _Cohort) -> _Layout:
    """Return the contexts: schools of 200-1,500 pupils, places, platforms, group chats."""
    size = rng.integers(200, 1501, cohort.n // 200 + 2)
    n_schools = int(np.searchsorted(np.cumsum(size), cohort.n)) + 1
    places_per_group = rng.binomial(2, 0.4, cohort.n_groups).astype(np.int64)
    chat_groups = np.flatnonzero(rng.random(cohort.n_groups) < 0.5).astype(np.int64)
    return _Layout(
        size[:n_schools] / size[:n_schools].sum(),
        max(2, cohort.n // 1500),
        places_per_group,
        chat_groups,
    )


# Column types of collected rows: ends, type, confidence profile, first and last day, record.
_ROW_TYPES = (np.int64, np.int64, np.int8, np.int8, np.int16, np.int16, np.int64)


@dataclass
class _Rows:
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
        last: Ints | int = _LAST_DAY,
        *,
        repeat: tuple[np.random.Generator, float] | None = None,
        record: Ints | None = None,
    ) -> None:
        """Add rows; with ``repeat`` each link 1-5 times (geometric), as records repeat."""
        n = len(source)
        given = (source, target, kind, profile, first, last, -1 if record is None else record)
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


@dataclass(frozen=True)
class _Events:
    """Events inside planted groups: event e involves ``members[offset[e]:][:size[e]]``."""

    group: Ints
    kind: Ints
    size: Ints
    members: Ints

    @property
    def offset(self) -> Ints:
        """Return where each event's members start in ``members``."""
        return np.cumsum(self.size) - self.size

    def rows_per_member(self, n: int) -> Ints:
        """Return, per young person, how many pairwise rows their events yield."""
        slot_size = np.repeat(self.size, self.size)
        return np.bincount(self.members, weights=slot_size - 1, minlength=n).astype(np.int64)

    def subset(self, keep: Bools) -> _Events:
        """Return the events where ``keep`` is true."""
        slots = np.repeat(keep, self.size)
        return _Events(self.group[keep], self.kind[keep], self.size[keep], self.members[slots])


def _event_kinds_and_sizes(
    rng: np.random.Generator, cohort: _Cohort, groups: Ints
) -> tuple[Ints, Ints]:
    """Return the type and number of people of one event in each of ``groups``."""
    kind = rng.choice(_N_PEER_TYPES, size=len(groups), p=_EVENT_MIX).astype(np.int64)
    size = 2 + rng.choice(len(_EVENT_SIZE_P), size=len(groups), p=_EVENT_SIZE_P)
    size[np.isin(kind, _PAIRWISE_KINDS)] = 2
    return kind, np.minimum(size, cohort.sizes[groups]).astype(np.int64)


def _slots(size: Ints) -> tuple[Ints, Ints]:
    """Return, per slot of events of the given sizes, its event and its position in the event."""
    event = np.repeat(np.arange(len(size), dtype=np.int64), size)
    return event, np.arange(len(event), dtype=np.int64) - np.repeat(np.cumsum(size) - size, size)


def _plant_events(rng: np.random.Generator, cohort: _Cohort) -> _Events:
    """Return the events of every planted group.

    First a ring of events ties every member in: each event takes the next members of the
    group (in its random order) and overlaps the previous event by one, and the last one
    closes the ring, so every member is recorded with at least two others (in groups of three
    or more) and the group is connected. Then a group of s members has about
    ``_EVENTS_PER_MEMBER * s + _EVENTS_PER_PAIR * s * s`` more events, whose people are drawn
    without replacement with chances in proportion to a heavy-tailed activity: some members
    are in dozens of records, some in one or two.
    """
    sizes, n_groups = cohort.sizes, cohort.n_groups
    # The ring: candidate events until it closes (s events of two always do it).
    group = np.repeat(np.arange(n_groups, dtype=np.int64), sizes)
    kind, size = _event_kinds_and_sizes(rng, cohort, group)
    step = size - 1
    before = np.cumsum(step) - step
    first_candidate = np.cumsum(sizes) - sizes
    reached = before - before[first_candidate][group]
    keep = reached < sizes[group]
    group, kind, reached = group[keep], kind[keep], reached[keep]
    size = np.minimum(size[keep], sizes[group] - reached + 1)  # the last one ends at the first
    event, position = _slots(size)
    g = group[event]
    ring_members = cohort.members[cohort.start[g] + (reached[event] + position) % sizes[g]]

    # More events, with members drawn by activity: the k largest of u ** (1 / activity) are a
    # weighted sample without replacement (Efraimidis and Spirakis, 2006).
    activity = _ACTIVITY_FLOOR + rng.pareto(_ACTIVITY_SHAPE, cohort.n)
    extra_group = np.repeat(
        np.arange(n_groups, dtype=np.int64),
        rng.poisson((_EVENTS_PER_MEMBER + _EVENTS_PER_PAIR * sizes) * sizes),
    )
    extra_kind, extra_size = _event_kinds_and_sizes(rng, cohort, extra_group)
    entry_event, entry_position = _slots(sizes[extra_group])
    who = cohort.members[cohort.start[extra_group[entry_event]] + entry_position]
    key = -np.log1p(-rng.random(len(who))) / activity[who]  # smaller is more likely to be drawn
    order = np.argsort(entry_event + key / (1.0 + key), kind="stable")
    chosen = entry_position < extra_size[entry_event]  # positions are unchanged by the sort
    extra_members = who[order][chosen]

    return _Events(
        np.concatenate([group, extra_group]),
        np.concatenate([kind, extra_kind]),
        np.concatenate([size, extra_size]),
        np.concatenate([ring_members, extra_members]),
    )


def _pair_outside(rng: np.random.Generator, cohort: _Cohort, stubs: Ints) -> tuple[Ints, Ints]:
    """Return pairs made by matching stubs at random, never inside one group or to oneself."""
    stubs = stubs[rng.permutation(len(stubs))]
    stubs = stubs[: len(stubs) - len(stubs) % 2]
    a, b = stubs[0::2].copy(), stubs[1::2].copy()
    group_of = cohort.group_of

    def wrong() -> Bools:
        ga = group_of[a]
        return np.asarray((a == b) | ((ga >= 0) & (ga == group_of[b])), dtype=np.bool_)

    bad = wrong()
    for _ in range(30):
        wrong_at = np.flatnonzero(bad)
        if not len(wrong_at):
            break
        # Reshuffle the wrong partners with as many random others: still a permutation, so every
        # stub keeps exactly one partner and everyone's planted activity is kept.
        others = rng.choice(len(b), size=min(len(b), len(wrong_at)), replace=False)
        mixed = np.union1d(wrong_at, others)
        b[mixed] = b[mixed[rng.permutation(len(mixed))]]
        bad = wrong()
    return a[~bad], b[~bad]


def _add_peer_rows(rng: np.random.Generator, cohort: _Cohort, mixing: float, rows: _Rows) -> None:
    """Add peer rows: events inside groups, then pairwise links leaving them at rate ``mixing``.

    Each event yields one row per pair of its people, all in one record. A grouped young
    person's rows leaving the group are then set to ``mixing / (1 - mixing)`` times their rows
    inside it, so that a share ``mixing`` of their peer rows leaves the group. Beyond
    ``mixing = 0.5`` the leaving rows stop growing and events are dropped instead (all of them
    at ``mixing = 1``), which keeps the sample's size bounded.
    """
    n = cohort.n
    events = _plant_events(rng, cohort)
    full = events.rows_per_member(n)
    if mixing > 0.5:
        events = events.subset(rng.random(len(events.size)) * mixing < 1.0 - mixing)
    offset = events.offset
    for k in range(2, _MAX_EVENT + 1):
        at = np.flatnonzero(events.size == k)
        people = events.members[offset[at, None] + np.arange(k)]
        first, second = np.triu_indices(k, 1)
        event = np.repeat(at, len(first))
        a, b = people[:, first].ravel(), people[:, second].ravel()
        swap = rng.random(len(a)) < 0.5  # no meaning in which end is the source
        a, b = np.where(swap, b, a), np.where(swap, a, b)
        g = events.group[event]
        first_day, last_day = cohort.first_day[g], cohort.last_day[g]
        rows.add(a, b, events.kind[event], _IN, first_day, last_day, record=event)

    # Rows leaving a group: stubs (each a link recorded 1-5 times) rounded at random, so that
    # every grouped person's expected share of leaving rows is `mixing`.
    ratio = mixing / (1.0 - mixing) if mixing < 0.5 else 1.0
    wanted = full * ratio / _MEAN_REPEATS
    stubs = np.floor(wanted).astype(np.int64)
    stubs += rng.random(n) < wanted - stubs
    # Young people in no group: a few scattered links, most have one or none.
    scattered = np.minimum(np.floor(rng.pareto(2.5, n) * _LOOSE_LINKS).astype(np.int64), 30)
    stubs = np.where(cohort.grouped, stubs, scattered)
    a, b = _pair_outside(rng, cohort, np.repeat(np.arange(n, dtype=np.int64), stubs))
    kind = rng.choice(_N_PEER_TYPES, size=len(a), p=_LINK_MIX)
    rows.add(a, b, kind, _OUT, repeat=(rng, _REPEAT_P))


def _other_person(rng: np.random.Generator, n: int, people: Ints) -> Ints:
    """Return a random young person other than each given one (n >= 2)."""
    return (people + 1 + rng.integers(0, n - 1, len(people))) % n


def _add_family_rows(rng: np.random.Generator, cohort: _Cohort, surname: Ints, rows: _Rows) -> None:
    """Add sibling and family links across the cohort (so often across groups)."""
    n = cohort.n
    if n < 2:
        return
    for kind, count in (("sibling", max(1, n // 60)), ("family", n // 120)):
        a = rng.integers(0, n, count)
        b = _other_person(rng, n, a)
        if kind == "sibling":
            surname[b] = surname[a]
        rows.add(a, b, _T[kind], _SOLID)


def _add_protective_rows(
    rng: np.random.Generator, cohort: _Cohort, caring: Ints, rows: _Rows
) -> None:
    """Add protective peers (half inside one's own group) and trusted adults."""
    n = cohort.n
    if n >= 2:
        a = rng.integers(0, n, n // 25)
        b = _other_person(rng, n, a)
        same = cohort.grouped[a] & (rng.random(len(a)) < 0.5)
        b[same] = cohort.other_member(rng, a[same])
        rows.add(a, b, _T["protective_peer"], _SOLID)
    # A youth worker or coach around a whole group, and scattered trusted adults for others.
    groups = np.flatnonzero(rng.random(cohort.n_groups) < 0.35)
    adult = caring[rng.integers(0, len(caring), len(groups))]
    draw, who = cohort.pick_members(rng, groups, 0.6)
    rows.add(n + adult[draw], who, _T["trusted_adult"], _SOLID, repeat=(rng, 0.7))
    who = np.flatnonzero(rng.random(n) < 0.08)
    adult = caring[rng.integers(0, len(caring), len(who))]
    rows.add(n + adult, who, _T["trusted_adult"], _SOLID)


def _add_concern_rows(
    rng: np.random.Generator, cohort: _Cohort, concern: Ints, rows: _Rows
) -> None:
    """Add exploitation concerns: each adult around one group (bigger ones more often)."""
    n = cohort.n
    if cohort.n_groups:
        sizes = cohort.sizes
        groups = rng.choice(cohort.n_groups, size=len(concern), p=sizes / sizes.sum())
        draw, who = cohort.pick_members(rng, groups, 0.7)
        g = groups[draw]
        rows.add(
            n + concern[draw],
            who,
            _T["exploitation_concern"],
            _CONCERN,
            cohort.first_day[g],
            cohort.last_day[g],
            repeat=(rng, 0.6),
        )
    stray = rng.integers(0, n, 2 * len(concern))
    adult = concern[rng.integers(0, len(concern), len(stray))]
    rows.add(n + adult, stray, _T["exploitation_concern"], _CONCERN)


def _add_context_rows(
    rng: np.random.Generator, cohort: _Cohort, layout: _Layout, first_context: int, rows: _Rows
) -> None:
    """Add attends, frequents, member_of and incident_at rows."""
    n, everyone = cohort.n, np.arange(cohort.n, dtype=np.int64)
    ctx = first_context  # node index of context 0
    # Everyone attends one school; a group mostly shares one.
    n_schools = len(layout.school_p)
    home = rng.choice(n_schools, size=cohort.n_groups, p=layout.school_p)
    school = rng.choice(n_schools, size=n, p=layout.school_p)
    same = cohort.grouped & (rng.random(n) < 0.75)
    school[same] = home[cohort.group_of[same]]
    rows.add(everyone, ctx + layout.school + school, _T["attends"], _SOLID)

    # Small places used mostly by one group (a flat, a bench), seen there again and again...
    place_group = np.repeat(np.arange(cohort.n_groups), layout.places_per_group)
    draw, who = cohort.pick_members(rng, place_group, 0.65)
    g = place_group[draw]
    place = ctx + layout.group_place + draw
    first, last = cohort.first_day[g], cohort.last_day[g]
    rows.add(who, place, _T["frequents"], _CONTEXT, first, last, repeat=(rng, 0.6))
    # ... and now and then by someone else.
    n_places = len(place_group)
    visitor = rng.integers(0, n, n_places // 5)
    visited = ctx + layout.group_place + rng.integers(0, n_places, len(visitor))
    rows.add(visitor, visited, _T["frequents"], _CONTEXT)
    # Big public places: many young people, a few popular places drawing most of them.
    who = np.repeat(everyone, np.minimum(rng.poisson(0.6, n), 3))
    popularity = 1.0 / np.arange(1, layout.n_public + 1)
    public = rng.choice(layout.n_public, size=len(who), p=popularity / popularity.sum())
    rows.add(who, ctx + layout.public + public, _T["frequents"], _CONTEXT)

    # Group chats used by one group; big platforms used by anyone.
    draw, who = cohort.pick_members(rng, layout.chat_groups, 0.8)
    g = layout.chat_groups[draw]
    first, last = cohort.first_day[g], cohort.last_day[g]
    rows.add(who, ctx + layout.chat + draw, _T["member_of"], _CONTEXT, first, last)
    who = np.flatnonzero(rng.random(n) < 0.25)
    platform = rng.choice(len(_PLATFORMS), size=len(who), p=_PLATFORM_POPULARITY)
    rows.add(who, ctx + layout.platform + platform, _T["member_of"], _CONTEXT)

    # Incidents: at the group's own place when it has one, else at a public place.
    who = np.flatnonzero(rng.random(n) < 0.02)
    place = layout.public + rng.integers(0, layout.n_public, len(who))
    g = cohort.group_of[who]
    per_group = layout.places_per_group
    own = (g >= 0) & (rng.random(len(who)) < 0.6)
    if cohort.n_groups:  # (with no groups at all there is no group place to look up)
        own &= per_group[np.maximum(g, 0)] > 0
    place[own] = layout.group_place + (np.cumsum(per_group) - per_group)[g[own]]
    rows.add(who, ctx + place, _T["incident_at"], _SOLID)


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
class _Associations:
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


def _with_provenance(rng: np.random.Generator, rows: _Rows, note_of: Ints) -> _Associations:
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
        (kind < _N_PEER_TYPES) & (np.arange(n_records) >= n_events) & (rng.random(n_records) < 0.25)
    )
    kind[retype] = rng.choice(_N_PEER_TYPES, size=len(retype), p=_LINK_MIX)
    # Recording lags observation by days to weeks, never beyond the extract date.
    recorded = np.minimum(observed + np.minimum(rng.geometric(0.15, n_records) - 1, 30), _LAST_DAY)
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
    return _Associations(source, target, k, o, r, a, c, ref, nt)


def _context_names(rng: np.random.Generator, layout: _Layout) -> list[str]:
    """Return invented names for every context, in id order."""

    def cycled(names: Sequence[str], count: int) -> list[str]:
        # Numbered once the list runs out, so that names stay distinct.
        order = rng.permutation(len(names)).tolist()
        return [
            names[order[i % len(names)]] + (f" {i // len(names) + 1}" if i >= len(names) else "")
            for i in range(count)
        ]

    n_places, n_chats = int(layout.places_per_group.sum()), len(layout.chat_groups)
    template = rng.integers(0, len(_SMALL_PLACES), n_places).tolist()
    street = rng.integers(0, len(_STREETS), n_places).tolist()
    number = rng.integers(1, 120, n_places).tolist()
    word = rng.integers(0, len(_CHAT_WORDS), n_chats).tolist()
    noun = rng.integers(0, len(_CHAT_NOUNS), n_chats).tolist()
    on = rng.choice(len(_PLATFORMS), size=n_chats, p=_PLATFORM_POPULARITY).tolist()
    small = zip(template, street, number, strict=True)
    chats = zip(word, noun, on, strict=True)
    return [
        *cycled(_SCHOOLS, len(layout.school_p)),
        *cycled(_PUBLIC_PLACES, layout.n_public),
        *(_SMALL_PLACES[t].format(s=_STREETS[s], n=k) for t, s, k in small),
        *_PLATFORMS,
        *(
            f"'{_CHAT_WORDS[w]} {_CHAT_NOUNS[k]}' group chat on {_PLATFORMS[p]}"
            for w, k, p in chats
        ),
    ]


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise CsPeersError(message)


def generate_sample(
    out_dir: Path,
    *,
    young_people: int = 1000,
    seed: int = 0,
    mixing: float = 0.2,
    min_group: int = 3,
    max_group: int = 20,
    grouped_share: float = 0.7,
    progress: Callable[[str], None] | None = None,
) -> SampleSummary:
    """Return counts of a fictional dataset with planted peer groups written into ``out_dir``.

    Writes ``people.csv``, ``contexts.csv`` and ``associations.csv`` (input contract v1) and
    ``truth.csv`` (``person_id,group_id``: every young person planted in a group). The same
    arguments always give byte-identical files.

    Parameters
    ----------
    out_dir
        Folder to write into; created if missing. Files of those names in it are replaced.
    young_people
        How many young people. Adults are one in 25 of that (at least 3); contexts follow.
    seed
        Seed of the random generator (a non-negative integer).
    mixing
        Share of each grouped young person's peer associations that lead outside their group
        (0 = closed groups, 1 = no group structure left), as in the LFR benchmark. Up to 0.5
        the events inside groups stay the same and links leading out are added; beyond it
        events are dropped instead, so that the sample does not grow without bound.
    min_group, max_group
        Smallest and largest planted group; sizes follow a power law, so most are small.
    grouped_share
        Share of young people planted in a group; the others have only scattered peer links.
    progress
        Called with the name of each stage as it starts ("people", "associations",
        "writing associations.csv", …).

    Returns
    -------
    SampleSummary
        The folder and the numbers of young people, adults, contexts, association rows and
        planted groups written.

    Raises
    ------
    CsPeersError
        If a parameter is out of range or ``out_dir`` exists and is not a folder.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     summary = generate_sample(Path(folder), young_people=200, seed=1)
    ...     sorted(p.name for p in Path(folder).iterdir())
    ['associations.csv', 'contexts.csv', 'people.csv', 'truth.csv']
    >>> summary.young_people, summary.adults
    (200, 8)
    """
    _check(young_people >= 1, f"young_people must be at least 1, not {young_people}")
    _check(seed >= 0, f"seed must be a non-negative integer, not {seed}")
    _check(0.0 <= mixing <= 1.0, f"mixing must be between 0 and 1, not {mixing}")
    _check(
        0.0 <= grouped_share <= 1.0, f"grouped_share must be between 0 and 1, not {grouped_share}"
    )
    _check(
        2 <= min_group <= max_group,
        f"need 2 <= min_group <= max_group, not {min_group} and {max_group}",
    )
    out_dir = Path(out_dir)
    _check(not out_dir.exists() or out_dir.is_dir(), f"{out_dir} exists and is not a folder")

    def say(stage: str) -> None:
        if progress is not None:
            progress(stage)

    rng = np.random.default_rng(seed)
    n = young_people
    say("groups")
    cohort = _plant_cohort(rng, n, grouped_share, min_group, max_group)

    say("people")
    n_adults = max(3, n // 25)
    n_concern = max(1, min(n_adults // 4, round(0.03 * cohort.n_groups)))
    adults = rng.permutation(n_adults).astype(np.int64)
    concern, caring = adults[:n_concern], adults[n_concern:]
    n_people = n + n_adults
    first_name = rng.integers(0, len(_FIRST_NAMES), n_people)
    surname = rng.integers(0, len(_SURNAMES), n_people)
    label_number = rng.integers(10, 100, n_people)
    # Members of a group are of an age, give or take a year.
    group_age = rng.integers(12, 18, cohort.n_groups)
    age = rng.integers(10, 18, n)
    grouped = cohort.grouped
    age[grouped] = np.clip(
        group_age[cohort.group_of[grouped]] + rng.integers(-1, 2, n)[grouped], 10, 17
    )
    age = np.concatenate([age, rng.integers(21, 66, n_adults)])
    role = np.full(n_people, len(_ROLES), dtype=np.int64)  # code len(_ROLES) is the empty cell
    # A tenth of caring adults' roles are unknown too, so an empty role does not mark concern.
    known = caring[rng.random(len(caring)) >= 0.1]
    role[n + known] = rng.integers(0, len(_ROLES), len(known))

    say("contexts")
    layout = _lay_out_contexts(rng, cohort)

    say("associations")
    rows = _Rows()
    _add_peer_rows(rng, cohort, mixing, rows)
    _add_family_rows(rng, cohort, surname, rows)
    _add_protective_rows(rng, cohort, caring, rows)
    _add_concern_rows(rng, cohort, concern, rows)
    _add_context_rows(rng, cohort, layout, n_people, rows)
    note_texts = [""]
    note_of = np.zeros((len(_TYPES), 2), dtype=np.int64)  # per type: first note, how many
    for name, texts in _NOTES.items():
        note_of[_T[name]] = len(note_texts), len(texts)
        note_texts.extend(texts)
    assoc = _with_provenance(rng, rows, note_of)
    del rows
    context_names = _context_names(rng, layout)

    out_dir.mkdir(parents=True, exist_ok=True)
    digits = max(6, len(str(max(n, n_adults, layout.total))))
    ids = _id_cells([("YP", n), ("AD", n_adults), ("CX", layout.total)], digits)
    days = [(_START_DATE + dt.timedelta(days=d)).isoformat() for d in range(SAMPLE_DAYS)]
    years = sorted({d[:4] for d in days})

    say("writing people.csv")
    everyone = np.arange(n_people)
    _write_csv(
        out_dir / "people.csv",
        ("id", "kind", "label", "name", "age", "role"),
        [
            (ids, everyone),
            (_text_cells(["young_person", "adult"]), (everyone >= n).astype(np.int64)),
            (_text_cells([f[0] + "." for f in _FIRST_NAMES], ""), first_name),
            (_text_cells([s[0] + "." for s in _SURNAMES], ""), surname),
            (_number_cells(100, 2), label_number),
            (_text_cells(_FIRST_NAMES, " "), first_name),
            (_text_cells(_SURNAMES), surname),
            (_number_cells(100, 2), age),
            (_text_cells([*_ROLES, ""], "\n"), role),
        ],
    )

    say("writing contexts.csv")
    kinds = np.zeros(layout.total, dtype=np.int64)
    kinds[layout.public :] = 1
    kinds[layout.platform :] = 2
    _write_csv(
        out_dir / "contexts.csv",
        ("id", "kind", "name"),
        [
            (ids, n_people + np.arange(layout.total)),
            (_text_cells(["school", "location", "online"]), kinds),
            (_text_cells(context_names, "\n"), np.arange(layout.total)),
        ],
    )

    say("writing associations.csv")
    dated = np.where(assoc.observed >= 0, assoc.observed, assoc.recorded)
    year_of_day = np.array([years.index(d[:4]) for d in days], dtype=np.int64)
    date_cells = _text_cells([*days, ""])  # code -1 picks the last cell, the empty one
    n_rows = _write_csv(
        out_dir / "associations.csv",
        _ASSOCIATION_HEADER,
        [
            (ids, assoc.source),
            (ids, assoc.target),
            (_text_cells(_TYPES), assoc.kind),
            (date_cells, assoc.observed),
            (date_cells, assoc.recorded),
            (_text_cells(_AGENCIES), assoc.agency),
            (_text_cells(_CONFIDENCES), assoc.confidence),
            (_text_cells([f"REF-{y}-" for y in years], ""), year_of_day[dated]),
            (_number_cells(1_000_000, 6), assoc.reference),
            (_text_cells(note_texts, "\n"), assoc.note),
        ],
    )

    say("writing truth.csv")
    group = np.repeat(np.arange(cohort.n_groups), cohort.sizes)
    order = np.lexsort((cohort.members, group))
    group_ids = _id_cells([("PG", cohort.n_groups)], max(5, len(str(cohort.n_groups))), "\n")
    _write_csv(
        out_dir / "truth.csv",
        ("person_id", "group_id"),
        [(ids, cohort.members[order]), (group_ids, group[order])],
    )
    say("done")
    return SampleSummary(out_dir, n, n_adults, layout.total, n_rows, cohort.n_groups, seed)
