"""The library of Cypher templates shipped with cs-peers, found by name and bound to values.

The templates are the ``.cypher`` files of the ``cypher/`` folder, one statement each with a
header (see :mod:`cs_peers.graphdb.template_file`). The library (Neo4j 5.26 or later):

* schema, one constraint per file since a file holds one statement: ``schema_person_id``,
  ``schema_context_id``, ``schema_peer_group_id``, and ``schema_association_key`` once per
  association type (the key's unique constraint, also the index MERGE seeks on);
* loads, run by :func:`cs_peers.graphdb.load.load_into_neo4j` only: ``load_people``,
  ``load_contexts``, ``create_associations`` and ``load_associations`` (MERGE);
* read-back for the analysis: ``read_people``, ``read_contexts``, ``read_associations``;
* groups: ``write_groups``, ``clear_groups``, ``group_members``; runs and reviews:
  ``save_run``, ``list_runs``, ``get_run``, ``save_review``, ``list_reviews``;
* the steps of ``cs-peers ego``, ``path`` and ``connect`` with ``--neo4j``
  (:mod:`cs_peers.graphdb.questions`): ``question_nodes``, ``question_neighbours``,
  ``question_records``, ``question_paths``;
* questions a user may ask by name (``cs-peers query``): ``graph_counts``, ``ego_network``,
  ``shared_contexts``, ``paths_between``, ``connecting_people``, ``context_hotspots``,
  ``associations_since``, and ``forget_person`` for erasure requests.

:func:`bind` turns a command line's text into values of the declared types.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from cs_peers.errors import PackagingError, TemplateError, TemplateNotFoundError
from cs_peers.graphdb.template_file import CypherTemplate, ParameterSpec, parse_template

__all__ = ["bind", "check_parameters", "get_template", "load_templates"]

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _template_folder() -> Traversable:
    """Return the folder of ``.cypher`` files: the installed package, else the repo's folder."""
    try:
        packaged = resources.files("cs_peers.cypher")
    except ModuleNotFoundError:
        packaged = None
    if packaged is not None and any(entry.name.endswith(".cypher") for entry in packaged.iterdir()):
        return packaged
    # Running from a source checkout that is not installed: cypher/ sits next to cs_peers/.
    return Path(__file__).resolve().parents[2] / "cypher"


@functools.cache
def load_templates() -> dict[str, CypherTemplate]:
    """Return every template shipped with cs-peers, by name, in name order.

    Raises
    ------
    PackagingError
        If no template is there, or a file's header is malformed: the files ship with
        cs-peers, so the installation is broken (a user's input cannot cause it).

    Examples
    --------
    >>> templates = load_templates()
    >>> templates["ego_network"].signature
    'ego_network(person_id: string, depth: integer)'
    """
    folder = _template_folder()
    found: dict[str, CypherTemplate] = {}
    try:
        files = sorted((e for e in folder.iterdir() if e.name.endswith(".cypher")), key=str)
        texts = [(entry.name, entry.read_text(encoding="utf-8")) for entry in files]
    except (OSError, UnicodeDecodeError) as exc:
        raise PackagingError(f"cannot read the Cypher templates in {folder} ({exc})") from exc
    for file_name, text in texts:
        template = parse_template(file_name, text)
        found[template.name] = template
    if not found:
        raise PackagingError(f"no Cypher templates (.cypher files) in {folder}")
    return found


def get_template(name: str) -> CypherTemplate:
    """Return the template called ``name``.

    Raises
    ------
    TemplateNotFoundError
        If there is no such template; the message lists the ones there are.
    """
    templates = load_templates()
    try:
        return templates[name]
    except KeyError:
        known = ", ".join(t.name for t in templates.values() if t.cli_usable)
        raise TemplateNotFoundError(
            f"unknown query template {name!r}; known templates: {known}"
        ) from None


def check_parameters(template: CypherTemplate, names: set[str] | list[str]) -> None:
    """Return nothing if ``names`` are exactly the template's parameters, else raise.

    Raises
    ------
    TemplateError
        Naming the missing or extra parameters and the template's signature.
    """
    given = set(names)
    declared = set(template.parameters)
    missing = [n for n in template.parameters if n not in given]
    extra = sorted(given - declared)
    problems = []
    if missing:
        problems.append(f"missing parameter{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if extra:
        problems.append(f"unknown parameter{'s' if len(extra) > 1 else ''} {', '.join(extra)}")
    if problems:
        raise TemplateError(f"{'; '.join(problems)} — usage: {template.signature}")


def _integer(text: str, spec: ParameterSpec) -> int:
    try:
        number = int(text)
    except ValueError:
        raise ValueError("an integer") from None
    if spec.low is not None and spec.high is not None and not spec.low <= number <= spec.high:
        raise ValueError(f"between {spec.low} and {spec.high}")
    return number


def _float(text: str, spec: ParameterSpec) -> float:
    try:
        real = float(text)
    except ValueError:
        raise ValueError("a number") from None
    if not math.isfinite(real):
        raise ValueError("a finite number")
    return real


def _day(text: str, spec: ParameterSpec) -> str:
    expected = "a date in the form YYYY-MM-DD"
    if not _ISO_DAY.fullmatch(text):
        raise ValueError(expected)
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(expected) from None


def _strings(text: str, spec: ParameterSpec) -> list[str]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise ValueError("a comma-separated list of one or more values")
    return items


# How each type a user may give as text is read; each raises ValueError("what was expected").
# Strings go through untouched; lists are split on commas without the surrounding spaces.
_FROM_TEXT: dict[str, Callable[[str, ParameterSpec], Any]] = {
    "integer": _integer,
    "float": _float,
    "date": _day,
}


def _convert(template: CypherTemplate, name: str, spec: ParameterSpec, raw: str) -> Any:
    if spec.type == "string":
        return raw
    convert: Callable[[str, ParameterSpec], Any]
    if spec.type == "list<string>":
        convert, text = _strings, raw
    elif spec.type in _FROM_TEXT:
        convert, text = _FROM_TEXT[spec.type], raw.strip()
    else:
        raise TemplateError(
            f"parameter {name} of {template.name} is a {spec.type}, which only cs-peers itself "
            f"passes; this template cannot be run with text parameters — usage: "
            f"{template.signature}"
        )
    try:
        return convert(text, spec)
    except ValueError as exc:
        raise TemplateError(
            f"parameter {name}={raw!r} is not {exc} — usage: {template.signature}"
        ) from None


def bind(template: CypherTemplate | str, params: dict[str, str]) -> dict[str, Any]:
    """Return the parameters converted from text to the types the template declares.

    Parameters
    ----------
    template
        The template, or its name.
    params
        Parameter values as text, as a command line gives them.

    Returns
    -------
    dict
        The same names with values of the declared types: ``int``, ``float``, ``str``, an ISO
        date string (dates are stored as ISO strings), or a ``list[str]``.

    Raises
    ------
    TemplateError
        For an unknown template, a missing or extra parameter, or a value that is not of the
        declared type; the message carries the template's signature.

    Examples
    --------
    >>> bind("ego_network", {"person_id": "YP01", "depth": "2"})
    {'person_id': 'YP01', 'depth': 2}
    >>> bind("graph_counts", {"depth": "2"})
    Traceback (most recent call last):
    ...
    cs_peers.errors.TemplateError: unknown parameter depth — usage: graph_counts()
    """
    if isinstance(template, str):
        template = get_template(template)
    if template.needs_relationship_type:
        raise TemplateError(
            f"{template.name} is run by cs-peers itself, once per association type, and cannot "
            f"be run by name — usage: {template.signature}"
        )
    check_parameters(template, list(params))
    return {
        name: _convert(template, name, spec, params[name]) for name, spec in template.specs.items()
    }
