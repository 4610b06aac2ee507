"""Telling what changed since the last meeting (or a named run), outside a pack."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from cs_peers import clock
from cs_peers.analysis.history import PendingHistory, find_base_run
from cs_peers.analysis.lineage import match_lineage
from cs_peers.analysis.meetings import Baseline, ChangeReport, change_report
from cs_peers.analysis.reviews.decide import action_states
from cs_peers.analysis.run import Analysis, AnalysisRequest, analyse_request, selected_dataset
from cs_peers.backend import Backend
from cs_peers.tasks.pack import since_last_meeting

__all__ = ["report_changes"]


def report_changes(
    backend: Backend,
    request: AnalysisRequest,
    *,
    since_meeting: date | None = None,
    since_run: str = "",
    keep: bool = False,
    progress: Callable[[str], None] | None = None,
) -> tuple[Analysis, ChangeReport | None]:
    """Return the analysis of ``request`` and what changed since the last meeting before today.

    ``since_meeting`` names another meeting; ``since_run`` a run (an id, or a day: the latest
    run kept on or before it) instead of a meeting. The run is matched to the workspace's runs
    (so its groups carry their ids) but kept only with ``keep``: an exploratory comparison is
    never the baseline of a later meeting.
    """
    history = PendingHistory(backend.history)
    request = replace(request, record=True, history=history, reviews=backend.meetings)
    dataset = selected_dataset(request)
    if since_run:
        # Compare only with runs of the same data: the lineage this run will join.
        match = match_lineage(history.list_runs(), dataset, name=request.lineage, load=history.get)
        base = find_base_run(history, since_run, lineage=match.lineage)
        request = replace(request, lineage=match.lineage)
    found = analyse_request(request, dataset=dataset, progress=progress)
    if since_run:
        reviews = backend.meetings.list_reviews()
        events = backend.meetings.list_action_events()
        report: ChangeReport | None = change_report(
            found.dataset,
            found.groups,
            Baseline(base, None, named_run=True),
            reviews,
            hidden=found.reviews.hidden if found.reviews else (),
            actions=action_states(reviews, events),
        )
    else:
        report = since_last_meeting(backend, found, day=clock.today(), since_meeting=since_meeting)
    if keep:
        history.commit()
    return found, report
