"""The overview of all candidate peer groups on one page."""

from __future__ import annotations

from pathlib import Path

from cs_peers.dataset import Dataset
from cs_peers.diagrams.options import DiagramOptions, check_options
from cs_peers.diagrams.overview_collapsed import draw_collapsed
from cs_peers.diagrams.overview_input import OverviewInput
from cs_peers.diagrams.overview_members import draw_members
from cs_peers.diagrams.scene import Scene, write_scene_page
from cs_peers.diagrams.wording import OVERVIEW_CAVEAT, plural, young_people
from cs_peers.groups import PeerGroups

__all__ = ["overview_scene", "render_overview"]


def render_overview(
    dataset: Dataset,
    groups: PeerGroups,
    path: Path,
    *,
    options: DiagramOptions,
    colors: dict[str, str] | None = None,
    collapse_above: int = 300,
) -> Path:
    """Return ``path`` after writing an offline, marked overview of all candidate peer groups.

    With at most ``collapse_above`` grouped young people, each young person is drawn in their
    group's colour with the recorded associations between them. Above it, each group becomes one
    circle (area in proportion to its members) and lines between circles carry the number of
    associations recorded between their members, so a borough- or force-sized picture stays
    readable and quick to open.

    Raises
    ------
    ValueError
        If a colour is not ``#rrggbb`` or the marking is empty.
    """
    scene = overview_scene(
        dataset, groups, options=options, colors=colors, collapse_above=collapse_above
    )
    return write_scene_page(scene, path, dataset=dataset, options=options)


def overview_scene(
    dataset: Dataset,
    groups: PeerGroups,
    *,
    options: DiagramOptions,
    colors: dict[str, str] | None = None,
    collapse_above: int = 300,
) -> Scene:
    """Return what the overview of all candidate peer groups shows, in any format.

    See :func:`render_overview`; static exports draw the same scene.
    """
    check_options(options)
    overview = OverviewInput.of(dataset, groups, options, colors)
    grouped = len(groups.memberships)
    params = groups.parameters.as_dict()
    extra = {
        "algorithm": str(params.pop("algorithm")),
        "parameters": ", ".join(f"{k}={v}" for k, v in params.items()),
    }
    if grouped > collapse_above:
        net, legend = draw_collapsed(overview)
        how = (
            f"each circle is one group (more than {collapse_above} grouped young people); "
            "lines count the associations recorded between groups"
        )
    else:
        net, legend = draw_members(overview)
        how = "each dot is a young person, coloured by candidate group"
    summary = [
        plural(len(overview.group_ids), "candidate group"),
        young_people(grouped) + " in them",
        how,
    ]
    return Scene(
        kind="overview",
        title="Candidate peer groups — overview",
        summary=summary,
        caveat=OVERVIEW_CAVEAT,
        network=net,
        legend=legend,
        strengths=None,
        provenance=extra,
    )
