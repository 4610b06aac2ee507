"""Every default is defined once, in the library, and the help texts state that one.

Each check reads a command's ``--help`` as a user sees it and compares the default it states
with the library's definition, so a default changed in one place only fails here.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import fields

import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

from cs_peers.analysis.contexts import DEFAULT_WINDOW_DAYS
from cs_peers.analysis.grouping.evidence import build_peer_evidence
from cs_peers.analysis.grouping.leiden import choose_resolution
from cs_peers.analysis.grouping.parameters import DEFAULT_RESOLUTION, GroupingParameters
from cs_peers.analysis.provenance import DEFAULT_MARKING
from cs_peers.analysis.questions.types import MAX_PATH_LENGTH, QuestionFilters
from cs_peers.graphdb.load import DEFAULT_BATCH_SIZE
from cs_peers.inputs.limits import LOAD_BATCH_ROWS, InputLimits
from cs_peers.inputs.sample import (
    DEFAULT_MIXING,
    DEFAULT_SEED,
    DEFAULT_YOUNG_PEOPLE,
    generate_sample,
)
from cs_peers.outputs.assessment import SeedOptions
from cs_peers.outputs.audiences import DEFAULT_AUDIENCE
from cs_peers.outputs.briefing import BriefingOptions
from cs_peers.outputs.diagrams import DiagramOptions
from cs_peers.outputs.pack import PackOptions

runner = CliRunner()
PARAMETERS = GroupingParameters()
FILTERS = QuestionFilters()


def _help(*command: str) -> str:
    """Return the help of ``command`` as the terminal shows it."""
    result = runner.invoke(app, [*command, "--help"], terminal_width=120)
    assert result.exit_code == 0, result.output
    return result.output


def _options(help_text: str) -> dict[str, str]:
    """Return each option's help entry as one line, by each of its names (``--x / --no-x``)."""
    entries: list[str] = []
    for line in help_text.splitlines():
        if re.match(r"  -", line):
            entries.append(line.strip())
        elif entries and line.startswith("   ") and line.strip():
            entries[-1] += " " + line.strip()
        elif not line.strip() and entries:
            entries.append("")
    named: dict[str, str] = {}
    for entry in filter(None, entries):
        names = re.match(r"(--?[\w-]+(?: / --?[\w-]+)*)", entry)
        assert names, entry
        for name in names.group(1).split(" / "):
            named[name] = entry
    return named


def _default(help_text: str, option: str) -> str:
    """Return the default the help states for ``option`` (``[default: X; …]``)."""
    found = re.search(r"\[default: ([^;\]]+)", _options(help_text)[option])
    assert found, f"{option}: no default stated"
    return found.group(1).strip()


def _flat(help_text: str) -> str:
    """Return the help as one line (the terminal's wrapping undone)."""
    return " ".join(help_text.split())


@pytest.mark.parametrize("command", ["groups", "render", "assess", "pack", "changes", "contexts"])
def test_the_grouping_options_state_the_parameters_defaults(command: str) -> None:
    text = _help(command)
    assert _default(text, "--seed") == str(PARAMETERS.seed)
    assert _default(text, "--runs") == str(PARAMETERS.runs)
    # No resolution is the default: it is chosen from the data, as the help says.
    assert DEFAULT_RESOLUTION is None and PARAMETERS.resolution is None
    assert "Default: chosen from the data" in _options(text)["--resolution"]


def test_the_library_reads_the_grouping_defaults_from_the_parameters() -> None:
    evidence = inspect.signature(build_peer_evidence).parameters["max_context_size"]
    assert evidence.default == PARAMETERS.max_context_size
    leiden = inspect.signature(choose_resolution).parameters["min_size"]
    assert leiden.default == PARAMETERS.min_size


def test_the_context_window_is_defined_once() -> None:
    assert _default(_help("pack"), "--context-window") == str(DEFAULT_WINDOW_DAYS)
    assert f"The window defaults to the {DEFAULT_WINDOW_DAYS} days" in _flat(_help("contexts"))
    assert PackOptions().context_window_days == DEFAULT_WINDOW_DAYS


@pytest.mark.parametrize("command", [("pack",), ("render",), ("assess",), ("equality",), ("ego",)])
def test_the_marking_is_defined_once(command: tuple[str, ...]) -> None:
    assert _default(_help(*command), "--marking") == DEFAULT_MARKING


def test_every_output_marks_with_the_default_marking() -> None:
    markings = {
        PackOptions().marking,
        SeedOptions().marking,
        DiagramOptions().marking,
        BriefingOptions().marking,
    }
    assert markings == {DEFAULT_MARKING}


def test_the_audience_default_is_the_libraries() -> None:
    text = _help("pack")
    assert _default(text, "--audience") == DEFAULT_AUDIENCE
    assert f"{DEFAULT_AUDIENCE} (the agencies involved; default)" in _options(text)["--audience"]


@pytest.mark.parametrize("command", ["ego", "path", "connect"])
def test_the_question_options_state_the_filters_defaults(command: str) -> None:
    text = _help(command)
    assert _default(text, "--min-confidence") == FILTERS.min_confidence
    through = "through-contexts" if FILTERS.through_contexts else "not-through-contexts"
    assert _default(text, "--through-contexts") == through
    if command != "ego":
        assert _default(text, "--max-length") == str(FILTERS.max_length)
        assert f"1<=x<={MAX_PATH_LENGTH}]" in _options(text)["--max-length"]


def test_the_limits_help_states_the_input_limits() -> None:
    text = _options(_help())["--limit"]
    defaults = InputLimits()
    stated = dict(re.findall(r"(\w+) \((?:default )?(\d+)\)", text))
    assert stated == {f.name: str(getattr(defaults, f.name)) for f in fields(defaults)}


def test_a_default_stated_differently_is_caught() -> None:
    # The check itself: a help text stating another default does not pass.
    stated = f"[default: {PARAMETERS.runs};"
    text = _help("groups").replace(stated, f"[default: {PARAMETERS.runs + 2};")
    assert _default(text, "--runs") != str(PARAMETERS.runs)


def test_the_load_batch_size_is_defined_once() -> None:
    assert (
        _default(_help("load"), "--batch-size") == str(LOAD_BATCH_ROWS) == str(DEFAULT_BATCH_SIZE)
    )


def test_the_sample_states_the_generators_defaults() -> None:
    text = _help("sample")
    assert _default(text, "--young-people") == str(DEFAULT_YOUNG_PEOPLE)
    assert _default(text, "--seed") == str(DEFAULT_SEED)
    assert _default(text, "--mixing") == str(DEFAULT_MIXING)
    given = inspect.signature(generate_sample).parameters
    assert (given["young_people"].default, given["seed"].default, given["mixing"].default) == (
        DEFAULT_YOUNG_PEOPLE,
        DEFAULT_SEED,
        DEFAULT_MIXING,
    )
