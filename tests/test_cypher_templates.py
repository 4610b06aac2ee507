"""The Cypher template library: headers, declared parameters, and binding text to types."""

from __future__ import annotations

import re

import pytest

from cs_peers.errors import PackagingError, TemplateError
from cs_peers.graphdb.templates import (
    REL_TYPE_PLACEHOLDER,
    CypherTemplate,
    bind,
    check_parameters,
    get_template,
    load_templates,
    parse_template,
)

TEMPLATES = load_templates()
# What the brief asks the library to hold, at least.
REQUIRED = {
    "schema_person_id",
    "schema_context_id",
    "schema_peer_group_id",
    "schema_association_key",
    "load_people",
    "load_contexts",
    "load_associations",
    "read_people",
    "read_contexts",
    "read_associations",
    "write_groups",
    "clear_groups",
    "graph_counts",
    "ego_network",
    "shared_contexts",
    "paths_between",
    "connecting_people",
    "group_members",
    "context_hotspots",
    "associations_since",
    "forget_person",
}
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_PLACEHOLDER = re.compile(r"\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")


def _code(template: CypherTemplate) -> str:
    """Return the statement without comments and string literals."""
    lines = [line.split("//", 1)[0] for line in template.text.splitlines()]
    return _STRING_LITERAL.sub("''", "\n".join(lines))


def test_the_library_has_every_template_the_store_and_cli_need() -> None:
    assert set(TEMPLATES) >= REQUIRED


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_is_one_statement_with_its_parameters_explained(name: str) -> None:
    template = TEMPLATES[name]
    # One statement per file: no statement separator outside string literals.
    assert ";" not in _code(template).strip().rstrip(";")
    for param, (_kind, doc) in template.parameters.items():
        assert doc, f"{name}: parameter {param} says what it means"


WELL_FORMED = """// name: sample
// description: People with a given id.
// param person_id: string — the person's id
// param depth: integer 1..4 — how far to go
// returns: id, label
// access: internal
// A note on why the statement reads as it does.

MATCH (p:Person {id: $person_id})
// a comment inside the statement stays in it
RETURN p.id AS id, p.label AS label
"""


def test_the_header_is_read_and_only_the_statement_is_sent() -> None:
    template = parse_template("sample.cypher", WELL_FORMED)
    assert template.name == "sample"
    assert template.description == "People with a given id."
    assert template.parameters == {
        "person_id": ("string", "the person's id"),
        "depth": ("integer", "how far to go"),
    }
    assert (template.specs["depth"].low, template.specs["depth"].high) == (1, 4)
    assert template.returns == ["id", "label"]
    assert template.internal and not template.cli_usable
    assert template.notes == "A note on why the statement reads as it does."
    assert template.text == (
        "MATCH (p:Person {id: $person_id})\n"
        "// a comment inside the statement stays in it\n"
        "RETURN p.id AS id, p.label AS label"
    )


def _header(*lines: str, statement: str = "RETURN $n AS x") -> str:
    return "\n".join(lines) + "\n" + statement + "\n"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            _header("// name: other", "// description: d", "// returns: x"),
            "cypher/sample.cypher: header names it 'other'; it must be 'sample'",
        ),
        (
            _header("// name: sample", "// returns: x"),
            "needs '// description:' and '// returns:' lines",
        ),
        (
            _header("// name: sample", "// description: d"),
            "needs '// description:' and '// returns:' lines",
        ),
        (
            _header(
                "// name: sample", "// description: d", "// param n: text — t", "// returns: x"
            ),
            "cannot read '// param n: text — t'",
        ),
        (
            _header(
                "// name: sample",
                "// description: d",
                "// param n: string — a",
                "// param n: string — b",
                "// returns: x",
            ),
            "parameter 'n' is declared twice",
        ),
        (
            _header("// name: sample", "// description: d", "// returns: x", statement=""),
            "has no statement after its header",
        ),
        (
            _header("// name: sample", "// description: d", "// returns: x", "// access: all"),
            "'// access:' is 'internal' or 'user', not 'all'",
        ),
    ],
)
def test_a_malformed_header_is_refused_naming_the_file(source: str, message: str) -> None:
    with pytest.raises(PackagingError, match=re.escape(message)):
        parse_template("sample.cypher", source)


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_declares_exactly_the_parameters_it_uses(name: str) -> None:
    template = TEMPLATES[name]
    used = set(_PARAMETER.findall(_code(template)))
    assert used == set(template.parameters), f"{name}: uses {used}, declares {template.parameters}"


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_no_text_is_formatted_into_a_template_but_the_vetted_relationship_type(name: str) -> None:
    template = TEMPLATES[name]
    placeholders = set(_PLACEHOLDER.findall(_code(template)))
    assert placeholders <= {"rel_type"}
    assert template.needs_relationship_type == ("rel_type" in placeholders)
    if template.needs_relationship_type:
        # Only the library runs these, one association type at a time.
        assert not template.cli_usable
        assert REL_TYPE_PLACEHOLDER in template.text


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_returned_columns_are_declared(name: str) -> None:
    template = TEMPLATES[name]
    code = _code(template)
    if name.startswith("schema_"):
        assert template.returns == []
        return
    for column in template.returns:
        assert re.search(rf"\b{re.escape(column)}\b", code), f"{name}: returns {column}?"


def test_templates_that_change_the_graph_are_known_to_write() -> None:
    writers = {n for n, t in TEMPLATES.items() if t.writes}
    assert {"load_people", "forget_person", "clear_groups", "write_groups"} <= writers
    assert not {"ego_network", "read_associations", "graph_counts", "paths_between"} & writers


def test_signature_names_parameters_and_types() -> None:
    assert get_template("ego_network").signature == "ego_network(person_id: string, depth: integer)"
    assert get_template("graph_counts").signature == "graph_counts()"


def test_bind_converts_text_to_the_declared_types() -> None:
    assert bind("ego_network", {"person_id": "YP01", "depth": "3"}) == {
        "person_id": "YP01",
        "depth": 3,
    }
    assert bind("connecting_people", {"ids": "YP01, YP02,YP03,"}) == {
        "ids": ["YP01", "YP02", "YP03"]
    }
    assert bind("context_hotspots", {"since": "2025-03-01"}) == {"since": "2025-03-01"}
    assert bind(get_template("graph_counts"), {}) == {}


def test_bind_keeps_string_values_exactly_as_given() -> None:
    hostile = "x'}) DETACH DELETE n //"
    assert bind("forget_person", {"person_id": hostile}) == {"person_id": hostile}


def test_bind_refuses_an_unknown_template_listing_the_known_ones() -> None:
    with pytest.raises(TemplateError, match=r"unknown query template 'ego_netwrk'.*ego_network"):
        bind("ego_netwrk", {})


def test_bind_refuses_a_missing_parameter_with_the_signature() -> None:
    with pytest.raises(TemplateError) as caught:
        bind("ego_network", {"person_id": "YP01"})
    assert str(caught.value) == (
        "missing parameter depth — usage: ego_network(person_id: string, depth: integer)"
    )


def test_bind_refuses_an_extra_parameter_with_the_signature() -> None:
    with pytest.raises(TemplateError) as caught:
        bind("group_members", {"group_id": "G1", "limit": "5"})
    assert str(caught.value) == ("unknown parameter limit — usage: group_members(group_id: string)")


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("ego_network", {"person_id": "YP01", "depth": "two"}, "is not an integer"),
        ("ego_network", {"person_id": "YP01", "depth": "9"}, "is not between 1 and 4"),
        ("paths_between", {"a": "A", "b": "B", "max_depth": "0"}, "is not between 1 and 6"),
        ("context_hotspots", {"since": "2025-02-30"}, "is not a date in the form YYYY-MM-DD"),
        ("associations_since", {"since": "1/2/2025"}, "is not a date in the form YYYY-MM-DD"),
        ("connecting_people", {"ids": " , "}, "is not a comma-separated list"),
    ],
)
def test_bind_refuses_bad_values_with_the_signature(
    name: str, params: dict[str, str], expected: str
) -> None:
    with pytest.raises(TemplateError) as caught:
        bind(name, params)
    message = str(caught.value)
    assert expected in message
    assert message.endswith(f"usage: {get_template(name).signature}")


def test_bind_refuses_templates_only_the_library_runs() -> None:
    with pytest.raises(TemplateError, match="once per association type"):
        bind("load_associations", {"batch": "x"})
    with pytest.raises(TemplateError, match="only cs-peers itself passes"):
        bind(
            "write_groups",
            {"groups": "x", "run_at": "", "data_fingerprint": "", "parameters": "", "run": ""},
        )


def test_check_parameters_names_missing_and_extra_together() -> None:
    with pytest.raises(TemplateError) as caught:
        check_parameters(get_template("paths_between"), {"a", "c"})
    assert str(caught.value) == (
        "missing parameters b, max_depth; unknown parameter c — usage: "
        "paths_between(a: string, b: string, max_depth: integer)"
    )
