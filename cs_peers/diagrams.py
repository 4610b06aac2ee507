"""Offline network diagrams: one page per candidate peer group and an overview of all groups.

pyvis builds the network (node and edge option dicts for vis-network); the page around it is
ours (``cs_peers/templates/diagram.html``). Why not pyvis' own ``write_html``: its template always
loads Bootstrap from a CDN, and vis-network too unless ``cdn_resources="in_line"`` (its "local"
mode links cdnjs as well). A diagram that fetches anything when opened tells a third party that a
safeguarding diagram was opened, and shows nothing on a laptop with no network. Our template
inlines the vis-network JavaScript and CSS that ship inside the pyvis package, so a page needs
nothing but itself; its Content-Security-Policy forbids any fetch besides.

Positions are computed in Python with a fixed seed (:mod:`cs_peers.layout`) and the browser's
physics is off: the same data draws the same picture at every meeting, and a 1,500-node overview
appears at once instead of after a long simulation. Output is byte-identical for identical input:
nothing time-dependent goes in unless the caller puts it in ``provenance``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd
from markupsafe import Markup
from pyvis.network import Network

from cs_peers.dataset import Dataset
from cs_peers.groups import PeerGroups
from cs_peers.layout import focus_positions, force_positions, packed_positions
from cs_peers.profiles import LOW_CONFIDENCE, GroupProfile, group_summary_table
from cs_peers.provenance import cs_peers_version
from cs_peers.vocabulary import AssociationType, Vocabulary

__all__ = [
    "CAVEAT",
    "GROUP_PALETTE",
    "DiagramOptions",
    "group_colors",
    "render_group_diagram",
    "render_overview",
]

# Paul Tol's "muted" qualitative scheme, which stays distinguishable with the common colour
# vision deficiencies, without its green and olive: green means "protective" on these diagrams.
GROUP_PALETTE = (
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#AA4499",
)
CAVEAT = (
    "A candidate peer group for practitioners to check, not a finding. Positions and lines show "
    "what agencies recorded, when and how surely — not behaviour, importance or risk."
)
_OVERVIEW_CAVEAT = (
    "Candidate peer groups for practitioners to check, not findings. Positions, sizes and lines "
    "show what agencies recorded, when and how surely — not behaviour, importance or risk."
)
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_TRAILING_NUMBER = re.compile(r"(\d{1,9})$")
_FONT = "system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, Arial, sans-serif"
_PROTECTIVE_DEFAULT = "#1b8a4b"
_CONCERN_DEFAULT = "#c0392b"
_OUTSIDE_GREY = "#9a9a9a"
_ADULT_GREY = "#6b6b6b"
_CONTEXT_FILL = "#efe9c9"
_CONTEXT_BORDER = "#8a7d2f"
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
# The line a pair is drawn with is its most telling type: strengths first, so a protective
# tie is never hidden under an ordinary one; the tooltip lists every record anyway.
_CATEGORY_PRIORITY = {"protective": 0, "concern": 1, "peer": 2, "family": 3, "context": 4}
_CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}
# (opacity, width factor) of a line by the best confidence among its records.
_CONFIDENCE_STYLE = {"high": (1.0, 1.0), "medium": (0.8, 0.85), "low": (0.4, 0.6)}
# Categories whose records have a direction worth an arrow (who protects / who is of concern).
_DIRECTED_CATEGORIES = ("protective", "concern")
_MAX_RECORD_LINES = 25
_MAX_LEGEND_GROUPS = 40


@dataclass(frozen=True)
class DiagramOptions:
    """How diagrams are drawn and marked.

    ``provenance`` is shown in each page's footer (data fingerprint, algorithm, parameters,
    seed, version, …) in the given order; nothing time-dependent is added to it, so put a
    generation time in it to stamp one.
    """

    marking: str = "OFFICIAL-SENSITIVE"
    reveal_names: bool = False
    seed: int = 0
    provenance: dict[str, str] = field(default_factory=dict)


def group_colors(group_ids: list[str]) -> dict[str, str]:
    """Return a colour per group id from a colour-blind-safe palette, the same for the same id.

    The colour depends on the id alone, so a group keeps its colour from one run, and one
    meeting, to the next. Ids ending in a number (``G7``, ``PG-0007``) take the palette in
    number order, so neighbouring numbers never share a colour; other ids use a hash of the id
    (SHA-256, not Python's salted ``hash``). Colours repeat after
    ``len(GROUP_PALETTE)`` groups; ids are always written next to them.

    Examples
    --------
    >>> colors = group_colors(["G1", "G2"])
    >>> colors["G1"] == group_colors(["G1"])["G1"] and colors["G1"] != colors["G2"]
    True
    """
    result = {}
    for group_id in group_ids:
        number = _TRAILING_NUMBER.search(str(group_id))
        if number:
            index = int(number.group(1)) - 1
        else:
            digest = hashlib.sha256(str(group_id).encode("utf-8")).digest()
            index = int.from_bytes(digest[:4], "big")
        result[group_id] = GROUP_PALETTE[index % len(GROUP_PALETTE)]
    return result


# ---------------------------------------------------------------------------------------------
# Small helpers


def _check_color(color: str, what: str) -> str:
    if not _HEX.match(color):
        raise ValueError(f"{what} {color!r} must look like '#3566a8'")
    return color


def _check_options(options: DiagramOptions) -> None:
    if not options.marking.strip():
        raise ValueError("marking must not be empty: every diagram carries a protective marking")


def _rgba(color: str, alpha: float) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _category_color(vocab: Vocabulary, category: str, default: str) -> str:
    for t in vocab.types.values():
        if t.category == category:
            return t.color
    return default


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _node_color(fill: str, border: str) -> dict[str, Any]:
    return {
        "background": fill,
        "border": border,
        "highlight": {"background": fill, "border": "#000000"},
        "hover": {"background": fill, "border": "#000000"},
    }


@dataclass
class _Pair:
    """All records between two drawn nodes, merged into one line."""

    a: str
    b: str
    records: list[tuple[str, ...]] = field(default_factory=list)


_RECORD_COLUMNS = (
    "source",
    "target",
    "type",
    "observed_on",
    "recorded_on",
    "source_agency",
    "confidence",
    "grading",
    "reference",
)


def _pairs(records: pd.DataFrame, drawn: set[str]) -> list[_Pair]:
    """Return the records between drawn nodes merged per unordered pair, in a stable order.

    Only provenance columns are read: ``notes`` never reaches a diagram.
    """
    frame = records.loc[:, list(_RECORD_COLUMNS)].astype(str)
    keep = frame["source"].isin(drawn) & frame["target"].isin(drawn)
    frame = frame[keep & (frame["source"] != frame["target"])]
    frame = frame.sort_values(["observed_on", "type", "reference", "source", "target"])
    merged: dict[tuple[str, str], _Pair] = {}
    for row in zip(*(frame[c].tolist() for c in _RECORD_COLUMNS), strict=True):
        a, b = sorted((row[0], row[1]))
        pair = merged.get((a, b))
        if pair is None:
            pair = merged[(a, b)] = _Pair(a, b)
        pair.records.append(tuple(row))
    return [merged[k] for k in sorted(merged)]


def _record_line(record: tuple[str, ...], labels: dict[str, str], vocab: Vocabulary) -> str:
    source, target, type_, observed, recorded, agency, confidence, grading, reference = record
    when = observed or "undated"
    if recorded and recorded != observed:
        when += f" (recorded {recorded})"
    parts = [when, type_.replace("_", " ")]
    if vocab[type_].category in _DIRECTED_CATEGORIES:
        parts.append(f"{labels.get(source, source)} → {labels.get(target, target)}")
    parts.append(agency.replace("_", " ") if agency else "agency not recorded")
    parts.append(f"{confidence or 'medium'} confidence")
    if grading:
        parts.append(f"grading {grading}")
    parts.append(f"ref {reference}" if reference else "no reference")
    return " · ".join(parts)


def _dominant(pair: _Pair, vocab: Vocabulary) -> AssociationType:
    counts: dict[str, int] = {}
    for record in pair.records:
        counts[record[2]] = counts.get(record[2], 0) + 1
    best = min(
        counts,
        key=lambda t: (_CATEGORY_PRIORITY.get(vocab[t].category, 9), -counts[t], t),
    )
    return vocab[best]


def _edge_options(
    pair: _Pair, node_id: dict[str, str], labels: dict[str, str], vocab: Vocabulary
) -> tuple[str, str, dict[str, Any]]:
    """Return (from, to, vis options) for one merged pair."""
    shown = _dominant(pair, vocab)
    confidence = min(
        (r[6] or "medium" for r in pair.records), key=lambda c: _CONFIDENCE_RANK.get(c, 1)
    )
    opacity, factor = _CONFIDENCE_STYLE.get(confidence, _CONFIDENCE_STYLE["medium"])
    repeats = min(len(pair.records) - 1, 4)
    source, target = pair.a, pair.b
    arrows: dict[str, Any] = {"to": {"enabled": False}}
    if shown.category in _DIRECTED_CATEGORIES:
        directions = {(r[0], r[1]) for r in pair.records if r[2] == shown.name}
        if directions == {(pair.b, pair.a)}:
            source, target = pair.b, pair.a
        arrows = {"to": {"enabled": True, "scaleFactor": 0.7}}
        if len(directions) > 1:
            arrows["from"] = {"enabled": True, "scaleFactor": 0.7}
    lines = [
        f"{labels.get(source, source)} — {labels.get(target, target)}",
        f"{_plural(len(pair.records), 'record')}; best confidence {confidence}; "
        f"drawn as {shown.name.replace('_', ' ')} ({shown.description})",
    ]
    lines += [_record_line(r, labels, vocab) for r in pair.records[:_MAX_RECORD_LINES]]
    if len(pair.records) > _MAX_RECORD_LINES:
        lines.append(f"… and {len(pair.records) - _MAX_RECORD_LINES} more records")
    options: dict[str, Any] = {
        "color": {
            "color": shown.color,
            "highlight": shown.color,
            "hover": shown.color,
            "opacity": opacity,
        },
        "dashes": shown.dashes,
        "width": round(shown.width * factor + 0.6 * repeats, 2),
        "title": "\n".join(lines),
        "arrows": arrows,
    }
    if shown.category == "protective":
        options["label"] = "★"
        options["font"] = {"color": shown.color, "size": 18, "strokeWidth": 4, "align": "middle"}
    return node_id[source], node_id[target], options


def _new_network() -> Network:
    # directed=True only switches off pyvis' duplicate-edge check, which scans every edge per
    # added edge (quadratic on an overview); pairs are merged before they reach pyvis, and
    # each edge says itself whether it has arrows.
    return Network(directed=True, cdn_resources="local")


def _vis_options(*, large: bool, seed: int) -> dict[str, Any]:
    # Not pyvis' set_options: it strips every space from the JSON (breaking font names).
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1.5,
            "font": {
                "face": _FONT,
                "size": 14,
                "color": "#1d1d1d",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {"smooth": False, "selectionWidth": 1.5, "hoverWidth": 1.0},
    }


# ---------------------------------------------------------------------------------------------
# Legend entries: plain dicts the template draws as small SVG swatches.


def _line_entry(
    text: str,
    color: str,
    *,
    dashes: bool = False,
    width: float = 1.5,
    opacity: float = 1.0,
    star: bool = False,
) -> dict[str, Any]:
    return {
        "kind": "line",
        "text": text,
        "color": color,
        "dashes": dashes,
        "width": min(width, 5.0),
        "opacity": opacity,
        "star": star,
    }


def _node_entry(
    text: str,
    shape: str,
    fill: str,
    border: str,
    *,
    dashed: bool = False,
    border_width: float = 1.5,
) -> dict[str, Any]:
    return {
        "kind": "node",
        "text": text,
        "shape": shape,
        "fill": fill,
        "border": border,
        "dashed": dashed,
        "border_width": border_width,
    }


def _type_entries(types: Iterable[str], vocab: Vocabulary) -> list[dict[str, Any]]:
    entries = []
    for name in sorted(set(types), key=lambda n: (list(vocab.types).index(n), n)):
        t = vocab[name]
        entries.append(
            _line_entry(
                f"{name.replace('_', ' ')} — {t.description}",
                t.color,
                dashes=t.dashes,
                width=t.width,
                star=t.category == "protective",
            )
        )
    return entries


def _protective_entries(
    vocab: Vocabulary, present: set[str], *, adults_drawn: bool = True
) -> list[dict[str, Any]]:
    """Return legend entries for every protective type, noting those absent from this page.

    Strengths are listed even when none is recorded: "no protective peer recorded" is itself
    something a meeting should see.
    """
    entries: list[dict[str, Any]] = []
    for name in vocab.names(category="protective"):
        t = vocab[name]
        words = f"{name.replace('_', ' ')} — {t.description}"
        if t.between == "adult_and_young_person":
            words = f"{name.replace('_', ' ')} (star; green line with ★) — {t.description}"
            if not adults_drawn:
                words += " (drawn on each group's own diagram)"
            elif name not in present:
                words += " (none recorded here)"
            entries.append(_node_entry(words, "star", t.color, t.color, border_width=2))
        else:
            if name not in present:
                words += " (none recorded here)"
            entries.append(_line_entry(f"★ {words}", t.color, width=t.width, star=True))
    return entries


def _confidence_entries() -> list[dict[str, Any]]:
    return [
        _line_entry(
            f"{level} confidence{' — thinner, faded' if level == 'low' else ''}",
            "#444444",
            width=2.5 * _CONFIDENCE_STYLE[level][1],
            opacity=_CONFIDENCE_STYLE[level][0],
        )
        for level in ("high", "medium", "low")
    ] + [
        {
            "kind": "text",
            "text": "A line merges every record of a pair: thicker for repeated records; "
            "point at it to see each record (date, type, agency, confidence, reference).",
        }
    ]


# ---------------------------------------------------------------------------------------------
# The page


@cache
def _vis_assets() -> tuple[str, str]:
    """Return the vis-network JavaScript and CSS shipped inside the pyvis package."""
    lib = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2")
    js = lib.joinpath("vis-network.min.js").read_text("utf-8")
    css = lib.joinpath("vis-network.css").read_text("utf-8")
    # Neither file contains these today; the replacements keep a future copy from ending the
    # inline <script>/<style> element early.
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


@cache
def _template() -> jinja2.Template:
    text = resources.files("cs_peers").joinpath("templates", "diagram.html").read_text("utf-8")
    env = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    return env.from_string(text)


def _script_json(data: Any) -> str:
    """Return ``data`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where their ``\\u`` escapes mean the
    same: a label such as ``</script><script>…`` cannot end the element.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def _provenance(
    dataset: Dataset, options: DiagramOptions, extra: dict[str, str]
) -> list[tuple[str, str]]:
    items = dict(options.provenance)
    defaults = {
        "data fingerprint": dataset.fingerprint,
        "selection": dataset.selection,
        **extra,
        "layout": f"seeded force-directed layout computed in Python (seed {options.seed}); "
        "browser physics off",
        "names": "shown (explicitly requested)" if options.reveal_names else "hidden; labels only",
        "cs-peers version": cs_peers_version(),
    }
    for key, value in defaults.items():
        items.setdefault(key, value)
    return [(str(k), str(v)) for k, v in items.items()]


def _write_page(
    path: Path,
    *,
    kind: str,
    title: str,
    summary: list[str],
    caveat: str,
    options: DiagramOptions,
    network: Network,
    vis_options: dict[str, Any],
    legend: list[dict[str, Any]],
    strengths: list[str] | None,
    provenance: list[tuple[str, str]],
) -> Path:
    js, css = _vis_assets()
    payload = {"nodes": network.nodes, "edges": network.edges, "options": vis_options}
    html = _template().render(
        kind=kind,
        title=title,
        summary=summary,
        caveat=caveat,
        marking=options.marking,
        legend=legend,
        strengths=strengths,
        provenance=provenance,
        node_count=len(network.nodes),
        edge_count=len(network.edges),
        data_json=Markup(_script_json(payload)),
        vis_js=Markup(js),
        vis_css=Markup(css),
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Bytes, not text mode: no platform newline translation, so equal input gives equal files.
    path.write_bytes(html.encode("utf-8"))
    return path


# ---------------------------------------------------------------------------------------------
# Nodes


@dataclass
class _Canvas:
    """A pyvis network being filled, with each drawn id's opaque node id and position."""

    net: Network
    node_id: dict[str, str]
    positions: dict[str, tuple[int, int]]

    def add(self, key: str, label: str, **options: Any) -> None:
        x, y = self.positions[key]
        self.net.add_node(self.node_id[key], label=label, x=x, y=y, **options)


def _member_node(
    label: str,
    group_id: str,
    color: str,
    confidence: float,
    bridge: str,
    *,
    size: float,
    ring: str | None = None,
    notes: tuple[str, ...] = (),
) -> tuple[str, dict[str, Any]]:
    """Return the shown label and vis options of a young person in a candidate group.

    Low-confidence members are faded with a dashed outline; a member whose ties lean to another
    group carries ``↔`` and that group under their label; ``ring`` colours the outline.
    """
    title = [
        f"{label} — young person, candidate group {group_id}",
        f"placed with this group in {round(confidence * 100)}% of detection runs",
    ]
    border = ring or color
    node: dict[str, Any] = {
        "shape": "dot",
        "size": size,
        "borderWidth": 3.0 if ring else 2.0,
        "color": _node_color(color, border),
    }
    if confidence < LOW_CONFIDENCE:
        title.append("low confidence: check whether they belong with this group")
        node["color"] = _node_color(_rgba(color, 0.3), border)
        node["shapeProperties"] = {"borderDashes": [5, 4]}
        node["borderWidth"] = max(node["borderWidth"], 2.5)
    shown = label
    if bridge:
        shown = f"{label}\n↔ {bridge}"
        title.append(f"many recorded ties also lead to candidate group {bridge}")
    node["title"] = "\n".join([*title, *notes])
    return shown, node


def _low_confidence_entry(color: str, border: str) -> dict[str, Any]:
    return _node_entry(
        f"low confidence (with the group in fewer than {round(LOW_CONFIDENCE * 100)}% of runs): "
        "faded, dashed outline",
        "dot",
        _rgba(color, 0.3),
        border,
        dashed=True,
    )


def _adult_style(
    categories: set[str], protective_color: str, concern_color: str
) -> tuple[str, dict[str, Any]]:
    """Return the kind of an adult (protective, concern, other) and their vis options."""
    if "protective" in categories:
        # A strength: a larger green star, so that it is among the first things noticed.
        border = concern_color if "concern" in categories else protective_color
        return "protective", {
            "shape": "star",
            "size": 20,
            "borderWidth": 2,
            "color": _node_color(protective_color, border),
        }
    if "concern" in categories:
        return "concern", {
            "shape": "diamond",
            "size": 14,
            "borderWidth": 2,
            "color": _node_color("#f4d3cf", concern_color),
        }
    return "other", {"shape": "diamond", "size": 14, "color": _node_color("#e6e6e6", _ADULT_GREY)}


# ---------------------------------------------------------------------------------------------
# One group


def render_group_diagram(
    dataset: Dataset,
    profile: GroupProfile,
    path: Path,
    *,
    options: DiagramOptions,
    color: str | None = None,
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
        The group's facts, from :func:`cs_peers.profiles.profile_groups`.
    path
        The HTML file to write; its folder is created if needed.
    options
        Marking, names, layout seed and provenance.
    color
        The group's colour (``#rrggbb``); by default :func:`group_colors` of its id.

    Raises
    ------
    ValueError
        If ``color`` is not a ``#rrggbb`` colour or the marking is empty.
    """
    _check_options(options)
    group_id = profile.group_id
    color = _check_color(color or group_colors([group_id])[group_id], "color")
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
    pairs = _pairs(assoc, set(order))

    # Spring strength: repeated records pull a pair closer. Type weights are not used: a weight
    # of 0 (a trusted adult) would let the adult drift off the picture.
    spring = [(p.a, p.b, 1.0 + math.log(len(p.records))) for p in pairs]
    canvas = _Canvas(
        _new_network(),
        {key: f"n{i}" for i, key in enumerate(order)},
        focus_positions(order, spring, set(member_ids), seed=options.seed),
    )
    records_of: dict[str, int] = dict.fromkeys(order, 0)
    types_of: dict[str, set[str]] = {a: set() for a in adults}
    for p in pairs:
        for end in (p.a, p.b):
            records_of[end] += len(p.records)
            if end in types_of:
                types_of[end].update(r[2] for r in p.records)

    entries = [_node_entry(f"young person in candidate group {group_id}", "dot", color, color)]
    for person, confidence, bridge in zip(
        member_ids, members["confidence"].tolist(), members["bridge_to"].tolist(), strict=True
    ):
        label = labels.get(person, person)
        shown, node = _member_node(
            label,
            group_id,
            color,
            float(confidence),
            str(bridge),
            size=16,
            notes=(f"{_plural(records_of[person], 'record')} drawn on this diagram",),
        )
        canvas.add(person, shown, **node)
    low_count = int(members["low_confidence"].sum())
    if low_count:
        entries.append(_low_confidence_entry(color, color))
    if any(members["bridge_to"].astype(bool)):
        entries.append({"kind": "text", "text": "↔ G2: many of their ties also lead to group G2"})
    for person in outside:
        label = labels.get(person, person)
        canvas.add(
            person,
            label,
            shape="dot",
            size=10,
            color=_node_color("#d9d9d9", _OUTSIDE_GREY),
            title=f"{label} — young person outside this candidate group\n"
            f"{_plural(records_of[person], 'record')} with members",
        )
    if outside:
        entries.append(
            _node_entry("young person outside this group", "dot", "#d9d9d9", _OUTSIDE_GREY)
        )
    entries += _add_adults(canvas, adults, types_of, labels, vocab)
    entries += _add_contexts(canvas, profile, labels, context_kind)
    drawn_types = set()
    for p in pairs:
        source, target, edge = _edge_options(p, canvas.node_id, labels, vocab)
        drawn_types.add(_dominant(p, vocab).name)
        canvas.net.add_edge(source, target, **edge)

    protective_types = set(vocab.names(category="protective"))
    present = {str(t) for t in assoc["type"].tolist()} & protective_types
    legend = [
        {"title": "How strengths are drawn", "entries": _protective_entries(vocab, present)},
        {"title": "People and places", "entries": entries},
        {
            "title": "Recorded associations",
            "entries": _type_entries(drawn_types - protective_types, vocab),
        },
        {"title": "Confidence", "entries": _confidence_entries()},
    ]
    member_set = set(member_ids)
    within = sum(1 for p in pairs if p.a in member_set and p.b in member_set)
    possible = len(member_ids) * (len(member_ids) - 1) // 2
    first, last = profile.date_span
    summary = [
        _plural(len(member_ids), "young person", "young people"),
        f"{within} of {possible} pairs linked by a record",
        f"records within the group observed {first} to {last}" if first else "undated records",
        _plural(len(shared_ids), "shared context"),
        _plural(len(adults), "linked adult"),
    ]
    if low_count:
        summary.append(f"{low_count} low-confidence {'member' if low_count == 1 else 'members'}")
    return _write_page(
        path,
        kind="group",
        title=f"Candidate peer group {group_id}",
        summary=summary,
        caveat=CAVEAT,
        options=options,
        network=canvas.net,
        vis_options=_vis_options(large=len(order) > 300, seed=options.seed),
        legend=legend,
        strengths=_strengths(profile, labels, vocab),
        provenance=_provenance(dataset, options, {"group": group_id}),
    )


def _add_adults(
    canvas: _Canvas,
    adults: list[str],
    types_of: dict[str, set[str]],
    labels: dict[str, str],
    vocab: Vocabulary,
) -> list[dict[str, Any]]:
    """Draw the adults linked to members; return their legend entries."""
    protective_color = _category_color(vocab, "protective", _PROTECTIVE_DEFAULT)
    concern_color = _category_color(vocab, "concern", _CONCERN_DEFAULT)
    kinds = set()
    for person in adults:
        label = labels.get(person, person)
        types = types_of[person]
        adult_kind, node = _adult_style(
            {vocab[t].category for t in types}, protective_color, concern_color
        )
        kinds.add(adult_kind)
        words = ", ".join(sorted(t.replace("_", " ") for t in types))
        canvas.add(person, label, title=f"{label} — adult; {words}", **node)
    entries = []
    if "other" in kinds:
        entries.append(_node_entry("adult", "diamond", "#e6e6e6", _ADULT_GREY))
    if "concern" in kinds:
        entries.append(
            _node_entry("adult recorded with a concern", "diamond", "#f4d3cf", concern_color)
        )
    return entries


def _add_contexts(
    canvas: _Canvas, profile: GroupProfile, labels: dict[str, str], context_kind: dict[str, str]
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
            color=_node_color(_CONTEXT_FILL, _CONTEXT_BORDER),
            title=f"{label} — {_CONTEXT_WORDS.get(ck, ck)} shared by "
            f"{_plural(int(members_there), 'member')} of {profile.group_id} ({dates})\n"
            f"{_plural(int(young_there), 'young person', 'young people')} recorded there in all",
        )
    return [
        _node_entry(
            f"{_CONTEXT_WORDS[ck]} used by two or more members",
            _CONTEXT_SHAPES[ck],
            _CONTEXT_FILL,
            _CONTEXT_BORDER,
        )
        for ck in ("school", "location", "online", "other")
        if ck in kinds
    ]


def _strengths(profile: GroupProfile, labels: dict[str, str], vocab: Vocabulary) -> list[str]:
    """Return one line per protective record of the group: who, what, by whom, when, how sure."""
    lines = []
    protective = profile.protective
    for row in zip(*(protective[c].astype(str).tolist() for c in _RECORD_COLUMNS), strict=True):
        source, target, type_, observed, _, agency, confidence, _, reference = row
        parts = [
            f"★ {labels.get(source, source)} → {labels.get(target, target)}: "
            f"{type_.replace('_', ' ')}",
            agency.replace("_", " ") or "agency not recorded",
            observed or "undated",
            f"{confidence} confidence",
        ]
        if reference:
            parts.append(f"ref {reference}")
        lines.append(" · ".join(parts))
    return lines


# ---------------------------------------------------------------------------------------------
# The overview


def render_overview(
    dataset: Dataset,
    groups: PeerGroups,
    path: Path,
    *,
    options: DiagramOptions,
    colors: dict[str, str] | None = None,
    collapse_above: int = 300,
) -> Path:
    """Return ``path`` after writing an offline, marked overview of all candidate peer groups.

    With at most ``collapse_above`` grouped young people, each young person is drawn in their
    group's colour with the recorded associations between them. Above it, each group becomes one
    circle (area in proportion to its members) and lines between circles carry the number of
    associations recorded between their members, so a borough- or force-sized picture stays
    readable and quick to open.

    Raises
    ------
    ValueError
        If a colour is not ``#rrggbb`` or the marking is empty.
    """
    _check_options(options)
    group_ids = [str(g) for g in groups.groups["group_id"].tolist()]
    colors = {**group_colors(group_ids), **(colors or {})}
    for g in group_ids:
        _check_color(colors[g], f"colour of group {g}")
    memberships = groups.memberships
    grouped = len(memberships)
    table = group_summary_table(dataset, groups) if group_ids else pd.DataFrame()
    summary_of = (
        {
            str(row[0]): row
            for row in zip(
                *(
                    table[c].tolist()
                    for c in (
                        "group_id",
                        "size",
                        "first_observed",
                        "last_observed",
                        "mean_confidence",
                        "holds_together",
                        "shared_contexts",
                    )
                ),
                strict=True,
            )
        }
        if group_ids
        else {}
    )
    params = groups.parameters.as_dict()
    extra = {
        "algorithm": str(params.pop("algorithm")),
        "parameters": ", ".join(f"{k}={v}" for k, v in params.items()),
    }
    collapsed = grouped > collapse_above
    if collapsed:
        net, legend = _collapsed_overview(dataset, groups, group_ids, colors, summary_of, options)
        how = (
            f"each circle is one group (more than {collapse_above} grouped young people); "
            "lines count the associations recorded between groups"
        )
    else:
        net, legend = _member_overview(dataset, groups, group_ids, colors, summary_of, options)
        how = "each dot is a young person, coloured by candidate group"
    summary = [
        _plural(len(group_ids), "candidate group"),
        _plural(grouped, "young person", "young people") + " in them",
        how,
    ]
    return _write_page(
        path,
        kind="overview",
        title="Candidate peer groups — overview",
        summary=summary,
        caveat=_OVERVIEW_CAVEAT,
        options=options,
        network=net,
        vis_options=_vis_options(large=len(net.nodes) > 300, seed=options.seed),
        legend=legend,
        strengths=None,
        provenance=_provenance(dataset, options, extra),
    )


def _group_title(group_id: str, row: tuple[Any, ...] | None) -> str:
    if row is None:
        return f"Candidate group {group_id}"
    _, size, first, last, mean_conf, holds, shared = row
    dates = f"records within observed {first} to {last}" if first else "undated records"
    holds_text = "holds together across runs" if holds else "does not hold together well"
    return (
        f"Candidate group {group_id}: {_plural(int(size), 'young person', 'young people')}\n"
        f"{dates}\n"
        f"mean membership confidence {float(mean_conf):.2f} ({holds_text})\n"
        f"{_plural(int(shared), 'shared context')}"
    )


def _groups_legend(
    group_ids: list[str], colors: dict[str, str], summary_of: dict[str, tuple[Any, ...]]
) -> dict[str, Any]:
    entries: list[dict[str, Any]] = []
    for g in group_ids[:_MAX_LEGEND_GROUPS]:
        size = int(summary_of[g][1]) if g in summary_of else 0
        entries.append(_node_entry(f"{g} ({size})", "dot", colors[g], colors[g]))
    if len(group_ids) > _MAX_LEGEND_GROUPS:
        entries.append(
            {
                "kind": "text",
                "text": f"… and {len(group_ids) - _MAX_LEGEND_GROUPS} more groups; "
                "point at a group to see its id",
            }
        )
    entries.append(
        {"kind": "text", "text": "Colours repeat: the group id is in every label and tooltip."}
    )
    return {"title": "Candidate groups (young people)", "entries": entries, "compact": True}


def _protective_records(dataset: Dataset) -> pd.DataFrame:
    """Return ``person, type`` for each young or adult person end of every protective record."""
    protective = dataset.vocabulary.names(category="protective")
    a = dataset.associations
    rows = a[a["type"].isin(protective)]
    return pd.DataFrame(
        {
            "person": pd.concat([rows["source"], rows["target"]]).astype(str).to_numpy(),
            "type": pd.concat([rows["type"], rows["type"]]).astype(str).to_numpy(),
        }
    )


def _strength_words(counts: dict[str, int]) -> str:
    if not counts:
        return "no protective peer or trusted adult recorded"
    listed = ", ".join(f"{t.replace('_', ' ')} {n}" for t, n in sorted(counts.items()))
    return f"strengths recorded: {listed}"


def _member_overview(
    dataset: Dataset,
    groups: PeerGroups,
    group_ids: list[str],
    colors: dict[str, str],
    summary_of: dict[str, tuple[Any, ...]],
    options: DiagramOptions,
) -> tuple[Network, list[dict[str, Any]]]:
    vocab = dataset.vocabulary
    labels = dataset.labels(reveal_names=options.reveal_names)
    m = groups.memberships
    people = [str(p) for p in m["person_id"].tolist()]
    group_of = dict(zip(people, (str(g) for g in m["group_id"].tolist()), strict=True))
    confidence = dict(zip(people, m["confidence"].tolist(), strict=True))
    bridge_of = dict(zip(people, (str(b) for b in m["bridge_to"].tolist()), strict=True))
    gindex = {g: i for i, g in enumerate(group_ids)}
    order = sorted(people, key=lambda q: (gindex[group_of[q]], q))
    node_id = {p: f"n{i}" for i, p in enumerate(order)}
    pairs = _pairs(dataset.associations, set(order))

    # Two levels: groups are placed as circles (by the associations between them), then each
    # group's members inside its circle, so groups read as clusters and never overlap.
    members_of: dict[str, list[str]] = {g: [] for g in group_ids}
    for p in order:
        members_of[group_of[p]].append(p)
    radius = np.array([40.0 * math.sqrt(len(members_of[g])) + 20.0 for g in group_ids])
    between: dict[tuple[int, int], int] = {}
    inside: dict[str, list[tuple[int, int, float]]] = {g: [] for g in group_ids}
    local_index = {p: i for g in group_ids for i, p in enumerate(members_of[g])}
    for pair in pairs:
        ga, gb = gindex[group_of[pair.a]], gindex[group_of[pair.b]]
        if ga == gb:
            inside[group_of[pair.a]].append(
                (local_index[pair.a], local_index[pair.b], 1.0 + math.log(len(pair.records)))
            )
        else:
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
        e = inside[g]
        local = force_positions(
            len(ids),
            np.array([(a, b) for a, b, _ in e], dtype=np.int64).reshape(-1, 2),
            np.array([w for _, _, w in e], dtype=float),
            seed=options.seed,
        )
        for p, xy in zip(ids, local * (r - 12.0) + centre, strict=True):
            position[p] = (round(float(xy[0])), round(float(xy[1])))

    # Adults are not drawn here, so a young person with a trusted adult gets a green ring:
    # the strength stays visible on the overview.
    protective_color = _category_color(vocab, "protective", _PROTECTIVE_DEFAULT)
    adult_types = {n for n in vocab.names(category="protective") if vocab[n].between != "people"}
    records = _protective_records(dataset)
    with_adult = set(records.loc[records["type"].isin(adult_types), "person"].tolist())
    net = _new_network()
    for p in order:
        g = group_of[p]
        ring = protective_color if p in with_adult else None
        note = ("a trusted adult is recorded (drawn on the group's own diagram)",) if ring else ()
        shown, node = _member_node(
            labels.get(p, p),
            g,
            colors[g],
            float(confidence[p]),
            bridge_of[p],
            size=11,
            ring=ring,
            notes=note,
        )
        x, y = position[p]
        net.add_node(node_id[p], label=shown, x=x, y=y, font={"size": 12}, **node)
    # A caption above each cluster names the group: colours repeat, ids do not.
    for k, (g, centre, r) in enumerate(zip(group_ids, centres, radius, strict=True)):
        net.add_node(
            f"g{k}",
            label=g,
            shape="text",
            title=_group_title(g, summary_of.get(g)),
            x=round(float(centre[0])),
            y=round(float(centre[1] - r - 14.0)),
            font={"size": 16, "color": "#333333"},
        )
    drawn_types: set[str] = set()
    for pair in pairs:
        source, target, edge = _edge_options(pair, node_id, labels, vocab)
        drawn_types.add(_dominant(pair, vocab).name)
        net.add_edge(source, target, **edge)

    people_entries: list[dict[str, Any]] = [
        _node_entry("young person, in the colour of their group", "dot", "#888888", "#888888"),
        {"kind": "text", "text": "Each cluster is one candidate group, named above it."},
    ]
    if any(float(confidence[p]) < LOW_CONFIDENCE for p in order):
        people_entries.append(_low_confidence_entry("#888888", "#888888"))
    if any(bridge_of.values()):
        people_entries.append(
            {"kind": "text", "text": "↔ G2: many of their ties also lead to group G2"}
        )
    if with_adult & set(order):
        people_entries.append(
            _node_entry(
                "green ring: a trusted adult is recorded",
                "dot",
                "#888888",
                protective_color,
                border_width=3,
            )
        )
    protective_types = set(vocab.names(category="protective"))
    legend = [
        {
            "title": "How strengths are drawn",
            "entries": _protective_entries(
                vocab, drawn_types & protective_types, adults_drawn=False
            ),
        },
        {"title": "People", "entries": people_entries},
        _groups_legend(group_ids, colors, summary_of),
        {
            "title": "Recorded associations",
            "entries": _type_entries(drawn_types - protective_types, vocab),
        },
        {"title": "Confidence", "entries": _confidence_entries()},
    ]
    return net, legend


def _collapsed_overview(
    dataset: Dataset,
    groups: PeerGroups,
    group_ids: list[str],
    colors: dict[str, str],
    summary_of: dict[str, tuple[Any, ...]],
    options: DiagramOptions,
) -> tuple[Network, list[dict[str, Any]]]:
    vocab = dataset.vocabulary
    m = groups.memberships
    group_of = pd.Series(m["group_id"].astype(str).to_numpy(), index=m["person_id"].to_numpy())
    a = dataset.associations
    gs = a["source"].map(group_of)
    gt = a["target"].map(group_of)
    across = gs.notna() & gt.notna() & (gs != gt)
    frame = pd.DataFrame(
        {
            "lo": np.minimum(gs[across].astype(str), gt[across].astype(str)),
            "hi": np.maximum(gs[across].astype(str), gt[across].astype(str)),
            "type": a.loc[across, "type"].astype(str),
        }
    )
    counted = frame.groupby(["lo", "hi", "type"]).size().reset_index(name="n")
    gindex = {g: i for i, g in enumerate(group_ids)}
    links: dict[tuple[str, str], dict[str, int]] = {}
    for lo, hi, type_, n in zip(
        counted["lo"].tolist(),
        counted["hi"].tolist(),
        counted["type"].tolist(),
        counted["n"].tolist(),
        strict=True,
    ):
        a_, b_ = sorted((str(lo), str(hi)), key=lambda g: gindex[g])
        links.setdefault((a_, b_), {})[str(type_)] = int(n)
    keys = sorted(links, key=lambda k: (gindex[k[0]], gindex[k[1]]))
    sizes = {g: int(summary_of[g][1]) if g in summary_of else 0 for g in group_ids}
    # Radius ∝ √members, so a circle's area is in proportion to its young people.
    node_size = np.array([5.0 * math.sqrt(max(sizes[g], 1)) for g in group_ids])
    positions = packed_positions(
        len(group_ids),
        np.array([(gindex[x], gindex[y]) for x, y in keys], dtype=np.int64).reshape(-1, 2),
        np.array([math.log1p(sum(links[k].values())) for k in keys], dtype=float),
        node_size + 14.0,
        seed=options.seed,
        gap=14.0,
    )
    protective_color = _category_color(vocab, "protective", _PROTECTIVE_DEFAULT)
    records = _protective_records(dataset)
    records = records.assign(group=records["person"].map(group_of)).dropna()
    strengths: dict[str, dict[str, int]] = {}
    per_type = records.groupby(["group", "type"]).size().reset_index(name="n")
    for g, type_, n in zip(
        per_type["group"].tolist(), per_type["type"].tolist(), per_type["n"].tolist(), strict=True
    ):
        strengths.setdefault(str(g), {})[str(type_)] = int(n)
    net = _new_network()
    node_id = {g: f"n{i}" for i, g in enumerate(group_ids)}
    for g, xy, size in zip(group_ids, positions, node_size, strict=True):
        color = colors[g]
        ring = g in strengths
        net.add_node(
            node_id[g],
            label=g,
            shape="dot",
            size=round(float(size), 1),
            borderWidth=3.5 if ring else 1.5,
            color=_node_color(color, protective_color if ring else color),
            title=_group_title(g, summary_of.get(g)) + "\n" + _strength_words(strengths.get(g, {})),
            x=round(float(xy[0])),
            y=round(float(xy[1])),
            font={"size": 11},
        )
    protective_types = set(vocab.names(category="protective"))
    for x, y in keys:
        by_type = links[(x, y)]
        total = sum(by_type.values())
        kinds = ", ".join(
            f"{t.replace('_', ' ')} {n}"
            for t, n in sorted(by_type.items(), key=lambda item: (-item[1], item[0]))
        )
        protective = sorted(set(by_type) & protective_types)
        options_: dict[str, Any] = {
            "width": round(1.0 + 1.5 * math.log1p(total), 2),
            "color": {
                "color": "#8c8c8c",
                "highlight": "#333333",
                "hover": "#333333",
                "opacity": 0.7,
            },
            "title": f"{x} — {y}: {_plural(total, 'recorded association')} between members\n"
            f"{kinds}",
            "arrows": {"to": {"enabled": False}},
        }
        if protective:
            options_["label"] = "★"
            options_["font"] = {"color": protective_color, "size": 16, "strokeWidth": 4}
        net.add_edge(node_id[x], node_id[y], **options_)
    legend = [
        {
            "title": "How strengths are drawn",
            "entries": [
                _node_entry(
                    "green ring: a protective peer or trusted adult is recorded for the group",
                    "dot",
                    "#888888",
                    protective_color,
                    border_width=3,
                ),
                _line_entry(
                    "★ on a line: a protective tie recorded between two groups",
                    "#8c8c8c",
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
                _node_entry(
                    "one candidate group; area in proportion to its young people",
                    "dot",
                    "#888888",
                    "#888888",
                ),
                _line_entry(
                    "associations recorded between members of two groups (wider: more)",
                    "#8c8c8c",
                    width=3.0,
                    opacity=0.7,
                ),
            ],
        },
        _groups_legend(group_ids, colors, summary_of),
    ]
    return net, legend
