"""The synonym list: words seen in exports for the contract's values, shipped as data.

``cs_peers/data/synonyms.toml`` sits beside the vocabulary. Only ``cs-peers mapping init`` uses
it, to draft value lines that it marks as guesses for the analyst to check; reading data never
does (an unmapped word stays an error, or a row set aside).

Examples
--------
>>> words = load_synonyms()
>>> words.value_of("type", "Siblings"), words.value_of("type", "Co-accused")
('sibling', 'co_arrested')
>>> words.value_of("type", "Cousin") is None
True
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from cs_peers.errors import PackagingError

__all__ = ["SYNONYM_COLUMNS", "Synonyms", "load_synonyms", "word_key"]

SYNONYM_COLUMNS = ("type", "kind", "confidence", "source_agency")


def word_key(word: str) -> str:
    """Return a word reduced for matching: lower case, letters and digits, single spaces.

    >>> word_key("  Brother/Sister ")
    'brother sister'
    """
    return " ".join(re.sub(r"[^0-9a-z]+", " ", word.lower()).split())


def _singular(key: str) -> str:
    """Return the key with a plain English plural taken off its last word."""
    if key.endswith("ies") and len(key) > 4:
        return key[:-3] + "y"
    if key.endswith(("ches", "shes", "sses", "xes")):
        return key[:-2]
    if key.endswith("s") and not key.endswith("ss") and len(key) > 3:
        return key[:-1]
    return key


@dataclass(frozen=True)
class Synonyms:
    """For each column, the contract value each known word stands for."""

    words: dict[str, dict[str, str]]

    def value_of(self, column: str, word: str) -> str | None:
        """Return the value ``word`` stands for in ``column`` (``*_kind`` read as ``kind``)."""
        table = self.words.get("kind" if column.endswith("kind") else column, {})
        key = word_key(word)
        return table.get(key) or table.get(_singular(key))


def load_synonyms() -> Synonyms:
    """Return the shipped synonym list.

    Raises
    ------
    PackagingError
        If the shipped file is missing or malformed (the installation, not the user's input).
    """
    try:
        text = (resources.files("cs_peers") / "data" / "synonyms.toml").read_text("utf-8")
        document = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PackagingError(f"cs_peers/data/synonyms.toml cannot be read ({exc})") from exc
    words: dict[str, dict[str, str]] = {}
    for column in SYNONYM_COLUMNS:
        section = document.get(column, {})
        if not isinstance(section, dict):
            raise PackagingError(f"cs_peers/data/synonyms.toml: [{column}] is not a table")
        table: dict[str, str] = {}
        for value, listed in section.items():
            if not isinstance(listed, list) or not all(isinstance(w, str) for w in listed):
                raise PackagingError(
                    f"cs_peers/data/synonyms.toml: [{column}] {value} is not a list of words"
                )
            for word in [value.replace("_", " "), *listed]:
                key = word_key(word)
                if table.get(key, value) != value:
                    raise PackagingError(
                        f"cs_peers/data/synonyms.toml: [{column}] {word!r} is listed under "
                        f"both {table[key]} and {value}"
                    )
                table[key] = value
        words[column] = table
    return Synonyms(words)
