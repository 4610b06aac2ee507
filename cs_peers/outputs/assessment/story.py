"""The group's story in the assessment seed: what the meeting reads, before the triangle.

The same :class:`~cs_peers.analysis.group_story.GroupStory` the group's HTML page shows, one
heading per part, each line a bullet (data, escaped in Markdown), or the part's one sentence
when it has none. It adds to the seed and changes none of its other sections.
"""

from __future__ import annotations

from cs_peers.analysis.group_story import GroupStory
from cs_peers.outputs.assessment.document import Block, Bullets, Heading, italic, own, para

__all__ = ["STORY_TITLE", "story_blocks"]

STORY_TITLE = "For the meeting: what is recorded about this group"


def story_blocks(story: GroupStory | None) -> list[Block]:
    """Return the story as seed blocks: a section heading, then each part (none without one)."""
    if story is None:
        return []
    blocks: list[Block] = [
        Heading(STORY_TITLE, 1),
        para(
            italic(
                "The same words as the group's page in the meeting pack. Young people are listed "
                "alphabetically; the order means nothing."
            )
        ),
    ]
    for section in story.sections:
        blocks.append(Heading(section.title, 2))
        if section.lines:
            blocks.append(Bullets(tuple((line,) for line in section.lines)))
        else:
            blocks.append(para(own(section.empty)))
    return blocks
