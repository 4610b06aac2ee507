"""What a group diagram draws around its members: linked adults, shared contexts, strengths."""

from __future__ import annotations

from typing import Any

from cs_peers.analysis.group_story import strength_lines
from cs_peers.analysis.profiles import GroupProfile
from cs_peers.inputs.vocabulary import Vocabulary
from cs_peers.outputs.diagrams.legend import node_entry
from cs_peers.outputs.diagrams.nodes import CONTEXT_LABEL_LIFT, Canvas, adult_style
from cs_peers.outputs.diagrams.options import (
    ADULT_GREY,
    CONTEXT_BORDER,
    CONTEXT_FILL,
    category_color,
    node_color,
)
from cs_peers.outputs.diagrams.wording import plural, young_people

__all__ = ["add_adults", "add_contexts", "strengths"]

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
