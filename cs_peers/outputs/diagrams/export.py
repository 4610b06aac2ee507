"""Writing diagrams in the formats asked for: HTML pages and static PNG, SVG and PDF files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.analysis.profiles import profile_groups
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.diagrams._assets import write_assets
from cs_peers.outputs.diagrams._overview import overview_scene
from cs_peers.outputs.diagrams.group import group_scene
from cs_peers.outputs.diagrams.options import DiagramOptions
from cs_peers.outputs.diagrams.scene import Scene, write_scene_page
from cs_peers.outputs.diagrams.styles import neighbour_colors

__all__ = ["DIAGRAM_FORMATS", "parse_formats", "write_diagrams"]

DIAGRAM_FORMATS = ("html", "png", "svg", "pdf")


def parse_formats(text: str) -> list[str]:
    """Return the formats named in a comma-separated list, in order, without repeats.

    Examples
    --------
    >>> parse_formats("png, html,png")
    ['png', 'html']

    Raises
    ------
    ValueError
        If a name is not one of html, png, svg, pdf, or none is given.
    """
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in DIAGRAM_FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}; choose from html, png, svg, pdf")
    if not names:
        raise ValueError("name at least one format: html, png, svg or pdf")
    return list(dict.fromkeys(names))


def _write(
    scene: Scene,
    stem: Path,
    formats: Sequence[str],
    dataset: Dataset,
    options: DiagramOptions,
) -> list[Path]:
    written = []
    if "html" in formats:
        written.append(
            write_scene_page(
                scene, stem.with_name(f"{stem.name}.html"), dataset=dataset, options=options
            )
        )
    static = [f for f in formats if f != "html"]
    if static:
        # matplotlib is imported only when a static format is asked for.
        from cs_peers.outputs.diagrams.static import export_scene

        written += export_scene(scene, stem, static, dataset=dataset, options=options)
    return written


def write_diagrams(
    dataset: Dataset,
    groups: PeerGroups,
    out: Path,
    *,
    formats: Sequence[str] = ("html",),
    options: DiagramOptions,
    group_ids: Sequence[str] | None = None,
    overview: bool = True,
) -> list[Path]:
    """Return the files written: ``overview.<ext>`` and ``<group id>.<ext>`` for each format.

    Every format is drawn from the same scene, so the PNG, SVG and PDF show the same seeded
    layout as the HTML page. ``group_ids`` limits the groups drawn (all by default).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    colors = neighbour_colors(dataset, groups)
    written: list[Path] = []
    if "html" in formats:
        write_assets(out)  # the pages' shared script and styles, loaded by relative path
    if overview:
        scene = overview_scene(dataset, groups, options=options, colors=colors)
        written += _write(scene, out / "overview", formats, dataset, options)
    for profile in profile_groups(
        dataset,
        groups,
        group_ids=list(group_ids) if group_ids is not None else None,
        reveal_names=options.reveal_names,
    ):
        scene = group_scene(
            dataset,
            profile,
            options=options,
            color=colors[profile.group_id],
            nav=[("Network overview", "overview.html")] if overview else [],
        )
        written += _write(scene, out / profile.group_id, formats, dataset, options)
    return written
