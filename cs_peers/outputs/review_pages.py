"""What the meeting pack shows of reviews: HTML fragments and seed lines, all escaped.

:mod:`cs_peers.outputs.pack` calls these and places what they return; they never decide anything
(that is :mod:`cs_peers.analysis.reviews.apply`). Review notes stay in the workspace (``cs-peers
reviews``): like the records' own notes, free text is not copied into packs.
"""

from __future__ import annotations

from datetime import date
from html import escape

from cs_peers.analysis.reviews.apply import GroupReviewState, ReviewState
from cs_peers.workspace import PackSettings

__all__ = [
    "INDEX_HEADINGS",
    "cover_block",
    "diagram_items",
    "index_cells",
    "seed_history_lines",
    "set_aside_block",
    "since_block",
]

INDEX_HEADINGS = "<th>review status</th><th>actions (owner, due)</th>"


def _actions(state: GroupReviewState) -> str:
    items = [
        f"<li>{escape(a.text)} — {escape(a.owner)}, due {escape(a.due)}</li>"
        for a, _review in state.actions
    ]
    return "<ul>" + "".join(items) + "</ul>" if items else "none agreed"


def _status(state: GroupReviewState) -> str:
    latest = state.latest
    if latest is None:
        return "not reviewed yet"
    text = escape(state.shown_status())
    if not state.reopened:
        text += f" ({escape(latest.decided_on)}, {escape(latest.by)})"
    if state.review_date:
        text += f"<br>review by {escape(state.review_date)}"
    for line in (*state.removed, *(f"{p} added by review" for p in state.added)):
        text += f"<br>{escape(line)}"
    return text


def index_cells(reviews: ReviewState | None, group_id: str) -> str:
    """Return the two index cells of a group: its review status and its actions."""
    if reviews is None:
        return "<td>not reviewed (run not kept)</td><td>—</td>"
    state = reviews.of(group_id)
    return f"<td>{_status(state)}</td><td>{_actions(state)}</td>"


def cover_block(settings: PackSettings) -> str:
    """Return the pack's purpose, owner and review date, or what is missing of them."""
    rows = [
        ("purpose", settings.purpose),
        ("owner", settings.owner),
        ("review date", settings.review_date),
    ]
    parts = [
        "<dl>"
        + "".join(
            f"<dt>{name}</dt><dd>{escape(value) if value else '<em>not set</em>'}</dd>"
            for name, value in rows
        )
        + "</dl>"
    ]
    if not settings.purpose:
        parts.append(
            '<p class="caveat"><strong>This pack has no purpose set.</strong> A map without a '
            "purpose, an owner and a review date is a list of names without actions (Leeds "
            "peer-mapping protocol). Set them with <code>cs-peers workspace set --purpose … "
            "--owner … --review-date …</code>.</p>"
        )
    return "\n".join(parts)


def set_aside_block(reviews: ReviewState | None) -> str:
    """Return the list of candidates left out as not a group ("" when there are none)."""
    if reviews is None or not reviews.hidden:
        return ""
    items = []
    for group_id in reviews.hidden:
        latest = reviews.of(group_id).latest
        assert latest is not None  # a hidden group has its not-a-group review
        items.append(
            f"<li>{escape(group_id)}: judged not a group on {escape(latest.decided_on)} by "
            f"{escape(latest.by)}; nothing new was recorded about it since</li>"
        )
    return (
        "<h2>Candidates set aside by review</h2><p>Not shown in this pack; shown again, with "
        "the decision beside them, when new records change them.</p><ul>" + "".join(items) + "</ul>"
    )


def since_block(reviews: ReviewState | None, today: date) -> str:
    """Return the actions overdue and due soon, and the decisions of the last meetings."""
    if reviews is None or not reviews.groups:
        return "<h2>Actions</h2><p>No review has been kept for these groups yet.</p>"
    when = reviews.actions_by_when(today)
    parts = [f"<h2>Actions (as of {today.isoformat()})</h2>"]
    for key, title in (
        ("overdue", "Overdue"),
        ("due", "Due in the next four weeks"),
        ("later", "Later"),
    ):
        rows = when[key]
        parts.append(f"<h3>{title}</h3>")
        if not rows:
            parts.append("<p>none</p>")
            continue
        parts.append(
            "<table><thead><tr><th>group</th><th>action</th><th>owner</th><th>due</th>"
            "<th>agreed</th></tr></thead><tbody>"
            + "".join(
                f"<tr><td>{escape(g)}</td><td>{escape(a.text)}</td><td>{escape(a.owner)}</td>"
                f"<td>{escape(a.due)}</td><td>{escape(r.decided_on)} ({escape(r.by)})</td></tr>"
                for g, a, r in rows
            )
            + "</tbody></table>"
        )
    parts.append("<h2>Decisions kept</h2><ul>")
    for group_id, state in sorted(reviews.groups.items()):
        for review in state.reviews:
            parts.append(
                f"<li>{escape(review.decided_on)} {escape(group_id)}: {escape(review.status)} "
                f"(by {escape(review.by)})</li>"
            )
    parts.append("</ul>")
    return "\n".join(parts)


def seed_history_lines(reviews: ReviewState | None, group_id: str) -> list[str]:
    """Return the lines an assessment seed shows under "Since last review" about reviews."""
    if reviews is None:
        return []
    state = reviews.of(group_id)
    lines = []
    for review in state.reviews:
        lines.append(f"Review {review.decided_on} by {review.by}: {review.status}")
    if state.reopened:
        lines.append(state.shown_status())
    lines += list(state.removed)
    lines += [f"{p} added by review" for p in state.added]
    lines += [f"Action: {a.text} — owner {a.owner}, due {a.due}" for a, _r in state.actions]
    return lines


def diagram_items(reviews: ReviewState | None, group_id: str) -> dict[str, str]:
    """Return what a group's diagram lists about its review (plain text; the page escapes it)."""
    if reviews is None:
        return {}
    state = reviews.of(group_id)
    latest = state.latest
    if latest is None:
        return {"review status": "not reviewed yet"}
    items = {"review status": f"{state.shown_status()} ({latest.decided_on}, {latest.by})"}
    if state.review_date:
        items["review date"] = state.review_date
    if state.actions:
        items["actions"] = "; ".join(
            f"{a.text} — {a.owner}, due {a.due}" for a, _r in state.actions
        )
    if state.removed:
        items["removed by review"] = "; ".join(state.removed)
    return items
