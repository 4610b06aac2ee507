"""The library is laid out as the pipeline, and its imports only run down it.

basics < inputs < analysis < {graphdb, workspacedb, outputs} < governance < facade < cli, where
graphdb, workspacedb and outputs never import each other. Every import counts: at the top of a module, inside a
function, under ``TYPE_CHECKING``, and ``importlib.import_module("…")`` with a literal name.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "cs_peers"
CLI = ROOT / "cli"
# A module is one topic; a few hundred lines is normal (networkx averages about 400). This
# guards against a module that has become several topics, not against a long one.
MAX_LINES = 600
# The other way round: modules split by size (172 of them, averaging 133 lines) were merged
# back into topics (issue 18). A new module is welcome when it is a new topic; this catches
# the layout drifting back to one idea spread over several files.
MAX_MODULES = 110

# Shared basics at the top of the pipeline (and the data folders the wheel installs inside
# cs_peers: they hold no code, but an import of them is an import of a basic).
BASICS = {
    "cs_peers._lazy",
    "cs_peers.errors",
    "cs_peers.safe_text",
    "cs_peers.workspace",
    "cs_peers.clock",
    "cs_peers.data",
    "cs_peers.cypher",
    "cs_peers.sample_graphs",
    "cs_peers.neo4j_launcher",
}
# Rank of each layer: a module may import its own layer and those of lower rank only.
RANKS = {
    "basics": 0,
    "inputs": 1,
    "analysis": 2,
    "graphdb": 3,
    "outputs": 3,
    "workspacedb": 3,
    "governance": 4,
    "facade": 5,
    "tasks": 5,
    "cli": 6,
}
SIBLINGS_APART = {
    frozenset({"graphdb", "outputs"}),
    frozenset({"graphdb", "workspacedb"}),
    frozenset({"outputs", "workspacedb"}),
}


@dataclass(frozen=True)
class Import:
    """One import statement of a module: where it is and the module it names."""

    module: str
    line: int
    target: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def _module_name(path: Path) -> str:
    """Return the dotted name a source file installs as (cli/ installs as cs_peers.cli)."""
    if path.is_relative_to(CLI):
        parts = ["cs_peers", "cli", *path.relative_to(CLI).with_suffix("").parts]
    else:
        parts = ["cs_peers", *path.relative_to(LIBRARY).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _sources() -> list[Path]:
    return sorted([*LIBRARY.rglob("*.py"), *CLI.rglob("*.py")])


def _known_modules() -> set[str]:
    """Return every module and package name of the source tree."""
    names = {_module_name(p) for p in _sources()}
    names |= BASICS
    return names


def layer_of(name: str) -> str:
    """Return the layer a dotted module name of cs-peers belongs to.

    Examples
    --------
    >>> layer_of("cs_peers.analysis.grouping.groups"), layer_of("cs_peers.errors")
    ('analysis', 'basics')
    >>> layer_of("cs_peers"), layer_of("cs_peers.sources"), layer_of("cs_peers.cli.app")
    ('facade', 'facade', 'cli')
    """
    parts = name.split(".")
    if name == "cs_peers":
        return "facade"
    if ".".join(parts[:2]) in BASICS:
        return "basics"
    if parts[1] in RANKS and parts[1] not in ("basics", "facade"):
        return parts[1]
    if len(parts) == 2 and not (LIBRARY / parts[1]).is_dir():
        return "facade"  # a top-level module that wires the layers for library users
    raise AssertionError(f"{name} is in no layer of the pipeline; add its folder to the test")


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """Return the absolute module an ``ImportFrom`` names (relative imports resolved)."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(path: Path) -> list[Import]:
    """Return every import of cs-peers code that the module at ``path`` makes."""
    return imports_in(_module_name(path), _is_package(path), path.read_text("utf-8"))


def _is_import_module(node: ast.expr) -> bool:
    """Return whether ``node`` calls ``import_module`` (``importlib.import_module`` or bare)."""
    if not isinstance(node, ast.Call) or not node.args:
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    first = node.args[0]
    return (
        name == "import_module" and isinstance(first, ast.Constant) and isinstance(first.value, str)
    )


def imports_in(module: str, is_package: bool, source: str) -> list[Import]:
    """Return every import of cs-peers code in ``source``, the text of ``module``."""
    known = _known_modules()
    found: list[Import] = []
    for node in ast.walk(ast.parse(source, module)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            origin = _resolve(module, is_package, node)
            # `from cs_peers import errors` imports the module cs_peers.errors, not the facade.
            subs = [f"{origin}.{a.name}" for a in node.names if f"{origin}.{a.name}" in known]
            targets = subs if len(subs) == len(node.names) else [origin, *subs]
        elif isinstance(node, ast.Call) and _is_import_module(node):
            first = node.args[0]
            assert isinstance(first, ast.Constant)
            targets = [str(first.value)]
        if isinstance(node, ast.stmt | ast.expr):
            found += [
                Import(module, node.lineno, t)
                for t in targets
                if t == "cs_peers" or t.startswith("cs_peers.")
            ]
    return sorted(found, key=lambda i: (i.line, i.target))


def allowed(importer: str, target: str) -> bool:
    """Return whether a module of one layer may import a module of another.

    Examples
    --------
    >>> allowed("cs_peers.outputs.pack", "cs_peers.analysis.run")
    True
    >>> allowed("cs_peers.analysis.run", "cs_peers.outputs.pack")
    False
    >>> allowed("cs_peers.graphdb.load", "cs_peers.outputs.pack")
    False
    """
    low, high = layer_of(target), layer_of(importer)
    if frozenset({low, high}) in SIBLINGS_APART:
        return False
    return RANKS[low] <= RANKS[high]


def violations() -> list[Import]:
    """Return every import in the source tree that runs up the pipeline."""
    return [
        found
        for path in _sources()
        for found in imports_of(path)
        if not allowed(found.module, found.target)
    ]


def test_imports_only_run_down_the_pipeline() -> None:
    wrong = violations()
    for found in wrong:
        print(f"{found} ({layer_of(found.module)} → {layer_of(found.target)})")
    assert not wrong, "imports running up the pipeline:\n" + "\n".join(map(str, wrong))


def test_the_command_line_asks_the_backend_never_the_database() -> None:
    # One backend per command (cs_peers.backend) holds the one Neo4j driver; a command that
    # imported cs_peers.graphdb itself would open its own, or do the library's job.
    direct = [
        found
        for path in sorted(CLI.rglob("*.py"))
        for found in imports_of(path)
        if found.target == "cs_peers.graphdb" or found.target.startswith("cs_peers.graphdb.")
    ]
    assert not direct, "cli/ imports graphdb:\n" + "\n".join(map(str, direct))


def test_the_checker_sees_imports_in_functions_relative_and_dynamic() -> None:
    # A module of the analysis layer that imports in every way the checker claims to see.
    source = (
        "from __future__ import annotations\n"
        "import importlib\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from cs_peers.graphdb.store import Neo4jStore\n"
        "def f() -> None:\n"
        "    from ..outputs import pack\n"
        "    import cs_peers.governance.audit\n"
        "    importlib.import_module('cs_peers.cli.app')\n"
        "from . import _identity\n"
        "from .grouping.groups import detect_peer_groups\n"
        "from cs_peers import errors\n"
        "from cs_peers import __version__\n"
    )
    module = "cs_peers.analysis._model"
    found = imports_in(module, False, source)
    assert [(i.line, i.target) for i in found if i.line != 5] == sorted(
        [
            (7, "cs_peers.outputs.pack"),
            (8, "cs_peers.governance.audit"),
            (9, "cs_peers.cli.app"),
            (10, "cs_peers.analysis._identity"),
            (11, "cs_peers.analysis.grouping.groups"),
            (12, "cs_peers.errors"),
            (13, "cs_peers"),
        ]
    )
    assert Import(module, 5, "cs_peers.graphdb.store") in found
    upward = {i.target for i in found if not allowed(module, i.target)}
    assert upward == {
        "cs_peers.graphdb.store",
        "cs_peers.outputs.pack",
        "cs_peers.governance.audit",
        "cs_peers.cli.app",
        "cs_peers",
    }
    # A package's relative import starts from the package itself.
    (inside,) = imports_in("cs_peers.outputs", True, "from .pack import write_pack\n")
    assert inside.target == "cs_peers.outputs.pack"


def test_the_library_is_a_topic_layout_not_a_size_split() -> None:
    modules = [p for p in LIBRARY.rglob("*.py") if p.name != "__init__.py"]
    assert len(modules) <= MAX_MODULES, (
        f"{len(modules)} library modules: merge the ones that share a topic"
    )


def test_no_module_is_longer_than_600_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in _sources()
        if (n := len(path.read_text("utf-8").splitlines())) > MAX_LINES
    }
    for name, n in sorted(long.items()):
        print(f"{name}: {n} lines")
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_every_package_is_in_the_wheel() -> None:
    """A package missing from pyproject's list is left out of the wheel (and only the
    packaging test, which builds one, would notice)."""
    import tomllib

    declared = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    found = {
        _module_name(path)
        for path in LIBRARY.rglob("__init__.py")
        if "__pycache__" not in path.parts
    }
    assert found - declared == set(), "add these to [tool.setuptools] packages in pyproject.toml"
