"""The diagram of one candidate peer group: its members, who and what they are linked to."""

from __future__ import annotations

import math
from pathlib import Path

from cs_peers.analysis.group_story import GroupStory, since_words
from cs_peers.analysis.meetings import Baseline, GroupChange
from cs_peers.analysis.profiles import GroupProfile
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.diagrams.group_parts import add_adults, add_contexts, strengths
from cs_peers.outputs.diagrams.layout import focus_positions
from cs_peers.outputs.diagrams.legend import (
    bridge_entry,
    lines_legend,
    low_confidence_entry,
    node_entry,
)
from cs_peers.outputs.diagrams.new_since import new_since
from cs_peers.outputs.diagrams.nodes import Canvas, label_room, member_node
from cs_peers.outputs.diagrams.options import (
    OUTSIDE_GREY,
    DiagramOptions,
    check_color,
    check_options,
    group_colors,
    node_color,
)
from cs_peers.outputs.diagrams.page import Nav, new_network
from cs_peers.outputs.diagrams.records import add_lines, merge_pairs
from cs_peers.outputs.diagrams.scene import Scene, write_scene_page
from cs_peers.outputs.diagrams.wording import CAVEAT, plural, young_people

__all__ = ["group_scene", "render_group_diagram"]


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
