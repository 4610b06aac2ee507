"""Making a meeting pack, whole: analyse, show the audience what it may see, compare with the
last meeting, log the export before it is made, write it, keep its run and its meeting."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from cs_peers import clock
from cs_peers.analysis.history import PendingHistory
from cs_peers.analysis.meetings import ChangeReport, change_report, find_baseline
from cs_peers.analysis.person_history import person_history
from cs_peers.analysis.provenance import utc_now
from cs_peers.analysis.reviews.decide import action_states
from cs_peers.analysis.reviews.records import Meeting
from cs_peers.analysis.run import Analysis, AnalysisRequest, analyse_request
from cs_peers.backend import Backend
from cs_peers.errors import CsPeersError
from cs_peers.governance.audit import AuditEntry, audited_export
from cs_peers.outputs.audiences import DEFAULT_AUDIENCE, audience_named, for_audience, marking_for
from cs_peers.outputs.folders import check_output_folder
from cs_peers.outputs.pack import PACK_KIND, PackOptions, build_pack

__all__ = ["PackRequest", "PackResult", "make_pack", "since_last_meeting"]


@dataclass(frozen=True)
class PackRequest:
    """A meeting pack asked for: the analysis, where it goes, for whom, for which meeting.

    ``meeting`` is the day of the meeting the pack is for: its run is kept as that meeting's.
    ``since_meeting`` names the meeting to compare with (default: the last one before).
    ``command`` is the command line as the audit log keeps it (identifying values redacted).
    """

    analysis: AnalysisRequest
    out: Path
    options: PackOptions = field(default_factory=PackOptions)
    audience: str = DEFAULT_AUDIENCE
    groups: Sequence[str] | None = None
    person: str | None = None
    meeting: date | None = None
    since_meeting: date | None = None
    protect: Sequence[Path] = ()
    command: str = "cs-peers pack"


@dataclass(frozen=True)
class PackResult:
    """The pack made: where, what it showed, what it compared with, and its audit entry."""

    out: Path
    analysis: Analysis
    changes: ChangeReport | None
    audit: AuditEntry
    meeting: Meeting | None = None

    @property
    def group_count(self) -> int:
        """Return how many candidate groups the pack shows."""
        return len(self.analysis.groups.groups)


def since_last_meeting(
    backend: Backend,
    analysis: Analysis,
    *,
    day: date,
    since_meeting: date | None = None,
) -> ChangeReport | None:
    """Return what changed since the last meeting before ``day`` (or ``since_meeting``).

    None when the run is not kept, or no meeting and no earlier pack of its dataset is.
    """
    if analysis.run is None:
        return None
    log = backend.meetings
    baseline = find_baseline(
        backend.history,
        log,
        analysis.run.lineage,
        before=day,
        since_meeting=since_meeting,
        current_run=analysis.run.run_id,
    )
    if baseline is None:
        return None
    reviews = log.list_reviews()
    return change_report(
        analysis.dataset,
        analysis.groups,
        baseline,
        reviews,
        hidden=analysis.reviews.hidden if analysis.reviews else (),
        actions=action_states(reviews, log.list_action_events()),
    )


def make_pack(
    backend: Backend,
    request: PackRequest,
    *,
    progress: Callable[[str], None] | None = None,
) -> PackResult:
    """Return the pack made for ``request``, after every step of making one.

    The output folder is checked before any work; the analysis' run is held, not kept, until
    every file is written; the export is logged before the first file is written and
    completed after the last; the run (and, with a meeting day, the meeting) is kept just
    before the pack is moved into place, so a failure leaves no pack and no run behind.

    Raises
    ------
    CsPeersError
        For a group asked for that the run does not have, an audience that needs a group or
        a person, an output folder that is not ours, or anything the analysis refuses.
    """
    check_output_folder(request.out, PACK_KIND, protect=request.protect)
    history = PendingHistory(backend.history) if request.analysis.record else None
    analysis_request = replace(request.analysis, history=history) if history else request.analysis
    found = analyse_request(analysis_request, progress=progress)
    known = list(found.groups.groups["group_id"])
    unknown = [g for g in request.groups or [] if g not in known]
    if unknown:
        raise CsPeersError(
            f"no group {unknown[0]!r} in this run; the groups are {', '.join(known) or 'none'}"
        )
    profile = audience_named(request.audience)
    view = for_audience(
        found,
        profile,
        home=backend.home,
        groups=list(request.groups) if request.groups else None,
        person=request.person,
        reveal_names=request.options.reveal_names,
    )
    options = replace(request.options, marking=marking_for(request.options.marking, profile))
    if profile.groups == "person" and request.person and found.run is not None:
        # A case file tells its young person's groups over time (the held run included).
        label = view.dataset.labels().get(request.person, request.person)
        over_time = person_history(
            history or backend.history,
            backend.meetings,
            request.person,
            label=label,
            lineage=found.run.lineage,
        )
        options = replace(options, person=over_time)
    day = request.meeting or options.today or clock.today()
    # Only the meeting compares with earlier runs: they hold what other audiences may not see.
    changes = (
        since_last_meeting(backend, view, day=day, since_meeting=request.since_meeting)
        if profile.name == DEFAULT_AUDIENCE
        else None
    )
    kept: list[Meeting] = []

    def keep_run() -> None:
        if history is None or found.run is None:
            return
        history.mark_pack(found.run.run_id)
        history.commit()
        if request.meeting is not None:
            meeting = Meeting(found.run.lineage, day.isoformat(), found.run.run_id, utc_now())
            kept.append(backend.meetings.keep_meeting(meeting))

    details = {
        "output": str(Path(request.out).resolve()),
        "audience": profile.name,
        "reveal_names": request.options.reveal_names,
        "fingerprint": found.dataset.fingerprint,
        "groups": len(view.groups.groups),
        "meeting": day.isoformat() if request.meeting else "",
    }
    with audited_export(backend.workspace, request.command, details, neo4j=backend.neo4j) as entry:
        build_pack(
            view,
            request.out,
            options=options,
            changes=changes,
            progress=progress,
            protect=request.protect,
            before_publish=keep_run,
        )
    return PackResult(Path(request.out), view, changes, entry, kept[0] if kept else None)
