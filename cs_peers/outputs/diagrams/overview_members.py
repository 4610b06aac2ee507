"""The overview of up to a few hundred grouped young people: a dot for each, in clusters."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pyvis.network import Network

from cs_peers.analysis.profiles import LOW_CONFIDENCE
from cs_peers.outputs.diagrams.layout import packed_positions
from cs_peers.outputs.diagrams.legend import (
    ANY_GROUP_COLOR,
    bridge_entry,
    groups_legend,
    lines_legend,
    low_confidence_entry,
    node_entry,
    ring_entry,
)
from cs_peers.outputs.diagrams.nodes import Canvas, member_node
from cs_peers.outputs.diagrams.options import category_color
from cs_peers.outputs.diagrams.overview_input import OverviewInput
from cs_peers.outputs.diagrams.page import new_network
from cs_peers.outputs.diagrams.records import add_lines, merge_pairs, protective_records

__all__ = ["draw_members"]


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
