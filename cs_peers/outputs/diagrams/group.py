"""The diagram of one candidate peer group: its members, who and what they are linked to.

What a group diagram draws around its members: linked adults, shared contexts, strengths.

What is new on a group's diagram since the last meeting: new members, new associations.

A young person new to the group since the baseline (a joiner of its
:class:`~cs_peers.analysis.meetings.GroupChange`) is drawn with a thick, dark, dashed outline;
a line whose every record was recorded since is labelled "new" (a line with some new records
says how many in its tooltip); the legend says what these mean and since when. Low-confidence
members keep their own faded look and group-coloured dashes, so the two never read alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyvis.network import Network

from cs_peers.analysis.group_story import GroupStory, since_words, strength_lines
from cs_peers.analysis.meetings import Baseline, GroupChange
from cs_peers.analysis.profiles import GroupProfile
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.vocabulary import Vocabulary
from cs_peers.outputs.diagrams._layout import focus_positions
from cs_peers.outputs.diagrams._page import Nav, new_network
from cs_peers.outputs.diagrams.options import (
    ADULT_GREY,
    CONTEXT_BORDER,
    CONTEXT_FILL,
    OUTSIDE_GREY,
    DiagramOptions,
    category_color,
    check_color,
    check_options,
    group_colors,
    node_color,
)
from cs_peers.outputs.diagrams.records import (
    CAVEAT,
    RECORD_COLUMNS,
    Pair,
    add_lines,
    frame_rows,
    merge_pairs,
    plural,
    young_people,
)
from cs_peers.outputs.diagrams.scene import Scene, write_scene_page
from cs_peers.outputs.diagrams.styles import (
    CONTEXT_LABEL_LIFT,
    Canvas,
    adult_style,
    bridge_entry,
    label_room,
    line_entry,
    lines_legend,
    low_confidence_entry,
    member_node,
    node_entry,
)

__all__ = [
    "NEW_BORDER",
    "NEW_BORDER_DASHES",
    "NEW_BORDER_WIDTH",
    "NewSince",
    "add_adults",
    "add_contexts",
    "group_scene",
    "new_since",
    "render_group_diagram",
    "strengths",
]


_CONTEXT_SHAPES = {
    "school": "square",
    "location": "triangle",
    "online": "hexagon",
    "other": "triangleDown",
}
_CONTEXT_WORDS = {
    "school": "school",
    "location": "place",
    "online": "online space",
    "other": "other context",
}


def add_adults(
    canvas: Canvas,
    adults: list[str],
    types_of: dict[str, set[str]],
    labels: dict[str, str],
    vocab: Vocabulary,
) -> list[dict[str, Any]]:
    """Draw the adults linked to members; return their legend entries."""
    protective_color = category_color(vocab, "protective")
    concern_color = category_color(vocab, "concern")
    kinds = set()
    for person in adults:
        label = labels.get(person, person)
        types = types_of[person]
        adult_kind, node = adult_style(
            {vocab[t].category for t in types}, protective_color, concern_color
        )
        kinds.add(adult_kind)
        words = ", ".join(sorted(t.replace("_", " ") for t in types))
        canvas.add(person, label, title=f"{label} — adult; {words}", **node)
    entries = []
    if "other" in kinds:
        entries.append(node_entry("adult", "diamond", "#e6e6e6", ADULT_GREY))
    if "concern" in kinds:
        entries.append(
            node_entry("adult recorded with a concern", "diamond", "#f4d3cf", concern_color)
        )
    return entries


def add_contexts(
    canvas: Canvas, profile: GroupProfile, labels: dict[str, str], context_kind: dict[str, str]
) -> list[dict[str, Any]]:
    """Draw the contexts two or more members share; return their legend entries."""
    shared = profile.shared_contexts
    if not len(shared):
        return []
    kinds = set()
    for context, members_there, young_there, first, last in zip(
        shared["context_id"].astype(str).tolist(),
        shared["members"].tolist(),
        shared["young_people_there"].tolist(),
        shared["first_observed"].tolist(),
        shared["last_observed"].tolist(),
        strict=True,
    ):
        ck = context_kind.get(context, "other")
        kinds.add(ck)
        label = labels.get(context, context)
        dates = f"observed {first} to {last}" if first else "undated"
        canvas.add(
            context,
            label,
            shape=_CONTEXT_SHAPES.get(ck, "triangleDown"),
            size=15,
            # Above the shape, where no person's label (always below) can sit.
            font={"vadjust": CONTEXT_LABEL_LIFT},
            color=node_color(CONTEXT_FILL, CONTEXT_BORDER),
            title=f"{label} — {_CONTEXT_WORDS.get(ck, ck)} shared by "
            f"{plural(int(members_there), 'member')} of {profile.group_id} ({dates})\n"
            f"{young_people(int(young_there))} recorded there in all",
        )
    return [
        node_entry(
            f"{_CONTEXT_WORDS[ck]} used by two or more members",
            _CONTEXT_SHAPES[ck],
            CONTEXT_FILL,
            CONTEXT_BORDER,
        )
        for ck in ("school", "location", "online", "other")
        if ck in kinds
    ]


def strengths(profile: GroupProfile, labels: dict[str, str]) -> list[str]:
    """Return one line per protective record of the group: who, what, by whom, when, how sure."""
    return strength_lines(profile, labels)


# A new member's outline: dark (not the group's colour, which a low-confidence member keeps),
# thicker than any other outline, and dashed.
NEW_BORDER = "#1d1d1d"
NEW_BORDER_WIDTH = 4.0
NEW_BORDER_DASHES = [6, 4]
NEW_LINE_LABEL = "new"


@dataclass(frozen=True)
class NewSince:
    """Who and which records are new since ``since`` (e.g. "the meeting of 2026-10-15")."""

    since: str
    members: frozenset[str]
    records: frozenset[tuple[str, ...]]

    def mark_member(self, person: str, node: dict[str, Any]) -> dict[str, Any]:
        """Return ``node`` (a member's vis options) outlined as new when ``person`` is new."""
        if person not in self.members:
            return node
        return {
            **node,
            "color": node_color(node["color"]["background"], NEW_BORDER),
            "borderWidth": NEW_BORDER_WIDTH,
            "shapeProperties": {"borderDashes": NEW_BORDER_DASHES},
            "title": f"{node['title']}\nnew to this group since {self.since}",
        }

    def mark_lines(self, net: Network, pairs: list[Pair]) -> tuple[int, int]:
        """Return how many lines are new and how many have new records, after marking them.

        ``net``'s edges must be one per pair of ``pairs``, in the same order
        (:func:`cs_peers.outputs.diagrams.records.add_lines`).
        """
        new_lines = with_new = 0
        for pair, edge in zip(pairs, net.edges, strict=True):
            fresh = sum(1 for r in pair.records if r in self.records)
            if not fresh:
                continue
            if fresh == len(pair.records):
                new_lines += 1
                star = edge.get("label") == "★"
                edge["label"] = f"★ {NEW_LINE_LABEL}" if star else NEW_LINE_LABEL
                font = edge.get("font") or {"color": "#1d1d1d", "strokeWidth": 4}
                edge["font"] = {**font, "size": 20, "align": "middle"}
                edge["title"] += f"\nnew since {self.since}: every record of this line"
            else:
                with_new += 1
                edge["title"] += f"\n{plural(fresh, 'record')} new since {self.since}"
        return new_lines, with_new

    def legend(self, color: str, *, members: bool, lines: bool) -> dict[str, Any] | None:
        """Return the legend section saying what is new and since when (None: nothing is)."""
        entries: list[dict[str, Any]] = []
        if members:
            entries.append(
                node_entry(
                    "young person new to this group: thick dark dashed outline",
                    "dot",
                    color,
                    NEW_BORDER,
                    dashed=True,
                    border_width=3,
                )
            )
        if lines:
            entries.append(
                line_entry(
                    "association first recorded since then: the line is labelled “new”",
                    "#444444",
                    mark=NEW_LINE_LABEL,
                )
            )
        if not entries:
            return None
        return {"title": f"New since {self.since}", "entries": entries}


def new_since(change: GroupChange | None, since: str) -> NewSince:
    """Return what is new for one group since ``since``, from its :class:`GroupChange`."""
    if change is None:
        return NewSince(since, frozenset(), frozenset())
    records = change.new_records
    keys: frozenset[tuple[str, ...]] = frozenset()
    if len(records):
        frame = records.loc[:, list(RECORD_COLUMNS)].astype(str)
        keys = frozenset(tuple(row) for row in frame_rows(frame, RECORD_COLUMNS))
    return NewSince(since, frozenset(j.person_id for j in change.joined), keys)


def render_group_diagram(
    dataset: Dataset,
    profile: GroupProfile,
    path: Path,
    *,
    options: DiagramOptions,
    color: str | None = None,
    nav: Nav = (),
    change: GroupChange | None = None,
    baseline: Baseline | None = None,
    story: GroupStory | None = None,
) -> Path:
    """Return ``path`` after writing an offline, marked diagram of one candidate peer group.

    Members are drawn in the group's colour (low-confidence members faded with a dashed
    outline; members whose ties lean to another group marked ``↔`` that group), with young
    people outside the group they are linked to, the contexts two or more members share
    (a shape per kind) and the adults linked to members; trusted adults are green stars and
    protective lines green with a ★. The records of a pair are merged into one line styled by
    type and confidence, whose tooltip lists each record's provenance (never its notes).
    Labels follow ``options.reveal_names``; names are never shown otherwise.

    Parameters
    ----------
    dataset
        The dataset the profile was made from (labels, vocabulary, context kinds).
    profile
        The group's facts, from :func:`cs_peers.analysis.profiles.profile_groups`.
    path
        The HTML file to write; its folder is created if needed.
    options
        Marking, names, layout seed and provenance.
    color
        The group's colour (``#rrggbb``); by default :func:`group_colors` of its id.
    nav
        Links to other pages (index, seeds, contexts), shown under the top marking.
    change
        What changed for the group since ``baseline`` (the last meeting): its new members
        and the lines whose records are all new are drawn distinctly, and said in the legend.
    baseline
        What ``change`` is told against, for the legend ("new since the meeting of …").
    story
        The group's story (:func:`cs_peers.analysis.group_story.group_story`), shown below
        the diagram.

    Raises
    ------
    ValueError
        If ``color`` is not a ``#rrggbb`` colour or the marking is empty.
    """
    scene = group_scene(
        dataset,
        profile,
        options=options,
        color=color,
        nav=nav,
        change=change,
        baseline=baseline,
        story=story,
    )
    return write_scene_page(scene, path, dataset=dataset, options=options)


def group_scene(
    dataset: Dataset,
    profile: GroupProfile,
    *,
    options: DiagramOptions,
    color: str | None = None,
    nav: Nav = (),
    change: GroupChange | None = None,
    baseline: Baseline | None = None,
    story: GroupStory | None = None,
) -> Scene:
    """Return what the diagram of one candidate peer group shows, in any format.

    See :func:`render_group_diagram`; static exports draw the same scene.
    """
    check_options(options)
    group_id = profile.group_id
    color = check_color(color or group_colors([group_id])[group_id], "color")
    vocab = dataset.vocabulary
    labels = dataset.labels(reveal_names=options.reveal_names)
    kind = dict(zip(dataset.people["id"], dataset.people["kind"], strict=True))
    context_kind = dict(zip(dataset.contexts["id"], dataset.contexts["kind"], strict=True))

    members = profile.members
    member_ids = [str(m) for m in members["person_id"].tolist()]
    assoc = profile.associations
    shared = profile.shared_contexts
    shared_ids = [str(c) for c in shared["context_id"].tolist()] if len(shared) else []
    ends = {str(p) for p in assoc["source"].tolist() + assoc["target"].tolist()}
    others = sorted(ends - set(member_ids))
    outside = [p for p in others if kind.get(p) == "young_person"]
    adults = [p for p in others if kind.get(p) == "adult"]
    order = member_ids + outside + adults + shared_ids
    pairs = merge_pairs(assoc, set(order))

    # Spring strength: repeated records pull a pair closer. Type weights are not used: a weight
    # of 0 (a trusted adult) would let the adult drift off the picture.
    spring = [(p.a, p.b, 1.0 + math.log(len(p.records))) for p in pairs]
    sizes = {k: 16.0 for k in member_ids} | {k: 20.0 for k in adults + shared_ids}
    room = [label_room(labels.get(k, k), sizes.get(k, 10.0)) for k in order]
    canvas = Canvas(
        new_network(),
        {key: f"n{i}" for i, key in enumerate(order)},
        focus_positions(order, spring, set(member_ids), seed=options.seed, room=room),
    )
    records_of: dict[str, int] = dict.fromkeys(order, 0)
    types_of: dict[str, set[str]] = {a: set() for a in adults}
    for p in pairs:
        for end in (p.a, p.b):
            records_of[end] += len(p.records)
            if end in types_of:
                types_of[end].update(r[2] for r in p.records)

    fresh = new_since(change, since_words(baseline))
    entries = [node_entry(f"young person in candidate group {group_id}", "dot", color, color)]
    for person, confidence, bridge in zip(
        member_ids, members["confidence"].tolist(), members["bridge_to"].tolist(), strict=True
    ):
        label = labels.get(person, person)
        shown, node = member_node(
            label,
            group_id,
            color,
            float(confidence),
            str(bridge),
            size=16,
            notes=(f"{plural(records_of[person], 'record')} drawn on this diagram",),
        )
        canvas.add(person, shown, **fresh.mark_member(person, node))
    low_count = int(members["low_confidence"].sum())
    if low_count:
        entries.append(low_confidence_entry(color, color))
    if any(members["bridge_to"].astype(bool)):
        entries.append(bridge_entry())
    for person in outside:
        label = labels.get(person, person)
        canvas.add(
            person,
            label,
            shape="dot",
            size=10,
            color=node_color("#d9d9d9", OUTSIDE_GREY),
            title=f"{label} — young person outside this candidate group\n"
            f"{plural(records_of[person], 'record')} with members",
        )
    if outside:
        entries.append(
            node_entry("young person outside this group", "dot", "#d9d9d9", OUTSIDE_GREY)
        )
    entries += add_adults(canvas, adults, types_of, labels, vocab)
    entries += add_contexts(canvas, profile, labels, context_kind)
    drawn_types = add_lines(canvas.net, pairs, canvas.node_id, labels, vocab)
    new_lines, _ = fresh.mark_lines(canvas.net, pairs)
    middle = [{"title": "People and places", "entries": entries}]
    what_is_new = fresh.legend(
        color, members=bool(fresh.members & set(member_ids)), lines=bool(new_lines)
    )
    if what_is_new is not None:
        middle.insert(0, what_is_new)

    legend = lines_legend(
        vocab,
        present={str(t) for t in assoc["type"].tolist()},
        drawn_types=drawn_types,
        middle=middle,
    )
    member_set = set(member_ids)
    within = sum(1 for p in pairs if p.a in member_set and p.b in member_set)
    possible = len(member_ids) * (len(member_ids) - 1) // 2
    first, last = profile.date_span
    summary = [
        young_people(len(member_ids)),
        f"{within} of {possible} pairs linked by a record",
        f"records within the group observed {first} to {last}" if first else "undated records",
        plural(len(shared_ids), "shared context"),
        plural(len(adults), "linked adult"),
    ]
    if low_count:
        summary.append(f"{low_count} low-confidence {'member' if low_count == 1 else 'members'}")
    return Scene(
        kind="group",
        title=f"Candidate peer group {group_id}",
        summary=summary,
        caveat=CAVEAT,
        network=canvas.net,
        legend=legend,
        strengths=strengths(profile, labels),
        provenance={"group": group_id},
        nav=nav,
        story=story,
    )
