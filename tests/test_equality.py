"""Equality figures: planted imbalances are found, balance is not flagged, small numbers never show."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.analysis.equality.figures import OTHER_VALUES, attribute_values
from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.run import analyse
from cs_peers.errors import CsPeersError
from cs_peers.inputs.sample import generate_sample
from cs_peers.inputs.sample.generate import sample_path
from cs_peers.inputs.source import load_dataset
from cs_peers.outputs.equality import (
    FEWER_THAN,
    WITHHELD,
    EqualityFigures,
    briefing_section,
    equality_figures,
    equality_index_item,
    find_attribute_columns,
    rate_ratio,
    write_equality_page,
)
from cs_peers.outputs.pack import PackOptions, build_pack

runner = CliRunner()
PARAMS = GroupingParameters(seed=0, runs=1)
CLI_PARAMS = ["--seed", "0", "--runs", "1", "--no-record"]


@pytest.fixture(autouse=True)
def _workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CS_PEERS_HOME", str(tmp_path / "workspace"))


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[str]]:
    """Return a generated cohort (without its own attribute columns), its placed and others."""
    folder = tmp_path_factory.mktemp("cohort")
    generate_sample(folder, young_people=600, seed=11, grouped_share=0.35)
    own = ["age", "ethnicity", "gender", "date_of_birth"]
    people = _read(folder, "people.csv").drop(columns=own)
    people.to_csv(folder / "people.csv", index=False)
    dataset = load_dataset(folder)
    placed = set(analyse(dataset, PARAMS).groups.memberships["person_id"])
    young = sorted(dataset.young_people["id"])
    return folder, [p for p in young if p in placed], [p for p in young if p not in placed]


def _with_column(
    source: Path, out: Path, values: dict[str, str], column: str = "Ethnicity"
) -> Path:
    """Copy a dataset, giving each young person a value in a new people.csv column."""
    shutil.copytree(source, out)
    people = _read(out, "people.csv")
    people[column] = people["id"].map(values).fillna("")
    people.to_csv(out / "people.csv", index=False)
    return out


def _balanced(placed: list[str], others: list[str]) -> dict[str, str]:
    """Return values A, B, C dealt in turn among the placed and among the others."""
    return {p: "ABC"[i % 3] for group in (placed, others) for i, p in enumerate(group)}


def _figures(folder: Path) -> EqualityFigures:
    dataset = load_dataset(folder)
    return equality_figures(dataset, analyse(dataset, PARAMS).groups)


def test_a_value_placed_three_times_as_often_is_found_and_marked(
    cohort: tuple[Path, list[str], list[str]], tmp_path: Path
) -> None:
    folder, placed, others = cohort
    n, g = len(placed) + len(others), len(placed)
    # Plant: value A placed at 60%, everyone else at 20% — three times as often.
    n_a = round((g - 0.2 * n) / 0.4)
    a_placed = round(0.6 * n_a)
    assert 0 < a_placed <= g and 0 < n_a - a_placed <= len(others)
    values = {p: "A" for p in placed[:a_placed] + others[: n_a - a_placed]}
    values |= {p: "B" for p in placed[a_placed:] + others[n_a - a_placed :]}
    planted = (a_placed / n_a) / ((g - a_placed) / (n - n_a))
    figures = _figures(_with_column(folder, tmp_path / "imbalanced", values))
    row = figures.attribute("ethnicity").outcome("placed").row("A")
    assert row.in_data.number == n_a and row.with_outcome.number == a_placed
    assert row.relative_rate is not None
    assert row.relative_rate.estimate == pytest.approx(planted)
    assert 2.7 < row.relative_rate.estimate < 3.3
    assert row.relative_rate.low > 1.0 and row.attention
    assert row.share_of_data == pytest.approx(n_a / n)
    assert row.share_of_outcome == pytest.approx(a_placed / g)
    other = figures.attribute("ethnicity").outcome("placed").row("B")
    assert other.relative_rate is not None and other.relative_rate.high < 1.0
    item = equality_index_item(figures)
    assert 'href="equality.html"' in item and "marked for attention" in item
    assert "ethnicity “A” — placed in candidate groups" in item


def test_a_balanced_cohort_has_intervals_that_include_one(
    cohort: tuple[Path, list[str], list[str]], tmp_path: Path
) -> None:
    folder, placed, others = cohort
    figures = _figures(_with_column(folder, tmp_path / "balanced", _balanced(placed, others)))
    table = figures.attribute("ethnicity").outcome("placed")
    assert [r.value for r in table.rows] == ["A", "B", "C"]
    for row in table.rows:
        assert row.relative_rate is not None
        assert row.relative_rate.low < 1.0 < row.relative_rate.high
        assert not row.attention
    assert "marked" not in equality_index_item(figures)


def test_recording_bias_shows_in_the_agency_table_not_the_grouping(
    cohort: tuple[Path, list[str], list[str]], tmp_path: Path
) -> None:
    folder, placed, others = cohort
    values = _balanced(placed, others)
    out = _with_column(folder, tmp_path / "recorded", values)
    # Police record concerns about 40 young people with value A and 8 of B and of C; health
    # about 15 of each value.
    adult = _read(out, "people.csv").query("kind == 'adult'")["id"].iloc[0]
    young = placed[::-1] + others  # the placed ones last-first, so not the same as dealt
    by_value = {v: [p for p in young if values[p] == v] for v in "ABC"}
    police = by_value["A"][:40] + by_value["B"][:8] + by_value["C"][:8]
    health = by_value["A"][-15:] + by_value["B"][-15:] + by_value["C"][-15:]
    extra = [(adult, p, "police") for p in police] + [(adult, p, "health") for p in health]
    with (out / "associations.csv").open("a", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        for i, (source, target, agency) in enumerate(extra):
            row = [source, target, "exploitation_concern", "2026-06-01", "", agency, "medium"]
            writer.writerow([*row, f"EXTRA-{i}", ""])
    ethnicity = _figures(out).attribute("ethnicity")
    assert not any(r.attention for r in ethnicity.outcome("placed").rows)
    recorded = ethnicity.outcome("concern:police").row("A")
    assert recorded.relative_rate is not None and recorded.relative_rate.low > 1.0
    assert recorded.attention
    assert not any(r.attention for r in ethnicity.outcome("concern:health").rows)


@pytest.fixture
def with_three(cohort: tuple[Path, list[str], list[str]], tmp_path: Path) -> Path:
    """Return the balanced cohort where three young people (two placed) have the value D."""
    folder, placed, others = cohort
    values = _balanced(placed, others) | {placed[0]: "D", placed[1]: "D", others[0]: "D"}
    return _with_column(folder, tmp_path / "three", values)


def _no_column_can_be_worked_out(figures: EqualityFigures) -> None:
    for attribute in figures.attributes:
        for outcome in attribute.outcomes:
            for column in ("in_data", "with_outcome"):
                held = [r for r in outcome.rows if getattr(r, column).number is None]
                assert len(held) != 1, (attribute.name, outcome.key, column)


def test_a_value_of_three_is_combined_and_suppressed_in_the_figures(with_three: Path) -> None:
    figures = _figures(with_three)
    complements = set()
    for outcome in figures.attribute("ethnicity").outcomes:
        assert "D" not in [r.value for r in outcome.rows]  # never named with its count
        row = outcome.row(OTHER_VALUES)
        assert row.in_data.text == row.with_outcome.text == FEWER_THAN
        assert row.in_data.number is None and row.with_outcome.number is None
        assert row.share_of_data is None and row.share_of_outcome is None
        assert row.relative_rate is None and row.withheld == "rate withheld: small numbers"
        # One other count is withheld too, so D cannot be worked out from the total: the same
        # value in every table, since the counts in the data are the same column in each.
        withheld = [r for r in outcome.rows if r.in_data.text == WITHHELD]
        assert len(withheld) == 1 and withheld[0].with_outcome.number is None
        complements.add(withheld[0].value)
    assert len(complements) == 1
    _no_column_can_be_worked_out(figures)


def _d_is_hidden(cells: list[str]) -> None:
    assert cells.count(FEWER_THAN) == 2, cells
    assert not any(re.search(r"\d", c.replace(FEWER_THAN, "")) for c in cells[1:]), cells


def test_a_value_of_three_is_suppressed_in_table_csv_and_json(with_three: Path) -> None:
    table = runner.invoke(app, ["equality", str(with_three), *CLI_PARAMS])
    assert table.exit_code == 0, table.output
    d_lines = [line for line in table.stdout.splitlines() if line.startswith(OTHER_VALUES)]
    assert d_lines
    for line in d_lines:
        _d_is_hidden(re.split(r"\s{2,}", line))
    assert not any(line.startswith("D ") for line in table.stdout.splitlines())
    assert table.stdout.startswith("OFFICIAL-SENSITIVE\n")
    assert "not a finding about any group of children." in " ".join(table.stdout.split())

    as_csv = runner.invoke(app, ["equality", str(with_three), "--format", "csv", *CLI_PARAMS])
    assert as_csv.exit_code == 0, as_csv.output
    rows = [r for r in csv.DictReader(io.StringIO(as_csv.stdout)) if r["value"] == OTHER_VALUES]
    assert {r["outcome"] for r in rows} >= {"placed", "concern"}
    for r in rows:
        assert r["in_data"] == r["with_outcome"] == FEWER_THAN
        assert r["relative_rate"] == r["interval_low"] == r["share_of_data"] == ""
        assert r["note"] == "rate withheld: small numbers"

    as_json = runner.invoke(app, ["equality", str(with_three), "--format", "json", *CLI_PARAMS])
    assert as_json.exit_code == 0, as_json.output
    document = json.loads(as_json.stdout)
    assert document["marking"] == "OFFICIAL-SENSITIVE"
    (ethnicity,) = document["attributes"]
    assert ethnicity["column"] == "ethnicity"  # column names are read in lower case
    for table_json in ethnicity["tables"]:
        (d,) = [r for r in table_json["rows"] if r["value"] == OTHER_VALUES]
        assert d["in_data"] == d["with_outcome"] == FEWER_THAN
        assert d["relative_rate"] is None and d["interval_95"] is None
        assert d["share_of_data"] is None and d["withheld"] == "rate withheld: small numbers"


def test_a_value_of_three_is_suppressed_on_the_page(with_three: Path, tmp_path: Path) -> None:
    dataset = load_dataset(with_three)
    result = analyse(dataset, PARAMS)
    write_equality_page(dataset, result.groups, tmp_path, marking="OFFICIAL-SENSITIVE")
    html = (tmp_path / "equality.html").read_text("utf-8")
    d_rows = re.findall(rf"<tr><td>{re.escape(OTHER_VALUES)}</td>(.*?)</tr>", html)
    assert d_rows
    for row in d_rows:
        _d_is_hidden(["D", *re.findall(r"<td>(.*?)</td>", row)])
    assert html.count("OFFICIAL-SENSITIVE") >= 3
    assert "not a finding about any group of children" in html
    section = briefing_section(_figures(with_three))
    for table in section.tables:
        if not table.rows:  # fewer than 5 with the outcome in all: one line, as on the page
            assert table.empty.startswith("No table: ")
            continue
        (d,) = [r for r in table.rows if r[0] == OTHER_VALUES]
        _d_is_hidden(list(d))


def _planted(
    placed: list[str], others: list[str], n_b: int, rate: float
) -> tuple[dict[str, str], int]:
    """Return values: B placed ``rate`` times as often as everyone else, A and C alike.

    Also returns how many with B are placed.
    """
    n, g = len(placed) + len(others), len(placed)
    # a / n_b = rate · (g − a) / (n − n_b), solved for a.
    b_placed = round(rate * n_b * g / (n - n_b + rate * n_b))
    values = {p: "B" for p in placed[:b_placed] + others[: n_b - b_placed]}
    rest = placed[b_placed:] + others[n_b - b_placed :]
    values |= {p: "C" if i % 5 == 0 else "A" for i, p in enumerate(rest)}
    return values, b_placed


def test_a_planted_2x_value_is_shown_and_a_3_person_value_hidden(
    cohort: tuple[Path, list[str], list[str]], tmp_path: Path
) -> None:
    folder, placed, others = cohort
    values, b_placed = _planted(placed, others, 60, 2.0)
    # Three young people (one placed) have the value D.
    values |= {placed[-1]: "D", others[-1]: "D", others[-2]: "D"}
    table = _figures(_with_column(folder, tmp_path / "planted", values))
    placed_table = table.attribute("ethnicity").outcome("placed")
    b = placed_table.row("B")
    assert b.in_data.number == 60 and b.with_outcome.number == b_placed
    assert b.relative_rate is not None and b.attention
    assert 1.8 < b.relative_rate.estimate < 2.2
    other = placed_table.row(OTHER_VALUES)
    assert other.in_data.text == FEWER_THAN and other.relative_rate is None
    assert "D" not in [r.value for r in placed_table.rows]
    # The count withheld to protect D's is the smallest unmarked one, not the finding.
    [withheld] = [r for r in placed_table.rows if r.in_data.text == WITHHELD]
    assert withheld.value == "C" and not b.in_data.held_back
    _no_column_can_be_worked_out(table)


def test_a_zero_count_is_a_small_count(
    cohort: tuple[Path, list[str], list[str]], tmp_path: Path
) -> None:
    folder, placed, others = cohort
    # Twenty young people with E, none of them placed; the rest A, B and C dealt in turn.
    values = _balanced(placed, others) | dict.fromkeys(others[:20], "E")
    e = _figures(_with_column(folder, tmp_path / "zero", values)).attribute("ethnicity")
    row = e.outcome("placed").row("E")
    assert row.in_data.number == 20
    assert row.with_outcome.text == FEWER_THAN and row.relative_rate is None
    assert row.share_of_outcome is None


def test_a_small_total_gives_no_table(tiny_dir: Path) -> None:
    people = _read(tiny_dir, "people.csv")
    people["gender"] = ["female", "male"] * 8
    people.to_csv(tiny_dir / "people.csv", index=False)
    figures = _figures(tiny_dir)
    concern = figures.attribute("gender").outcome("concern")  # one young person in the tiny data
    assert concern.total.text == FEWER_THAN
    assert all(r.with_outcome.text == FEWER_THAN for r in concern.rows)
    result = runner.invoke(app, ["equality", str(tiny_dir), *CLI_PARAMS])
    assert "gender — recorded in a concern (any agency) (fewer than 5 young people)\nNo table" in (
        result.stdout
    )


def test_data_without_attributes_says_so_and_why(tiny_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["equality", str(tiny_dir), *CLI_PARAMS])
    assert result.exit_code == 0, result.output
    assert "The data carries none of the attributes looked for (ethnicity, gender, sex, age," in (
        result.stdout
    )
    assert "Why it matters: recording bias becomes grouping bias." in result.stdout
    dataset = load_dataset(tiny_dir)
    out = build_pack(analyse(dataset, PARAMS), tmp_path / "pack", options=PackOptions(docx=False))
    index = (out / "index.html").read_text("utf-8")
    assert 'href="equality.html"' in index
    assert "the data carries none of the attributes looked for" in index
    page = (out / "equality.html").read_text("utf-8")
    assert "The data carries none of the attributes looked for" in page
    assert "Why it matters: recording bias becomes grouping bias." in page
    assert "<table" not in page


def test_the_pack_page_has_a_table_per_outcome(tiny_dir: Path, tmp_path: Path) -> None:
    people = _read(tiny_dir, "people.csv")
    people["Sex"] = ["F"] * 8 + ["M"] * 8
    people.to_csv(tiny_dir / "people.csv", index=False)
    dataset = load_dataset(tiny_dir)
    out = build_pack(analyse(dataset, PARAMS), tmp_path / "pack", options=PackOptions(docx=False))
    page = (out / "equality.html").read_text("utf-8")
    assert (
        "<h2>sex</h2>" in page and "<h3>placed in candidate groups (12 young people)</h3>" in page
    )
    assert "<tr><td>F</td><td>8</td><td>57.1%</td>" in page  # 8 of the 14 young people


def test_attribute_columns_are_found_case_insensitively_and_checked() -> None:
    columns = ["id", "kind", "label", "name", "ETHNICITY", "Sex", "age", "date_of_birth", "role"]
    assert find_attribute_columns(columns) == ["ETHNICITY", "Sex", "date_of_birth"]
    assert find_attribute_columns(columns, ["role", "Age"]) == ["role", "age"]
    with pytest.raises(CsPeersError, match=r"people.csv has no column 'religion'; its attribute"):
        find_attribute_columns(columns, ["religion"])
    with pytest.raises(CsPeersError, match=r"column 'name': name is part of the input contract"):
        find_attribute_columns(columns, ["name"])


def test_an_unknown_attribute_is_exit_1(tiny_dir: Path) -> None:
    result = runner.invoke(
        app, ["equality", str(tiny_dir), "--attribute", "ethnicity", *CLI_PARAMS]
    )
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "ERROR: people.csv has no column 'ethnicity'; its attribute columns are: none\n"
    )


def test_dates_of_birth_become_age_bands_on_the_day() -> None:
    born = pd.DataFrame(
        {
            "date_of_birth": [
                "2016-11-01",
                "2016-10-31",
                "2012-10-31",
                "2012-11-01",
                "2008-10-31",
                "2008-11-01",
                "",
                "31/10/2010",
                "2027-01-01",
            ]
        }
    )
    values = attribute_values(born, "date_of_birth", on=date(2026, 10, 31)).values
    assert list(values) == [
        "under 10",
        "10–13",
        "14–15",
        "10–13",
        "18 and over",
        "16–17",
        "not recorded",
        "not readable",
        "not readable",
    ]


def test_katz_interval() -> None:
    rate = rate_ratio(150, 250, 150, 750)
    assert rate is not None
    # By hand: sqrt(1/150 - 1/250 + 1/150 - 1/750) = sqrt(0.008); 3 · exp(∓1.95996 · 0.0894427).
    assert rate.estimate == pytest.approx(3.0)
    assert rate.low == pytest.approx(3 * math.exp(-0.175304), rel=1e-5)
    assert rate.high == pytest.approx(3 * math.exp(0.175304), rel=1e-5)
    zero = rate_ratio(0, 20, 10, 80)
    assert zero is not None and zero.corrected
    assert zero.estimate == pytest.approx((0.5 / 21) / (10.5 / 81))


def test_generated_people_carry_fictional_attributes_consistent_with_age(tmp_path: Path) -> None:
    generate_sample(tmp_path, young_people=300, seed=4)
    people = _read(tmp_path, "people.csv")
    assert list(people.columns)[-3:] == ["ethnicity", "gender", "date_of_birth"]
    young = people[people["kind"] == "young_person"]
    assert young["ethnicity"].nunique() >= 4 and set(young["gender"]) >= {"female", "male"}
    on = date(2026, 10, 31)  # the last day of every generated sample
    for age, born in zip(people["age"], people["date_of_birth"], strict=True):
        b = date.fromisoformat(born)
        assert on.year - b.year - ((on.month, on.day) < (b.month, b.day)) == int(age)


def test_the_borough_carries_the_attributes(borough_figures: EqualityFigures) -> None:
    assert borough_figures.young_people == 80
    names = [(a.name, a.column) for a in borough_figures.attributes]
    assert names == [
        ("ethnicity", "ethnicity"),
        ("gender", "gender"),
        ("age band", "date_of_birth"),
    ]
    assert (
        borough_figures.age_note
        == "from date_of_birth, ages on 2026-10-31, the latest date in the data"
    )
    # The borough's own age column agrees with its dates of birth.
    people = load_dataset(sample_path()).young_people
    bands = attribute_values(people, "age", on=date(2026, 10, 31)).values
    from_birth = attribute_values(people, "date_of_birth", on=date(2026, 10, 31)).values
    assert list(bands) == list(from_birth)


@pytest.fixture(scope="module")
def borough_figures() -> EqualityFigures:
    """Return the equality figures of the shipped borough."""
    return _figures(sample_path())


def test_named_attributes_are_the_only_ones_shown() -> None:
    borough = str(sample_path())
    result = runner.invoke(
        app, ["equality", borough, "--attribute", "GENDER", "--format", "csv", *CLI_PARAMS]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["attribute"] for r in rows} == {"gender"}
    placed = [r for r in rows if r["outcome"] == "placed"]
    # non-binary and not recorded: fewer than 5 each in the borough, counted together.
    assert [r["value"] for r in placed] == ["female", "male", OTHER_VALUES]
    people = _read(sample_path(), "people.csv").query("kind == 'young_person'")
    assert placed[0]["in_data"] == str((people["gender"] == "female").sum())


def test_the_briefing_and_the_page_show_the_same_figures(demo_pack: Path) -> None:
    import html as html_module

    import pypdf

    out = demo_pack
    page = (out / "equality.html").read_text("utf-8")
    assert '<p class="muted">No table: ' in page
    rows = [
        [html_module.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row)]
        for row in re.findall(r"<tr><td>(?:.*?)</tr>", page)
    ]
    captions = [html_module.unescape(c) for c in re.findall(r"<h3>(.*?)</h3>", page)]
    empties = page.count("No table: ")
    assert len(rows) > 10 and captions
    texts = [
        " ".join(p.extract_text().split()) for p in pypdf.PdfReader(out / "briefing.pdf").pages
    ]
    # The section's pages: from its title to the first group's page.
    first = next(k for k, t in enumerate(texts) if t.startswith("Equality figures"))
    end = next(k for k, t in enumerate(texts) if t.startswith("Candidate peer group"))
    briefing = " ".join(texts[first:end])
    # Every row of every table, cell after cell, and every caption, in the page's order.
    at = 0
    for cells in rows:
        found = briefing.find(" ".join(cells), at)
        assert found >= 0, cells
        at = found
    for caption in captions:
        assert caption in briefing
    assert briefing.count("No table: ") == empties
    # Nowhere in the briefing is a word cut short with an ellipsis to fit.
    assert not re.search(r"\w…", " ".join(texts))
