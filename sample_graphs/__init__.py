"""Synthetic, fictional sample datasets that ship with cs-peers (no real person is in them)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cs_peers.dataset import Dataset

__all__ = ["SAMPLE_NAMES", "sample_path", "borough_dataset"]

SAMPLE_NAMES = ("borough",)


def sample_path(name: str = "borough") -> Path:
    """Return the folder of a shipped sample dataset (a folder of CSV files)."""
    if name not in SAMPLE_NAMES:
        raise ValueError(f"no sample called {name!r}; there is {', '.join(SAMPLE_NAMES)}")
    return Path(str(resources.files("cs_peers.sample_graphs").joinpath(name)))


def borough_dataset() -> Dataset:
    """Return the validated hand-made fictional borough (about 100 people, 4–6 groups)."""
    from cs_peers.validation import load_dataset

    return load_dataset(sample_path("borough"))
