"""Real exports, as they come: each layout of the corpus from `mapping init` to a meeting pack
with the untouched draft, its bad rows set aside and listed, no raw id or surname on any page."""

from __future__ import annotations

import base64
import csv
import gzip
import io
import re
import zipfile
from pathlib import Path

import pypdf
import pytest
from cs_peers.cli.app import app
from real_exports import LAYOUTS, Layout
from typer.testing import CliRunner

runner = CliRunner()
_PACKED = re.compile(
    r'<script id="cs-peers-data" type="application/x-cs-peers-gzip-base64">([^<]*)'
)

# What each draft must have found on its own, line for line.
DRAFTED = {
    "case_system": [
        "header_row = 4   # the rows above are a title or blank\n",
        'source = "Child ID"   # its values are ids like the other end\'s\n',
        'target = "Linked to"\n',
        'source_name = "Child name"   # describes this end\n',
        'target_name = "Linked name"\n',
        'source_agency = "Recorded by"\n',
        '"Missing episode together" = "missing_together"   # 12 rows; guessed from the synonym '
        "list, check it\n",
        '"Attends school" = "attends"   # 16 rows; guessed from the synonym list, check it\n',
        '# "Cousin" = ""   # 1 row; not mapped yet\n',
        'order = "day-first"   # a first number above 12',
    ],
    "police_intel": [
        'encoding = "windows-1252"   # Windows-1252, detected: not UTF-8',
        'source = "Subject URN"\ntarget = "Associate URN"\n',
        'grading = "Grading"\n',
        'source_name = "Subject Name"\n',
        '"Brother/Sister" = "sibling"   # 1 row; guessed from the synonym list, check it\n',
        '# "Known to" = ""   # 1 row; not mapped yet\n',
        '# not used: "Officer"\n',
    ],
    "partner_workbook": [
        '[people]\nfile = "export/partner-return.xlsx"\nsheet = "Young people"\nheader_row = 2',
        'id = "Person ref"\nname = "Full name"\n',
        '[associations]\nfile = "export/partner-return.xlsx"\nsheet = "Links"\nheader_row = 3',
        'source = "Person"   # its values are ids like the other end\'s\ntarget = "Associate"\n',
        '"Mates" = "friend"   # 12 rows; guessed from the synonym list, check it\n',
        "# partner-return.xlsx, sheet Cover: not used (1 column)",
    ],
    "school_log": [
        'encoding = "utf-16"   # UTF-16 with a byte-order mark (Excel\'s Unicode text); '
        "tab-separated\n",
        'source = "Ref 1"\ntarget = "Ref 2"\ntype = "Incident type"\nobserved_on = "Date/Time"\n',
        'source_name = "Pupil 1"   # names of this end: labels will be their initials\n',
        '"On roll at" = "attends"   # 16 rows; guessed from the synonym list, check it\n',
        '# "Bullying" = ""   # 1 row; not mapped yet\n',
        '# not used: "Logged by", "Year group"\n',
    ],
    "yj_tracker": [
        'source_label = "From initials"\n',
        '"YOT" = "youth_justice"   # 38 rows; guessed from the synonym list, check it\n',
        '"H" = "high"   # 25 rows; guessed from the synonym list, check it\n',
        'order = "iso"   # no day/month/year dates seen',
    ],
    "case_numbers": [
        'source = "Case number"   # two columns of the same kind of ids\n'
        'target = "Connected case"   # two columns of the same kind of ids\n',
        'source_label = "Initials"   # describes this end (the column beside it)\n',
        'target_label = "Connected initials"   # describes this end (the column beside it)\n',
        'order = "iso"',
    ],
}


@pytest.fixture(autouse=True)
def _workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CS_PEERS_HOME", str(tmp_path / "workspace"))


def page_texts(pack: Path) -> dict[str, str]:
    """Return the text of every page of a pack: HTML (with its packed diagram data), Markdown,
    Word and the PDF briefing."""
    texts: dict[str, str] = {}
    for path in sorted(pack.rglob("*")):
        name = str(path.relative_to(pack))
        if path.suffix in (".html", ".md"):
            text = path.read_text("utf-8")
            for packed in _PACKED.findall(text):
                text += gzip.decompress(base64.b64decode(packed)).decode("utf-8")
            texts[name] = text
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as docx:
                texts[name] = docx.read("word/document.xml").decode("utf-8")
        elif path.suffix == ".pdf":
            texts[name] = "\n".join(p.extract_text() for p in pypdf.PdfReader(path).pages)
    return texts


def _set_aside_rows(pack: Path) -> set[tuple[str, str, int]]:
    rows = list(csv.DictReader(io.StringIO((pack / "set-aside.csv").read_text("utf-8"))))
    return {(r["file"], r["sheet"], int(r["row"])) for r in rows}


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_an_export_goes_from_mapping_init_to_a_pack_untouched(name: str, tmp_path: Path) -> None:
    layout: Layout = LAYOUTS[name](tmp_path / "export")
    before = layout.path.read_bytes()
    draft = tmp_path / "draft.mapping.toml"
    init = runner.invoke(app, ["mapping", "init", str(layout.path), "--out", str(draft)])
    assert init.exit_code == 0, init.output
    text = draft.read_text("utf-8")
    for line in DRAFTED[name]:
        assert line in text, f"{line!r} not in the {name} draft:\n{text}"
    # A mapping is configuration: no id, name or surname of the export is copied into it.
    assert not {s for s in layout.secrets if s.lower() in text.lower()}
    checked = runner.invoke(
        app, ["mapping", "check", "--mapping", str(draft), "--set-aside-bad-rows"]
    )
    assert checked.exit_code == 0, checked.output
    assert "WARNING" not in checked.stderr
    pack = tmp_path / "pack"
    made = runner.invoke(
        app, ["pack", "--mapping", str(draft), "--set-aside-bad-rows", "--out", str(pack)]
    )
    assert made.exit_code == 0, made.output
    assert "candidate groups" in made.stdout and "wrote the pack for 0" not in made.stdout
    rows = len({row for _file, _sheet, row in layout.set_aside})
    assert f"{rows} bad rows set aside" in made.stderr
    assert _set_aside_rows(pack) == layout.set_aside
    index = (pack / "index.html").read_text("utf-8")
    assert f"{rows} bad rows of the input left out" in index
    # The export is only read; no page shows a raw id or a surname.
    assert layout.path.read_bytes() == before
    texts = page_texts(pack) | {"set-aside.csv": (pack / "set-aside.csv").read_text("utf-8")}
    assert {"index.html", "briefing.pdf", "diagrams/overview.html"} <= set(texts)
    leaks = {
        (page, secret)
        for page, body in texts.items()
        for secret in layout.secrets
        if secret.lower() in body.lower()
    }
    assert not leaks, sorted(leaks)[:10]
    # The labels the pages show instead are there: initials, or the export's own labels.
    assert any(p.initials in texts["diagrams/overview.html"] for p in layout.people)


def test_the_page_scan_sees_names_when_they_are_revealed(tmp_path: Path) -> None:
    # The scan above could pass by reading nothing: with --reveal-names the same scan finds the
    # names on the diagrams, the seeds and the printed briefing.
    layout = LAYOUTS["partner_workbook"](tmp_path / "export")
    draft = tmp_path / "draft.mapping.toml"
    assert (
        runner.invoke(app, ["mapping", "init", str(layout.path), "--out", str(draft)]).exit_code
        == 0
    )
    pack = tmp_path / "pack"
    made = runner.invoke(
        app,
        ["pack", "--mapping", str(draft), "--set-aside-bad-rows", "--out", str(pack),
         "--reveal-names"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    texts = page_texts(pack)
    surnames = {p.surname for p in layout.people}
    for page in ("diagrams/overview.html", "briefing.pdf"):
        assert any(s in texts[page] for s in surnames), page
    assert any(
        s in body for page, body in texts.items() if page.endswith(".docx") for s in surnames
    )
