"""What the meeting pack shows of reviews as plain text: a diagram's provenance items.

The pack's pages lay reviews out with the macros of ``templates/pack/reviews.html``; neither
decides anything (that is :mod:`cs_peers.analysis.reviews.apply`). Review notes stay in the
workspace (``cs-peers reviews``): like the records' own notes, free text is not copied into packs.
"""

from __future__ import annotations

from cs_peers.analysis.reviews.apply import ReviewState

__all__ = ["diagram_items"]


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
