"""Write a planted graph into the input contract, with the contexts and noise of real recording.

What is added, so that no method can win by reading a tidy graph:

- **records of every confidence and type**: each link becomes 1–4 rows (a geometric number:
  repeated sightings), each of a random peer type (friend, seen together, online contact, …)
  and a random confidence (high 30%, medium 50%, low 20%), with dates, agencies and references;
- **recording noise**: 3% extra low/medium-confidence "seen together" rows between random young
  people, and sibling links between random pairs (2% of people);
- **schools** (about 500 pupils each, so above the 50-young-person context cut);
- **places shared by several groups**: each place is frequented by members of 2–4 groups
  (each member with probability 0.4) and a few passers-by: weak evidence by design;
- **online spaces** of 5–15 random young people (not aligned with any group);
- for ``dcsbm`` every place is a random set of 3–30 young people: contexts say nothing;
- adults (one per 25 young people) with trusted-adult links, which must not group anyone.

Davis' events are written as contexts (``frequents``) and no person–person row at all.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
from eval_families import Planted

__all__ = ["write_contract"]

PEER_TYPES = np.array(
    ["friend", "seen_together", "online_contact", "named_together", "missing_together",
     "co_arrested"]
)  # fmt: skip
PEER_SHARE = np.array([0.3, 0.3, 0.15, 0.15, 0.05, 0.05])
CONFIDENCES = np.array(["high", "medium", "low"])
CONFIDENCE_SHARE = np.array([0.3, 0.5, 0.2])
AGENCIES = np.array(["police", "school", "social_care", "health", "youth_service"])


def _write(path: Path, columns: dict[str, np.ndarray]) -> None:
    table = pa.table({k: pa.array(np.asarray(v).astype(str)) for k, v in columns.items()})
    pacsv.write_csv(table, str(path))


def _dates(rng: np.random.Generator, k: int) -> np.ndarray:
    days = rng.integers(0, 365, size=k)
    return (np.datetime64("2025-01-01") + days).astype(str)


def _groups(truth: np.ndarray) -> list[np.ndarray]:
    sizes = np.bincount(truth[truth >= 0]) if (truth >= 0).any() else np.zeros(0, int)
    order = np.argsort(truth, kind="stable")
    order = order[truth[order] >= 0]
    return [g for g in np.split(order, np.cumsum(sizes)[:-1]) if len(g) >= 3]


def _shared_places(rng: np.random.Generator, truth: np.ndarray, n: int) -> list[np.ndarray]:
    groups = _groups(truth)
    places = []
    for _ in range(max(1, n // 40)):
        chosen = rng.choice(len(groups), size=min(len(groups), int(rng.integers(2, 5))),
                            replace=False) if groups else []  # fmt: skip
        members = [m[rng.random(len(m)) < 0.4] for m in (groups[c] for c in chosen)]
        passers = rng.integers(0, n, size=int(rng.integers(0, 4)))
        places.append(np.unique(np.concatenate([*members, passers])))
    return places


def write_contract(planted: Planted, folder: Path, family: str, seed: int) -> None:
    """Write people.csv, contexts.csv, associations.csv and truth.csv of ``planted``."""
    rng = np.random.default_rng(seed + 7)
    folder.mkdir(parents=True, exist_ok=True)
    n = planted.n
    width = max(6, len(str(n)))
    yp = np.char.add("YP", np.char.zfill(np.arange(n).astype(str), width))
    adults = 0 if planted.contexts_only else max(3, n // 25)
    ad = np.array([f"AD{k:0{width}d}" for k in range(adults)], dtype=str)
    _write(folder / "people.csv", {
        "id": np.concatenate([yp, ad]),
        "kind": np.array(["young_person"] * n + ["adult"] * adults),
    })  # fmt: skip
    rows: list[dict[str, np.ndarray]] = []

    def add(src: np.ndarray, dst: np.ndarray, types: np.ndarray, conf: np.ndarray | None = None
            ) -> None:  # fmt: skip
        k = len(src)
        rows.append({
            "source": src, "target": dst, "type": types,
            "confidence": conf if conf is not None
            else rng.choice(CONFIDENCES, size=k, p=CONFIDENCE_SHARE),
        })  # fmt: skip

    contexts: list[tuple[str, str]] = []
    if planted.contexts_only:
        uses = np.array(planted.uses, dtype=np.int64)
        events = np.unique(uses[:, 1])
        contexts = [(f"CX{e:04d}", "location") for e in events]
        add(yp[uses[:, 0]], np.char.add("CX", np.char.zfill(uses[:, 1].astype(str), 4)),
            np.full(len(uses), "frequents"), np.full(len(uses), "high"))  # fmt: skip
    else:
        # Direct links, each recorded 1–4 times.
        repeats = np.minimum(rng.geometric(0.6, size=len(planted.a)), 4)
        repeats[planted.a == planted.b] = 0  # networkx's LFR can draw self-loops
        a, b = np.repeat(planted.a, repeats), np.repeat(planted.b, repeats)
        add(yp[a], yp[b], rng.choice(PEER_TYPES, size=len(a), p=PEER_SHARE))
        noise = max(1, int(0.03 * len(planted.a)))
        na, nb = rng.integers(0, n, size=noise), rng.integers(0, n, size=noise)
        keep = na != nb
        add(yp[na[keep]], yp[nb[keep]], np.full(int(keep.sum()), "seen_together"),
            rng.choice(CONFIDENCES[1:], size=int(keep.sum())))  # fmt: skip
        sa, sb = rng.integers(0, n, size=max(1, n // 50)), rng.integers(0, n, size=max(1, n // 50))
        keep = sa != sb
        add(yp[sa[keep]], yp[sb[keep]], np.full(int(keep.sum()), "sibling"))
        # Schools: about 500 pupils each, a group mostly at one school.
        schools = max(1, n // 500)
        group_school = rng.integers(0, schools, size=int(planted.truth.max()) + 2)
        school = np.where(
            (planted.truth >= 0) & (rng.random(n) < 0.8),
            group_school[np.maximum(planted.truth, 0)], rng.integers(0, schools, size=n),
        )  # fmt: skip
        contexts += [(f"CXS{s:06d}", "school") for s in range(schools)]
        add(yp, np.char.add("CXS", np.char.zfill(school.astype(str), 6)), np.full(n, "attends"))
        if family == "dcsbm":
            places = [rng.choice(n, size=int(rng.integers(3, 31)), replace=False)
                      for _ in range(max(1, n // 40))]  # fmt: skip
        else:
            places = _shared_places(rng, planted.truth, n)
        for k, members in enumerate(places):
            cid = f"CXP{k:06d}"
            contexts.append((cid, "location"))
            add(yp[members], np.full(len(members), cid), np.full(len(members), "frequents"))
        for k in range(max(1, n // 60)):
            members = rng.choice(n, size=min(n, int(rng.integers(5, 16))), replace=False)
            cid = f"CXO{k:06d}"
            contexts.append((cid, "online"))
            add(yp[members], np.full(len(members), cid), np.full(len(members), "member_of"))
        cared = rng.integers(0, n, size=adults * 3)
        add(ad[np.arange(len(cared)) % adults], yp[cared], np.full(len(cared), "trusted_adult"))
    _write(folder / "contexts.csv", {
        "id": np.array([c for c, _ in contexts]), "kind": np.array([k for _, k in contexts]),
    })  # fmt: skip
    table = {k: np.concatenate([r[k] for r in rows]) for k in rows[0]}
    total = len(table["source"])
    table["observed_on"] = _dates(rng, total)
    table["source_agency"] = rng.choice(AGENCIES, size=total)
    table["reference"] = np.char.add("R", np.arange(total).astype(str))
    _write(folder / "associations.csv", table)
    grouped = planted.truth >= 0
    sizes = np.bincount(planted.truth[grouped]) if grouped.any() else np.zeros(0, int)
    in_real_group = grouped & (sizes[np.maximum(planted.truth, 0)] >= 3 if len(sizes) else False)
    _write(folder / "truth.csv", {
        "person_id": yp[in_real_group],
        "group_id": np.char.add("T", planted.truth[in_real_group].astype(str)),
    })  # fmt: skip
