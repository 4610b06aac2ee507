"""Text files as exports come: encodings, delimiters and title rows, detected or mapped, and said."""

from __future__ import annotations

from pathlib import Path

import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.errors import InvalidDataError, MappingError
from cs_peers.inputs._text_files import DecodedText, decode_text
from cs_peers.inputs.source import load_dataset

runner = CliRunner()

# A police-style extract: a URN with slashes, a name with an accent and a curly apostrophe.
ROWS = [
    ["Subject URN", "Associate URN", "Association", "Date"],
    ["12/100045/25", "12/100046/25", "Associate", "13/01/2026"],
    ["12/100046/25", "12/100047/25", "Co-accused", "14/01/2026"],
    ["12/100047/25", "12/100045/25", "Seen with Zoë’s brother", "15/01/2026"],
]
MAPPING = """
[associations]
file = "{file}"
{extra}
[associations.columns]
source = "Subject URN"
target = "Associate URN"
type = "Association"
observed_on = "Date"
[associations.values.type]
"Associate" = "seen_together"
"Co-accused" = "co_arrested"
"Seen with Zoë’s brother" = "seen_together"
[dates]
order = "day-first"
"""


@pytest.fixture(autouse=True)
def _workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CS_PEERS_HOME", str(tmp_path / "workspace"))


def _write(folder: Path, name: str, data: bytes, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    mapping = folder / "m.toml"
    mapping.write_text(MAPPING.format(file=name, extra=extra), "utf-8")
    return mapping


def _text(delimiter: str = ",", newline: str = "\r\n") -> str:
    return newline.join(delimiter.join(row) for row in ROWS) + newline


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("links.csv", _text().encode("utf-8"), "UTF-8; comma-separated"),
        (
            "links.csv",
            b"\xef\xbb\xbf" + _text().encode("utf-8"),
            "UTF-8 with a byte-order mark; comma-separated",
        ),
        (
            "links.txt",
            _text("\t").encode("utf-16"),
            "UTF-16 with a byte-order mark (Excel's Unicode text); tab-separated",
        ),
        (
            "links.txt",
            b"\xfe\xff" + _text("\t").encode("utf-16-be"),
            "UTF-16 with a byte-order mark (Excel's Unicode text); tab-separated",
        ),
        (
            "links.csv",
            _text(";").encode("utf-16-le"),
            "UTF-16 without a byte-order mark (detected); semicolon-separated",
        ),
        (
            "links.csv",
            _text().encode("cp1252"),
            "Windows-1252, detected: not UTF-8 (row 4 has byte 0xEB, read as 'ë'); comma-separated",
        ),
    ],
)
def test_every_encoding_reads_the_same_and_check_says_how(
    tmp_path: Path, name: str, data: bytes, said: str
) -> None:
    reference = load_dataset(None, mapping=_write(tmp_path / "utf8", "links.csv", _text().encode()))
    mapping = _write(tmp_path / "export", name, data)
    mapped = load_dataset(None, mapping=mapping)
    assert mapped.fingerprint == reference.fingerprint
    assert mapped.people["id"].tolist() == ["12/100045/25", "12/100046/25", "12/100047/25"]
    checked = runner.invoke(app, ["mapping", "check", "--mapping", str(mapping)])
    assert checked.exit_code == 0, checked.output
    assert f"  read as {said}\n" in checked.stdout


def test_an_encoding_set_in_the_mapping_is_used_and_said(tmp_path: Path) -> None:
    data = _text().encode("cp1252")
    mapping = _write(tmp_path, "links.csv", data, extra='encoding = "windows-1252"')
    checked = runner.invoke(app, ["mapping", "check", "--mapping", str(mapping)])
    assert checked.exit_code == 0, checked.output
    assert "  read as set in the mapping; comma-separated\n" in checked.stdout
    # Set wrongly, the mapping is believed, and the first byte that is not that encoding named.
    wrong = _write(tmp_path, "links.csv", data, extra='encoding = "utf-8"')
    with pytest.raises(InvalidDataError) as caught:
        load_dataset(None, mapping=wrong)
    assert str(caught.value.problems[0]) == (
        "links.csv, row 4: 'byte 0xEB' — not utf-8 text, as the mapping says; check the "
        "mapping's encoding"
    )


def test_an_unknown_encoding_in_the_mapping_is_refused(tmp_path: Path) -> None:
    mapping = _write(tmp_path, "links.csv", _text().encode(), extra='encoding = "latin-9"')
    with pytest.raises(MappingError, match=r"\[associations\] encoding: 'latin-9' is not one of"):
        load_dataset(None, mapping=mapping)


def test_mixed_encodings_are_refused_not_guessed(tmp_path: Path) -> None:
    # One row saved as UTF-8, another as Windows-1252: the bytes cannot say which is meant.
    data = _text().encode("utf-8") + "99/1/26,99/2/26,Café,16/01/2026\r\n".encode("cp1252")
    with pytest.raises(InvalidDataError) as caught:
        load_dataset(None, mapping=_write(tmp_path, "links.csv", data))
    assert str(caught.value.problems[0]) == (
        "links.csv, row 5: 'byte 0xE9' — the file mixes UTF-8 (row 4 reads as UTF-8) but this "
        'is not UTF-8; say which in the mapping (encoding = "utf-8", "utf-16" or '
        "\"windows-1252\"), or save the file as 'CSV UTF-8' (Excel)"
    )


def test_title_rows_above_the_headers_of_a_csv_file(tmp_path: Path) -> None:
    title = "Peer links export (fictional),,,\r\nRun on 01/02/2026,,,\r\n,,,\r\n"
    data = (title + _text()).encode("utf-8")
    mapping = _write(tmp_path, "links.csv", data, extra="header_row = 4")
    mapped = load_dataset(None, mapping=mapping)
    assert len(mapped.associations) == 3
    (tmp_path / "links.csv").write_bytes(data.replace(b"Co-accused", b"Cousin"))
    with pytest.raises(InvalidDataError) as caught:
        load_dataset(None, mapping=mapping)
    # Rows are counted as a spreadsheet shows them: the title rows included.
    assert str(caught.value.problems[0]).startswith(
        "links.csv, row 6, column 'Association': 'Cousin' — unknown association type"
    )


def test_decoding_says_why_and_keeps_utf8_untouched() -> None:
    plain = b"id,kind\nYP1,young_person\n"
    decoded = decode_text(plain, "p.csv")
    # UTF-8, the common case of a million rows, is not copied.
    assert isinstance(decoded, DecodedText) and decoded.utf8 is plain
    wide = decode_text("id\tkind\n".encode("utf-16"), "p.txt")
    assert isinstance(wide, DecodedText) and wide.text == "id\tkind\n"
