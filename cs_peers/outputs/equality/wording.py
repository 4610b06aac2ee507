"""The plain words that go with the equality figures, shared by every output.

No verdicts: a rate far from 1 is a question for the recording and the method, never a finding
about a group of children.
"""

from __future__ import annotations

import textwrap

from cs_peers.analysis.equality.attributes import AGE_BANDS
from cs_peers.analysis.equality.figures import OTHER_VALUES, EqualityFigures
from cs_peers.analysis.equality.rates import FEWER_THAN

__all__ = [
    "MARK",
    "METHOD_NOTE",
    "NO_VERDICT",
    "SMALL_TOTAL",
    "SUPPRESSION_NOTE",
    "WHY_IT_MATTERS",
    "figure_notes",
    "none_carried",
    "wrapped",
]

MARK = "for attention"

NO_VERDICT = (
    "A relative rate far from 1 is a question to ask of the recording and of the method — who "
    "is recorded, by which agency, and how the groups are found — not a finding about any group "
    "of children. Values whose 95% interval excludes 1 are marked “for attention”: look at how "
    "those young people came to be recorded before acting on the groups. With many values and "
    "tables, about one interval in twenty excludes 1 by chance alone."
)
METHOD_NOTE = (
    "Relative rate: how often young people with this value have the outcome, compared with "
    "everyone else in the data — (those with it ÷ all with the value) ÷ (others with it ÷ all "
    "others). 1 means as often, 3 three times as often, 0.5 half as often. 95% interval: Katz's "
    "log interval for a ratio of two proportions (0.5 added to zero counts, said where it "
    "happens). The interval treats young people as independent; members of one group or one "
    "referral are not, so where a group shares a value the interval is narrower than it should "
    "be. Placed means in any candidate group of this run, low-confidence members included; "
    "a concern is an association of the vocabulary's concern category, counted once per young "
    "person per table."
)
SUPPRESSION_NOTE = (
    f"Small numbers (after the Office for National Statistics' guidance on disclosure control "
    f"for tables): values held by fewer than 5 young people are counted together as “"
    f"{OTHER_VALUES}”; any count from 0 to 4 is shown as “{FEWER_THAN}” and no share or rate is "
    "built on it, and a count is “withheld” when the young people without the outcome would "
    "number 0 to 4. Because totals are published, when a column would hold back only one "
    "count, one more is “withheld”: the smallest whose rate is not marked for attention, so "
    "that no held-back count can be worked out from the total minus the others and no marked "
    "rate is hidden to protect it."
)
SMALL_TOTAL = f"No table: {FEWER_THAN} young people in all, so every count would be held back."
WHY_IT_MATTERS = (
    "Why it matters: recording bias becomes grouping bias. Who is stopped, named or reported "
    "decides who appears in the associations, and so in the candidate groups. The Gangs Matrix "
    "was found to list mostly young Black men, many with no record of harm and no equality "
    "impact assessment; every local authority owes the public-sector equality duty. Without "
    "these attributes the pack cannot show who its groups pick out."
)


def none_carried(figures: EqualityFigures) -> str:
    """Return the sentence saying that the data carries none of the attributes looked for."""
    looked = ", ".join(figures.looked_for)
    return (
        f"The data carries none of the attributes looked for ({looked}) among the columns of "
        "people.csv, so these figures cannot be given. Add such columns to people.csv (any "
        "case), or name the columns your data uses with --attribute."
    )


def figure_notes(figures: EqualityFigures) -> list[str]:
    """Return the notes every output of the figures carries, in order."""
    if not figures.attributes:
        return [none_carried(figures), WHY_IT_MATTERS]
    notes = [NO_VERDICT, METHOD_NOTE, SUPPRESSION_NOTE]
    if figures.age_note:
        bands = ", ".join(label for _, label in AGE_BANDS)
        notes.append(f"Age bands ({bands}): {figures.age_note}.")
    return notes


def wrapped(notes: list[str], width: int = 100) -> list[str]:
    """Return notes wrapped for a terminal, a blank line between them."""
    lines: list[str] = []
    for note in notes:
        lines += [*textwrap.wrap(note, width), ""]
    return lines[:-1]
