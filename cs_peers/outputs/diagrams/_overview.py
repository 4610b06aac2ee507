"""The overview of all candidate peer groups on one page.

The overview of many grouped young people: a circle for each group, lines between groups.

What an overview is drawn from: the groups in order, with their colours and summaries.

The overview of up to a few hundred grouped young people: a dot for each, in clusters.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from pyvis.network import Network

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.analysis.grouping.parameters import ALGORITHM
from cs_peers.analysis.profiles import LOW_CONFIDENCE, group_summary_table
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.vocabulary import Vocabulary
from cs_peers.outputs.diagrams._layout import packed_positions
from cs_peers.outputs.diagrams._page import Nav, new_network
from cs_peers.outputs.diagrams.options import (
    DiagramOptions,
    category_color,
    check_color,
    check_options,
    group_colors,
    node_color,
)
from cs_peers.outputs.diagrams.records import (
    OVERVIEW_CAVEAT,
    add_lines,
    filter_facts,
    frame_rows,
    merge_pairs,
    plural,
    protective_records,
    young_people,
)
from cs_peers.outputs.diagrams.scene import Scene, write_scene_page
from cs_peers.outputs.diagrams.styles import (
    ANY_GROUP_COLOR,
    Canvas,
    bridge_entry,
    groups_legend,
    line_entry,
    lines_legend,
    low_confidence_entry,
    member_node,
    node_entry,
    ring_entry,
)

__all__ = [
    "GroupSummary",
    "OverviewInput",
    "draw_collapsed",
    "draw_members",
    "overview_scene",
    "render_overview",
]

# Above this many grouped young people each group is drawn as one circle (a dot per person
# stops being readable, and slow to open); above this many groups a table sits beside the map.
COLLAPSE_ABOVE = 300
TABLE_ABOVE = 24


class GroupSummary(NamedTuple):
    """One group's row of :func:`cs_peers.analysis.profiles.group_summary_table`, as drawn."""

    group_id: str
    size: int
    first_observed: str
    last_observed: str
    mean_confidence: float
    holds_together: bool
    shared_contexts: int


@dataclass(frozen=True)
class OverviewInput:
    """The dataset, groups and options of an overview, with each group's colour and summary."""

    dataset: Dataset
    groups: PeerGroups
    group_ids: list[str]
    colors: dict[str, str]
    summaries: dict[str, GroupSummary]
    options: DiagramOptions

    @classmethod
    def of(
        cls,
        dataset: Dataset,
        groups: PeerGroups,
        options: DiagramOptions,
        colors: dict[str, str] | None,
    ) -> OverviewInput:
        """Return the input of an overview; ``colors`` overrides :func:`group_colors`.

        Raises ``ValueError`` if a colour is not ``#rrggbb``.
        """
        group_ids = [str(g) for g in groups.groups["group_id"].tolist()]
        colors = {**group_colors(group_ids), **(colors or {})}
        for g in group_ids:
            check_color(colors[g], f"colour of group {g}")
        summaries = {}
        if group_ids:
            table = group_summary_table(dataset, groups)
            for row in frame_rows(table, GroupSummary._fields):
                summaries[str(row[0])] = GroupSummary(*row)
        return cls(dataset, groups, group_ids, colors, summaries, options)

    def sizes(self) -> dict[str, int]:
        """Return the number of young people in each group (0 for a group without a summary)."""
        return {
            g: int(self.summaries[g].size) if g in self.summaries else 0 for g in self.group_ids
        }

    def title(self, group_id: str) -> str:
        """Return the tooltip of a group: its size, dates, confidence and shared contexts."""
        row = self.summaries.get(group_id)
        if row is None:
            return f"Candidate group {group_id}"
        dates = (
            f"records within observed {row.first_observed} to {row.last_observed}"
            if row.first_observed
            else "undated records"
        )
        holds = (
            "holds together across runs" if row.holds_together else "does not hold together well"
        )
        return (
            f"Candidate group {group_id}: {young_people(int(row.size))}\n"
            f"{dates}\n"
            f"mean membership confidence {float(row.mean_confidence):.2f} ({holds})\n"
            f"{plural(int(row.shared_contexts), 'shared context')}"
        )


_LINK_GREY = "#8c8c8c"
_LEGEND_GROUPS_UP_TO = 24


def draw_collapsed(
    overview: OverviewInput,
) -> tuple[Network, list[dict[str, Any]], dict[str, str]]:
    """Return the network, legend and group of each node of an overview of one circle per group.

    A circle's area is in proportion to the group's young people, a green ring marks a group
    with a recorded strength, and a line between two circles counts the associations recorded
    between their members.
    """
    dataset, group_ids = overview.dataset, overview.group_ids
    vocab = dataset.vocabulary
    m = overview.groups.memberships
    group_of = pd.Series(m["group_id"].astype(str).to_numpy(), index=m["person_id"].to_numpy())
    links, facts = _links_between(dataset.associations, group_of, group_ids, vocab)
    gindex = {g: i for i, g in enumerate(group_ids)}
    keys = sorted(links, key=lambda k: (gindex[k[0]], gindex[k[1]]))
    sizes = overview.sizes()
    # Radius ∝ √members, so a circle's area is in proportion to its young people.
    node_size = np.array([5.0 * math.sqrt(max(sizes[g], 1)) for g in group_ids])
    positions = packed_positions(
        len(group_ids),
        np.array([(gindex[x], gindex[y]) for x, y in keys], dtype=np.int64).reshape(-1, 2),
        np.array([math.log1p(sum(links[k].values())) for k in keys], dtype=float),
        node_size + 14.0,
        seed=overview.options.seed,
        gap=14.0,
    )
    protective_color = category_color(vocab, "protective")
    records = protective_records(dataset)
    records = records.assign(group=records["person"].map(group_of)).dropna()
    strengths: dict[str, dict[str, int]] = {}
    per_type = records.groupby(["group", "type"]).size().reset_index(name="n")
    for g, type_, n in frame_rows(per_type, ("group", "type", "n")):
        strengths.setdefault(str(g), {})[str(type_)] = int(n)
    net = new_network()
    node_id = {g: f"n{i}" for i, g in enumerate(group_ids)}
    for g, xy, size in zip(group_ids, positions, node_size, strict=True):
        color = overview.colors[g]
        ring = g in strengths
        net.add_node(
            node_id[g],
            label=g,
            shape="dot",
            size=round(float(size), 1),
            borderWidth=3.5 if ring else 1.5,
            color=node_color(color, protective_color if ring else color),
            title=overview.title(g) + "\n" + _strength_words(strengths.get(g, {})),
            x=round(float(xy[0])),
            y=round(float(xy[1])),
            font={"size": 14},
        )
    protective_types = set(vocab.names(category="protective"))
    for x, y in keys:
        by_type = links[(x, y)]
        total = sum(by_type.values())
        kinds = ", ".join(
            f"{t.replace('_', ' ')} {n}"
            for t, n in sorted(by_type.items(), key=lambda item: (-item[1], item[0]))
        )
        options: dict[str, Any] = {
            "width": round(1.0 + 1.5 * math.log1p(total), 2),
            "color": {
                "color": _LINK_GREY,
                "highlight": "#333333",
                "hover": "#333333",
                "opacity": 0.7,
            },
            "title": f"{x} — {y}: {plural(total, 'recorded association')} between members\n{kinds}",
            "arrows": {"to": {"enabled": False}},
            # Read by the page's filters: date, category, confidence and how many records.
            "records": facts[(x, y)],
        }
        if set(by_type) & protective_types:
            options["label"] = "★"
            options["font"] = {"color": protective_color, "size": 16, "strokeWidth": 4}
        net.add_edge(node_id[x], node_id[y], **options)
    legend = _legend(overview, protective_color)
    if len(group_ids) > _LEGEND_GROUPS_UP_TO:
        # The table beside the map names every group with its colour instead.
        legend = legend[:-1]
    return net, legend, {node_id[g]: g for g in group_ids}


def _links_between(
    associations: pd.DataFrame, group_of: pd.Series, group_ids: list[str], vocab: Vocabulary
) -> tuple[dict[tuple[str, str], dict[str, int]], dict[tuple[str, str], list[list[Any]]]]:
    """Return the associations per type between members of each pair of groups, and their facts.

    A pair is keyed in group order; associations within a group, or with anyone not in a
    group, are not counted. The facts are what the page's filters read: ``[date, category,
    confidence, count]`` for each distinct combination (:func:`filter_facts`, with a count).
    """
    gs = associations["source"].map(group_of)
    gt = associations["target"].map(group_of)
    across = gs.notna() & gt.notna() & (gs != gt)
    rows = associations.loc[across]
    observed = rows["observed_on"].astype(str)
    category = {name: t.category for name, t in vocab.types.items()}
    frame = pd.DataFrame(
        {
            "lo": np.minimum(gs[across].astype(str), gt[across].astype(str)),
            "hi": np.maximum(gs[across].astype(str), gt[across].astype(str)),
            "type": rows["type"].astype(str),
            "date": observed.where(observed != "", rows["recorded_on"].astype(str)),
            "category": rows["type"].astype(str).map(category),
            "confidence": rows["confidence"].astype(str),
        }
    )
    counted = frame.groupby(["lo", "hi", "type"]).size().reset_index(name="n")
    gindex = {g: i for i, g in enumerate(group_ids)}
    links: dict[tuple[str, str], dict[str, int]] = {}
    for lo, hi, type_, n in frame_rows(counted, ("lo", "hi", "type", "n")):
        a, b = sorted((str(lo), str(hi)), key=lambda g: gindex[g])
        links.setdefault((a, b), {})[str(type_)] = int(n)
    facts: dict[tuple[str, str], list[list[Any]]] = {}
    columns = ["lo", "hi", "date", "category", "confidence"]
    combos = frame.groupby(columns).size().reset_index(name="n")
    for lo, hi, date, cat, conf, n in frame_rows(combos, (*columns, "n")):
        a, b = sorted((str(lo), str(hi)), key=lambda g: gindex[g])
        facts.setdefault((a, b), []).append([*filter_facts(str(date), str(cat), str(conf)), int(n)])
    return links, facts


def _strength_words(counts: dict[str, int]) -> str:
    if not counts:
        return "no protective peer or trusted adult recorded"
    listed = ", ".join(f"{t.replace('_', ' ')} {n}" for t, n in sorted(counts.items()))
    return f"strengths recorded: {listed}"


def _legend(overview: OverviewInput, protective_color: str) -> list[dict[str, Any]]:
    return [
        {
            "title": "How strengths are drawn",
            "entries": [
                ring_entry(
                    "green ring: a protective peer or trusted adult is recorded for the group",
                    protective_color,
                ),
                line_entry(
                    "★ on a line: a protective tie recorded between two groups",
                    _LINK_GREY,
                    width=2.5,
                    star=True,
                ),
                {
                    "kind": "text",
                    "text": "Each group's own diagram draws its protective peers (green lines "
                    "with ★) and trusted adults (green stars).",
                },
            ],
        },
        {
            "title": "Groups",
            "entries": [
                node_entry(
                    "one candidate group; area in proportion to its young people",
                    "dot",
                    ANY_GROUP_COLOR,
                    ANY_GROUP_COLOR,
                ),
                line_entry(
                    "associations recorded between members of two groups (wider: more)",
                    _LINK_GREY,
                    width=3.0,
                    opacity=0.7,
                ),
            ],
        },
        groups_legend(overview.group_ids, overview.colors, overview.sizes()),
    ]


def draw_members(
    overview: OverviewInput,
) -> tuple[Network, list[dict[str, Any]], dict[str, str]]:
    """Return the network, legend and group of each node of an overview of each young person.

    Members sit in a circle per group, coloured by group, with the lines recorded between them
    and a caption naming each group above its circle.
    """
    dataset, group_ids, options = overview.dataset, overview.group_ids, overview.options
    vocab = dataset.vocabulary
    labels = dataset.labels(reveal_names=options.reveal_names)
    m = overview.groups.memberships
    people = [str(p) for p in m["person_id"].tolist()]
    group_of = dict(zip(people, (str(g) for g in m["group_id"].tolist()), strict=True))
    confidence = dict(zip(people, m["confidence"].tolist(), strict=True))
    bridge_of = dict(zip(people, (str(b) for b in m["bridge_to"].tolist()), strict=True))
    gindex = {g: i for i, g in enumerate(group_ids)}
    order = sorted(people, key=lambda q: (gindex[group_of[q]], q))
    pairs = merge_pairs(dataset.associations, set(order))

    # Two levels: groups are placed as circles (by the associations between them), then each
    # group's members inside its circle, so groups read as clusters and never overlap.
    members_of: dict[str, list[str]] = {g: [] for g in group_ids}
    for p in order:
        members_of[group_of[p]].append(p)
    radius = np.array([40.0 * math.sqrt(len(members_of[g])) + 20.0 for g in group_ids])
    between: dict[tuple[int, int], int] = {}
    for pair in pairs:
        ga, gb = gindex[group_of[pair.a]], gindex[group_of[pair.b]]
        if ga != gb:
            key = (min(ga, gb), max(ga, gb))
            between[key] = between.get(key, 0) + len(pair.records)
    keys = sorted(between)
    centres = packed_positions(
        len(group_ids),
        np.array(keys, dtype=np.int64).reshape(-1, 2),
        np.array([between[k] for k in keys], dtype=float),
        radius + 40.0,
        seed=options.seed,
    )
    position: dict[str, tuple[int, int]] = {}
    for g, centre, r in zip(group_ids, centres, radius, strict=True):
        ids = members_of[g]
        # Members on a ring, evenly spaced: on an overview each label needs its own room more
        # than the inner shape of a group does (that is what the group's own diagram shows).
        turn = 2 * math.pi * np.arange(len(ids)) / max(len(ids), 1) - math.pi / 2
        local = np.column_stack([np.cos(turn), np.sin(turn)]) if len(ids) > 1 else np.zeros((1, 2))
        for p, xy in zip(ids, local * (r - 12.0) + centre, strict=True):
            position[p] = (round(float(xy[0])), round(float(xy[1])))

    # Adults are not drawn here, so a young person with a trusted adult gets a green ring:
    # the strength stays visible on the overview.
    protective_color = category_color(vocab, "protective")
    adult_types = {n for n in vocab.names(category="protective") if vocab[n].between != "people"}
    records = protective_records(dataset)
    with_adult = set(records.loc[records["type"].isin(adult_types), "person"].tolist())
    canvas = Canvas(new_network(), {p: f"n{i}" for i, p in enumerate(order)}, position)
    for p in order:
        g = group_of[p]
        ring = protective_color if p in with_adult else None
        note = ("a trusted adult is recorded (drawn on the group's own diagram)",) if ring else ()
        shown, node = member_node(
            labels.get(p, p),
            g,
            overview.colors[g],
            float(confidence[p]),
            bridge_of[p],
            size=11,
            ring=ring,
            notes=note,
        )
        canvas.add(p, shown, font={"size": 13}, **node)
    # A caption above each cluster names the group: colours repeat, ids do not.
    for k, (g, centre, r) in enumerate(zip(group_ids, centres, radius, strict=True)):
        canvas.net.add_node(
            f"g{k}",
            label=g,
            shape="text",
            title=overview.title(g),
            x=round(float(centre[0])),
            y=round(float(centre[1] - r - 14.0)),
            font={"size": 16, "color": "#333333"},
        )
    drawn_types = add_lines(canvas.net, pairs, canvas.node_id, labels, vocab)

    people_entries: list[dict[str, Any]] = [
        node_entry(
            "young person, in the colour of their group", "dot", ANY_GROUP_COLOR, ANY_GROUP_COLOR
        ),
        {"kind": "text", "text": "Each cluster is one candidate group, named above it."},
    ]
    if any(float(confidence[p]) < LOW_CONFIDENCE for p in order):
        people_entries.append(low_confidence_entry(ANY_GROUP_COLOR, ANY_GROUP_COLOR))
    if any(bridge_of.values()):
        people_entries.append(bridge_entry())
    if with_adult & set(order):
        people_entries.append(
            ring_entry("green ring: a trusted adult is recorded", protective_color)
        )
    legend = lines_legend(
        vocab,
        present=drawn_types,
        drawn_types=drawn_types,
        middle=[
            {"title": "People", "entries": people_entries},
            groups_legend(group_ids, overview.colors, overview.sizes()),
        ],
        adults_drawn=False,
    )
    node_of = {canvas.node_id[p]: group_of[p] for p in order}
    node_of.update({f"g{k}": g for k, g in enumerate(group_ids)})
    return canvas.net, legend, node_of


def render_overview(
    dataset: Dataset,
    groups: PeerGroups,
    path: Path,
    *,
    options: DiagramOptions,
    colors: dict[str, str] | None = None,
    collapse_above: int = COLLAPSE_ABOVE,
    table_above: int = TABLE_ABOVE,
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
    meeting opens on (:func:`cs_peers.outputs._overview_focus.meeting_focus`); put a link to the
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
    collapse_above: int = COLLAPSE_ABOVE,
    table_above: int = TABLE_ABOVE,
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
    extra = {"algorithm": ALGORITHM, "parameters": groups.parameters.text()}
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
