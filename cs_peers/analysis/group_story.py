"""One candidate group's story, as the meeting reads it: who, what was decided, what is to do,
what is of concern, what protects, where, and what is new since the last meeting.

A :class:`GroupStory` is titled sections of plain-text lines, each with the one sentence a
renderer shows when the section has no line. The HTML group page, the assessment seeds and
the briefing render the same story, so they say the same thing in the same words; none of them
decides what to say. Members are listed alphabetically (the order means nothing); no line
holds a score of a child or ranks anyone.

Examples
--------
>>> from cs_peers.inputs.sample.generate import sample_path
>>> from cs_peers.inputs.source import load_dataset
>>> from cs_peers.analysis.run import analyse
>>> from cs_peers.analysis.grouping.parameters import GroupingParameters
>>> from cs_peers.analysis.profiles import profile_groups
>>> data = load_dataset(sample_path("borough"))
>>> found = analyse(data, GroupingParameters(runs=3))
>>> profile = next(profile_groups(data, found.groups))
>>> story = group_story(profile, reviews=None, change=None, labels=data.labels(),
...                     holds_together=True, vocabulary=data.vocabulary)
>>> [section.title for section in story.sections][:3]
['Young people in the group', 'Review status and decisions', 'Open actions']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from cs_peers.analysis.meetings import NO_BASELINE, Baseline, GroupChange
from cs_peers.analysis.profiles import GroupProfile, natural_key
from cs_peers.analysis.reviews.apply import GroupReviewState
from cs_peers.inputs.dataset import ASSOCIATION_COLUMNS
from cs_peers.inputs.vocabulary import Vocabulary

__all__ = [
    "NO_COMPARISON",
    "NO_DECISIONS",
    "GroupStory",
    "StorySection",
    "group_story",
    "since_words",
    "strength_lines",
]

# What a section says when the output carries no meeting decisions (another audience, or a
# run that was not kept): not "none", which would be a different fact.
NO_DECISIONS = "Meeting decisions are not part of this output."
NO_COMPARISON = "A comparison with an earlier meeting is not part of this output."
_CONTEXT_WORDS = {
    "school": "school",
    "location": "place",
    "online": "online space",
    "other": "other context",
}
# Only provenance columns are read: ``notes`` never reaches a story.
_RECORD_COLUMNS = [c for c in ASSOCIATION_COLUMNS if c != "notes"]


@dataclass(frozen=True)
class StorySection:
    """One titled part of a group's story: its lines, or ``empty`` when it has none.

    ``key`` names the part for code (``members``, ``review``, ``actions``, ``concerns``,
    ``strengths``, ``places``, ``new``); ``title`` and the lines are what a reader sees.
    """

    key: str
    title: str
    lines: tuple[str, ...]
    empty: str

    @property
    def shown(self) -> tuple[str, ...]:
        """Return the lines, or the one sentence that says there are none."""
        return self.lines or (self.empty,)


@dataclass(frozen=True)
class GroupStory:
    """One candidate group's story: its sections, in the order a meeting reads them."""

    group_id: str
    sections: tuple[StorySection, ...]

    def __iter__(self) -> Iterator[StorySection]:
        return iter(self.sections)

    def section(self, key: str) -> StorySection:
        """Return the section called ``key`` (KeyError if the story has none)."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def text(self) -> str:
        """Return the story as plain text: each title, then its lines (or its empty sentence).

        Examples
        --------
        >>> story = GroupStory("PG-0001", (StorySection("places", "Places", (), "None."),))
        >>> print(story.text())
        Places
          None.
        """
        out = []
        for section in self.sections:
            out.append(section.title)
            out += [f"  {line}" for line in section.shown]
        return "\n".join(out)


def since_words(baseline: Baseline | None) -> str:
    """Return what "new since …" is told against: "the meeting of DATE", or the last pack.

    Examples
    --------
    >>> since_words(None)
    'the last meeting'
    """
    if baseline is None:
        return "the last meeting"
    if baseline.named_run:
        return f"run {baseline.run.run_id}"
    if baseline.meeting is None:
        return f"the last pack (made on {baseline.day})"
    return f"the meeting of {baseline.day}"


def _plural(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _words(name: object) -> str:
    return str(name).replace("_", " ")


def _members(
    profile: GroupProfile,
    reviews: GroupReviewState | None,
    holds_together: bool,
) -> StorySection:
    m = profile.members
    added = reviews.added_on if reviews is not None else {}
    rows = sorted(
        zip(
            m["label"].astype(str).tolist(),
            m["person_id"].astype(str).tolist(),
            m["low_confidence"].astype(bool).tolist(),
            m["bridge_to"].astype(str).tolist(),
            strict=True,
        ),
        key=lambda r: (natural_key(r[0]), r[1]),
    )
    lines = []
    for label, person, low, ties in rows:
        notes = []
        if person in added:
            notes.append(f"added by the meeting of {added[person]}")
        elif low:
            notes.append("less clearly placed: check whether they belong with this group")
        if ties:
            notes.append(
                f"many recorded ties also lead to {ties} (this reflects recording, not a role)"
            )
        lines.append(" — ".join([label, *notes]))
    if not holds_together:
        lines.append(
            "The grouping runs do not place these young people together consistently: check "
            "this group with care."
        )
    return StorySection(
        "members",
        "Young people in the group",
        tuple(lines),
        "No young person is in this group.",
    )


def _review(state: GroupReviewState | None, labels: Mapping[str, str]) -> StorySection:
    title = "Review status and decisions"
    if state is None:
        return StorySection("review", title, (), NO_DECISIONS)
    latest = state.latest
    if latest is None:
        return StorySection("review", title, (), "Not reviewed by a meeting yet.")

    def name(person: str) -> str:
        return labels.get(person, person)

    lines = [f"Status: {state.shown_status()} — {latest.by}, {latest.decided_on}"]
    for review in state.reviews:
        parts = [f"{review.decided_on} {review.by}: {review.status}"]
        if review.remove:
            parts.append("removed " + ", ".join(sorted(map(name, review.remove), key=natural_key)))
        if review.add:
            parts.append("added " + ", ".join(sorted(map(name, review.add), key=natural_key)))
        if review.actions:
            ids = ", ".join(a.action_id or a.text for a in review.actions)
            parts.append(f"{'action' if len(review.actions) == 1 else 'actions'} agreed: {ids}")
        if review.review_date:
            parts.append(f"next review {review.review_date}")
        lines.append("; ".join(parts))
    lines += list(state.removed)
    return StorySection("review", title, tuple(lines), "Not reviewed by a meeting yet.")


def _actions(state: GroupReviewState | None, today: date | None) -> StorySection:
    title = "Open actions"
    if state is None:
        return StorySection("actions", title, (), NO_DECISIONS)
    lines = []
    for action, _review in sorted(state.actions, key=lambda ar: (ar[0].due, ar[0].action_id)):
        late = today is not None and action.due < today.isoformat()
        name = action.action_id or "action"
        lines.append(
            f"{name}: {action.text} — owner {action.owner}, due {action.due}"
            + (" (overdue)" if late else "")
        )
    return StorySection("actions", title, tuple(lines), "No open action.")


def _concerns(
    profile: GroupProfile, labels: Mapping[str, str], vocabulary: Vocabulary
) -> StorySection:
    a = profile.associations
    size = profile.size
    member_ids = set(profile.members["person_id"].astype(str))
    lines = []
    from_adults = a[(a["scope"] == "adult") & (a["category"] == "concern")]
    who: dict[tuple[str, str], set[str]] = {}
    for source, target, type_ in zip(
        from_adults["source"].astype(str),
        from_adults["target"].astype(str),
        from_adults["type"].astype(str),
        strict=True,
    ):
        adult, member = (target, source) if source in member_ids else (source, target)
        who.setdefault((adult, type_), set()).add(member)
    for (adult, type_), members in sorted(
        who.items(), key=lambda kv: (natural_key(labels.get(kv[0][0], kv[0][0])), kv[0])
    ):
        label = labels.get(adult, adult)
        # A partner's pack shows every adult as "adult": say so once, not "adult (adult)".
        person = "An adult" if label == "adult" else f"{label} (adult)"
        lines.append(f"{person}: {_words(type_)} recorded with {len(members)} of {size} members")
    concern_types = [t for t in vocabulary.names() if vocabulary[t].concern]
    within = a[(a["scope"] == "within") & a["type"].isin(concern_types)]
    counts = within["type"].value_counts()
    for type_ in concern_types:
        if type_ in counts:
            n = int(counts[type_])
            lines.append(f"{_words(type_)}: {_plural(n, 'record')} between members")
    return StorySection(
        "concerns",
        "Concerns recorded",
        tuple(lines),
        "No concern is recorded from an adult or between members.",
    )


def strength_lines(profile: GroupProfile, labels: Mapping[str, str]) -> list[str]:
    """Return one line per protective record of the group: who, what, by whom, when, how sure."""
    lines = []
    protective = profile.protective.loc[:, _RECORD_COLUMNS].astype(str)
    for row in zip(*(protective[c].tolist() for c in _RECORD_COLUMNS), strict=True):
        source, target, type_, observed, _, agency, confidence, _, reference = row
        parts = [
            f"★ {labels.get(source, source)} → {labels.get(target, target)}: {_words(type_)}",
            _words(agency) or "agency not recorded",
            observed or "undated",
            f"{confidence} confidence",
        ]
        if reference:
            parts.append(f"ref {reference}")
        lines.append(" · ".join(parts))
    return lines


def _places(profile: GroupProfile) -> StorySection:
    shared = profile.shared_contexts
    lines = []
    for name, kind, members, there, first, last in zip(
        shared["name"].astype(str).tolist(),
        shared["kind"].astype(str).tolist(),
        shared["members"].tolist(),
        shared["young_people_there"].tolist(),
        shared["first_observed"].astype(str).tolist(),
        shared["last_observed"].astype(str).tolist(),
        strict=True,
    ):
        when = f"observed {first} to {last}" if first else "undated"
        lines.append(
            f"{name} ({_CONTEXT_WORDS.get(kind, 'context')}): {int(members)} of {profile.size} "
            f"members; {_plural(int(there), 'young person', 'young people')} recorded there in "
            f"all; {when}"
        )
    return StorySection(
        "places",
        "Places and spaces two or more members share",
        tuple(lines),
        "No context is recorded for two or more members.",
    )


def _new(
    change: GroupChange | None,
    baseline: Baseline | None,
    labels: Mapping[str, str],
    *,
    decisions: bool,
) -> StorySection:
    title = f"New since {since_words(baseline)}"
    if change is None:
        # Only the meeting's own outputs (those with its decisions) compare with a meeting.
        return StorySection("new", title, (), NO_BASELINE if decisions else NO_COMPARISON)
    lines = [change.heading()] if change.status != "continuing" else []
    lines += change.lines(dict(labels))
    return StorySection("new", title, tuple(lines), "Nothing new is recorded about this group.")


def group_story(
    profile: GroupProfile,
    *,
    reviews: GroupReviewState | None,
    change: GroupChange | None,
    labels: Mapping[str, str],
    holds_together: bool,
    vocabulary: Vocabulary,
    baseline: Baseline | None = None,
    today: date | None = None,
) -> GroupStory:
    """Return the story of one candidate group, section by section.

    Parameters
    ----------
    profile
        The group's facts (:func:`cs_peers.analysis.profiles.profile_groups`).
    reviews
        The group's reviews (``ReviewState.of(group_id)``); None when the output carries no
        meeting decisions (another audience, or a run not kept), and then no comparison either.
    change
        What changed for the group since the baseline (one of ``ChangeReport.groups``); None
        when nothing is compared (no earlier meeting or pack is kept, or ``reviews`` is None).
    labels
        What people and contexts are shown as (the profile's own labels).
    holds_together
        Whether the grouping runs place the members together consistently.
    vocabulary
        Which association types are concerns (``concern = true``).
    baseline
        What "new since" is told against (``ChangeReport.baseline``), for the section's title.
    today
        The day open actions are overdue against; None leaves "overdue" unsaid.
    """
    strengths = strength_lines(profile, labels)
    return GroupStory(
        profile.group_id,
        (
            _members(profile, reviews, holds_together),
            _review(reviews, labels),
            _actions(reviews, today),
            _concerns(profile, labels, vocabulary),
            StorySection(
                "strengths",
                "Strengths recorded",
                tuple(strengths),
                "No protective peer or trusted adult is recorded for this group — worth asking "
                "about.",
            ),
            _places(profile),
            _new(change, baseline, labels, decisions=reviews is not None),
        ),
    )
