"""The overview of many grouped young people: a circle for each group, lines between groups."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from pyvis.network import Network

from cs_peers.inputs.vocabulary import Vocabulary
from cs_peers.outputs.diagrams.layout import packed_positions
from cs_peers.outputs.diagrams.legend import (
    ANY_GROUP_COLOR,
    groups_legend,
    line_entry,
    node_entry,
    ring_entry,
)
from cs_peers.outputs.diagrams.options import category_color, node_color
from cs_peers.outputs.diagrams.overview_input import OverviewInput
from cs_peers.outputs.diagrams.page import new_network
from cs_peers.outputs.diagrams.records import filter_facts, frame_rows, protective_records
from cs_peers.outputs.diagrams.wording import plural

__all__ = ["draw_collapsed"]

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
