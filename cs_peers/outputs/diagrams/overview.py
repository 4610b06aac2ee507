"""The overview of all candidate peer groups on one page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.diagrams.options import DiagramOptions, check_options
from cs_peers.outputs.diagrams.overview_collapsed import draw_collapsed
from cs_peers.outputs.diagrams.overview_input import OverviewInput
from cs_peers.outputs.diagrams.overview_members import draw_members
from cs_peers.outputs.diagrams.page import Nav
from cs_peers.outputs.diagrams.scene import Scene, write_scene_page
from cs_peers.outputs.diagrams.wording import OVERVIEW_CAVEAT, plural, young_people

__all__ = ["overview_scene", "render_overview"]


def render_overview(
    dataset: Dataset,
    groups: PeerGroups,
    path: Path,
    *,
    options: DiagramOptions,
    colors: dict[str, str] | None = None,
    collapse_above: int = 300,
    table_above: int = 24,
    nav: Nav = (),
    focus: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """Return ``path`` after writing an offline, marked overview of all candidate peer groups.

    With at most ``collapse_above`` grouped young people, each young person is drawn in their
    group's colour with the recorded associations between them. Above it, each group becomes one
    circle (area in proportion to its members) and lines between circles carry the number of
    associations recorded between their members, so a borough- or force-sized picture stays
    readable and quick to open. With more than ``table_above`` groups a searchable, sortable
    table of the groups sits beside the map. A click on a group (its circle, caption or a
    member, or its row) opens ``<group id>.html`` beside the overview, as ``render`` and
    ``pack`` write them. ``focus`` (group id → why) draws only those groups, as the overview a
    meeting opens on (:func:`cs_peers.outputs.overview_focus.meeting_focus`); put a link to the
    whole network in ``nav``.

    Raises
    ------
    ValueError
        If a colour is not ``#rrggbb`` or the marking is empty.
    """
    scene = overview_scene(
        dataset,
        groups,
        options=options,
        colors=colors,
        collapse_above=collapse_above,
        table_above=table_above,
        nav=nav,
        focus=focus,
    )
    return write_scene_page(scene, path, dataset=dataset, options=options)


def _only(groups: PeerGroups, ids: set[str]) -> PeerGroups:
    m, g = groups.memberships, groups.groups
    return replace(
        groups,
        memberships=m[m["group_id"].astype(str).isin(ids)].reset_index(drop=True),
        groups=g[g["group_id"].astype(str).isin(ids)].reset_index(drop=True),
    )


def _focus_summary(focus: Mapping[str, Sequence[str]], total: int) -> str:
    """Return one line saying how many groups are drawn, of how many, and why."""
    kinds = Counter(why for reasons in focus.values() for why in reasons)
    because = "; ".join(f"{n} {why}" for why, n in sorted(kinds.items()))
    return f"{len(focus)} of {total} candidate groups, those the meeting needs first ({because})"


def overview_scene(
    dataset: Dataset,
    groups: PeerGroups,
    *,
    options: DiagramOptions,
    colors: dict[str, str] | None = None,
    collapse_above: int = 300,
    table_above: int = 24,
    nav: Nav = (),
    focus: Mapping[str, Sequence[str]] | None = None,
) -> Scene:
    """Return what the overview of all candidate peer groups shows, in any format.

    See :func:`render_overview`; static exports draw the same scene.
    """
    check_options(options)
    total = len(groups.groups)
    if focus:
        groups = _only(groups, set(focus))
    overview = OverviewInput.of(dataset, groups, options, colors)
    grouped = len(groups.memberships)
    params = groups.parameters.as_dict()
    extra = {
        "algorithm": str(params.pop("algorithm")),
        "parameters": ", ".join(f"{k}={v}" for k, v in params.items()),
    }
    if grouped > collapse_above:
        net, legend, node_of = draw_collapsed(overview)
        how = (
            f"each circle is one group (more than {collapse_above} grouped young people); "
            "lines count the associations recorded between groups"
        )
    else:
        net, legend, node_of = draw_members(overview)
        how = "each dot is a young person, coloured by candidate group"
    summary = [
        plural(len(overview.group_ids), "candidate group"),
        young_people(grouped) + " in them",
        how,
    ]
    if focus:
        summary[0] = _focus_summary(focus, total)
    return Scene(
        kind="overview",
        title="Candidate peer groups — "
        + ("what the meeting needs first" if focus else "overview"),
        summary=summary,
        caveat=OVERVIEW_CAVEAT,
        network=net,
        legend=legend,
        strengths=None,
        provenance=extra,
        nav=nav,
        links={node: f"{group}.html" for node, group in node_of.items()},
        groups_table=_table(overview, node_of) if len(overview.group_ids) > table_above else None,
        labels_on_zoom=grouped > collapse_above and len(overview.group_ids) > table_above,
    )


def _table(overview: OverviewInput, node_of: dict[str, str]) -> list[dict[str, Any]]:
    """Return a row per group for the table beside the map (in group order)."""
    first_node: dict[str, str] = {}
    for node, group in node_of.items():
        first_node.setdefault(group, node)
    rows = []
    for g in overview.group_ids:
        summary = overview.summaries.get(g)
        rows.append(
            {
                "group_id": g,
                "node": first_node.get(g, ""),
                "href": f"{g}.html",
                "color": overview.colors[g],
                "size": int(summary.size) if summary else 0,
                "last_observed": str(summary.last_observed) if summary else "",
                "shared_contexts": int(summary.shared_contexts) if summary else 0,
            }
        )
    return rows
