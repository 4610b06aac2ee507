"""The validated dataset: people, contexts and associations with their provenance.

A :class:`Dataset` is what every analysis starts from, whether it was read from files
(:func:`cs_peers.inputs.source.load_dataset`) or from Neo4j (:mod:`cs_peers.graphdb.source`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa

from cs_peers.inputs.vocabulary import Vocabulary

__all__ = [
    "ASSOCIATION_COLUMNS",
    "CONTEXT_COLUMNS",
    "FIRST_STRONG_ISOLATE",
    "PEOPLE_COLUMNS",
    "POP_DIRECTIONAL_ISOLATE",
    "Dataset",
    "SetAsideRow",
    "association_keys",
    "fingerprint_tables",
    "isolated",
]

# Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko… and their
# presentation forms): a label holding one is shown as an isolate (U+2068 … U+2069), so that
# it cannot reorder the words, dates and counts written beside it.
_RIGHT_TO_LEFT = (
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"

PEOPLE_COLUMNS = ("id", "kind", "label", "name")
CONTEXT_COLUMNS = ("id", "kind", "name")
# Every association keeps its provenance; dates are ISO strings ("" when unknown), so that
# string order is date order and they travel unchanged to CSV, JSON and Neo4j.
ASSOCIATION_COLUMNS = (
    "source",
    "target",
    "type",
    "observed_on",
    "recorded_on",
    "source_agency",
    "confidence",
    "grading",
    "reference",
    "notes",
)


@dataclass(frozen=True)
class SetAsideRow:
    """A row of an input file left out because of a problem (``--set-aside-bad-rows``).

    ``file`` and ``sheet`` (empty for a CSV file) as the user knows them, the spreadsheet
    ``row``, the user's ``column`` header, and the ``reason``: what was wrong, naming the value
    only where it is a code or a date, never an id or a name.
    """

    file: str
    sheet: str
    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class Dataset:
    """People, contexts and associations that keep the input contract.

    ``people`` has at least :data:`PEOPLE_COLUMNS` (other columns are attributes), ``contexts``
    :data:`CONTEXT_COLUMNS`, ``associations`` :data:`ASSOCIATION_COLUMNS`; all cells are strings.
    ``fingerprint`` identifies the input bytes; ``selection`` says which filter made this view.
    ``set_aside`` lists the rows left out as bad, when that was asked for (else ``None``).
    """

    people: pd.DataFrame
    contexts: pd.DataFrame
    associations: pd.DataFrame
    vocabulary: Vocabulary
    source: str
    fingerprint: str
    selection: str = "all associations"
    set_aside: tuple[SetAsideRow, ...] | None = None

    @property
    def young_people(self) -> pd.DataFrame:
        """Return the rows of ``people`` whose kind is ``young_person``."""
        return self.people[self.people["kind"] == "young_person"]

    def counts(self) -> dict[str, int]:
        """Return counts of young people, adults, contexts and associations."""
        kinds = self.people["kind"].value_counts()
        return {
            "young_people": int(kinds.get("young_person", 0)),
            "adults": int(kinds.get("adult", 0)),
            "contexts": len(self.contexts),
            "associations": len(self.associations),
        }

    def rows_set_aside(self) -> int | None:
        """Return how many input rows were set aside as bad (None when that was not asked)."""
        if self.set_aside is None:
            return None
        return len({(r.file, r.sheet, r.row) for r in self.set_aside})

    def labels(self, *, reveal_names: bool = False) -> dict[str, str]:
        """Return a mapping from every person and context id to what outputs may show.

        People show their label (the id when it is empty); real names only when
        ``reveal_names`` is true and a name is recorded. Contexts show their name. Each is
        :func:`isolated` when it holds right-to-left letters.
        """
        people = self.people
        shown = people["label"].where(people["label"] != "", people["id"])
        if reveal_names:
            shown = people["name"].where(people["name"] != "", shown)
        shown = isolated(shown)
        contexts = self.contexts
        context_shown = isolated(contexts["name"].where(contexts["name"] != "", contexts["id"]))
        return dict(zip(people["id"], shown, strict=True)) | dict(
            zip(contexts["id"], context_shown, strict=True)
        )

    def filtered(
        self,
        *,
        as_of: date | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> Dataset:
        """Return the dataset restricted to the associations known or observed in a window.

        ``as_of`` keeps associations *recorded* on or before that date, so the picture a past
        meeting saw can be rebuilt; ``since`` and ``until`` select by ``observed_on``
        (inclusive). Associations with no date are kept by ``as_of`` only when undated
        (they cannot be placed) and dropped by an observed window.
        """
        if as_of is None and since is None and until is None:
            return self
        a = self.associations
        keep = np.ones(len(a), dtype=bool)
        parts = []
        if as_of is not None:
            recorded = a["recorded_on"]
            keep &= ((recorded != "") & (recorded <= as_of.isoformat())).to_numpy()
            parts.append(f"recorded on or before {as_of.isoformat()}")
        if since is not None:
            keep &= ((a["observed_on"] != "") & (a["observed_on"] >= since.isoformat())).to_numpy()
            parts.append(f"observed on or after {since.isoformat()}")
        if until is not None:
            keep &= ((a["observed_on"] != "") & (a["observed_on"] <= until.isoformat())).to_numpy()
            parts.append(f"observed on or before {until.isoformat()}")
        selection = "associations " + " and ".join(parts)
        return replace(self, associations=a[keep].reset_index(drop=True), selection=selection)

    def recorded_until(self) -> str:
        """Return the latest ``recorded_on`` date in the associations ("" if none is dated)."""
        recorded = self.associations["recorded_on"]
        recorded = recorded[recorded != ""]
        return str(recorded.max()) if len(recorded) else ""


def association_keys(associations: pd.DataFrame) -> pd.Series:
    """Return a stable key per association row, equal for equal rows in any load.

    The key hashes every provenance column plus the row's occurrence number among identical
    rows, so a reload MERGEs onto the same relationships and true repeats stay distinct.
    """
    frame = associations.loc[:, list(ASSOCIATION_COLUMNS)].astype(str)
    occurrence = frame.groupby(list(ASSOCIATION_COLUMNS), sort=False).cumcount()
    frame = frame.assign(_occurrence=occurrence.astype(str))
    hashed = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    return pd.Series(hashed.view(np.int64), index=associations.index, name="key")


def fingerprint_tables(*frames: pd.DataFrame) -> str:
    """Return a fingerprint of the content of some tables, in their row order.

    Columns are taken in name order and hashed from their Arrow buffers, which takes well under
    a second for millions of rows. The Neo4j store keeps each row's position, so data read back
    from the database comes in the same order and gives the same fingerprint as its files.
    """
    digest = hashlib.sha256()
    for frame in frames:
        digest.update(f"{len(frame)};".encode())
        for column in sorted(frame.columns):
            values = pa.array(frame[column].astype("str"), from_pandas=True)
            if isinstance(values, pa.ChunkedArray):
                values = values.combine_chunks()
            values = values.cast(pa.large_string()).fill_null("")
            _validity, offset_buffer, data = values.buffers()
            # A sliced array shares its parent's buffers: take its own window and re-base it.
            offsets = np.frombuffer(offset_buffer, dtype=np.int64)[
                values.offset : values.offset + len(values) + 1
            ]
            digest.update(column.encode() + b"\0")
            digest.update((offsets - offsets[0]).tobytes())
            if data is not None and len(values):
                digest.update(memoryview(data)[int(offsets[0]) : int(offsets[-1])])
    return digest.hexdigest()[:16]


def isolated(texts: pd.Series) -> pd.Series:
    """Return ``texts`` with each one holding right-to-left letters wrapped in U+2068 … U+2069.

    Inside a first-strong isolate a label keeps its own direction and the text around it
    keeps its own: "سارة, 3 records" stays in that order on every page and in every file.

    >>> isolated(pd.Series(["N.R.", "سارة"])).tolist()
    ['N.R.', '\u2068سارة\u2069']
    """
    text = texts.astype(str)
    done = text.str.startswith(FIRST_STRONG_ISOLATE) & text.str.endswith(POP_DIRECTIONAL_ISOLATE)
    rtl = text.str.contains(_RIGHT_TO_LEFT, regex=True) & ~done
    if not rtl.any():
        return texts
    return texts.where(~rtl, FIRST_STRONG_ISOLATE + texts.astype(str) + POP_DIRECTIONAL_ISOLATE)
