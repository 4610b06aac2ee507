"""What every output says about how it was made: data, selection, algorithm, parameters, seed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import TYPE_CHECKING

from cs_peers.analysis.grouping.parameters import ALGORITHM, GroupingParameters
from cs_peers.clock import now

if TYPE_CHECKING:  # only for annotations: the CLI reads DEFAULT_MARKING without pandas
    from cs_peers.analysis.grouping.groups import PeerGroups
    from cs_peers.inputs.dataset import Dataset

__all__ = [
    "DECISIONS_HIDDEN",
    "DEFAULT_MARKING",
    "Provenance",
    "cs_peers_version",
    "shown_provenance",
    "shown_source",
    "utc_now",
]

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"


def cs_peers_version() -> str:
    """Return the installed cs-peers version ("0+unknown" when run from an uninstalled tree)."""
    # Imported here: importlib.metadata costs a fifth of a second, and `--help` needs none of it.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cs-peers")
    except PackageNotFoundError:
        return "0+unknown"


def shown_source(source: str) -> str:
    """Return how pages name a data source: its folder or file name, never where it lives.

    An absolute path names the analyst's machine, account and folders, on every page of a pack
    that may be printed or shared; the name is what a meeting needs. The full path stays in the
    workspace's record of the run (``run.json``) for the analyst. A database URI is kept.

    Examples
    --------
    >>> shown_source("/home/analyst/exports/december")
    'december'
    >>> shown_source("/home/analyst/links.mapping.toml (links.xlsx)")
    'links.mapping.toml (links.xlsx)'
    >>> shown_source("neo4j://localhost:7687")
    'neo4j://localhost:7687'
    >>> shown_source("default")
    'default'
    """
    if "://" in source:
        return source
    return PurePath(source).name or source


# What a run's provenance says when its audience does not see the meeting's decisions.
DECISIONS_HIDDEN = ("meeting decisions", "not shown to this audience")


@dataclass(frozen=True)
class Provenance:
    """How a run's groups were made, as facts: which data, selection, parameters, seed, run.

    Writers that need a fact read its field; every output lists the facts with
    :meth:`shown`, so they read the same in a pack, a seed, a spreadsheet or an export.

    Attributes
    ----------
    source, vocabulary
        Where the data and its vocabulary came from, as pages name them (:func:`shown_source`).
    fingerprint, selection
        The input bytes' fingerprint and which associations were selected.
    recorded_until
        The data's latest recorded date ("" when undated).
    counts
        How many of each kind of record the data holds, in the dataset's order.
    parameters
        What decided the groups (its seed and the runs made included).
    run_id
        The run the groups were kept as ("" when not kept).
    generated_at
        When the analysis ran, as an ISO time ("" when not known).
    version
        The cs-peers version that made it.
    rows_set_aside
        How many bad input rows were left out (None unless asked to set them aside).
    audience
        The audience the outputs were prepared for (None when not prepared for one).
    decisions_hidden
        Whether that audience is not shown the meeting's decisions.
    """

    source: str = ""
    fingerprint: str = ""
    selection: str = ""
    recorded_until: str = ""
    counts: Mapping[str, int] = field(default_factory=dict)
    vocabulary: str = ""
    parameters: GroupingParameters = field(default_factory=GroupingParameters)
    run_id: str = ""
    generated_at: str = ""
    version: str = ""
    rows_set_aside: int | None = None
    audience: str | None = None
    decisions_hidden: bool = False

    @classmethod
    def of(
        cls, dataset: Dataset, groups: PeerGroups, *, run_id: str = "", generated_at: str = ""
    ) -> Provenance:
        """Return the provenance of ``groups`` found in ``dataset`` (kept as ``run_id``).

        ``generated_at`` defaults to the data's latest recorded date rather than the clock, so
        the same data gives byte-identical outputs; pass a time to stamp one explicitly.
        """
        recorded_until = dataset.recorded_until() or ""
        return cls(
            source=shown_source(dataset.source),
            fingerprint=dataset.fingerprint,
            selection=dataset.selection,
            recorded_until=recorded_until,
            counts=dict(dataset.counts()),
            vocabulary=shown_source(dataset.vocabulary.source),
            parameters=groups.parameters,
            run_id=run_id,
            generated_at=generated_at or recorded_until,
            version=cs_peers_version(),
            rows_set_aside=dataset.rows_set_aside(),
        )

    @property
    def runs_made(self) -> int:
        """Return how many grouping runs a membership confidence is a share of."""
        return self.parameters.confidence_runs

    def for_audience(self, name: str, *, decisions_hidden: bool) -> Provenance:
        """Return this provenance as the outputs made for audience ``name`` state it."""
        return replace(self, audience=name, decisions_hidden=decisions_hidden)

    def shown(self) -> dict[str, str]:
        """Return the facts as outputs list them: ``{"data source": …, "seed": "0", …}``."""
        shown = {
            "data source": self.source,
            "data fingerprint": self.fingerprint,
            "selection": self.selection,
            "data recorded until": self.recorded_until or "undated",
            "counts": ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in self.counts.items()),
            "vocabulary": self.vocabulary,
            "algorithm": ALGORITHM,
            "parameters": self.parameters.text(seed=False),
            "seed": str(self.parameters.seed),
            "run": self.run_id or "not recorded",
            "generated at": self.generated_at,
            "cs-peers version": self.version,
        }
        if self.rows_set_aside is not None:
            rows = self.rows_set_aside
            shown["rows set aside"] = (
                f"{rows} bad row{'s' if rows != 1 else ''} (listed in set-aside.csv)"
            )
        if self.audience is not None:
            shown["audience"] = self.audience
        if self.decisions_hidden:
            shown[DECISIONS_HIDDEN[0]] = DECISIONS_HIDDEN[1]
        return shown


def shown_provenance(provenance: Provenance | None) -> dict[str, str]:
    """Return :meth:`Provenance.shown` of ``provenance``, or no items when there is none."""
    return {} if provenance is None else provenance.shown()


def utc_now() -> str:
    """Return the current UTC time as an ISO string to the second (``SOURCE_DATE_EPOCH`` if set)."""
    return now().replace(microsecond=0).isoformat()
