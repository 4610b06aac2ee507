"""Group profiles gather facts with provenance; summaries are computed for all groups at once."""

from __future__ import annotations

from cs_peers.analysis.grouping.evidence import build_peer_evidence
from cs_peers.analysis.grouping.groups import detect_peer_groups
from cs_peers.analysis.profiles import GroupProfile, group_summary_table, profile_groups
from cs_peers.inputs.dataset import Dataset


def _profiles(tiny: Dataset) -> dict[str, GroupProfile]:
    groups = detect_peer_groups(build_peer_evidence(tiny))
    by_first_member: dict[str, GroupProfile] = {}
    for profile in profile_groups(tiny, groups):
        by_first_member[sorted(profile.members["person_id"])[0]] = profile
    return by_first_member


def test_profile_facts(tiny: Dataset) -> None:
    profiles = _profiles(tiny)
    a, b, c = profiles["YP01"], profiles["YP05"], profiles["YP10"]
    assert a.adults.empty
    assert list(b.adults["person_id"]) == ["AD02"]
    assert list(b.concerns["reference"]) == ["R95"]
    assert set(c.protective["reference"]) == {"R94", "R96"}
    shared = b.shared_contexts.set_index("context_id")
    assert shared.loc["LC1", "members"] == 2 and shared.loc["LC1", "young_people_there"] == 2
    assert shared.loc["SC1", "young_people_there"] == 14
    assert list(shared.index) == ["LC1", "SC1"]  # rarest first
    assert a.density == 1.0
    assert set(a.members["label"]) == {"P1", "P2", "P3", "P4"}
    # YP04 seen with YP05 (a member of another group): kept as an 'outside' association
    scopes = a.associations.set_index("reference")["scope"]
    assert scopes["R90"] == "outside"


def test_names_only_when_asked(tiny: Dataset) -> None:
    groups = detect_peer_groups(build_peer_evidence(tiny))
    hidden = next(profile_groups(tiny, groups))
    shown = next(profile_groups(tiny, groups, reveal_names=True))
    assert not any(label.startswith("Fictional") for label in hidden.members["label"])
    assert all(label.startswith("Fictional Name") for label in shown.members["label"])


def test_summary_table(tiny: Dataset) -> None:
    groups = detect_peer_groups(build_peer_evidence(tiny))
    table = group_summary_table(tiny, groups).set_index("group_id")
    assert sorted(table["size"]) == [3, 4, 5]
    assert (table["density"] == 1.0).all()
    five = table[table["size"] == 5].iloc[0]
    assert five["shared_contexts"] == 2  # the school and the flat
    assert five["first_observed"] <= five["last_observed"]
