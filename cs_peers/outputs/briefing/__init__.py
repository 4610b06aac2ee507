"""The meeting briefing as one A4 PDF: cover, summary, the candidate groups, changes.

Every page carries the protective marking at the top and the bottom and "page N of M". Extra
sections (equality figures, for one) can be passed to :func:`write_briefing`, and each group's
page is a :class:`GroupPage` of blocks (:func:`group_pages`), to which more can be added.
"""

from __future__ import annotations

from cs_peers.outputs.briefing._content import (
    NOT_SET,
    Block,
    BriefingOptions,
    BriefingSection,
    BriefingTable,
    Facts,
    GroupPage,
    group_page,
)
from cs_peers.outputs.briefing._write import BRIEFING_CAVEAT, group_pages, write_briefing

__all__ = [
    "BRIEFING_CAVEAT",
    "NOT_SET",
    "Block",
    "BriefingOptions",
    "BriefingSection",
    "BriefingTable",
    "Facts",
    "GroupPage",
    "group_page",
    "group_pages",
    "write_briefing",
]
