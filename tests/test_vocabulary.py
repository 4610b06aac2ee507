"""The vocabulary is an allow-list with checked weights, categories and styles."""

from __future__ import annotations

from pathlib import Path

import pytest

from cs_peers.errors import VocabularyError
from cs_peers.inputs.vocabulary import load_vocabulary


def test_default_vocabulary_has_the_brief_types() -> None:
    vocab = load_vocabulary()
    assert set(vocab.names(category="protective")) == {"protective_peer", "trusted_adult"}
    assert vocab["attends"].contexts == ("school",)
    assert vocab["friend"].relationship_type == "FRIEND"
    # Family links count only a little towards peer groups.
    assert vocab["sibling"].weight < vocab["friend"].weight


def test_replacement_vocabulary(tmp_path: Path) -> None:
    path = tmp_path / "v.toml"
    path.write_text('[types.hangs_out]\ncategory = "peer"\nweight = 0.5\n', "utf-8")
    vocab = load_vocabulary(path)
    assert vocab.names() == ["hangs_out"]
    assert vocab.confidence["low"] == 0.35


def test_a_dash_pattern_is_read(tmp_path: Path) -> None:
    path = tmp_path / "v.toml"
    path.write_text("[types.x]\ncategory = 'peer'\ndashes = [2, 5]\n", "utf-8")
    x = load_vocabulary(path)["x"]
    assert x.dashes is True and x.dash_pattern == (2, 5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[types.x]\ncategory = 'rumour'\n", "category 'rumour' is not one of"),
        ("[types.X-Y]\ncategory = 'peer'\n", "type name 'X-Y' must be lower case"),
        ("[types.x]\ncategory = 'peer'\nweight = -1\n", "weight -1 must be a number ≥ 0"),
        (
            "[types.x]\ncategory = 'context'\n",
            "category 'context' goes with between 'person_and_context'",
        ),
        ("not toml [", "not valid TOML"),
        ("[confidence]\nhigh = 1\n", "needs at least one [types.NAME] table"),
        (
            "[types.x]\ncategory = 'peer'\ndashes = [0, 'a']\n",
            "dashes [0, 'a'] must be true, false or a list of whole numbers > 0",
        ),
    ],
)
def test_bad_vocabulary_is_explained(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "v.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(VocabularyError, match=r"v\.toml") as info:
        load_vocabulary(path)
    assert message in str(info.value)


def test_type_name_with_a_trailing_newline_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "v.toml"
    path.write_text('[types."friend\\n"]\ncategory = "peer"\n', "utf-8")
    with pytest.raises(VocabularyError, match="must be lower case"):
        load_vocabulary(path)
