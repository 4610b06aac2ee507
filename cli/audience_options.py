"""Who an output is for: --marking, --audience, --person and --reveal-names, declared once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cs_peers.analysis.provenance import DEFAULT_MARKING
from cs_peers.outputs.audiences import DEFAULT_AUDIENCE
from cs_peers.workspace import workspace_home

from .option_groups import Command, option, option_group
from .options import MarkingOpt, RevealNamesOpt

if TYPE_CHECKING:
    from cs_peers.analysis.run import Analysis

__all__ = ["AudienceOptions", "audience_options"]

AudienceOpt = Annotated[
    str,
    typer.Option(
        "--audience",
        help="Who the output is for: meeting (the agencies involved; default), partner "
        "(another agency: pseudonyms, no references, only the --group asked for) or "
        "case-file (one young person's groups, initials only; needs --person).",
    ),
]
PersonOpt = Annotated[
    str | None,
    typer.Option("--person", help="With --audience case-file: the young person's id."),
]


@dataclass(frozen=True)
class AudienceOptions:
    """Who an output is for, its protective marking, and whether it shows real names."""

    marking: str = DEFAULT_MARKING
    audience: str = DEFAULT_AUDIENCE
    person: str | None = None
    reveal_names: bool = False

    @property
    def for_meeting(self) -> bool:
        """Return whether the output is for the meeting (which alone sees earlier runs)."""
        return self.audience == DEFAULT_AUDIENCE

    def view(
        self, result: Analysis, *, groups: list[str] | None, workspace: Path | None
    ) -> tuple[Analysis, str]:
        """Return the analysis as the audience may see it, and the marking naming the audience."""
        from cs_peers.outputs.audiences import audience_named, for_audience, marking_for

        profile = audience_named(self.audience)
        view = for_audience(
            result,
            profile,
            home=workspace_home(workspace),
            groups=groups,
            person=self.person,
            reveal_names=self.reveal_names,
        )
        return view, marking_for(self.marking, profile)


def audience_options() -> Callable[[Command], Command]:
    """Return the decorator giving a command the audience options as ``audience``."""
    shared = [
        option("marking", MarkingOpt, DEFAULT_MARKING),
        option("audience", AudienceOpt, DEFAULT_AUDIENCE),
        option("person", PersonOpt, None),
        option("reveal_names", RevealNamesOpt, False),
    ]
    return option_group("audience", AudienceOptions, shared)
