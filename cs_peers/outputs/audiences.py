"""Audience profiles: each export shows its audience only what that audience needs.

The ICO's notice on the Gangs Matrix found blanket, unredacted sharing. An export is made for
one audience (``--audience``): the meeting of the agencies involved, a partner agency, or a
young person's case file. A profile (``cs_peers/data/audiences.toml``, replaceable) says how
people are shown, whether references are, how adults are, and which groups are included. The
analysis is redacted *before* anything is written, so no writer can leak what the profile
hides, and every output names its audience beside the protective marking.

Partner pseudonyms are keyed by a secret kept only in the workspace (``audiences/key``): the
same person gets the same pseudonym in every export to that audience, a different one for
another audience, and no one without the workspace can turn a pseudonym back into an id.

Who an output is for when nobody says: the meeting (the agencies involved).

Its own module, importing nothing, so that the command line's ``--audience`` default costs
nothing at start; the audiences themselves are in :mod:`cs_peers.outputs.audiences`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from cs_peers.analysis.provenance import DECISIONS_HIDDEN
from cs_peers.errors import CsPeersError, UsageError
from cs_peers.workspace import workspace_secret

if TYPE_CHECKING:
    from cs_peers.analysis.run import Analysis

__all__ = [
    "DECISIONS_HIDDEN",
    "DEFAULT_AUDIENCE",
    "Audience",
    "audience_named",
    "for_audience",
    "load_audiences",
    "marking_for",
]


_CHOICES = {
    "people": ("label", "pseudonym", "initials"),
    "adults": ("label", "role"),
    "groups": ("all", "asked", "person"),
}


@dataclass(frozen=True)
class Audience:
    """What one audience may see."""

    name: str
    description: str
    people: str
    references: bool
    adults: str
    groups: str


def load_audiences(path: Path | None = None) -> dict[str, Audience]:
    """Return the audience profiles of ``path`` (default: the shipped ones), by name."""
    try:
        text = (
            Path(path).read_text("utf-8")
            if path
            else (resources.files("cs_peers") / "data" / "audiences.toml").read_text("utf-8")
        )
        data = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CsPeersError(f"cannot read the audience profiles {path}: {exc}") from exc
    profiles = {}
    for name, spec in data.items():
        for key, allowed in _CHOICES.items():
            if spec.get(key) not in allowed:
                raise CsPeersError(
                    f"audience {name!r}: {key} must be one of {', '.join(allowed)}, "
                    f"not {spec.get(key)!r}"
                )
        profiles[name] = Audience(
            name=name,
            description=str(spec.get("description", "")),
            people=spec["people"],
            references=bool(spec.get("references", False)),
            adults=spec["adults"],
            groups=spec["groups"],
        )
    return profiles


def marking_for(marking: str, audience: Audience) -> str:
    """Return the protective marking with the audience named beside it.

    A blank ``marking`` is refused (:class:`~cs_peers.errors.UsageError`): the audience's name
    alone would leave the output without a protective marking.
    """
    if not marking.strip():
        raise UsageError("the protective marking must not be blank")
    return f"{marking} · for: {audience.name}"


def _key(home: Path) -> bytes:
    return workspace_secret(Path(home) / "audiences" / "key").encode()


def _initials(label: str) -> str:
    words = [w for w in re.split(r"[\s.\-_]+", label) if w]
    return "".join(w[0].upper() + "." for w in words) or "?"


def _chosen_groups(
    analysis: Analysis, audience: Audience, asked: list[str] | None, person: str | None
) -> list[str]:
    memberships = analysis.groups.memberships
    known = list(analysis.groups.groups["group_id"])
    if audience.groups == "all":
        return [g for g in known if not asked or g in asked]
    if audience.groups == "asked":
        if not asked:
            raise CsPeersError(
                f"group: the {audience.name} audience gets only the groups asked for; name them",
                parameter="group",
            )
        return [g for g in known if g in asked]
    if person is None:
        raise CsPeersError(
            f"person: the {audience.name} audience is about one young person; name them",
            parameter="person",
        )
    if person not in set(analysis.dataset.people["id"]):
        raise CsPeersError(f"no person {person!r} in {analysis.dataset.source}")
    mine = sorted(set(memberships.loc[memberships["person_id"] == person, "group_id"]))
    if not mine:
        raise CsPeersError(f"{person!r} is in no candidate group of this run")
    return mine


def for_audience(
    analysis: Analysis,
    audience: Audience,
    *,
    home: Path,
    groups: list[str] | None = None,
    person: str | None = None,
    reveal_names: bool = False,
) -> Analysis:
    """Return the analysis as ``audience`` may see it: only its groups and their records,
    people shown as the profile says, references, names and notes removed where it says."""
    if reveal_names and audience.people != "label":
        raise CsPeersError(
            f"reveal_names cannot be used for the {audience.name} audience "
            f"(people are shown as {audience.people})",
            parameter="reveal_names",
        )
    chosen = _chosen_groups(analysis, audience, groups, person)
    dataset, found = analysis.dataset, analysis.groups
    memberships = found.memberships[found.memberships["group_id"].isin(chosen)]
    members = set(memberships["person_id"])
    a = dataset.associations
    if audience.groups != "all" or len(chosen) != len(found.groups):
        a = a[a["source"].isin(members) | a["target"].isin(members)]
    kept_ids = members | set(a["source"]) | set(a["target"])
    people = dataset.people[dataset.people["id"].isin(kept_ids)].copy()
    contexts = dataset.contexts[dataset.contexts["id"].isin(kept_ids)].copy()
    a = a.copy()
    if "notes" in a.columns and audience.people != "label":
        a["notes"] = ""
    if not audience.references:
        a["reference"] = ""
    shown = people["label"].where(people["label"] != "", people["id"])
    adult = people["kind"] == "adult"
    mapping: dict[str, str] = {}
    if audience.people != "label":
        # Case ids identify a child to anyone with access to the case system: an audience
        # that does not see labels sees none but its own young person's (a case file's).
        key = _key(home)
        for identifier in people["id"]:
            if identifier != person or audience.groups != "person":
                code = hmac.new(key, f"{audience.name}:{identifier}".encode(), hashlib.sha256)
                mapping[identifier] = "P-" + code.hexdigest()[:8].upper()
    if audience.people == "pseudonym":
        shown = people["id"].map(mapping)
    elif audience.people == "initials":
        shown = shown.map(_initials)
    if audience.adults == "role":
        shown = shown.where(~adult, "adult")
    from cs_peers.inputs.dataset import isolated  # pandas: imported only when used

    people["label"] = isolated(shown)
    if audience.people != "label":
        people["name"] = ""
        # Extra attribute columns may identify a person too: only the contract's are kept.
        people = people.loc[:, [c for c in ("id", "kind", "label", "name") if c in people]]
    if mapping:
        people["id"] = people["id"].map(lambda v: mapping.get(v, v))
        a["source"] = a["source"].map(lambda v: mapping.get(v, v))
        a["target"] = a["target"].map(lambda v: mapping.get(v, v))
        memberships = memberships.assign(
            person_id=memberships["person_id"].map(lambda v: mapping.get(v, v))
        )
    # A bridge to a group this audience does not get would name a group it cannot see.
    memberships = memberships.assign(
        bridge_to=memberships["bridge_to"].where(memberships["bridge_to"].isin(chosen), "")
    )
    redacted = replace(
        dataset,
        people=people.reset_index(drop=True),
        contexts=contexts.reset_index(drop=True),
        associations=a.reset_index(drop=True),
    )
    group_rows = found.groups[found.groups["group_id"].isin(chosen)].reset_index(drop=True)
    peer_groups = replace(
        found,
        memberships=memberships.reset_index(drop=True),
        groups=group_rows,
        extra=dict(found.extra),
    )
    # Meeting decisions (their notes, actions and the people they removed) are the meeting's:
    # an audience that does not see labels gets none of them, and is told so.
    hidden = audience.people != "label"
    reviews = None if hidden else analysis.reviews
    provenance = (
        analysis.provenance.for_audience(audience.name, decisions_hidden=hidden)
        if analysis.provenance is not None
        else None
    )
    return replace(
        analysis, dataset=redacted, groups=peer_groups, provenance=provenance, reviews=reviews
    )


def known_audiences_text(profiles: dict[str, Audience]) -> str:
    """Return the profiles as lines for help and errors."""
    return "\n".join(f"{a.name}: {a.description}" for a in profiles.values())


def audience_named(name: str, path: Path | None = None) -> Audience:
    """Return the profile called ``name``; the error lists the known ones."""
    profiles = load_audiences(path)
    if name not in profiles:
        raise CsPeersError(f"unknown audience {name!r}; known: {', '.join(profiles)}")
    return profiles[name]


DEFAULT_AUDIENCE = "meeting"
