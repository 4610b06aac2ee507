"""The library of Cypher templates shipped with cs-peers, found by name and bound to values.

The templates are the ``.cypher`` files of the ``cypher/`` folder, one statement each with a
header (see :mod:`cs_peers.graphdb.templates`). The library (Neo4j 5.26 or later):

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

One Cypher template file: one statement and a header of ``//`` lines that declares it.

Each file in the ``cypher/`` folder (installed as the package ``cs_peers.cypher``) holds one
statement and a header naming it, its parameters and its columns::

    // name: ego_network
    // description: The person, and the people and contexts within `depth` hops of them.
    // param person_id: string — the person's id
    // param depth: integer 1..4 — how many hops to go out
    // returns: id, kind, label, distance
    MATCH …

Values only ever travel as ``$parameters``. The one exception to "the text is fixed" is the
placeholder ``{rel_type}``, which :class:`cs_peers.graphdb.store.Neo4jStore` alone fills, and
only with a relationship type taken from the vocabulary (an allow-list) and checked against
:data:`RELATIONSHIP_TYPE`. User text never reaches the query text.

Parameter types are ``string``, ``integer`` (optionally with a range ``integer 1..4``),
``float``, ``date`` (an ISO day, sent as the string ``YYYY-MM-DD`` because the graph stores
dates as ISO strings), ``list<string>`` (comma-separated on the command line), and the
structured ``list<map>``, ``map<list>`` and ``map<string>`` (batches: one list, or one joined
text, per column) that only the library passes, for loads and group writes. A header line
``// access: internal`` keeps a template from ``cs-peers query``.

The files ship with cs-peers, so a header that breaks these rules is a
:class:`~cs_peers.errors.PackagingError`, not a user's mistake.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from cs_peers.errors import PackagingError, TemplateError, TemplateNotFoundError

__all__ = [
    "PARAMETER_TYPES",
    "RELATIONSHIP_TYPE",
    "REL_TYPE_PLACEHOLDER",
    "TEXT_TYPES",
    "CypherTemplate",
    "ParameterSpec",
    "bind",
    "check_parameters",
    "get_template",
    "load_templates",
    "parse_template",
]


PARAMETER_TYPES = (
    "string",
    "integer",
    "float",
    "date",
    "list<string>",
    "list<map>",
    "map<list>",
    "map<string>",
)
# Types a user can give as text on the command line; the others only the library passes.
TEXT_TYPES = ("string", "integer", "float", "date", "list<string>")
REL_TYPE_PLACEHOLDER = "{rel_type}"
RELATIONSHIP_TYPE = re.compile(r"^[A-Z][A-Z0-9_]*$")

_HEADER = re.compile(
    r"^//\s*(name|description|returns|param|access)\b\s*([A-Za-z_][A-Za-z0-9_]*)?\s*:(.*)$"
)
_PARAM = re.compile(
    r"^\s*(?P<type>list<string>|list<map>|map<list>|map<string>|string|integer|float|date)"
    r"(?:\s+(?P<low>-?\d+)\.\.(?P<high>-?\d+))?\s*(?:—|--|-)?\s*(?P<doc>.*)$"
)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_WRITES = re.compile(r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DROP)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ParameterSpec:
    """One declared parameter: its type, what it means, and for integers an allowed range."""

    type: str
    doc: str
    low: int | None = None
    high: int | None = None

    def describe(self) -> str:
        """Return the type as the header writes it (``integer 1..4``, ``string``)."""
        if self.low is not None and self.high is not None:
            return f"{self.type} {self.low}..{self.high}"
        return self.type


@dataclass(frozen=True)
class CypherTemplate:
    """One Cypher statement and what its header declares.

    ``parameters`` maps each ``$name`` to ``(type, doc)``; ``specs`` holds the same with ranges.
    ``text`` is the statement without its header, exactly as it is sent to Neo4j (after the
    store fills ``{rel_type}`` where the template has it).
    """

    name: str
    description: str
    parameters: dict[str, tuple[str, str]]
    returns: list[str]
    text: str
    specs: dict[str, ParameterSpec] = field(default_factory=dict, repr=False)
    notes: str = ""
    internal: bool = False

    @property
    def signature(self) -> str:
        """Return how the template is called: ``name(param: type, …)``."""
        args = ", ".join(f"{name}: {kind}" for name, (kind, _doc) in self.parameters.items())
        return f"{self.name}({args})"

    @property
    def needs_relationship_type(self) -> bool:
        """Return whether the text has the ``{rel_type}`` placeholder the store must fill."""
        return REL_TYPE_PLACEHOLDER in self.text

    @property
    def writes(self) -> bool:
        """Return whether the statement changes the graph (so runs in a write transaction)."""
        return bool(_WRITES.search(self.text))

    @property
    def cli_usable(self) -> bool:
        """Return whether a user may run it by name: not internal (``// access: internal`` —
        loaders, run history, erasure, raw read-back with names and notes), and every parameter
        can be given as text."""
        return (
            not self.internal
            and not self.needs_relationship_type
            and all(kind in TEXT_TYPES for kind, _doc in self.parameters.values())
        )


def parse_template(file_name: str, source: str) -> CypherTemplate:
    """Return the template a ``.cypher`` file holds, checking its header.

    Raises
    ------
    PackagingError
        If the header is malformed: the files ship with cs-peers, so a bad one means a broken
        installation (or a bug in a new template), never a user's mistake.
    """
    lines = source.splitlines()
    header: list[str] = []
    while lines and (lines[0].strip().startswith("//") or not lines[0].strip()):
        line = lines.pop(0).strip()
        if line:
            header.append(line)
    text = "\n".join(lines).strip()
    where = f"cypher/{file_name}"
    if not text:
        raise PackagingError(f"{where}: has no statement after its header")
    name = description = ""
    returns: list[str] | None = None
    specs: dict[str, ParameterSpec] = {}
    notes: list[str] = []
    internal = False
    for line in header:
        match = _HEADER.match(line)
        if match is None:
            notes.append(line.removeprefix("//").strip())
            continue
        key, param_name, value = match.group(1), match.group(2), match.group(3).strip()
        if key == "param":
            if param_name is None:
                raise PackagingError(f"{where}: '{line}' needs a parameter name")
            spec = _PARAM.match(value)
            if spec is None or not _NAME.fullmatch(param_name):
                raise PackagingError(
                    f"{where}: cannot read '{line}'; expected "
                    f"'// param NAME: TYPE — meaning' with TYPE one of {', '.join(PARAMETER_TYPES)}"
                )
            if param_name in specs:
                raise PackagingError(f"{where}: parameter {param_name!r} is declared twice")
            low, high = spec.group("low"), spec.group("high")
            specs[param_name] = ParameterSpec(
                spec.group("type"),
                spec.group("doc").strip(),
                int(low) if low is not None else None,
                int(high) if high is not None else None,
            )
        elif key == "access":
            if value not in ("internal", "user"):
                raise PackagingError(
                    f"{where}: '// access:' is 'internal' or 'user', not {value!r}"
                )
            internal = value == "internal"
        elif key == "name":
            name = value
        elif key == "description":
            description = value
        else:
            returns = [c.strip() for c in value.split(",") if c.strip()]
    expected = file_name.removesuffix(".cypher")
    if name != expected:
        raise PackagingError(f"{where}: header names it {name!r}; it must be {expected!r}")
    if not description or returns is None:
        raise PackagingError(f"{where}: the header needs '// description:' and '// returns:' lines")
    return CypherTemplate(
        name=name,
        description=description,
        parameters={k: (s.type, s.doc) for k, s in specs.items()},
        returns=returns,
        text=text,
        specs=specs,
        notes=" ".join(notes),
        internal=internal,
    )


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
