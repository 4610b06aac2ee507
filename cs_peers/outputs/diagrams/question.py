"""The diagram of an answer to a question: an ego network, shortest paths, a connecting network.

Drawn with the group diagrams' own parts (lines merged per pair with each record in the
tooltip, adults by what is recorded, contexts by kind, strengths listed first), so the same
things look the same on every page. The people asked about are drawn large and outlined.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cs_peers.analysis.provenance import shown_source
from cs_peers.analysis.questions.answers import ConnectAnswer, EgoAnswer, PathAnswer
from cs_peers.analysis.questions.text import QUESTION_CAVEAT, describe_node, record_line
from cs_peers.analysis.questions.types import Link, Node, Record
from cs_peers.inputs.dataset import Dataset
from cs_peers.inputs.vocabulary import Vocabulary
from cs_peers.outputs.diagrams._layout import focus_positions, force_positions
from cs_peers.outputs.diagrams._page import new_network, write_page
from cs_peers.outputs.diagrams.options import (
    CONTEXT_BORDER,
    CONTEXT_FILL,
    OUTSIDE_GREY,
    DiagramOptions,
    category_color,
    check_options,
    node_color,
)
from cs_peers.outputs.diagrams.records import Pair, add_lines
from cs_peers.outputs.diagrams.styles import Canvas, adult_style, lines_legend, node_entry

__all__ = ["render_question_diagram"]

_ASKED = "#332288"
_PERSON_FILL = "#bcd3ee"
_CONTEXT_SHAPES = {"school": "square", "location": "triangle", "online": "hexagon"}
# Above this many nodes the networkx spring layout is too slow; igraph's grid variant is used.
_SPRING_UP_TO = 300


def _footer_dataset(vocabulary: Vocabulary, source: str) -> Dataset:
    """Return an empty dataset naming where an answer came from, for the page's footer."""
    empty = pd.DataFrame()
    return Dataset(
        people=empty,
        contexts=empty,
        associations=empty,
        vocabulary=vocabulary,
        source=source,
        fingerprint="not computed (answered by the database)",
        selection="all associations in the database",
    )


def _tuple(record: Record) -> tuple[str, ...]:
    """Return a record in the column order the diagram lines read."""
    return (
        record.source,
        record.target,
        record.type,
        record.observed_on,
        record.recorded_on,
        record.source_agency,
        record.confidence,
        record.grading,
        record.reference,
    )


def _positions(
    order: list[str], pairs: list[Pair], focus: set[str], seed: int
) -> dict[str, tuple[int, int]]:
    spring = [(p.a, p.b, 1.0 + math.log(len(p.records))) for p in pairs]
    if len(order) <= _SPRING_UP_TO:
        return focus_positions(order, spring, focus, seed=seed)
    index = {n: i for i, n in enumerate(order)}
    edges = np.array([(index[a], index[b]) for a, b, _ in spring], dtype=np.int64)
    pos = force_positions(len(order), edges, seed=seed) * 45.0 * math.sqrt(len(order))
    return {n: (round(float(x)), round(float(y))) for n, (x, y) in zip(order, pos, strict=True)}


def _what(answer: EgoAnswer | PathAnswer | ConnectAnswer) -> tuple[str, list[str], set[str]]:
    """Return the title, summary lines and asked-about ids of an answer."""
    if isinstance(answer, EgoAnswer):
        return (
            f"Ego network of {answer.person.label}",
            [
                f"within {answer.depth} association{'s' * (answer.depth != 1)}",
                f"{len(answer.distances) - 1} people and contexts",
                answer.filters.describe(),
            ],
            {answer.person.id},
        )
    if isinstance(answer, PathAnswer):
        found = (
            f"{answer.total} shortest path{'s' * (answer.total != 1)} of {answer.length} "
            f"association{'s' * (answer.length != 1)}"
            + (
                f"; the first {len(answer.paths)} by id drawn"
                if len(answer.paths) < answer.total
                else ""
            )
            if answer.length is not None
            else f"no chain of at most {answer.filters.max_length} associations"
        )
        return (
            f"Shortest paths between {answer.a.label} and {answer.b.label}",
            [found, answer.filters.describe()],
            {answer.a.id, answer.b.id},
        )
    return (
        "Connecting network of " + ", ".join(n.label for n in answer.people),
        [
            "all joined" if answer.joined else f"{len(answer.parts)} parts that cannot be joined",
            f"{len(answer.links)} link{'s' * (len(answer.links) != 1)}",
            answer.filters.describe(),
        ],
        {n.id for n in answer.people},
    )


def _nodes(answer: EgoAnswer | PathAnswer | ConnectAnswer) -> dict[str, Node]:
    if isinstance(answer, EgoAnswer):
        return {n.id: n for n, _ in answer.distances}
    return answer.nodes


def render_question_diagram(
    answer: EgoAnswer | PathAnswer | ConnectAnswer,
    path: Path,
    *,
    vocabulary: Vocabulary,
    options: DiagramOptions,
    dataset: Dataset | None = None,
) -> Path:
    """Return ``path`` after writing an offline, marked diagram of an answer.

    ``dataset`` is the data the answer came from, for the footer's fingerprint; without it
    (an answer from Neo4j) the footer names the database instead.

    Raises
    ------
    ValueError
        If the marking is empty.
    """
    check_options(options)
    title, summary, asked = _what(answer)
    nodes = _nodes(answer)
    links: tuple[Link, ...] = answer.links
    order = sorted(nodes, key=lambda n: (n not in asked, n))
    pairs = [Pair(link.a, link.b, [_tuple(r) for r in link.records]) for link in links]
    canvas = Canvas(
        new_network(),
        {key: f"n{i}" for i, key in enumerate(order)},
        _positions(order, pairs, asked, options.seed),
    )
    types_of: dict[str, set[str]] = {n: set() for n in nodes}
    for link in links:
        for r in link.records:
            types_of[link.a].add(r.type)
            types_of[link.b].add(r.type)
    protective = category_color(vocabulary, "protective")
    concern = category_color(vocabulary, "concern")
    entries = [node_entry("asked about", "dot", _ASKED, "#000000", border_width=3)]
    shown_kinds: set[str] = set()
    for key in order:
        node = nodes[key]
        title_text = describe_node(node, kind=True)
        if key in asked:
            canvas.add(
                key,
                node.label,
                shape="dot",
                size=20,
                borderWidth=3,
                color=node_color(_ASKED, "#000000"),
                title=title_text,
            )
        elif node.node_type == "context":
            shown_kinds.add("context")
            canvas.add(
                key,
                node.label,
                shape=_CONTEXT_SHAPES.get(node.kind, "triangleDown"),
                size=15,
                color=node_color(CONTEXT_FILL, CONTEXT_BORDER),
                title=title_text,
            )
        elif node.kind == "adult":
            kind, style = adult_style(
                {vocabulary[t].category for t in types_of[key] if t in vocabulary},
                protective,
                concern,
            )
            shown_kinds.add(f"adult-{kind}")
            canvas.add(key, node.label, title=title_text, **style)
        else:
            shown_kinds.add("young")
            canvas.add(
                key,
                node.label,
                shape="dot",
                size=12,
                color=node_color(_PERSON_FILL, OUTSIDE_GREY),
                title=title_text,
            )
    entries += _entries(shown_kinds)
    drawn_types = add_lines(
        canvas.net, pairs, canvas.node_id, {k: n.label for k, n in nodes.items()}, vocabulary
    )
    present = {r.type for link in links for r in link.records}
    legend = lines_legend(
        vocabulary,
        present=present,
        drawn_types=drawn_types,
        middle=[{"title": "People and places", "entries": entries}],
    )
    strengths = [
        "★ " + record_line(r, nodes, vocabulary)
        for link in links
        for r in link.records
        if r.type in vocabulary and vocabulary[r.type].category == "protective"
    ] or ["No protective peer or trusted adult is recorded among these links — worth asking."]
    return write_page(
        path,
        kind="question",
        title=title,
        summary=summary,
        caveat=QUESTION_CAVEAT,
        dataset=dataset or _footer_dataset(vocabulary, answer.source),
        options=options,
        network=canvas.net,
        legend=legend,
        strengths=strengths,
        provenance={"data source": shown_source(answer.source), "question": title},
    )


def _entries(kinds: set[str]) -> list[dict[str, Any]]:
    entries = []
    if "young" in kinds:
        entries.append(node_entry("young person", "dot", _PERSON_FILL, OUTSIDE_GREY))
    if "adult-other" in kinds:
        entries.append(node_entry("adult", "diamond", "#e6e6e6", "#6b6b6b"))
    if "adult-concern" in kinds:
        entries.append(node_entry("adult recorded with a concern", "diamond", "#f4d3cf", "#c0392b"))
    if "context" in kinds:
        entries.append(
            node_entry("school, place or online space", "square", CONTEXT_FILL, CONTEXT_BORDER)
        )
    return entries
