"""Shared fixtures: small fictional datasets as CSV folders, and the fake query runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from fake_runner import CollectingRunner
from tiny_data import write_tiny_dataset

from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.load import load_dataset

TESTS = Path(__file__).resolve().parent
# Tests that need a server or a browser, by folder and by the session fixtures they use; a
# laptop without Java or Chromium runs the rest with `pytest -m "not neo4j and not browser"`.
MARKED_FOLDERS = {"neo4j": TESTS / "integration", "browser": TESTS / "browser"}
MARKED_FIXTURES = {"neo4j": {"local_neo4j", "local_neo4j_home"}, "browser": {"chromium"}}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test of tests/integration ``neo4j`` and of tests/browser ``browser``."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        for marker, folder in MARKED_FOLDERS.items():
            if item.path.is_relative_to(folder) or fixtures & MARKED_FIXTURES[marker]:
                item.add_marker(marker)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if any test skipped: a test that cannot run must say so by failing."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped and exitstatus == pytest.ExitCode.OK:
        print(f"\n{len(skipped)} test(s) skipped; cs-peers tests fail, never skip", flush=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def runner() -> CollectingRunner:
    """Return a fresh fake query runner that records every template sent."""
    return CollectingRunner()


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
