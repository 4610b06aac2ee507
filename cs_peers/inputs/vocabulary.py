"""The vocabulary of association types: categories, weights and how diagrams draw them.

The vocabulary is an allow-list. Association types in the data must be listed in it, and the
Neo4j store takes relationship types only from it, never from user text.

Labels that protect: what outputs show of a person when the data gives no label.

A case number identifies a child to anyone with system access, and a name to anyone at all. So
a person with a name but no label is shown by the initials of the name (``Jordan Smith`` and
``SMITH, Jordan`` are both ``J.S.``), told apart from others with the same initials by a number
(``J.S. 2``) in order of appearance — never by the name, never by the id. A person with neither
is shown by the id, and :func:`label_warning` says so, with how to map a label.

Examples
--------
>>> people = pd.DataFrame(
...     {
...         "id": ["12/1/25", "12/2/25", "12/3/25", "12/4/25"],
...         "label": ["", "", "", "Z.Q."],
...         "name": ["Jordan Smith", "SMITH, Jade", "", "Zoë Quill"],
...     }
... )
>>> protected_labels(people).tolist()
['J.S.', 'J.S. 2', '', 'Z.Q.']
>>> label_warning(people.assign(label=protected_labels(people)))[:66]
'1 of 4 people have no label and no name: outputs will show their c'
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast

import pandas as pd

from cs_peers.errors import PackagingError, VocabularyError

__all__ = [
    "CONFIDENCE_LEVELS",
    "CONTEXT_KINDS",
    "PERSON_KINDS",
    "AssociationType",
    "Vocabulary",
    "default_vocabulary",
    "label_warning",
    "load_vocabulary",
    "name_initials",
    "protected_labels",
]


PERSON_KINDS = ("young_person", "adult")
CONTEXT_KINDS = ("school", "location", "online", "other")
CONFIDENCE_LEVELS = ("high", "medium", "low")
CATEGORIES = ("peer", "family", "protective", "concern", "context")
Between = Literal["people", "adult_and_young_person", "person_and_context"]
BETWEEN = ("people", "adult_and_young_person", "person_and_context")
# Type names become Neo4j relationship types, so they must be plain identifiers.
_NAME = re.compile(r"[a-z][a-z0-9_]{0,47}")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class AssociationType:
    """One association type: what it links, how much it weighs, how it is drawn."""

    name: str
    category: str
    between: Between
    weight: float
    color: str
    description: str
    dashes: bool = False
    width: float = 1.5
    contexts: tuple[str, ...] = CONTEXT_KINDS
    # Dash and gap lengths in pixels (``dashes = [2, 5]`` in the file); empty: the default dash.
    dash_pattern: tuple[int, ...] = ()
    # A record of this type between members is a concern the meeting reads on the group's page
    # (``concern = true``; always so for the concern category), e.g. going missing together.
    concern: bool = False

    @property
    def relationship_type(self) -> str:
        """Return the Neo4j relationship type for this association type (upper case)."""
        return self.name.upper()


@dataclass(frozen=True)
class Vocabulary:
    """The allow-list of association types, with confidence multipliers."""

    types: dict[str, AssociationType]
    confidence: dict[str, float]
    source: str = "default"
    categories: tuple[str, ...] = field(default=CATEGORIES)

    def __contains__(self, name: object) -> bool:
        return name in self.types

    def __getitem__(self, name: str) -> AssociationType:
        return self.types[name]

    def names(self, *, category: str | None = None) -> list[str]:
        """Return the type names, optionally only those of one category, in file order."""
        return [t.name for t in self.types.values() if category in (None, t.category)]


def _type_from_table(name: str, table: Any, where: str) -> AssociationType:
    if not _NAME.fullmatch(name):
        raise VocabularyError(
            f"{where}: type name {name!r} must be lower case letters, digits and '_'"
        )
    if not isinstance(table, dict):
        raise VocabularyError(f"{where}: [types.{name}] must be a table")
    category = table.get("category")
    if category not in CATEGORIES:
        raise VocabularyError(
            f"{where}: [types.{name}] category {category!r} is not one of {', '.join(CATEGORIES)}"
        )
    between = table.get("between", "people")
    if between not in BETWEEN:
        raise VocabularyError(
            f"{where}: [types.{name}] between {between!r} is not one of {', '.join(BETWEEN)}"
        )
    if (category == "context") != (between == "person_and_context"):
        raise VocabularyError(
            f"{where}: [types.{name}] category 'context' goes with between 'person_and_context'"
        )
    weight = table.get("weight", 1.0)
    if not isinstance(weight, int | float) or isinstance(weight, bool) or weight < 0:
        raise VocabularyError(f"{where}: [types.{name}] weight {weight!r} must be a number ≥ 0")
    color = table.get("color", "#555555")
    if not isinstance(color, str) or not _COLOR.match(color):
        raise VocabularyError(f"{where}: [types.{name}] color {color!r} must look like '#3566a8'")
    contexts = tuple(table.get("contexts", CONTEXT_KINDS))
    unknown = [c for c in contexts if c not in CONTEXT_KINDS]
    if unknown:
        raise VocabularyError(
            f"{where}: [types.{name}] contexts {unknown!r} are not among {', '.join(CONTEXT_KINDS)}"
        )
    dashes = table.get("dashes", False)
    pattern: tuple[int, ...] = ()
    if isinstance(dashes, list):
        if not dashes or not all(
            isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in dashes
        ):
            raise VocabularyError(
                f"{where}: [types.{name}] dashes {dashes!r} must be true, false or a list of "
                "whole numbers > 0 (dash and gap lengths, e.g. [2, 5])"
            )
        pattern = tuple(dashes)
    concern = table.get("concern", category == "concern")
    if not isinstance(concern, bool):
        raise VocabularyError(f"{where}: [types.{name}] concern {concern!r} must be true or false")
    return AssociationType(
        name=name,
        category=category,
        between=cast(Between, between),
        weight=float(weight),
        color=color,
        description=str(table.get("description", name.replace("_", " "))),
        dashes=bool(dashes),
        width=float(table.get("width", 1.5)),
        contexts=contexts,
        dash_pattern=pattern,
        concern=concern or category == "concern",
    )


def _parse(text: str, where: str) -> Vocabulary:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise VocabularyError(f"{where}: not valid TOML ({exc})") from exc
    types_table = doc.get("types")
    if not isinstance(types_table, dict) or not types_table:
        raise VocabularyError(f"{where}: needs at least one [types.NAME] table")
    types = {name: _type_from_table(name, t, where) for name, t in types_table.items()}
    confidence = {"high": 1.0, "medium": 0.7, "low": 0.35}
    given = doc.get("confidence", {})
    if not isinstance(given, dict):
        raise VocabularyError(f"{where}: [confidence] must be a table")
    for level, value in given.items():
        if level not in CONFIDENCE_LEVELS:
            raise VocabularyError(
                f"{where}: [confidence] level {level!r} is not one of high, medium, low"
            )
        if not isinstance(value, int | float) or not 0 <= value <= 1:
            raise VocabularyError(f"{where}: [confidence] {level} = {value!r} must be in [0, 1]")
        confidence[level] = float(value)
    return Vocabulary(types=types, confidence=confidence, source=where)


def default_vocabulary() -> Vocabulary:
    """Return the vocabulary that ships with cs-peers (``cs_peers/data/vocabulary.toml``).

    Raises
    ------
    PackagingError
        If the shipped file is missing or broken (the installation is, not the user's input).
    """
    try:
        text = resources.files("cs_peers").joinpath("data/vocabulary.toml").read_text("utf-8")
        return _parse(text, "default")
    except (OSError, UnicodeDecodeError, VocabularyError) as exc:
        raise PackagingError(
            f"the shipped vocabulary cs_peers/data/vocabulary.toml: {exc}"
        ) from exc


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """Return the vocabulary read from ``path``, or the default one when ``path`` is None.

    Raises
    ------
    VocabularyError
        If the file cannot be read, is not TOML, or describes a type badly.

    Examples
    --------
    >>> vocab = load_vocabulary()
    >>> vocab["friend"].category
    'peer'
    >>> "gang_member" in vocab
    False
    """
    if path is None:
        return default_vocabulary()
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise VocabularyError(f"cannot read vocabulary {path}: {exc}") from exc
    return _parse(text, str(path))


def name_initials(names: pd.Series) -> pd.Series:
    """Return the initials of each name, forenames first: ``J.S.`` for ``SMITH, Jordan`` too.

    >>> name_initials(pd.Series(["Zoë O'Neil", "de la Cruz, Ana", "  "])).tolist()
    ['Z.O.', 'A.D.L.C.', '']
    """
    text = names.astype("str").str.strip()
    # "SURNAME, Forenames", as police and school systems write names: forenames first.
    text = text.str.replace(r"^([^,]+?)\s*,\s*(.+)$", r"\2 \1", regex=True)
    # The first letter of each word, each followed by a dot; anything else goes.
    letters = text.str.replace(r"[^\W\d_]*?([^\W\d_])\S*\s*", r"\1.", regex=True)
    return letters.str.replace(r"[^\w.]", "", regex=True).str.upper()


def protected_labels(people: pd.DataFrame) -> pd.Series:
    """Return each person's label: the label given, else the initials of the name, told apart
    by a number when they collide; empty when there is neither (outputs then show the id)."""
    label = people["label"].astype("str")
    if "name" not in people:
        return label
    name = people["name"].astype("str").str.strip()
    derive = (label == "") & (name != "")
    if not derive.any():
        return label
    initials = name_initials(name[derive])
    given = set(label[label != ""])
    # The first of each set of equal initials keeps them, unless a given label already does.
    number = initials.groupby(initials, sort=False).cumcount() + 1 + initials.isin(given)
    numbered = initials.where(number == 1, initials + " " + number.astype("str"))
    return label.where(~derive, numbered)


def label_warning(people: pd.DataFrame) -> str | None:
    """Return the warning that outputs will show case ids, or None when everyone has a label.

    ``people`` is a dataset's people, whose labels are already :func:`protected_labels`.
    """
    bare = int((people["label"].astype("str") == "").sum())
    if bare == 0:
        return None
    return (
        f"{bare} of {len(people)} people have no label and no name: outputs will show their "
        "case ids, which identify a child to anyone with system access. Map a label (initials "
        "or a pseudonym) or a name (labels are then initials derived from it, never the name): "
        "a label or name column in people.csv, or in a mapping label/name under "
        "[people.columns], or source_label/target_label, source_name/target_name under "
        "[associations.columns]."
    )
