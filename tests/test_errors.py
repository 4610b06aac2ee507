"""One error tree: every user or installation problem is a CsPeersError, reported in one place."""

from __future__ import annotations

import ast
import importlib.resources
from collections.abc import Iterator
from pathlib import Path

import pytest
from cs_peers.cli.app import app
from typer.testing import CliRunner

import cs_peers
from cs_peers.analysis._model import ego_graph
from cs_peers.errors import (
    CsPeersError,
    NotFoundError,
    PackagingError,
    PersonNotFoundError,
    QuestionError,
    TemplateError,
    TemplateNotFoundError,
    UsageError,
)
from cs_peers.graphdb import templates
from cs_peers.inputs import vocabulary
from cs_peers.inputs.dataset import Dataset

runner = CliRunner()
LIBRARY = Path(cs_peers.__file__).resolve().parent
ERRORS = LIBRARY / "errors.py"


def test_every_exception_class_of_the_library_is_defined_in_errors_py() -> None:
    strays = []
    for path in sorted(LIBRARY.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name) and base.id.endswith(("Error", "Exception"))
                for base in node.bases
            ):
                strays.append(f"{path.relative_to(LIBRARY)}: {node.name}")
    assert [s for s in strays if not s.startswith("errors.py:")] == []
    assert "errors.py: NotFoundError" in strays and "errors.py: PackagingError" in strays


def _bad_mapping(tmp_path: Path) -> Path:
    mapping = tmp_path / "links.mapping.toml"
    mapping.write_text("version = [unclosed\n", encoding="utf-8")
    return mapping


def test_an_error_is_one_clean_line_without_the_debug_switch(tmp_path: Path) -> None:
    mapping = _bad_mapping(tmp_path)
    result = runner.invoke(app, ["validate", "--mapping", str(mapping)], env={"CS_PEERS_DEBUG": ""})
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"ERROR: mapping file {mapping} is not TOML: ")
    assert "Traceback" not in result.stderr


def test_the_debug_switch_adds_the_traceback_with_its_chained_cause(tmp_path: Path) -> None:
    mapping = _bad_mapping(tmp_path)
    result = runner.invoke(
        app, ["validate", "--mapping", str(mapping)], env={"CS_PEERS_DEBUG": "1"}
    )
    assert result.exit_code == 1
    first, *rest = result.stderr.splitlines()
    assert first.startswith(f"ERROR: mapping file {mapping} is not TOML: ")
    shown = "\n".join(rest)
    # The cause (the TOML parser's own error) comes first, then the error it caused.
    cause = shown.index("tomllib.TOMLDecodeError")
    link = shown.index("The above exception was the direct cause of the following exception")
    assert cause < link < shown.index("cs_peers.errors.MappingError: mapping file")


@pytest.fixture
def broken_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Return a template folder in which one shipped file has a broken header."""
    folder = tmp_path / "cypher"
    folder.mkdir()
    (folder / "graph_counts.cypher").write_text(
        "// name: graph_counts\n// description: Counts.\n// returns: people\n"
        "MATCH (p:Person) RETURN count(p) AS people\n",
        encoding="utf-8",
    )
    (folder / "broken.cypher").write_text(
        "// name: not_broken\n// description: A header naming another file.\n"
        "// returns: n\nRETURN 1 AS n\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(templates, "_template_folder", lambda: folder)
    templates.load_templates.cache_clear()
    yield folder
    templates.load_templates.cache_clear()


@pytest.mark.usefixtures("broken_templates")
def test_a_broken_packaged_template_is_a_packaging_error_exit_1() -> None:
    with pytest.raises(PackagingError) as caught:
        templates.load_templates()
    assert not isinstance(caught.value, UsageError)
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 1
    assert result.stderr == (
        "ERROR: the cs-peers installation is broken: cypher/broken.cypher: header names it "
        "'not_broken'; it must be 'broken'; reinstall cs-peers, and report this if it happens "
        "again after reinstalling\n"
    )


def test_a_wrong_template_parameter_stays_a_usage_error_exit_2() -> None:
    result = runner.invoke(app, ["query", "ego_network", "--param", "person_id=YP001"])
    assert result.exit_code == 2
    assert result.stderr == (
        "ERROR: missing parameter depth — usage: ego_network(person_id: string, depth: integer)\n"
    )


def test_an_unknown_template_is_not_found_and_a_usage_error_exit_2() -> None:
    with pytest.raises(TemplateNotFoundError) as caught:
        templates.get_template("ego_netwrk")
    assert isinstance(caught.value, NotFoundError) and isinstance(caught.value, TemplateError)
    result = runner.invoke(app, ["query", "ego_netwrk"])
    assert result.exit_code == 2
    assert result.stderr.startswith("ERROR: unknown query template 'ego_netwrk'; known templates: ")


def test_a_broken_shipped_vocabulary_is_a_packaging_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "vocabulary.toml").write_text("[types\n", encoding="utf-8")
    monkeypatch.setattr(importlib.resources, "files", lambda package: tmp_path)
    with pytest.raises(PackagingError, match=r"^the cs-peers installation is broken: the shipped"):
        vocabulary.default_vocabulary()


def test_the_ego_graph_of_an_unknown_person_is_not_found(tiny: Dataset) -> None:
    with pytest.raises(
        PersonNotFoundError, match=r"^person 'nobody' is not in the data$"
    ) as caught:
        ego_graph(tiny, "nobody")
    # Both a not-found error and a question error: code catching either still catches it.
    assert isinstance(caught.value, NotFoundError) and isinstance(caught.value, QuestionError)
    assert isinstance(caught.value, CsPeersError) and caught.value.exit_code == 1


def test_library_words_name_parameters_and_the_cli_shows_its_flags(tmp_path: Path) -> None:
    from cs_peers.analysis.reviews.records import check_day

    try:
        check_day("2026-13-01", "review_date")
    except CsPeersError as exc:
        assert str(exc).startswith("review_date '2026-13-01' is not a date")
        assert exc.message_for("--review-date").startswith("--review-date '2026-13-01'")
    else:
        raise AssertionError("a day that does not exist was taken")
    result = CliRunner().invoke(
        app,
        ["review", "PG-0001", "--status", "maybe", "--by", "X", "--workspace", str(tmp_path)],
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("ERROR: --status 'maybe' is not one of confirmed")
