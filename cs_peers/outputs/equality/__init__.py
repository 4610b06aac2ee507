"""Equality figures: who the candidate groups pick out, and who is recorded, by attribute.

Recording bias becomes grouping bias. For each attribute of the young people the data carries
(ethnicity, gender, sex, age bands…), these figures set the young people placed in candidate
groups, and those recorded in a concern by each agency, against everyone in the data — with
small numbers suppressed and no verdicts.

- :mod:`~cs_peers.analysis.equality.figures` — which columns, and each young person's value;
- :mod:`~cs_peers.analysis.equality.model` — the relative rate, its interval, suppression;
- :mod:`~cs_peers.analysis.equality.figures` — the typed result, :func:`equality_figures`;
- :mod:`~cs_peers.outputs.equality.tables` — CSV, JSON and text;
  :mod:`~cs_peers.outputs.equality._page` — the
  pack's page, its index line and a section for a printed briefing.
"""

from cs_peers.analysis.equality.figures import (
    DEFAULT_ATTRIBUTES,
    AttributeFigures,
    Count,
    EqualityFigures,
    OutcomeFigures,
    ValueFigures,
    equality_figures,
    find_attribute_columns,
)
from cs_peers.analysis.equality.model import FEWER_THAN, WITHHELD, RateRatio, rate_ratio
from cs_peers.outputs.equality._page import (
    BriefingSection,
    BriefingTable,
    briefing_section,
    equality_index_item,
    equality_page,
    write_equality_page,
)
from cs_peers.outputs.equality.tables import equality_csv, equality_json, equality_text

__all__ = [
    "DEFAULT_ATTRIBUTES",
    "FEWER_THAN",
    "WITHHELD",
    "AttributeFigures",
    "BriefingSection",
    "BriefingTable",
    "Count",
    "EqualityFigures",
    "OutcomeFigures",
    "RateRatio",
    "ValueFigures",
    "briefing_section",
    "equality_csv",
    "equality_figures",
    "equality_index_item",
    "equality_json",
    "equality_page",
    "equality_text",
    "find_attribute_columns",
    "rate_ratio",
    "write_equality_page",
]
