"""Drawings and seeds made over worker processes give exactly the files made in one process;
the pack's seeds and briefing share one drawing per group."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path
from typing import Any

import pypdf
import pytest

from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.run import Analysis, analyse
from cs_peers.inputs.sample.generate import borough_dataset
from cs_peers.outputs import printing
from cs_peers.outputs.assessment import SeedOptions
from cs_peers.outputs.diagrams import DiagramOptions, group_colors
from cs_peers.outputs.diagrams.static import PrintDrawing, print_drawing
from cs_peers.outputs.pack import PackOptions, build_pack
from cs_peers.outputs.printing import write_group_seeds


@pytest.fixture(scope="module")
def borough() -> Analysis:
    return analyse(borough_dataset(), GroupingParameters(runs=3))


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_pack_made_over_two_processes_is_the_pack_made_in_one(
    borough: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")
    serial = build_pack(borough, tmp_path / "one", options=PackOptions(workers=1))
    parallel = build_pack(borough, tmp_path / "two", options=PackOptions(workers=2))
    one, two = hashes(serial), hashes(parallel)
    assert one == two
    groups = len(borough.groups.groups)
    assert sum(name.endswith(".docx") for name in one) == groups
    assert "briefing.pdf" in one


def test_the_seed_and_the_briefing_carry_the_same_drawing(
    borough: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")
    made: list[PrintDrawing] = []

    def drawing(*args: Any, **kwargs: Any) -> PrintDrawing:
        made.append(print_drawing(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(printing, "print_drawing", drawing)
    pack = build_pack(borough, tmp_path / "pack", options=PackOptions(workers=1))
    # One drawing per group, made once: the PNG for the seed, the vectors for the briefing.
    assert len(made) == len(borough.groups.groups)
    reader = pypdf.PdfReader(pack / "briefing.pdf")
    assert not [image for page in reader.pages for image in page.images]
    pages = {}
    for page in reader.pages:
        text = page.extract_text()
        found = re.search(r"Candidate peer group (PG-\d{4})", text)
        if found:
            pages[found.group(1)] = " ".join(text.split())
    seeds = sorted((pack / "assessments").glob("*.docx"))
    assert len(seeds) == len(made) == len(pages)
    for seed, (group_id, words), printed in zip(seeds, sorted(pages.items()), made, strict=True):
        assert seed.name.startswith(group_id)
        with zipfile.ZipFile(seed) as z:
            media = {z.read(n) for n in z.namelist() if n.startswith("word/media/")}
            # The network, and the legend's swatches (its words are the seed's text).
            assert media == {printed.png, printed.swatches}, seed.name
        assert printed.vectors is not None
        for item in printed.vectors.texts:
            for line in item.lines:
                assert " ".join(line.split()) in words, (group_id, line)


def test_seeds_alone_over_two_processes_match_one(borough: Analysis, tmp_path: Path) -> None:
    options = SeedOptions(provenance=borough.provenance)
    diagram = DiagramOptions(provenance=borough.shown_provenance())
    colors = group_colors(list(borough.groups.groups["group_id"]))
    written = {}
    for workers in (1, 2):
        out = tmp_path / str(workers)
        paths = write_group_seeds(
            borough.dataset,
            borough.groups,
            out,
            options=options,
            diagram_options=diagram,
            colors=colors,
            workers=workers,
        )
        assert [p.parent for p in paths] == [out] * len(paths)
        written[workers] = hashes(out)
    assert written[1] == written[2]
