"""The meeting briefing as one A4 PDF: cover, summary, a page per candidate group, changes.

Every page carries the protective marking at the top and the bottom and "page N of M". Extra
sections (equality figures, for one) can be passed to :func:`write_briefing`.
"""

from __future__ import annotations

from cs_peers.outputs.briefing.model import NOT_SET, BriefingOptions, BriefingSection, BriefingTable
from cs_peers.outputs.briefing.write import BRIEFING_CAVEAT, write_briefing

__all__ = [
    "BRIEFING_CAVEAT",
    "NOT_SET",
    "BriefingOptions",
    "BriefingSection",
    "BriefingTable",
    "write_briefing",
]
