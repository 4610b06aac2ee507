"""One Cypher template file: one statement and a header of ``//`` lines that declares it.

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

import re
from dataclasses import dataclass, field

from cs_peers.errors import PackagingError

__all__ = [
    "PARAMETER_TYPES",
    "RELATIONSHIP_TYPE",
    "REL_TYPE_PLACEHOLDER",
    "TEXT_TYPES",
    "CypherTemplate",
    "ParameterSpec",
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
