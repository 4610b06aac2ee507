"""`cs-peers mapping init/check`, `--mapping` on the data commands, and `cs-peers --version`."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pandas as pd
import pytest
from cs_peers.cli.app import app
from messy_data import write_contract_twin, write_messy_workbook
from typer.testing import CliRunner

runner = CliRunner()


@pytest.fixture(autouse=True)
def _workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CS_PEERS_HOME", str(tmp_path / "workspace"))


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    return write_messy_workbook(tmp_path / "messy")


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"cs-peers {version('cs-peers')}\n"


def test_init_drafts_from_the_headers_and_marks_every_guess(messy: Path) -> None:
    book = messy.parent / "links.xlsx"
    result = runner.invoke(app, ["mapping", "init", str(book)])
    assert result.exit_code == 0, result.output
    out = messy.parent / "links.mapping.toml"
    assert result.stdout == (
        f"wrote {out}: associations from links.xlsx, sheet Links\n"
        f"check it with: cs-peers mapping check --mapping {out}\n"
    )
    text = out.read_text("utf-8")
    for line in [
        '[associations]\nfile = "links.xlsx"\nsheet = "Links"\n'
        "header_row = 3   # the rows above are a title or blank\n",
        'source = "Person A ID"\ntarget = "Person B ID"\ntype = "Relationship"\n'
        'observed_on = "Date seen"\nrecorded_on = "Date entered"\nsource_agency = "Source"\n',
        'target_kind = "Person B type"\n',
        '# not used: "Officer"\n',
        '"Seen with" = "seen_together"   # 2 rows; guessed from the synonym list, check it\n',
        '"Sibling" = "sibling"   # 1 row; guessed, check it\n',
        '"Med" = "medium"   # 4 rows; guessed from the synonym list, check it\n',
        '"YP" = "young_person"   # 10 rows; guessed from the synonym list, check it\n',
        '"Children\'s Social Care" = "social_care"   # 1 row; guessed from the synonym list, '
        "check it\n",
        'order = "day-first"   # a first number above 12 (15/03/2025)\n',
        "# links.xlsx, sheet About: not used (1 column)\n",
    ]:
        assert line in text
    # "High" needs no map: the contract reads confidence whatever its case; nor does "Police".
    assert '"High"' not in text and '"Police"' not in text


def test_a_word_not_in_the_synonym_list_is_left_to_map(messy: Path) -> None:
    _edit_cell(messy.parent / "links.xlsx", "I8", "Cousin")
    result = runner.invoke(app, ["mapping", "init", str(messy.parent / "links.xlsx")])
    assert result.exit_code == 0, result.output
    assert "1 word to map (listed as comments in the file)\n" in result.stdout
    text = (messy.parent / "links.mapping.toml").read_text("utf-8")
    assert '# "Cousin" = ""   # 1 row; not mapped yet\n' in text


def _edit_cell(book_path: Path, ref: str, value: object) -> None:
    from openpyxl import load_workbook

    book = load_workbook(book_path)
    book["Links"][ref] = value
    book.save(book_path)


def test_init_never_overwrites(messy: Path) -> None:
    book = messy.parent / "links.xlsx"
    out = messy.parent / "mine.toml"
    out.write_text("# my own notes\n", "utf-8")
    result = runner.invoke(app, ["mapping", "init", str(book), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"ERROR: {out} already exists; cs-peers never overwrites a file: give another --out\n"
    )
    assert out.read_text("utf-8") == "# my own notes\n"


def test_the_untouched_draft_checks_and_validates_like_the_twin(
    messy: Path, tmp_path: Path
) -> None:
    book = messy.parent / "links.xlsx"
    out = tmp_path / "drafts" / "links.toml"
    assert runner.invoke(app, ["mapping", "init", str(book), "--out", str(out)]).exit_code == 0
    assert 'file = "../messy/links.xlsx"' in out.read_text("utf-8")
    checked = runner.invoke(app, ["mapping", "check", "--mapping", str(out)])
    assert checked.exit_code == 0, checked.output
    for line in [
        "people: inferred from the associations (kind from source_kind/target_kind, else "
        "young_person)\n",
        "associations: links.xlsx, sheet Links, 12 rows (header on row 3)\n",
        '  source        ← "Person A ID"\n',
        '  not used: "Officer"\n',
        '  type words in "Relationship":\n    "Goes to" → attends (2 rows)\n',
        '  dates in "Date seen": 12 read day-first\n',
        '    "High" (kept as it is; 6 rows)\n',
    ]:
        assert line in checked.stdout
    twin = write_contract_twin(tmp_path / "twin")
    mapped = runner.invoke(app, ["validate", "--mapping", str(out)])
    contract = runner.invoke(app, ["validate", str(twin)])
    assert mapped.exit_code == contract.exit_code == 0
    # The same people, contexts and associations, agencies included ("Police" is police).
    assert mapped.stdout == contract.stdout
    assert checked.stdout.endswith(mapped.stdout)


def test_a_word_left_unmapped_is_named_by_check(messy: Path, tmp_path: Path) -> None:
    _edit_cell(messy.parent / "links.xlsx", "I5", "Cousin")
    out = tmp_path / "links.toml"
    assert (
        runner.invoke(
            app, ["mapping", "init", str(messy.parent / "links.xlsx"), "--out", str(out)]
        ).exit_code
        == 0
    )
    unfilled = runner.invoke(app, ["mapping", "check", "--mapping", str(out)])
    assert unfilled.exit_code == 1
    assert '    "Cousin" → NOT MAPPED (1 row)\n' in unfilled.stdout
    assert "1 word not mapped\n" in unfilled.stdout
    assert "links.xlsx, sheet Links, row 5, column 'Relationship': 'Cousin' — unknown" in (
        unfilled.stderr
    )


def test_groups_through_a_mapping_match_the_contract_twin(messy: Path, tmp_path: Path) -> None:
    twin = write_contract_twin(tmp_path / "twin")
    mapped = runner.invoke(app, ["groups", "--mapping", str(messy), "--no-record"])
    contract = runner.invoke(app, ["groups", str(twin), "--no-record"])
    assert mapped.exit_code == contract.exit_code == 0, mapped.output
    assert mapped.stdout == contract.stdout


def test_questions_through_a_mapping_match_the_contract_twin(messy: Path, tmp_path: Path) -> None:
    twin = write_contract_twin(tmp_path / "twin")
    people = pd.read_csv(twin / "people.csv", dtype=str)["id"].tolist()
    mapped = runner.invoke(app, ["ego", people[0], "--mapping", str(messy), "--depth", "2"])
    contract = runner.invoke(app, ["ego", str(twin), people[0], "--depth", "2"])
    assert mapped.exit_code == contract.exit_code == 0, mapped.output
    # The same answer, link for link; only the data line (source, fingerprint) differs.

    def strip(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("Data")]

    assert strip(mapped.stdout) == strip(contract.stdout)


def test_mapping_errors_are_exit_1_in_the_users_words(messy: Path) -> None:
    messy.write_text(messy.read_text("utf-8").replace('"Seen with" = "seen_together"\n', ""))
    result = runner.invoke(app, ["validate", "--mapping", str(messy)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "ERROR: the data is not valid (2 problems):\n"
        "  links.xlsx, sheet Links, row 5, column 'Relationship': 'Seen with' — unknown "
        "association type;"
    )
    assert "Traceback" not in result.output


def test_usage_errors(messy: Path) -> None:
    assert runner.invoke(app, ["validate"]).exit_code == 2
    both = runner.invoke(app, ["groups", "--mapping", str(messy), "--neo4j"])
    assert both.exit_code == 2
    assert "--mapping reads files; it cannot be used with --neo4j" in both.output


@pytest.mark.parametrize(
    "command",
    [
        "validate", "groups", "render", "assess", "pack", "changes", "contexts", "load",
        "equality", "ego", "path", "connect",
    ],
)  # fmt: skip
def test_every_command_that_reads_data_takes_a_mapping(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "--mapping" in result.stdout


def _readme_mapping() -> str:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    section = readme.split("## Mappings: your own spreadsheets (format 1)", 1)[1]
    return section.split("```toml\n", 1)[1].split("```", 1)[0]


def test_the_readme_example_is_what_init_drafts_and_runs(tmp_path: Path) -> None:
    from real_exports import case_system

    layout = case_system(tmp_path)
    result = runner.invoke(app, ["mapping", "init", str(layout.path)])
    assert result.exit_code == 0, result.output
    drafted = (tmp_path / "peer-links-export.mapping.toml").read_text("utf-8").splitlines()
    shown = _readme_mapping()
    assert [line for line in shown.splitlines() if line not in drafted] == []
    mapping = tmp_path / "readme.mapping.toml"
    mapping.write_text(shown, "utf-8")
    validated = runner.invoke(app, ["validate", "--mapping", str(mapping), "--set-aside-bad-rows"])
    assert validated.exit_code == 0, validated.output
    assert validated.stdout.startswith(
        "valid: 16 young people, 0 adults, 3 contexts, 69 associations (fingerprint "
    )
    packed = runner.invoke(
        app,
        ["pack", "--mapping", str(mapping), "--out", str(tmp_path / "pack"), "--no-record",
         "--set-aside-bad-rows", "--no-pdf", "--no-docx"],
    )  # fmt: skip
    assert packed.exit_code == 0, packed.output
    assert (tmp_path / "pack" / "set-aside.csv").is_file()
    (tmp_path / "next").mkdir()
    layout.path.rename(tmp_path / "next" / "april.csv")
    april = runner.invoke(
        app,
        ["validate", str(tmp_path / "next" / "april.csv"), "--mapping", str(mapping),
         "--set-aside-bad-rows"],
    )  # fmt: skip
    assert april.stdout == validated.stdout


def test_init_on_a_contract_folder_maps_it_to_itself(tiny_dir: Path) -> None:
    result = runner.invoke(app, ["mapping", "init", str(tiny_dir)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"wrote {tiny_dir / 'mapping.toml'}: people from people.csv; contexts from contexts.csv; "
        "associations from associations.csv\n"
    )
    text = (tiny_dir / "mapping.toml").read_text("utf-8")
    assert '[people.columns]\nid = "id"\nkind = "kind"\nlabel = "label"\nname = "name"\n' in text
    assert 'order = "iso"' in text
    mapped = runner.invoke(app, ["validate", "--mapping", str(tiny_dir / "mapping.toml")])
    contract = runner.invoke(app, ["validate", str(tiny_dir)])
    assert mapped.exit_code == contract.exit_code == 0
    assert mapped.stdout == contract.stdout


def test_init_copies_no_values_of_a_column_that_is_not_coded(tmp_path: Path) -> None:
    rows = "".join(f"Y{i},Y{i + 1},Fictional Person {i},2025-01-01\n" for i in range(150))
    (tmp_path / "links.csv").write_text("From,To,Relationship,Date\n" + rows, "utf-8")
    result = runner.invoke(app, ["mapping", "init", str(tmp_path / "links.csv")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "links.mapping.toml").read_text("utf-8")
    assert '# "Relationship" has 150 different values; is it really type?\n' in text
    assert "Fictional Person" not in text
    assert 'source = "From"\ntarget = "To"\ntype = "Relationship"\nobserved_on = "Date"\n' in text


def test_dates_that_do_not_say_their_order_are_called_ambiguous(tmp_path: Path) -> None:
    rows = "".join(f"Y{i},Y{i + 1},Friends,0{1 + i % 9}/0{2 + i % 7}/2026\n" for i in range(6))
    (tmp_path / "links.csv").write_text("From,To,Relationship,When\n" + rows, "utf-8")
    assert runner.invoke(app, ["mapping", "init", str(tmp_path / "links.csv")]).exit_code == 0
    draft = tmp_path / "links.mapping.toml"
    assert (
        'order = "day-first"   # ambiguous: no number above 12 in 6 dates; the UK order is '
        "assumed, check it\n"
    ) in draft.read_text("utf-8")
    checked = runner.invoke(app, ["mapping", "check", "--mapping", str(draft)])
    assert checked.exit_code == 0, checked.output
    assert (
        '  dates in "When": 6 read day-first (ambiguous: no number above 12 in 6 dates, so only '
        "the mapping says which is the day)\n"
    ) in checked.stdout
