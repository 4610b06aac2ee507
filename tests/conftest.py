"""Shared fixtures: small fictional datasets as CSV folders, and the fake query runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fake_runner import CollectingRunner
from tiny_data import write_tiny_dataset

from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.source import load_dataset

if TYPE_CHECKING:
    from browsing import OfflineBrowser
    from playwright.sync_api import Playwright

    from cs_peers.analysis.run import Analysis

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


# -- the browser tests (tests/browser) ----------------------------------------------------------
# Here rather than in tests/browser/conftest.py, which mypy would take for this module. Imports
# are made inside the fixtures, so the tests without a browser never load Playwright.


@pytest.fixture(scope="session")
def chromium() -> str:
    """Return the path of Debian's Chromium; fail (never skip) when it is missing."""
    from browsing import find_chromium

    path = find_chromium()
    if path is None:
        pytest.fail(
            "Chromium is needed for the browser tests: install it (scripts/setup.sh --test)"
        )
    return path


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Return Playwright's driver, started once for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture
def offline(chromium: str, playwright: Playwright, tmp_path: Path) -> Iterator[OfflineBrowser]:
    """Return a tab of a fresh headless Chromium (new profile) in which nothing is fetched."""
    from browsing import OfflineBrowser, chromium_context

    with chromium_context(playwright, tmp_path / "profile", chromium=chromium) as context:
        yield OfflineBrowser(context, tmp_path)


# -- shared packs ----------------------------------------------------------------------------------
# Building a pack is the slowest thing the tests do, so a test that only reads a default pack of
# the shipped sample uses `demo_pack` (one per session, per xdist worker) instead of its own.
# Shared packs are read only: a test that writes into one copies it first
# (`shutil.copytree(demo_pack, tmp_path / "pack")`); the session fails if a shared pack changed.


def _files_of(folder: Path) -> dict[str, tuple[int, int]]:
    """Return each file of ``folder`` with its size and modification time (any write shows)."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def _unchanged(name: str, folder: Path, before: dict[str, tuple[int, int]]) -> None:
    """Fail if a test wrote into the shared pack ``folder`` (added, removed or changed a file)."""
    after = _files_of(folder)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed:
        pytest.fail(f"a test changed the shared {name} (copy it first): {changed[:5]}")


@pytest.fixture(scope="session")
def demo_analysis(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    """Return the shipped borough sample analysed with the default parameters, once per session.

    Its run is kept in a workspace of its own (as `cs-peers demo` does). Read only.
    """
    from cs_peers.analysis.grouping.parameters import GroupingParameters
    from cs_peers.analysis.run import analyse
    from cs_peers.inputs.sample.generate import borough_dataset
    from cs_peers.workspacedb import WorkspaceRunHistory, open_workspace

    return analyse(
        borough_dataset(),
        GroupingParameters(),
        history=WorkspaceRunHistory(open_workspace(tmp_path_factory.mktemp("demo-ws"))),
    )


@pytest.fixture(scope="session")
def demo_pack(tmp_path_factory: pytest.TempPathFactory, demo_analysis: Analysis) -> Iterator[Path]:
    """Return the demo's pack: ``demo_analysis`` with the default options (Word seeds and the
    briefing PDF included), built once per session. Read only: copy it before writing."""
    from cs_peers.outputs.pack import build_pack

    pack = build_pack(demo_analysis, tmp_path_factory.mktemp("demo") / "pack")
    files = _files_of(pack)
    yield pack
    _unchanged("demo_pack", pack, files)


@pytest.fixture(scope="session")
def large_pack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Return a generated 3,000-young-people pack with everything, built once per session.

    As ``cs-peers sample --young-people 3000 --seed 1`` then ``cs-peers pack``: pages, Word
    seeds and the briefing, whose size has a budget (issue 19; the time is measured in
    benchmarks/bench_pack.py). Read only: copy it before writing.
    """
    from cs_peers.analysis.grouping.parameters import GroupingParameters
    from cs_peers.analysis.run import analyse
    from cs_peers.inputs.sample import generate_sample
    from cs_peers.outputs.pack import PackOptions, build_pack
    from cs_peers.workspacedb import WorkspaceRunHistory, open_workspace

    tmp = tmp_path_factory.mktemp("large")
    generate_sample(tmp / "data", young_people=3000, seed=1)
    analysis = analyse(
        load_dataset(tmp / "data"),
        GroupingParameters(),
        history=WorkspaceRunHistory(open_workspace(tmp / "ws")),
    )
    pack = build_pack(analysis, tmp / "pack", options=PackOptions())
    files = _files_of(pack)
    yield pack
    _unchanged("large_pack", pack, files)
