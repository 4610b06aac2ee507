"""Labels that protect: what outputs show of a person when the data gives no label.

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

import pandas as pd

__all__ = ["label_warning", "name_initials", "protected_labels"]


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
