"""Pages name the data by its folder or file name, never by where it lives on the analyst's
machine; the workspace's record of the run keeps the full path."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pypdf
from cs_peers.cli.app import app
from typer.testing import CliRunner
from workspace_records import kept_runs


def test_no_output_of_a_pack_names_the_absolute_path_of_the_data(
    tiny_dir: Path, home: Path, tmp_path: Path
) -> None:
    data = tiny_dir.resolve()
    assert data.is_absolute() and data.name == "tiny"
    out = tmp_path / "pack"
    result = CliRunner().invoke(app, ["pack", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    where = str(data.parent).encode("utf-8")
    texts: dict[str, bytes] = {}
    for path in out.rglob("*"):
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                texts[path.name] = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
        elif path.suffix == ".pdf":
            pages = pypdf.PdfReader(path).pages
            texts[path.name] = " ".join(p.extract_text() for p in pages).encode("utf-8")
        elif path.is_file():
            texts[path.name] = path.read_bytes()
    assert not [name for name, text in texts.items() if where in text]
    assert b"data source: tiny" in texts["briefing.pdf"]
    assert b"tiny" in texts["index.html"]
    # The analyst's own record of the run keeps the full path.
    [run] = kept_runs(home)
    assert run.source == str(data)
