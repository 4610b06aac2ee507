"""SOURCE_DATE_EPOCH: honoured by every time an output carries, refused when malformed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner
from workspace_records import kept_audit, kept_runs

from cs_peers.clock import now, today
from cs_peers.errors import SourceDateEpochError

runner = CliRunner()


def test_source_date_epoch_fixes_the_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")
    assert now() == datetime(2026, 12, 1, tzinfo=UTC)
    assert today() == date(2026, 12, 1)


def test_without_it_the_real_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    for value in (None, ""):
        if value is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
        assert abs(now() - datetime.now(UTC)) < timedelta(minutes=1)
        assert now().tzinfo is UTC
        assert today() == date.today()


@pytest.mark.parametrize("value", ["soon", "1.5", "-1", "1e9", "１２３", "2026-12-01"])
def test_a_malformed_value_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(SourceDateEpochError) as caught:
        now()
    assert str(caught.value) == (
        f"SOURCE_DATE_EPOCH={value!r} is not a time: expected whole seconds since "
        "1970-01-01 UTC, e.g. 1796083200 (as `date +%s` prints)"
    )


def test_a_value_past_the_year_9999_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    with pytest.raises(SourceDateEpochError, match="out of range"):
        today()


def test_the_cli_stamps_runs_and_outputs_with_it(
    tiny_dir: Path, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")
    out = tmp_path / "pack"
    result = runner.invoke(app, ["pack", str(tiny_dir), "--out", str(out), "--no-pdf"])
    assert result.exit_code == 0, result.output
    [run] = kept_runs(home)
    assert run.run_id.startswith("20261201T000000-")
    index = (out / "index.html").read_text("utf-8")
    assert "<dt>generated at</dt><dd>2026-12-01T00:00:00+00:00</dd>" in index
    assert f"<dt>run</dt><dd>{run.run_id}</dd>" in index
    # The audit log keeps the real time: it says when the export really happened.
    [entry] = kept_audit(home, "export")
    assert abs(datetime.fromisoformat(entry.at) - datetime.now(UTC)) < timedelta(minutes=5)


def test_the_cli_refuses_a_malformed_value(
    tiny_dir: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = runner.invoke(app, ["groups", str(tiny_dir)])
    assert result.exit_code == 1
    assert "ERROR: SOURCE_DATE_EPOCH='yesterday' is not a time" in result.output
    assert "Traceback" not in result.output
    assert not (home / "runs").exists() or not any((home / "runs").iterdir())
