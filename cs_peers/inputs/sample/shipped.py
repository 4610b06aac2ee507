"""The synthetic, fictional sample datasets that ship inside the package (``sample_graphs/``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from cs_peers.errors import NotFoundError
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.load import load_dataset

__all__ = ["SAMPLE_NAMES", "borough_dataset", "sample_path"]

SAMPLE_NAMES = ("borough",)


def sample_path(name: str = "borough") -> Path:
    """Return the folder of a shipped sample dataset (a folder of CSV files).

    Examples
    --------
    >>> sorted(p.name for p in sample_path().glob("*.csv"))
    ['associations.csv', 'contexts.csv', 'people.csv', 'truth.csv']
    """
    if name not in SAMPLE_NAMES:
        raise NotFoundError(f"no sample called {name!r}; there is {', '.join(SAMPLE_NAMES)}")
    # The folder is installed as the package cs_peers.sample_graphs (see pyproject.toml).
    return Path(str(resources.files("cs_peers.sample_graphs").joinpath(name)))


def borough_dataset() -> Dataset:
    """Return the validated hand-made fictional borough (about 100 people, 5 groups)."""
    return load_dataset(sample_path("borough"))
