"""The exceptions cs-peers raises for problems a user or the installation can cause.

Every such error is a :class:`CsPeersError`, and all of them are defined here. The CLI turns
them into one ``ERROR: …`` line and the error's ``exit_code`` in one place (set
``CS_PEERS_DEBUG=1`` to see the traceback and its cause too); any other exception is a bug and
keeps its traceback. Which error for what::

    CsPeersError                      exit 1  every problem a user or the installation caused
    ├── InvalidDataError              exit 1  the dataset breaks the input contract (each problem
    │                                         with its file, row, column and value)
    ├── VocabularyError               exit 1  the vocabulary file is missing, not TOML, or malformed
    ├── MappingError                  exit 1  the mapping file is missing, not TOML, or malformed
    ├── WorkspaceError                exit 1  the workspace holds something cs-peers cannot use
    ├── ReviewError                   exit 1  a review cannot be kept as given
    ├── QuestionError                 exit 1  a question cannot be asked as put
    ├── OutputError                   exit 1  an output would harm files cs-peers did not write
    ├── SourceDateEpochError          exit 1  SOURCE_DATE_EPOCH is not whole seconds since 1970
    ├── Neo4jError                    exit 1  a Neo4j database failed a statement
    │   ├── Neo4jUnavailableError     exit 1  none configured, unreachable, or login refused
    │   ├── Neo4jStartError           exit 1  the local Neo4j would not build, start or stop
    │   └── ConstraintViolationError  exit 1  a statement would break a unique constraint
    ├── NotFoundError                 exit 1  a named thing does not exist (the message says
    │   │                                     what does):
    │   ├── PersonNotFoundError       exit 1  … a person (also a QuestionError)
    │   ├── GroupNotFoundError        exit 1  … a candidate group (also a ReviewError)
    │   ├── RunNotFoundError          exit 1  … a kept run (also a WorkspaceError)
    │   └── TemplateNotFoundError     exit 2  … a query template (also a TemplateError: usage)
    ├── UsageError                    exit 2  the command was asked for something it cannot take
    │   └── TemplateError             exit 2  wrong template parameters or association type
    └── PackagingError                exit 1  a file shipped with cs-peers is missing or broken:
                                              reinstall; no input or option of the user's fixes it

A not-found error that also belongs to an older family (a person in a question, a run in the
workspace) is both, so code that catches the family still catches it.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

__all__ = [
    "CANNOT_WRITE",
    "ConstraintViolationError",
    "CsPeersError",
    "DataProblem",
    "GroupNotFoundError",
    "InvalidDataError",
    "MappingError",
    "Neo4jError",
    "Neo4jStartError",
    "Neo4jUnavailableError",
    "NotFoundError",
    "OutputError",
    "PackagingError",
    "PersonNotFoundError",
    "QuestionError",
    "ReviewError",
    "RunNotFoundError",
    "SourceDateEpochError",
    "TemplateError",
    "TemplateNotFoundError",
    "UsageError",
    "VocabularyError",
    "WorkspaceError",
]


# What the file system says when cs-peers cannot write where it was asked: a full disk or
# quota, a read-only or forbidden folder, a file too large, a failing device. The machine's
# doing, not a bug: reported as an ``ERROR:`` line naming the path.
CANNOT_WRITE = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG, errno.EIO}
)


class CsPeersError(Exception):
    """Base class of every error a user of cs-peers, or its installation, can cause.

    ``exit_code`` is what the command line exits with: 1 for bad data, a failed operation or
    a broken installation, 2 for a usage error. ``parameter`` names the library parameter the
    message is about, when it starts with that name (``status 'x' is not one of …``): the
    command line shows its own spelling of it instead (``--status 'x' …``), so the library's
    words never name a command-line flag.
    """

    exit_code = 1

    def __init__(self, message: str = "", *, parameter: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter

    def message_for(self, spelling: str | None) -> str:
        """Return the message with its parameter spelt as ``spelling`` (e.g. ``--status``)."""
        text = str(self)
        if self.parameter and spelling and text.startswith(self.parameter):
            return spelling + text[len(self.parameter) :]
        return text


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


class MappingError(CsPeersError):
    """The mapping file is missing, not TOML, or does not follow mapping format 1."""


class WorkspaceError(CsPeersError):
    """The workspace (``$CS_PEERS_HOME``) holds something cs-peers cannot use."""


class ReviewError(CsPeersError):
    """A review cannot be kept as given: unknown group or person, a bad date, a missing field."""


class QuestionError(CsPeersError):
    """A question names someone who is not in the data, or cannot be asked as put."""


class OutputError(CsPeersError):
    """An output cannot be written where asked without harming files cs-peers did not write."""


class SourceDateEpochError(CsPeersError):
    """``SOURCE_DATE_EPOCH`` is set to something that is not whole seconds since 1970."""


class Neo4jError(CsPeersError):
    """Base class of problems with a Neo4j database."""


class Neo4jStartError(Neo4jError):
    """The workspace's local Neo4j could not be built, started or stopped."""


class Neo4jUnavailableError(Neo4jError):
    """No Neo4j is configured or reachable; the message says how to get one."""


class ConstraintViolationError(Neo4jError):
    """A statement would have broken a uniqueness constraint (e.g. a duplicate key)."""


class UsageError(CsPeersError):
    """The command was asked for something it cannot take (exit code 2, as for a bad option)."""

    exit_code = 2


class TemplateError(UsageError):
    """A Cypher template was given missing, extra or badly typed parameters."""


class NotFoundError(CsPeersError):
    """A person, group, run, template or other named thing does not exist."""


class PersonNotFoundError(NotFoundError, QuestionError):
    """A person asked about is not in the data."""


class GroupNotFoundError(NotFoundError, ReviewError):
    """A candidate group named by a review is in no run kept in the workspace."""


class RunNotFoundError(NotFoundError, WorkspaceError):
    """A run asked for is not kept (in the workspace, or in Neo4j)."""


class TemplateNotFoundError(NotFoundError, TemplateError):
    """No query template has the name given; a usage error, so exit code 2."""

    exit_code = 2


class PackagingError(CsPeersError):
    """A file shipped with cs-peers is missing or broken: the installation, not the input.

    The message names the broken file and says to reinstall, so a user knows that no option
    or input of theirs will fix it.
    """

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(
            f"the cs-peers installation is broken: {problem}; reinstall cs-peers, and report "
            "this if it happens again after reinstalling"
        )
