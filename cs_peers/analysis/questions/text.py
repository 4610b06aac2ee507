"""Answers to questions as readable text: marked, labelled, every link with its provenance."""

from __future__ import annotations

from cs_peers.analysis.provenance import cs_peers_version
from cs_peers.analysis.questions.answers import ConnectAnswer, EgoAnswer, PathAnswer
from cs_peers.analysis.questions.types import Link, Node, Record
from cs_peers.inputs.vocabulary import Vocabulary

__all__ = ["QUESTION_CAVEAT", "answer_text", "describe_node", "record_line"]

QUESTION_CAVEAT = (
    "Recorded associations, not findings: each link shows what an agency recorded, when and how "
    "surely — not behaviour, closeness, influence or risk."
)
_KIND_WORDS = {
    "young_person": "young person",
    "adult": "adult",
    "school": "school",
    "location": "place",
    "online": "online space",
    "other": "other context",
}
# Categories whose records have a direction worth saying (who protects, who is of concern).
_DIRECTED = ("protective", "concern")


def describe_node(node: Node, *, kind: bool = False) -> str:
    """Return how a node is named: its label, with its id when they differ (and its kind).

    Examples
    --------
    >>> describe_node(Node("YP01", "person", "young_person", "P1"), kind=True)
    'P1 (YP01, young person)'
    >>> describe_node(Node("YP02", "person", "young_person", "YP02"))
    'YP02'
    """
    extra = [node.id] if node.label != node.id else []
    if kind:
        extra.append(_KIND_WORDS.get(node.kind, node.kind))
    return f"{node.label} ({', '.join(extra)})" if extra else node.label


def record_line(record: Record, nodes: dict[str, Node], vocabulary: Vocabulary) -> str:
    """Return one record's provenance on a line: when, what, who recorded it, how sure, ref.

    Examples
    --------
    >>> from cs_peers.inputs.vocabulary import default_vocabulary
    >>> r = Record("2025-03-01", "friend", "R1", "YP01", "YP02", "2025-03-04", "police",
    ...            "high", "")
    >>> record_line(r, {}, default_vocabulary())
    '2025-03-01 (recorded 2025-03-04) · friend · police · high confidence · ref R1'
    """
    when = record.observed_on or "undated"
    if record.recorded_on and record.recorded_on != record.observed_on:
        when += f" (recorded {record.recorded_on})"
    parts = [when, record.type.replace("_", " ")]
    if record.type in vocabulary and vocabulary[record.type].category in _DIRECTED:
        source, target = nodes.get(record.source), nodes.get(record.target)
        parts.append(
            f"{source.label if source else record.source} → "
            f"{target.label if target else record.target}"
        )
    parts.append(record.source_agency.replace("_", " ") or "agency not recorded")
    parts.append(f"{record.confidence or 'medium'} confidence")
    if record.grading:
        parts.append(f"grading {record.grading}")
    parts.append(f"ref {record.reference}" if record.reference else "no reference")
    return " · ".join(parts)


def _links(links: tuple[Link, ...], nodes: dict[str, Node], vocabulary: Vocabulary) -> list[str]:
    records = sum(len(link.records) for link in links)
    lines = [f"Links ({_count(len(links), 'pair')}, {_count(records, 'record')}):"]
    for link in links:
        a, b = nodes[link.a], nodes[link.b]
        lines.append(f"  {describe_node(a)} — {describe_node(b)}")
        lines += [f"    {record_line(r, nodes, vocabulary)}" for r in link.records]
    return lines


def _count(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _ego(answer: EgoAnswer, vocabulary: Vocabulary) -> list[str]:
    nodes = {n.id: n for n, _ in answer.distances}
    lines = [
        f"Ego network of {describe_node(answer.person, kind=True)}: within "
        f"{_count(answer.depth, 'association')}; {answer.filters.describe()}",
        f"Data: {answer.source}. Method: breadth-first search.",
        "",
    ]
    for level in range(1, answer.depth + 1):
        here = [n for n, d in answer.distances if d == level]
        away = f"{_count(level, 'association')} away ({len(here)})"
        shown = ", ".join(describe_node(n, kind=True) for n in here)
        lines.append(f"{away}: {shown or 'nobody and nothing recorded'}")
    lines.append("")
    if answer.links:
        lines += _links(answer.links, nodes, vocabulary)
    else:
        lines.append(f"No association of {answer.person.label} is recorded with these filters.")
    return lines


def _path(answer: PathAnswer, vocabulary: Vocabulary) -> list[str]:
    a, b = describe_node(answer.a, kind=True), describe_node(answer.b, kind=True)
    lines = [
        f"Shortest paths between {a} and {b}: at most "
        f"{_count(answer.filters.max_length, 'association')}; {answer.filters.describe()}",
        f"Data: {answer.source}. Method: every shortest path, in order of their ids.",
        "",
    ]
    if answer.length is None:
        lines.append(
            f"No chain of at most {_count(answer.filters.max_length, 'association')} joins "
            f"{answer.a.label} and {answer.b.label} with these filters."
        )
        return lines
    shown = len(answer.paths)
    lines.append(
        f"{_count(answer.total, 'shortest path')} of {_count(answer.length, 'association')}"
        + (f"; the first {shown} by id are shown" if shown < answer.total else "")
    )
    for i, path in enumerate(answer.paths, start=1):
        lines.append(f"  path {i}: " + " — ".join(describe_node(answer.nodes[n]) for n in path))
    lines += ["", *_links(answer.links, answer.nodes, vocabulary)]
    return lines


def _connect(answer: ConnectAnswer, vocabulary: Vocabulary) -> list[str]:
    asked = {n.id for n in answer.people}
    people = ", ".join(describe_node(n, kind=True) for n in answer.people)
    lines = [
        f"Connecting network of {people}: chains of at most "
        f"{_count(answer.filters.max_length, 'association')}; {answer.filters.describe()}",
        f"Data: {answer.source}. Method: Steiner tree by Kou, Markowitz and Berman (at most twice "
        "the smallest), from the first shortest path by id between each pair.",
        "",
    ]
    between = sorted(n for n in answer.nodes if n not in asked)
    if answer.joined:
        lines.append(
            f"All {len(answer.people)} are joined by {_count(len(answer.links), 'link')}"
            f" through {_count(len(between), 'other person or context', 'others')}"
            + (
                ": " + ", ".join(describe_node(answer.nodes[n], kind=True) for n in between)
                if between
                else ""
            )
        )
    else:
        lines.append(
            f"Not all can be joined with these filters; {_count(len(answer.parts), 'part')}:"
        )
        for part in answer.parts:
            lines.append("  " + ", ".join(describe_node(answer.nodes[n]) for n in part))
        if between:
            lines.append(
                "Through: " + ", ".join(describe_node(answer.nodes[n], kind=True) for n in between)
            )
    if answer.links:
        lines += ["", *_links(answer.links, answer.nodes, vocabulary)]
    return lines


def answer_text(
    answer: EgoAnswer | PathAnswer | ConnectAnswer, vocabulary: Vocabulary, *, marking: str
) -> str:
    """Return the answer as text between two protective markings, with the caveat.

    Examples
    --------
    >>> from cs_peers.analysis.questions.answers import EmbeddedSource
    >>> from cs_peers.analysis.questions.answers import ego_network
    >>> from cs_peers.inputs.sample.generate import borough_dataset
    >>> dataset = borough_dataset()
    >>> text = answer_text(ego_network(EmbeddedSource(dataset), "YP001"), dataset.vocabulary,
    ...                    marking="OFFICIAL-SENSITIVE")
    >>> text.splitlines()[0], text.splitlines()[-1]
    ('OFFICIAL-SENSITIVE', 'OFFICIAL-SENSITIVE')
    """
    if isinstance(answer, EgoAnswer):
        body = _ego(answer, vocabulary)
    elif isinstance(answer, PathAnswer):
        body = _path(answer, vocabulary)
    else:
        body = _connect(answer, vocabulary)
    return "\n".join(
        [marking, *body, "", QUESTION_CAVEAT, f"cs-peers {cs_peers_version()}", marking]
    )
