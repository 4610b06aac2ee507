"""The synthetic sample generator and the hand-made fictional borough."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cs_peers.errors import CsPeersError
from cs_peers.inputs.sample import SAMPLE_END_DATE, SampleSummary, generate_sample
from cs_peers.inputs.source import load_dataset

FILES = ("people.csv", "contexts.csv", "associations.csv", "truth.csv")
# The default vocabulary as the brief lists it.
PEER_TYPES = {
    "friend",
    "seen_together",
    "online_contact",
    "missing_together",
    "named_together",
    "co_arrested",
    "partner",
}
BRIEF_TYPES = PEER_TYPES | {
    "sibling",
    "family",
    "protective_peer",
    "trusted_adult",
    "exploitation_concern",
    "attends",
    "frequents",
    "member_of",
    "incident_at",
}


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False)


def _digests(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in FILES}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SampleSummary]:
    """Return a generated sample of 3,000 young people and its summary."""
    folder = tmp_path_factory.mktemp("sample")
    return folder, generate_sample(folder, young_people=3000, seed=7, mixing=0.2)


def _groups(folder: Path) -> dict[str, str]:
    truth = _read(folder, "truth.csv")
    return dict(zip(truth["person_id"], truth["group_id"], strict=True))


def _inside_rows(folder: Path) -> pd.DataFrame:
    """Return the peer rows between two members of one planted group, with that group."""
    group = _groups(folder)
    peer = _read(folder, "associations.csv").query("type in @PEER_TYPES")
    a, b = peer["source"].map(group), peer["target"].map(group)
    inside = peer[(a == b) & a.notna()]
    return inside.assign(group=a[inside.index])


def _components(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Return each person's component representative (union-find with path halving)."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[root(a)] = root(b)
    return {x: root(x) for x in parent}


RECORD = ["reference", "observed_on", "recorded_on", "type", "source_agency", "confidence"]


def _peer_share_leaving(folder: Path) -> tuple[float, float]:
    """Return the share of grouped people's peer rows leaving their group: overall, per person."""
    truth = _read(folder, "truth.csv")
    group = dict(zip(truth["person_id"], truth["group_id"], strict=True))
    peer = _read(folder, "associations.csv")
    peer = peer[peer["type"].isin(PEER_TYPES)]
    ends = pd.concat(
        [
            pd.DataFrame({"person": peer["source"], "other": peer["target"]}),
            pd.DataFrame({"person": peer["target"], "other": peer["source"]}),
        ],
        ignore_index=True,
    )
    ends["group"] = ends["person"].map(group)
    ends = ends[ends["group"].notna()]
    leaves = ends["other"].map(group) != ends["group"]
    return float(leaves.mean()), float(leaves.groupby(ends["person"]).mean().mean())


def test_summary_counts_what_was_written(sample: tuple[Path, SampleSummary]) -> None:
    folder, summary = sample
    people = _read(folder, "people.csv")
    assert summary.young_people == (people["kind"] == "young_person").sum() == 3000
    assert summary.adults == (people["kind"] == "adult").sum() > 0
    assert summary.contexts == len(_read(folder, "contexts.csv"))
    assert summary.associations == len(_read(folder, "associations.csv"))
    assert summary.groups == _read(folder, "truth.csv")["group_id"].nunique() > 50
    assert summary.seed == 7 and summary.out_dir == folder


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    generate_sample(tmp_path / "a", young_people=500, seed=3)
    generate_sample(tmp_path / "b", young_people=500, seed=3)
    generate_sample(tmp_path / "c", young_people=500, seed=4)
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    other = _digests(tmp_path / "c")
    assert all(other[name] != digest for name, digest in _digests(tmp_path / "a").items())


def test_ids_are_unique_across_people_and_contexts(sample: tuple[Path, SampleSummary]) -> None:
    folder, _ = sample
    ids = pd.concat([_read(folder, "people.csv")["id"], _read(folder, "contexts.csv")["id"]])
    assert ids.is_unique
    assert (ids != "").all()


def test_every_association_end_exists_and_differs(sample: tuple[Path, SampleSummary]) -> None:
    folder, _ = sample
    known = set(_read(folder, "people.csv")["id"]) | set(_read(folder, "contexts.csv")["id"])
    associations = _read(folder, "associations.csv")
    assert set(associations["source"]) <= known
    assert set(associations["target"]) <= known
    assert (associations["source"] != associations["target"]).all()


def test_types_and_provenance_values_are_in_the_contract(
    sample: tuple[Path, SampleSummary],
) -> None:
    folder, _ = sample
    associations = _read(folder, "associations.csv")
    assert set(associations["type"]) == BRIEF_TYPES  # every type used, none unknown
    assert set(associations["confidence"]) == {"high", "medium", "low"}
    assert set(associations["source_agency"]) <= {
        "police",
        "school",
        "social_care",
        "health",
        "youth_service",
    }
    assert associations["reference"].str.fullmatch(r"REF-20\d\d-\d{6}").all()
    assert (associations["notes"] != "").mean() < 0.05
    contexts = _read(folder, "contexts.csv")
    assert set(contexts["kind"]) == {"school", "location", "online"}
    people = _read(folder, "people.csv")
    assert set(people["kind"]) == {"young_person", "adult"}


def test_recorded_on_is_never_before_observed_on(sample: tuple[Path, SampleSummary]) -> None:
    folder, _ = sample
    a = _read(folder, "associations.csv")
    observed = pd.to_datetime(a["observed_on"].replace("", None), format="%Y-%m-%d")
    recorded = pd.to_datetime(a["recorded_on"].replace("", None), format="%Y-%m-%d")
    both = observed.notna() & recorded.notna()
    assert both.mean() > 0.8
    assert (recorded[both] >= observed[both]).all()
    assert (recorded[both] > observed[both]).any()
    assert recorded.isna().any()  # some left empty, to default to observed_on
    assert (observed.notna() | recorded.notna()).all()
    latest = pd.Timestamp(SAMPLE_END_DATE)
    assert observed.max() <= latest and recorded.max() <= latest
    assert observed.min() >= latest - pd.Timedelta(days=730)


def test_group_sizes_stay_within_bounds(tmp_path: Path) -> None:
    generate_sample(tmp_path, young_people=2000, seed=1, min_group=4, max_group=9)
    sizes = _read(tmp_path, "truth.csv")["group_id"].value_counts()
    assert sizes.min() >= 4 and sizes.max() <= 9
    assert sizes.min() == 4 and sizes.max() == 9  # the whole range is used
    # Skewed towards small groups.
    assert (sizes <= 6).mean() > 0.5


def test_truth_lists_each_grouped_young_person_once(sample: tuple[Path, SampleSummary]) -> None:
    folder, _ = sample
    truth = _read(folder, "truth.csv")
    people = _read(folder, "people.csv")
    young = set(people.loc[people["kind"] == "young_person", "id"])
    assert truth["person_id"].is_unique
    assert set(truth["person_id"]) <= young
    assert 0.6 <= len(truth) / len(young) <= 0.7  # grouped_share 0.7, never more


def test_every_young_person_attends_one_school(sample: tuple[Path, SampleSummary]) -> None:
    folder, _ = sample
    attends = _read(folder, "associations.csv").query("type == 'attends'")
    people = _read(folder, "people.csv")
    assert attends["source"].is_unique
    assert set(attends["source"]) == set(people.loc[people["kind"] == "young_person", "id"])


@pytest.mark.parametrize("mixing", [0.1, 0.2, 0.4, 0.7])
def test_share_of_peer_links_leaving_the_group_is_mixing(tmp_path: Path, mixing: float) -> None:
    generate_sample(tmp_path, young_people=4000, seed=2, mixing=mixing)
    overall, per_person = _peer_share_leaving(tmp_path)
    assert overall == pytest.approx(mixing, abs=0.03)
    assert per_person == pytest.approx(mixing, abs=0.05)


def test_closed_groups_when_mixing_is_zero(tmp_path: Path) -> None:
    generate_sample(tmp_path, young_people=1000, seed=2, mixing=0.0)
    overall, _ = _peer_share_leaving(tmp_path)
    assert overall == 0.0


def test_no_group_structure_left_when_mixing_is_one(tmp_path: Path) -> None:
    generate_sample(tmp_path, young_people=1000, seed=2, mixing=1.0)
    overall, _ = _peer_share_leaving(tmp_path)
    assert overall == 1.0


def test_every_planted_group_is_connected_inside(sample: tuple[Path, SampleSummary]) -> None:
    folder, _ = sample
    inside = _inside_rows(folder)
    component = _components(list(zip(inside["source"], inside["target"], strict=True)))
    truth = _read(folder, "truth.csv")
    parts = truth["person_id"].map(component).groupby(truth["group_id"]).nunique(dropna=False)
    assert truth["person_id"].isin(list(component)).all()  # nobody is planted without a link
    assert (parts == 1).mean() >= 0.99


def test_most_pairs_of_members_are_recorded_together(sample: tuple[Path, SampleSummary]) -> None:
    folder, _ = sample
    inside = _inside_rows(folder)
    low = inside[["source", "target"]].min(axis=1)
    high = inside[["source", "target"]].max(axis=1)
    linked = inside.assign(low=low, high=high).drop_duplicates(["low", "high"])
    sizes = _read(folder, "truth.csv")["group_id"].value_counts()
    pairs = linked.groupby("group").size().reindex(sizes.index, fill_value=0)
    share = pairs / (sizes * (sizes - 1) / 2)
    assert share[sizes <= 8].median() >= 0.5
    assert (sizes >= 15).sum() >= 5 and share[sizes >= 15].median() >= 0.3
    assert share[sizes >= 15].median() < 0.9  # large groups are not cliques


def test_events_are_records_of_several_members(sample: tuple[Path, SampleSummary]) -> None:
    folder, _ = sample
    inside = _inside_rows(folder)
    records = inside.groupby(RECORD)
    rows = records.size()
    people = records.apply(lambda r: len(set(r["source"]) | set(r["target"])))
    groups = records["group"].nunique()
    several = rows > 1
    # An event of k young people is one record holding one row per pair of them, all planted
    # in one group: a shared reference, date, type, agency and confidence.
    assert (rows[several] == people[several] * (people[several] - 1) // 2).all()
    assert (groups == 1).all()
    assert set(people[several]) == {3, 4, 5, 6}
    assert people.max() == 6
    assert rows[several].sum() / rows.sum() > 0.5  # most rows inside a group come from events


def test_activity_inside_groups_is_uneven(sample: tuple[Path, SampleSummary]) -> None:
    folder, _ = sample
    inside = _inside_rows(folder)
    ends = pd.concat([inside[["source", *RECORD]], inside[["target", *RECORD]]]).assign(
        person=lambda d: d["source"].fillna(d["target"])
    )
    records = ends.drop_duplicates(["person", *RECORD]).groupby("person").size()
    assert records.quantile(0.9) >= 3 * records.quantile(0.1)
    assert records.max() >= 15
    assert (records <= 2).mean() > 0.05


def test_young_people_in_no_group_have_few_links(sample: tuple[Path, SampleSummary]) -> None:
    folder, _ = sample
    group = _groups(folder)
    peer = _read(folder, "associations.csv").query("type in @PEER_TYPES")
    ends = pd.concat(
        [
            pd.DataFrame({"person": peer["source"], "other": peer["target"]}),
            pd.DataFrame({"person": peer["target"], "other": peer["source"]}),
        ]
    )
    people = _read(folder, "people.csv").query("kind == 'young_person'")["id"]
    loose = people[~people.isin(list(group))]
    links = ends[ends["person"].isin(loose)].groupby("person")["other"].nunique()
    links = links.reindex(loose, fill_value=0)
    assert 0.7 <= links.mean() <= 2.0
    assert (links == 0).mean() >= 0.4


def test_a_cohort_with_no_groups_is_still_written(tmp_path: Path) -> None:
    summary = generate_sample(tmp_path, young_people=2000, grouped_share=0.0)
    assert summary.groups == 0
    assert load_dataset(tmp_path).counts()["young_people"] == 2000


def test_progress_names_each_stage(tmp_path: Path) -> None:
    stages: list[str] = []
    generate_sample(tmp_path, young_people=100, progress=stages.append)
    assert stages[:4] == ["groups", "people", "contexts", "associations"]
    assert "writing associations.csv" in stages and stages[-1] == "done"


@pytest.mark.parametrize("young_people", [1, 2, 5])
def test_tiny_samples_still_keep_the_contract(tmp_path: Path, young_people: int) -> None:
    summary = generate_sample(tmp_path, young_people=young_people)
    dataset = load_dataset(tmp_path)
    assert dataset.counts()["young_people"] == young_people
    assert summary.groups == 0


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("young_people", 0, "young_people must be at least 1, not 0"),
        ("seed", -1, "seed must be a non-negative integer, not -1"),
        ("mixing", 1.5, "mixing must be between 0 and 1, not 1.5"),
        ("grouped_share", -0.1, "grouped_share must be between 0 and 1, not -0.1"),
        ("min_group", 1, "need 2 <= min_group <= max_group, not 1 and 20"),
        ("max_group", 2, "need 2 <= min_group <= max_group, not 3 and 2"),
    ],
)
def test_bad_parameters_are_refused(
    tmp_path: Path, option: str, value: float, message: str
) -> None:
    with pytest.raises(CsPeersError, match=message.replace("<", r"\<")):
        generate_sample(tmp_path, **{option: value})  # type: ignore[arg-type]
    assert not any(tmp_path.iterdir())


def test_output_folder_must_not_be_a_file(tmp_path: Path) -> None:
    file = tmp_path / "file"
    file.write_text("x")
    with pytest.raises(CsPeersError, match="exists and is not a folder"):
        generate_sample(file, young_people=10)


def test_generated_sample_passes_validation(sample: tuple[Path, SampleSummary]) -> None:
    folder, summary = sample
    counts = load_dataset(folder).counts()
    assert counts == {
        "young_people": summary.young_people,
        "adults": summary.adults,
        "contexts": summary.contexts,
        "associations": summary.associations,
    }


# ---- the hand-made borough


@pytest.fixture(scope="module")
def borough() -> Path:
    """Return the folder of the fictional borough in this repository."""
    return Path(__file__).resolve().parents[1] / "sample_graphs" / "borough"


def test_borough_ids_are_unique_and_ends_exist(borough: Path) -> None:
    people, contexts = _read(borough, "people.csv"), _read(borough, "contexts.csv")
    ids = pd.concat([people["id"], contexts["id"]])
    assert ids.is_unique
    associations = _read(borough, "associations.csv")
    assert set(associations["source"]) | set(associations["target"]) <= set(ids)
    assert set(associations["type"]) <= BRIEF_TYPES
    kinds = people["kind"].value_counts()
    assert 70 <= kinds["young_person"] <= 90 and 15 <= kinds["adult"] <= 25


def test_borough_has_four_to_six_groups_of_three_to_twenty(borough: Path) -> None:
    truth = _read(borough, "truth.csv")
    sizes = truth["group_id"].value_counts()
    assert 4 <= len(sizes) <= 6
    assert sizes.between(3, 20).all()
    assert truth["person_id"].is_unique
    young = _read(borough, "people.csv").query("kind == 'young_person'")["id"]
    assert set(truth["person_id"]) <= set(young)


def test_borough_groups_are_dense_inside_and_sparse_between(borough: Path) -> None:
    truth = _read(borough, "truth.csv")
    group = dict(zip(truth["person_id"], truth["group_id"], strict=True))
    peer = _read(borough, "associations.csv").query("type in @PEER_TYPES")
    a, b = peer["source"].map(group), peer["target"].map(group)
    inside = (a == b) & a.notna()
    between = a.notna() & b.notna() & (a != b)
    assert between.sum() < 0.1 * inside.sum()
    pairs = peer[inside].assign(group=a[inside])
    pairs["pair"] = [tuple(sorted(p)) for p in zip(pairs["source"], pairs["target"], strict=True)]
    distinct = pairs.groupby("group")["pair"].nunique()
    sizes = truth["group_id"].value_counts()
    density = distinct / (sizes * (sizes - 1) / 2)
    assert (density.reindex(sizes.index) >= 0.35).all()


def test_borough_has_the_features_the_story_needs(borough: Path) -> None:
    a = _read(borough, "associations.csv")
    types = a["type"].value_counts()
    for needed in ("protective_peer", "trusted_adult", "sibling", "family", "incident_at"):
        assert types.get(needed, 0) >= 1, needed
    concern = a[a["type"] == "exploitation_concern"]
    assert concern["source"].nunique() == 1 and concern["target"].nunique() >= 4
    assert (a["confidence"] == "low").sum() >= 10
    dated = a[(a["recorded_on"] != "") & (a["observed_on"] != "")]
    assert (dated["recorded_on"] > dated["observed_on"]).any()
    assert (dated["recorded_on"] >= dated["observed_on"]).all()
    assert a["observed_on"].min() >= "2025-01-01" and a["observed_on"].max() <= "2026-10-31"
    labels = _read(borough, "people.csv")["label"]
    assert labels.is_unique and labels.str.fullmatch(r"(?:[A-Z]\.){2}").all()
    # Bridges: some young people have peer links into two planted groups.
    truth = _read(borough, "truth.csv")
    group = dict(zip(truth["person_id"], truth["group_id"], strict=True))
    peer = a[a["type"].isin(PEER_TYPES)]
    ends = pd.concat(
        [
            pd.DataFrame({"p": peer["source"], "g": peer["target"].map(group)}),
            pd.DataFrame({"p": peer["target"], "g": peer["source"].map(group)}),
        ]
    ).dropna()
    reaches = ends.groupby("p")["g"].nunique()
    assert (reaches[reaches.index.isin(list(group))] >= 2).sum() >= 3


def test_borough_passes_validation(borough: Path) -> None:
    counts = load_dataset(borough).counts()
    assert counts["young_people"] == 80 and counts["adults"] == 20


def test_nothing_uses_gang_wording(borough: Path, sample: tuple[Path, SampleSummary]) -> None:
    folder, _ = sample
    texts = [(borough / name).read_text(encoding="utf-8") for name in (*FILES, "README.md")]
    texts += [(folder / name).read_text(encoding="utf-8") for name in FILES]
    assert not any("gang" in text.lower() for text in texts)
    assert not np.any([text.startswith("\ufeff") for text in texts])
