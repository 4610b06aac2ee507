"""The diagram of one context (a school, place or online space): who uses it, in which groups."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from cs_peers.analysis.grouping.groups import PeerGroups
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.diagrams._layout import CANVAS
from cs_peers.outputs.diagrams._page import Nav, new_network, write_page
from cs_peers.outputs.diagrams.options import (
    CONTEXT_BORDER,
    CONTEXT_FILL,
    OUTSIDE_GREY,
    DiagramOptions,
    check_options,
    node_color,
    rgba,
)
from cs_peers.outputs.diagrams.records import add_lines, merge_pairs, plural, young_people
from cs_peers.outputs.diagrams.styles import (
    CONTEXT_LABEL_LIFT,
    Canvas,
    groups_legend,
    label_room,
    lines_legend,
    node_entry,
)

__all__ = [
    "MAX_GROUPED",
    "MAX_OUTSIDE",
    "ContextLookups",
    "render_context_diagram",
    "ring_positions",
]

_SHAPES = {"school": "square", "location": "triangle", "online": "hexagon", "other": "triangleDown"}
# Young people drawn at most: in candidate groups, and in none (the rest are counted in the
# summary; a 1,200-pupil school drawn whole is a hairball, and slow to lay out).
MAX_GROUPED = 150
MAX_OUTSIDE = 40

_CAVEAT = (
    "Level 2: this picture is about the place, not the young people. It shows who agencies "
    "recorded here, when and how surely — not behaviour, importance or risk."
)


@dataclass(frozen=True)
class ContextLookups:
    """What drawing any context of one dataset needs, computed once."""

    labels: dict[str, str]
    young: set[str]
    group_of: dict[str, str]
    kind_of: dict[str, str]
    by_context: dict[str, pd.DataFrame]

    @classmethod
    def of(cls, dataset: Dataset, groups: PeerGroups, *, reveal_names: bool) -> ContextLookups:
        """Return the lookups of ``dataset`` and its ``groups``."""
        a = dataset.associations
        contexts = set(dataset.contexts["id"].astype(str))
        key = a["source"].where(a["source"].isin(contexts), a["target"])
        keep = key.isin(contexts)
        by_context = {str(k): rows for k, rows in a[keep].groupby(key[keep], sort=False)}
        m = groups.memberships
        return cls(
            labels=dataset.labels(reveal_names=reveal_names),
            young=set(dataset.young_people["id"].astype(str)),
            group_of=dict(zip(m["person_id"].astype(str), m["group_id"].astype(str), strict=True)),
            kind_of=dict(
                zip(
                    dataset.contexts["id"].astype(str),
                    dataset.contexts["kind"].astype(str),
                    strict=True,
                )
            ),
            by_context=by_context,
        )

    def rows(self, context_id: str) -> pd.DataFrame:
        """Return the associations with ``context_id`` (none: an empty frame)."""
        found = self.by_context.get(context_id)
        if found is None:
            return next(iter(self.by_context.values())).iloc[0:0]
        return found


def ring_positions(order: list[str], shown: list[str]) -> dict[str, tuple[int, int]]:
    """Return the first id at the centre and the others on rings around it, in the given order.

    Rings are filled inside out, each with as many nodes as its circumference has room for
    labels; the picture is stretched to a projector's shape. Cheap (a school of hundreds is
    placed at once) and the same every time; groups sit together because ``order`` is sorted
    by group.

    Examples
    --------
    >>> ring_positions(["c", "a", "b"], ["C", "A", "B"])["c"]
    (0, 0)
    """
    positions = {order[0]: (0, 0)}
    rest = list(zip(order[1:], shown[1:], strict=True))
    width = max((label_room(s, 14.0) for _, s in rest), default=30.0) * 2 + 12.0
    radius, start = 190.0, 0
    aspect = CANVAS[0] / CANVAS[1]
    while start < len(rest):
        room = max(6, int(2 * math.pi * radius / width))
        ring = rest[start : start + room]
        for i, (key, _) in enumerate(ring):
            angle = -math.pi / 2 + 2 * math.pi * i / len(ring)
            positions[key] = (
                round(radius * math.cos(angle) * math.sqrt(aspect)),
                round(radius * math.sin(angle) / math.sqrt(aspect)),
            )
        start += room
        radius += 120.0
    return positions


def render_context_diagram(
    dataset: Dataset,
    groups: PeerGroups,
    context_id: str,
    path: Path,
    *,
    options: DiagramOptions,
    colors: dict[str, str],
    window: tuple[str, str],
    nav: Nav = (),
    details: str | None = None,
    lookups: ContextLookups | None = None,
) -> Path:
    """Return ``path`` after writing the marked diagram of one context and who uses it.

    Every young person recorded at the context (any date) is drawn around it, in their
    candidate group's colour or grey outside any group; those recorded there only before the
    ``window`` (ISO start, end) are drawn faded. Lines are the records with the context,
    styled by type. At most :data:`MAX_GROUPED` young people in groups and
    :data:`MAX_OUTSIDE` outside them are drawn (those in the window first).
    ``details`` (escaped HTML: the tables of records) follows the picture. Pass the same
    ``lookups`` (:meth:`ContextLookups.of`) when drawing many contexts of one dataset.
    """
    check_options(options)
    look = lookups or ContextLookups.of(dataset, groups, reveal_names=options.reveal_names)
    labels, young, group_of = look.labels, look.young, look.group_of
    rows = look.rows(context_id)
    ends = rows["source"].where(rows["target"] == context_id, rows["target"]).astype(str)
    people = sorted(set(ends) & young)
    start, end = window
    observed = rows["observed_on"].astype(str)
    in_window = set(ends[(observed >= start) & (observed <= end)].tolist())
    grouped_all = [p for p in people if p in group_of]
    grouped = sorted(grouped_all, key=lambda p: (p not in in_window, group_of[p], p))[:MAX_GROUPED]
    outside = [p for p in people if p not in group_of]
    drawn_outside = sorted(outside, key=lambda p: (p not in in_window, p))[:MAX_OUTSIDE]
    order = [context_id, *sorted(grouped, key=lambda p: (group_of[p], p)), *drawn_outside]
    pairs = merge_pairs(rows, set(order))
    canvas = Canvas(
        new_network(),
        {k: f"n{i}" for i, k in enumerate(order)},
        ring_positions(order, [labels.get(k, k) for k in order]),
    )
    kind = look.kind_of.get(context_id, "other")
    name = labels.get(context_id, context_id)
    canvas.add(
        context_id,
        name,
        shape=_SHAPES.get(kind, "triangleDown"),
        size=24,
        font={"vadjust": CONTEXT_LABEL_LIFT - 10, "size": 18},
        color=node_color(CONTEXT_FILL, CONTEXT_BORDER),
        title=f"{name} — {kind}; {young_people(len(people))} recorded here in all",
    )
    faded = False
    for p in order[1:]:
        label = labels.get(p, p)
        g = group_of.get(p)
        fill = colors.get(g, OUTSIDE_GREY) if g else "#d9d9d9"
        recent = p in in_window
        faded = faded or not recent
        when = "recorded here in the window" if recent else "recorded here only before the window"
        canvas.add(
            p,
            label,
            shape="dot",
            size=14 if g else 10,
            color=node_color(fill if recent else rgba(fill if g else "#9a9a9a", 0.3), fill),
            title=f"{label} — young person, "
            + (f"candidate group {g}" if g else "in no candidate group")
            + f"; {when}",
        )
    drawn_types = add_lines(canvas.net, pairs, canvas.node_id, labels, dataset.vocabulary)
    present = sorted({group_of[p] for p in grouped})
    people_entries: list[dict[str, Any]] = [
        node_entry(f"this {kind}", _SHAPES.get(kind, "triangleDown"), CONTEXT_FILL, CONTEXT_BORDER)
    ]
    if drawn_outside:
        people_entries.append(
            node_entry("young person in no candidate group", "dot", "#d9d9d9", OUTSIDE_GREY)
        )
    if faded:
        people_entries.append(
            node_entry(
                f"faded: recorded here only before the window ({start} to {end})",
                "dot",
                rgba("#888888", 0.3),
                "#888888",
            )
        )
    middle = [{"title": "People and place", "entries": people_entries}]
    if present:
        sizes = {g: sum(1 for p in grouped if group_of[p] == g) for g in present}
        middle.append(groups_legend(present, colors, sizes))
    # Only records with the place are drawn here, never protective ties between people: the
    # strengths are listed on each group's own diagram, so this legend leaves that section out.
    legend = lines_legend(
        dataset.vocabulary,
        present=drawn_types,
        drawn_types=drawn_types,
        middle=middle,
        adults_drawn=False,
    )[1:]
    summary = [
        young_people(len(people)) + " recorded here (all dates)",
        f"{len(in_window & young)} in the window {start} to {end}",
        plural(len(present), "candidate group"),
    ]
    if len(grouped_all) > len(grouped):
        summary.append(f"{len(grouped_all) - len(grouped)} more young people in groups not drawn")
    if len(outside) > len(drawn_outside):
        summary.append(
            f"{len(outside) - len(drawn_outside)} more young people in no group not drawn"
        )
    return write_page(
        path,
        kind="context",
        title=f"Context: {name}",
        summary=summary,
        caveat=_CAVEAT,
        dataset=dataset,
        options=options,
        network=canvas.net,
        legend=legend,
        strengths=None,
        provenance={"context": name, "window": f"{start} to {end}"},
        nav=nav,
        links={canvas.node_id[p]: f"../diagrams/{group_of[p]}.html" for p in grouped},
        details=details,
    )
