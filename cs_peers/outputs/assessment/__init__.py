"""Seeds for Level 2 peer group assessments: the recorded facts about one candidate group,
pre-filled and ready for a practitioner to edit, as Markdown and Word.

The seed follows the peer group assessment triangle — group functioning, guardianship,
environmental and family factors — with the facts cs-peers holds and open prompts for what only
the people who know the young people can add. Every fact keeps its provenance; strengths come
first; free-text ``notes`` are never copied (they may hold names); no real name is looked up;
and children are never ordered or scored: members are listed alphabetically by label.
Markdown and Word are rendered from one document model (:mod:`._document`).
"""

from __future__ import annotations

from cs_peers.outputs.assessment._document import PLACEHOLDER, escape_markdown
from cs_peers.outputs.assessment._facts import SeedOptions
from cs_peers.outputs.assessment._markdown import assessment_markdown
from cs_peers.outputs.assessment._word import seed_paths, write_assessment_seed

__all__ = [
    "PLACEHOLDER",
    "SeedOptions",
    "assessment_markdown",
    "escape_markdown",
    "seed_paths",
    "write_assessment_seed",
]
