"""Drawings and seeds made over worker processes give exactly the files made in one process;
the pack's seeds and briefing share one drawing per group."""

from __future__ import annotations

import hashlib
import zipfile
from io import BytesIO
from pathlib import Path

import pypdf
import pytest
from PIL import Image, ImageChops

from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.analysis.run import Analysis, analyse
from cs_peers.inputs.sample.generate import borough_dataset
from cs_peers.outputs.assessment import SeedOptions
from cs_peers.outputs.diagrams import DiagramOptions, group_colors
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
    demo_analysis: Analysis, demo_pack: Path
) -> None:
    borough, pack = demo_analysis, demo_pack
    reader = pypdf.PdfReader(pack / "briefing.pdf")
    printed = [image.image for page in reader.pages for image in page.images]
    seeds = sorted((pack / "assessments").glob("*.docx"))
    assert len(printed) == len(seeds) == len(borough.groups.groups)
    for seed, image in zip(seeds, printed, strict=True):
        with zipfile.ZipFile(seed) as z:
            [media] = [n for n in z.namelist() if n.startswith("word/media/")]
            picture = z.read(media)
        assert image is not None
        seed_pixels = Image.open(BytesIO(picture)).convert("RGB")
        same = ImageChops.difference(seed_pixels, image.convert("RGB"))
        assert same.getbbox() is None, seed.name


def test_seeds_alone_over_two_processes_match_one(borough: Analysis, tmp_path: Path) -> None:
    options = SeedOptions(provenance=borough.provenance)
    diagram = DiagramOptions(provenance=borough.provenance)
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
