"""What every output says about how it was made: data, selection, algorithm, parameters, seed."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from cs_peers.clock import now

if TYPE_CHECKING:  # only for annotations: the CLI reads DEFAULT_MARKING without pandas
    from cs_peers.analysis.grouping.groups import PeerGroups
    from cs_peers.inputs.dataset import Dataset

__all__ = ["DEFAULT_MARKING", "cs_peers_version", "run_provenance", "shown_source"]

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


def run_provenance(
    dataset: Dataset, groups: PeerGroups, *, run_id: str = "", generated_at: str | None = None
) -> dict[str, str]:
    """Return the provenance block of a run as display-ready strings.

    ``generated_at`` defaults to the data's latest recorded date rather than the clock, so the
    same data gives byte-identical outputs; pass a time to stamp one explicitly.
    """
    params: dict[str, Any] = groups.parameters.as_dict()
    counts = dataset.counts()
    return {
        "data source": shown_source(dataset.source),
        "data fingerprint": dataset.fingerprint,
        "selection": dataset.selection,
        "data recorded until": dataset.recorded_until() or "undated",
        "counts": ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()),
        "vocabulary": shown_source(dataset.vocabulary.source),
        "algorithm": str(params.pop("algorithm")),
        "parameters": ", ".join(f"{k}={v}" for k, v in params.items() if k != "seed"),
        "seed": str(groups.parameters.seed),
        "run": run_id or "not recorded",
        "generated at": generated_at or dataset.recorded_until() or "",
        "cs-peers version": cs_peers_version(),
    } | _set_aside(dataset)


def _set_aside(dataset: Dataset) -> dict[str, str]:
    """Return how many input rows were left out as bad (--set-aside-bad-rows), if asked."""
    rows = dataset.rows_set_aside()
    if rows is None:
        return {}
    return {"rows set aside": f"{rows} bad row{'s' if rows != 1 else ''} (listed in set-aside.csv)"}


def utc_now() -> str:
    """Return the current UTC time as an ISO string to the second (``SOURCE_DATE_EPOCH`` if set)."""
    return now().replace(microsecond=0).isoformat()
