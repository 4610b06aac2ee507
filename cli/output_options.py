"""What every output command shares: --out, --group, --marking, --audience, --person and
--reveal-names, declared once."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cs_peers.analysis.provenance import DEFAULT_MARKING
from cs_peers.errors import CsPeersError
from cs_peers.outputs.audiences import DEFAULT_AUDIENCE
from cs_peers.workspace import workspace_home

from .option_groups import Command, option_group
from .options import MarkingOpt, RevealNamesOpt

if TYPE_CHECKING:
    from .analysis_options import AnalysisOptions

if TYPE_CHECKING:
    from cs_peers.analysis.run import Analysis
__all__ = ["GroupOpt", "OutOpt", "OutputOptions", "docx_option", "output_options"]

OutOpt = Annotated[
    Path, typer.Option("--out", help="Folder to write into (created if missing).", file_okay=False)
]
GroupOpt = Annotated[
    list[str] | None, typer.Option("--group", help="Only this group id (repeatable).")
]

AudienceOpt = Annotated[
    str,
    typer.Option(
        "--audience",
        help=f"Who the output is for: {DEFAULT_AUDIENCE} (the agencies involved; default), partner "
        "(another agency: pseudonyms, no references, only the --group asked for) or "
        "case-file (one young person's groups, initials only; needs --person).",
    ),
]
PersonOpt = Annotated[
    str | None,
    typer.Option("--person", help="With --audience case-file: the young person's id."),
]


def docx_option(help: str) -> Any:
    """Return the --docx/--no-docx option of a command that writes Word documents."""
    return typer.Option("--docx/--no-docx", help=help)


@dataclass(frozen=True)
class OutputOptions:
    """Where an output goes, which groups it shows, who it is for and how it is marked."""

    out: OutOpt
    group: GroupOpt = None
    marking: MarkingOpt = DEFAULT_MARKING
    audience: AudienceOpt = DEFAULT_AUDIENCE
    person: PersonOpt = None
    reveal_names: RevealNamesOpt = False

    @property
    def for_meeting(self) -> bool:
        """Return whether the output is for the meeting (which alone sees earlier runs)."""
        return self.audience == DEFAULT_AUDIENCE

    def check(self, kind: str, analysis: AnalysisOptions) -> None:
        """Refuse, before any work, an --out that is not ours to replace."""
        from cs_peers.outputs.folders import check_output_folder

        check_output_folder(self.out, kind, protect=analysis.protected())

    def view(self, result: Analysis, analysis: AnalysisOptions) -> tuple[Analysis, str, list[str]]:
        """Return the analysis as the audience may see it, the marking naming the audience,
        and the ids of the groups asked for with --group (all when none), each checked."""
        from cs_peers.outputs.audiences import audience_named, for_audience, marking_for

        known = list(result.groups.groups["group_id"])
        unknown = [g for g in self.group or [] if g not in known]
        if unknown:
            raise CsPeersError(
                f"no group {unknown[0]!r} in this run; the groups are {', '.join(known) or 'none'}"
            )
        profile = audience_named(self.audience)
        view = for_audience(
            result,
            profile,
            home=workspace_home(analysis.workspace),
            groups=self.group,
            person=self.person,
            reveal_names=self.reveal_names,
        )
        return view, marking_for(self.marking, profile), self.group or known


def output_options(
    out: Path | None, *, out_option: Any = OutOpt, names: bool = True
) -> Callable[[Command], Command]:
    """Return the decorator giving a command the output options as ``output``.

    --out defaults to ``out`` (None: it must be given) and is declared by ``out_option`` (a
    file, for a command that writes one); ``names=False`` leaves --reveal-names out, for an
    output that never shows names.
    """
    fields = ("out", "group", "marking", "audience", "person", "reveal_names")
    return option_group(
        "output",
        OutputOptions,
        leading=fields,
        leave_out=() if names else ("reveal_names",),
        defaults={"out": inspect.Parameter.empty if out is None else out},
        declarations={"out": out_option},
    )
