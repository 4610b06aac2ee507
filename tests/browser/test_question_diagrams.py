"""Diagrams of answers (ego, path, connect) draw in headless Chromium with the network blocked."""

from __future__ import annotations

from pathlib import Path

import pytest
from browsing import SIZES, OfflineBrowser, assert_drawn_offline, check_first_screen

from cs_peers.analysis.questions.answers import (
    ConnectAnswer,
    EgoAnswer,
    EmbeddedSource,
    PathAnswer,
    QuestionFilters,
    connecting_network,
    ego_network,
    shortest_paths,
)
from cs_peers.inputs.dataset import Dataset
from cs_peers.outputs.diagrams import DiagramOptions
from cs_peers.outputs.diagrams.question import render_question_diagram

pytestmark = pytest.mark.browser


def answer_pages(tiny: Dataset, folder: Path) -> list[Path]:
    """Return the pages of three answers: an ego network, shortest paths, a connecting network."""
    source = EmbeddedSource(tiny)
    through = QuestionFilters(through_contexts=True)
    answers: dict[str, EgoAnswer | PathAnswer | ConnectAnswer] = {
        "ego": ego_network(source, "YP10", depth=2),
        "path": shortest_paths(source, "YP02", "YP06"),
        "connect": connecting_network(source, ["YP01", "YP10", "YP13"], filters=through),
    }
    return [
        render_question_diagram(
            answer,
            folder / f"{name}.html",
            vocabulary=tiny.vocabulary,
            options=DiagramOptions(),
            dataset=tiny,
        )
        for name, answer in answers.items()
    ]


def test_answers_draw_offline_with_each_record_in_the_tooltips(
    offline: OfflineBrowser, tiny: Dataset, tmp_path: Path
) -> None:
    for path in answer_pages(tiny, tmp_path):
        page = offline.open(path)
        assert_drawn_offline(page, at_least=3)
    # The last page opened is the connecting network, joined through the school.
    assert "Larkfield Academy (SC1, school)" in offline.hover_tooltip("Larkfield Academy")


def test_answers_fit_the_first_screen(
    offline: OfflineBrowser, tiny: Dataset, tmp_path: Path
) -> None:
    pages = answer_pages(tiny, tmp_path)
    for width, height in SIZES:
        problems = check_first_screen(offline, pages, width, height)
        assert problems == [], "\n".join(problems[:20])
