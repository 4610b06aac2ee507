"""The equality figures as an analyst takes them: flat rows, CSV, JSON and a text table.

Held-back counts travel as their words ("fewer than 5", "withheld") in every format, never as
numbers, so no export can carry what the pack itself does not show.

The plain words that go with the equality figures, shared by every output.

No verdicts: a rate far from 1 is a question for the recording and the method, never a finding
about a group of children.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from typing import Any

from cs_peers.analysis.equality.figures import (
    AGE_BANDS,
    OTHER_VALUES,
    AttributeFigures,
    Count,
    EqualityFigures,
    OutcomeFigures,
    ValueFigures,
)
from cs_peers.analysis.equality.model import FEWER_THAN
from cs_peers.safe_text import neutralise

__all__ = [
    "CSV_COLUMNS",
    "MARK",
    "METHOD_NOTE",
    "NO_VERDICT",
    "SMALL_TOTAL",
    "SUPPRESSION_NOTE",
    "WHY_IT_MATTERS",
    "equality_csv",
    "equality_json",
    "equality_rows",
    "equality_text",
    "figure_notes",
    "none_carried",
    "outcome_cells",
    "percent",
    "rate_text",
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


CSV_COLUMNS = (
    "attribute",
    "column",
    "outcome",
    "value",
    "in_data",
    "share_of_data",
    "with_outcome",
    "share_with_outcome",
    "relative_rate",
    "interval_low",
    "interval_high",
    "attention",
    "note",
)


def percent(share: float | None) -> str:
    """Return a share as a percentage with one decimal, or "–" when it is held back."""
    return "–" if share is None else f"{100 * share:.1f}%"


def rate_text(row: ValueFigures) -> tuple[str, str]:
    """Return the relative rate and its interval as shown ("–" when held back)."""
    rate = row.relative_rate
    if rate is None:
        return "–", "–"
    return f"{rate.estimate:.2f}", f"{rate.low:.2f}–{rate.high:.2f}"


def _note(row: ValueFigures) -> str:
    if row.relative_rate is not None and row.relative_rate.corrected:
        return "0.5 added to zero counts"
    return row.withheld


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def equality_rows(figures: EqualityFigures) -> list[dict[str, str]]:
    """Return one flat row per attribute, outcome and value, with :data:`CSV_COLUMNS`."""
    rows = []
    for attribute in figures.attributes:
        for outcome in attribute.outcomes:
            for row in outcome.rows:
                rate = row.relative_rate
                rows.append(
                    {
                        "attribute": attribute.name,
                        "column": attribute.column,
                        "outcome": outcome.key,
                        "value": row.value,
                        "in_data": row.in_data.text,
                        "share_of_data": _number(row.share_of_data),
                        "with_outcome": row.with_outcome.text,
                        "share_with_outcome": _number(row.share_of_outcome),
                        "relative_rate": "" if rate is None else f"{rate.estimate:.3f}",
                        "interval_low": "" if rate is None else f"{rate.low:.3f}",
                        "interval_high": "" if rate is None else f"{rate.high:.3f}",
                        "attention": "yes" if row.attention else "",
                        "note": _note(row),
                    }
                )
    return rows


def equality_csv(figures: EqualityFigures) -> str:
    """Return the figures as CSV text with a header of :data:`CSV_COLUMNS`."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    # Values come from the user's people.csv: neutralise any a spreadsheet would run.
    writer.writerows({k: neutralise(v) for k, v in row.items()} for row in equality_rows(figures))
    return buffer.getvalue()


def _count(count: Count) -> int | str:
    return count.held_back if count.number is None else count.number


def _row_json(row: ValueFigures) -> dict[str, Any]:
    rate = row.relative_rate
    return {
        "value": row.value,
        "in_data": _count(row.in_data),
        "share_of_data": row.share_of_data,
        "with_outcome": _count(row.with_outcome),
        "share_with_outcome": row.share_of_outcome,
        "relative_rate": None if rate is None else rate.estimate,
        "interval_95": None if rate is None else [rate.low, rate.high],
        "zero_corrected": False if rate is None else rate.corrected,
        "attention": row.attention,
        "withheld": row.withheld,
    }


def _outcome_json(outcome: OutcomeFigures) -> dict[str, Any]:
    return {
        "outcome": outcome.key,
        "title": outcome.title,
        "young_people_with_outcome": _count(outcome.total),
        "rows": [_row_json(r) for r in outcome.rows],
    }


def _attribute_json(attribute: AttributeFigures) -> dict[str, Any]:
    return {
        "attribute": attribute.name,
        "column": attribute.column,
        "note": attribute.note,
        "tables": [_outcome_json(o) for o in attribute.outcomes],
    }


def equality_json(figures: EqualityFigures, *, marking: str = "") -> str:
    """Return the figures as indented JSON, with the notes and (if given) the marking."""
    document: dict[str, Any] = {"marking": marking} if marking else {}
    document |= {
        "young_people": figures.young_people,
        "placed_in_groups": figures.placed,
        "looked_for": list(figures.looked_for),
        "notes": figure_notes(figures),
        "attributes": [_attribute_json(a) for a in figures.attributes],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def outcome_cells(outcome: OutcomeFigures) -> tuple[list[str], list[list[str]]]:
    """Return the header and the cells of one outcome's table, as every page shows them."""
    verb = "placed" if outcome.key == "placed" else "recorded"
    header = [
        "value",
        "in data",
        "share of data",
        verb,
        f"share of {verb}",
        "relative rate",
        "95% interval",
        "note",
    ]
    cells = []
    for row in outcome.rows:
        rate, interval = rate_text(row)
        mark = MARK if row.attention else _note(row)
        cells.append(
            [
                row.value,
                row.in_data.text,
                percent(row.share_of_data),
                row.with_outcome.text,
                percent(row.share_of_outcome),
                rate,
                interval,
                mark,
            ]
        )
    return header, cells


def _aligned(header: list[str], cells: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *cells]) for i in range(len(header))]
    return [
        "  ".join(text.ljust(width) for text, width in zip(r, widths, strict=True)).rstrip()
        for r in [header, *cells]
    ]


def equality_text(figures: EqualityFigures, *, marking: str = "") -> str:
    """Return the figures as text tables for a terminal, with the notes and the marking."""
    lines = [marking, ""] if marking else []
    lines.append(
        f"Equality figures: {figures.young_people:,} young people in the data, "
        f"{figures.placed:,} placed in candidate groups."
    )
    for attribute in figures.attributes:
        for outcome in attribute.outcomes:
            lines += ["", f"{attribute.name} — {outcome.title} ({outcome.total.text} young people)"]
            if outcome.total.number is None:
                lines.append(SMALL_TOTAL)
            else:
                lines += _aligned(*outcome_cells(outcome))
    lines.append("")
    lines += wrapped(figure_notes(figures))
    if marking:
        lines += ["", marking]
    return "\n".join(lines) + "\n"
