"""One analysis request: the library call every analysing command makes, and its options."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.analysis.history import RunRecord
from cs_peers.analysis.run import AnalysisRequest, TimeSelection, analyse_request
from cs_peers.errors import CsPeersError
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.source import FilesSource
from cs_peers.workspacedb import WorkspaceRunHistory, open_workspace

runner = CliRunner()
README = Path(__file__).resolve().parent.parent / "README.md"


class RecordingWriter:
    """A groups writer that keeps what it was given."""

    def __init__(self) -> None:
        self.written: list[tuple[str, list[str], str]] = []

    def describe(self) -> str:
        return "a list in the test"

    def write_groups(self, dataset: Dataset, groups: PeerGroups, run: RunRecord | None) -> None:
        run_id = run.run_id if run else ""
        self.written.append((dataset.fingerprint, list(groups.groups["group_id"]), run_id))


def test_a_recorded_request_keeps_its_run_and_writes_its_groups_back(
    tiny_dir: Path, tmp_path: Path
) -> None:
    history = WorkspaceRunHistory(open_workspace(tmp_path / "ws"))
    writer = RecordingWriter()
    said: list[str] = []
    request = AnalysisRequest(
        FilesSource(tiny_dir), record=True, history=history, write_back=writer
    )
    result = analyse_request(request, progress=said.append)
    assert result.run is not None
    assert [r.run_id for r in history.list_runs()] == [result.run.run_id]
    assert writer.written == [
        (result.dataset.fingerprint, list(result.groups.groups["group_id"]), result.run.run_id)
    ]
    assert said[-1] == "groups written back to a list in the test"


def test_an_unrecorded_request_keeps_nothing(tiny_dir: Path, tmp_path: Path) -> None:
    history = WorkspaceRunHistory(open_workspace(tmp_path / "ws"))
    result = analyse_request(AnalysisRequest(FilesSource(tiny_dir), history=history))
    assert result.run is None and history.list_runs() == []
    assert result.groups.groups["group_id"].iloc[0] == "PG-0001"


def test_recording_needs_a_history(tiny_dir: Path) -> None:
    with pytest.raises(ValueError, match="needs a history"):
        AnalysisRequest(FilesSource(tiny_dir), record=True)


def test_the_time_selection_applies_and_an_empty_one_is_refused(tiny_dir: Path) -> None:
    chosen = TimeSelection(as_of=date(2025, 3, 5))
    result = analyse_request(AnalysisRequest(FilesSource(tiny_dir), selection=chosen))
    assert result.dataset.selection == "associations recorded on or before 2025-03-05"
    empty = AnalysisRequest(FilesSource(tiny_dir), selection=TimeSelection(since=date(2999, 1, 1)))
    with pytest.raises(CsPeersError, match=r"^no associations in this selection"):
        analyse_request(empty)


def _runs() -> list[str]:
    listed = runner.invoke(app, ["runs"])
    assert listed.exit_code == 0, listed.output
    return [] if listed.stdout == "no runs kept yet\n" else listed.stdout.splitlines()


@pytest.mark.usefixtures("home")
def test_contexts_and_changes_keep_their_run_unless_told_not_to(tiny_dir: Path) -> None:
    fast = ["--runs", "2"]
    assert runner.invoke(app, ["contexts", str(tiny_dir), "--no-record", *fast]).exit_code == 0
    assert _runs() == []
    assert runner.invoke(app, ["contexts", str(tiny_dir), *fast]).exit_code == 0
    assert len(_runs()) == 1
    with (tiny_dir / "associations.csv").open("a", encoding="utf-8") as f:
        f.write("YP13,YP10,friend,2025-09-01,2025-09-02,police,high,R200\n")
    since = ["--since-run", "2999-12-31"]
    held = runner.invoke(app, ["changes", str(tiny_dir), *since, "--no-record", *fast])
    assert held.exit_code == 0, held.output
    assert held.stdout.startswith("Compared with run ")
    assert len(_runs()) == 1
    kept = runner.invoke(app, ["changes", str(tiny_dir), *since, *fast])
    assert kept.exit_code == 0, kept.output
    # The same comparison either way; only the kept one adds a run.
    assert kept.stdout == held.stdout
    assert len(_runs()) == 2


@pytest.mark.usefixtures("home")
def test_since_is_a_date_of_observation_and_since_run_names_a_run(tiny_dir: Path) -> None:
    # The old spelling of the run is now a date filter: nothing was observed after 2999.
    old = runner.invoke(app, ["changes", str(tiny_dir), "--since", "2999-12-31"])
    assert old.exit_code == 1 and "no associations in this selection" in old.stderr
    both = ["--since", "2999-12-31", "--since-run", "2999-12-31"]
    dated = runner.invoke(app, ["changes", str(tiny_dir), *both])
    assert dated.exit_code == 1
    assert dated.stderr.startswith("ERROR: no associations in this selection")


def test_the_readme_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"## Using the library\n.*?```python\n(.*?)```", text, re.S)
    assert block is not None
    monkeypatch.chdir(tmp_path)
    scope: dict[str, object] = {}
    exec(compile(block.group(1), "README.md", "exec"), scope)
    made = scope["made"]
    runs = WorkspaceRunHistory(open_workspace(tmp_path / "my-workspace")).list_runs()
    assert [r.run_id for r in runs] == [made.analysis.run.run_id]  # type: ignore[attr-defined]
    assert [r.kind for r in runs] == ["pack"]
    assert made.meeting.held_on == "2026-12-10"  # type: ignore[attr-defined]
    assert (tmp_path / "my-pack" / "index.html").is_file()


def test_the_front_door_names_what_it_promises() -> None:
    import cs_peers

    for name in cs_peers.__all__:
        assert getattr(cs_peers, name) is not None, name
    assert cs_peers.make_pack.__module__ == "cs_peers.tasks.pack"
