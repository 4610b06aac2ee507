"""The exceptions cs-peers raises for problems a user can cause.

Every error a user can cause is a :class:`CsPeersError`. The CLI turns them into an
``ERROR …`` message and exit code 1 in one place; anything else is a bug and keeps its
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CsPeersError",
    "DataProblem",
    "InvalidDataError",
    "Neo4jError",
    "Neo4jStartError",
    "Neo4jUnavailableError",
    "OutputError",
    "TemplateError",
    "VocabularyError",
    "WorkspaceError",
]


class CsPeersError(Exception):
    """Base class of every error a user of cs-peers can cause.

    ``exit_code`` is what the command line exits with: 1 for bad data or a failed operation,
    2 for a usage error.
    """

    exit_code = 1


@dataclass(frozen=True)
class DataProblem:
    """One problem found in an input file, located by file, row and column.

    ``row`` is the 1-based line number in the file as a spreadsheet shows it (the header is
    row 1), or ``None`` when the problem concerns the whole file or a whole column.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        if self.value is not None:
            return f"{where}: {self.value!r} — {self.expected}"
        return f"{where}: {self.expected}"


class InvalidDataError(CsPeersError):
    """The dataset breaks the input contract; ``problems`` lists every problem found."""

    def __init__(self, problems: list[DataProblem], *, truncated: bool = False) -> None:
        self.problems = problems
        self.truncated = truncated
        count = f"{len(problems)}{'+' if truncated else ''}"
        lines = [f"the data is not valid ({count} problem{'s' if len(problems) != 1 else ''}):"]
        lines += [f"  {p}" for p in problems]
        if truncated:
            lines.append("  … more problems were found; fix these and run again")
        super().__init__("\n".join(lines))


class VocabularyError(CsPeersError):
    """The vocabulary file is missing, not TOML, or describes a type badly."""


class WorkspaceError(CsPeersError):
    """The workspace (``$CS_PEERS_HOME``) holds something cs-peers cannot use."""


class Neo4jError(CsPeersError):
    """Base class of problems with a Neo4j database."""


class Neo4jStartError(Neo4jError):
    """The workspace's local Neo4j could not be built, started or stopped."""


class Neo4jUnavailableError(Neo4jError):
    """No Neo4j is configured or reachable; the message says how to get one."""


class TemplateError(CsPeersError):
    """A Cypher template is unknown, or was given missing or extra parameters."""

    exit_code = 2


class OutputError(CsPeersError):
    """An output cannot be written where asked without harming files cs-peers did not write."""
