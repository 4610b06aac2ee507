"""Shared fixtures: small fictional datasets written as CSV folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_data import write_tiny_dataset

from cs_peers.dataset import Dataset
from cs_peers.validation import load_dataset


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """Return a folder holding the tiny dataset."""
    return write_tiny_dataset(tmp_path / "tiny")


@pytest.fixture
def tiny(tiny_dir: Path) -> Dataset:
    """Return the tiny dataset, validated."""
    return load_dataset(tiny_dir)
