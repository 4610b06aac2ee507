"""Labels that protect: initials from names, never a name or an id; a warning when ids would show."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.inputs.source import load_dataset
from cs_peers.inputs.vocabulary import name_initials, protected_labels

runner = CliRunner()

LINKS = (
    "Subject URN,Subject name,Associate URN,Associate name,Association,Agency\n"
    '12/100045/25,Jordan SMITH,12/100046/25,"SMITH, Jade",Sibling,Police\n'
    '12/100046/25,"SMITH, Jade",12/100047/25,Kai Tran,Associate,police \n'
    "12/100047/25,Kai Tran,12/100048/25,Jay Storm,Associate,POLICE\n"
)
MAPPING = """
[associations]
file = "links.csv"
[associations.columns]
source = "Subject URN"
target = "Associate URN"
type = "Association"
source_agency = "Agency"
{names}
[associations.values.type]
"Sibling" = "sibling"
"Associate" = "seen_together"
"""
NAMES = 'source_name = "Subject name"\ntarget_name = "Associate name"'


@pytest.fixture(autouse=True)
def _workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CS_PEERS_HOME", str(tmp_path / "workspace"))


def _mapped(folder: Path, *, names: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "links.csv").write_text(LINKS, "utf-8")
    mapping = folder / "links.toml"
    mapping.write_text(MAPPING.format(names=NAMES if names else ""), "utf-8")
    return mapping


def test_names_without_labels_become_initials_told_apart(tmp_path: Path) -> None:
    dataset = load_dataset(None, mapping=_mapped(tmp_path, names=True))
    people = dataset.people.set_index("id")
    assert people["label"].to_dict() == {
        "12/100045/25": "J.S.",
        "12/100046/25": "J.S. 2",
        "12/100047/25": "K.T.",
        "12/100048/25": "J.S. 3",
    }
    shown = set(dataset.labels().values())
    assert not shown & set(people.index) and not shown & set(people["name"])
    # One agency, whatever its case and spaces.
    assert set(dataset.associations["source_agency"]) == {"police"}


def test_a_given_label_keeps_its_initials_and_names_give_way() -> None:
    people = pd.DataFrame(
        {"id": ["A", "B", "C"], "label": ["", "J.S.", ""], "name": ["Jo Smith", "", "Zara Ali"]}
    )
    assert protected_labels(people).tolist() == ["J.S. 2", "J.S.", "Z.A."]
    assert name_initials(pd.Series(["O'Brien, Siobhán", "Mary-Jane Ng"])).tolist() == [
        "S.O.",
        "M.N.",
    ]


def test_no_label_and_no_name_warns_once_and_says_how_to_map_one(tmp_path: Path) -> None:
    mapping = _mapped(tmp_path, names=False)
    warning = (
        "WARNING: 4 of 4 people have no label and no name: outputs will show their case ids, "
        "which identify a child to anyone with system access. Map a label (initials or a "
        "pseudonym) or a name (labels are then initials derived from it, never the name): a "
        "label or name column in people.csv, or in a mapping label/name under [people.columns], "
        "or source_label/target_label, source_name/target_name under [associations.columns].\n"
    )
    for command in (
        ["validate", "--mapping", str(mapping)],
        ["mapping", "check", "--mapping", str(mapping)],
        ["groups", "--mapping", str(mapping), "--no-record"],
        ["ego", "12/100045/25", "--mapping", str(mapping)],
        ["pack", "--mapping", str(mapping), "--out", str(tmp_path / "p"), "--no-pdf", "--no-docx"],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, (command, result.output)
        assert result.stderr.count(warning) == 1, (command, result.stderr)
    named = runner.invoke(app, ["validate", "--mapping", str(_mapped(tmp_path / "n", names=True))])
    assert named.exit_code == 0 and "WARNING" not in named.stderr
