"""Shared fixtures: small fictional datasets written as CSV folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from tiny_data import write_tiny_dataset

from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.load import load_dataset


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """Return a folder holding the tiny dataset."""
    return write_tiny_dataset(tmp_path / "tiny")


@pytest.fixture
def tiny(tiny_dir: Path) -> Dataset:
    """Return the tiny dataset, validated."""
    return load_dataset(tiny_dir)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a fresh workspace for the CLI ($CS_PEERS_HOME), with no Neo4j configured."""
    workspace = tmp_path / "workspace"
    monkeypatch.setenv("CS_PEERS_HOME", str(workspace))
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    return workspace
