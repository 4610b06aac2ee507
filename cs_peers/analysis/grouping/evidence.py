"""The weighted graph of young people that group detection reads.

Each pair of young people gets one *evidence* weight in [0, 1):

* every direct association counts ``type weight × confidence multiplier`` (both from the
  vocabulary), and repeated records of a pair add up;
* every context two young people share counts ``min(their weights) / (n − 1)``, where ``n`` is
  the number of young people recorded there: sharing a two-person flat counts like a friendship,
  sharing a 1,200-pupil school next to nothing. Contexts used by more than ``max_context_size``
  young people are skipped, since each pair would add less than ``1 / max_context_size``; it is
  scaled by ``log(N / n) / log(N)`` (``N`` young people in all): a place most of a small cohort
  uses says little about who belongs with whom;
  and a shared context counts only when it is corroborated — the pair shares two or more
  contexts, or is also linked directly — since one shared place alone is often coincidence;
* the total saturates as ``1 − exp(−total)``, so that a hundred sightings of one pair do not
  outweigh the rest of a group, and the detection resolution reads as "evidence per pair".

Adults are not nodes of this graph: their links are listed and drawn, and feed the
guardianship and concern sections of assessments, but never decide who is in a peer group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cs_peers.analysis.grouping.portable_math import portable_expm1, portable_log
from cs_peers.inputs.columns import index_in
from cs_peers.inputs.dataset import Dataset

__all__ = ["DEFAULT_MAX_CONTEXT_SIZE", "PeerEvidence", "build_peer_evidence"]

DEFAULT_MAX_CONTEXT_SIZE = 50


@dataclass(frozen=True)
class PeerEvidence:
    """Evidence weights between young people.

    ``ids`` lists every young person (sorted); ``edges`` has integer columns ``a < b`` indexing
    ``ids`` and a float ``weight`` in (0, 1).
    """

    ids: np.ndarray
    edges: pd.DataFrame
    max_context_size: int

    def edge_list(self) -> pd.DataFrame:
        """Return the edges with person ids in columns ``source``, ``target``, ``weight``."""
        return pd.DataFrame(
            {
                "source": self.ids[self.edges["a"].to_numpy()],
                "target": self.ids[self.edges["b"].to_numpy()],
                "weight": self.edges["weight"].to_numpy(),
            }
        )


def _type_weights(dataset: Dataset) -> np.ndarray:
    """Return per association row ``type weight × confidence multiplier`` (vocabulary)."""
    vocab = dataset.vocabulary
    associations = dataset.associations
    names = list(vocab.types)
    type_weight = np.array([vocab[n].weight for n in names])[index_in(associations["type"], names)]
    levels = list(vocab.confidence)
    factor = np.array([vocab.confidence[c] for c in levels])[
        index_in(associations["confidence"], levels)
    ]
    return np.asarray(type_weight * factor, dtype=float)


def _direct_pairs(src: np.ndarray, dst: np.ndarray, weights: np.ndarray) -> pd.DataFrame:
    both = (src >= 0) & (dst >= 0)
    s, t = src[both], dst[both]
    frame = pd.DataFrame({"a": np.minimum(s, t), "b": np.maximum(s, t), "w": weights[both]})
    return frame[frame["w"] > 0]


def _context_pairs(
    dataset: Dataset,
    ends: tuple[np.ndarray, np.ndarray],
    weights: np.ndarray,
    young_people: int,
    max_context_size: int,
) -> pd.DataFrame:
    a = dataset.associations
    context_ids = dataset.contexts["id"]
    src_ctx = index_in(a["source"], context_ids)
    dst_ctx = index_in(a["target"], context_ids)
    keep = (src_ctx >= 0) | (dst_ctx >= 0)
    person = np.where(src_ctx >= 0, ends[1], ends[0])
    uses = pd.DataFrame({"ctx": np.maximum(src_ctx, dst_ctx)[keep], "yp": person[keep]})
    uses["w"] = weights[keep]
    uses = uses[(uses["yp"] >= 0) & (uses["w"] > 0)]
    uses = uses.groupby(["ctx", "yp"], as_index=False).agg(w=("w", "max"))
    size = uses.groupby("ctx")["yp"].transform("size")
    fits = ((size >= 2) & (size <= max_context_size)).to_numpy()
    # Assign the sizes as an array: a Series assigned to an empty frame would bring back every
    # row (pandas aligns on its index), and the self-merge below would pair everyone.
    uses = uses[fits].assign(n=size.to_numpy()[fits])
    pairs = uses.merge(uses, on="ctx", suffixes=("_a", "_b"))
    pairs = pairs[pairs["yp_a"] < pairs["yp_b"]]
    users = pairs["n_a"].to_numpy()
    # How much "both were there" says: the normalised self-information log(N / n) / log(N) of a
    # context used by n of the N young people — 1 for a private place, 0 for one everyone uses.
    # Portable logarithms: numpy's own differ in the last bit between processors, and so did
    # the groups (see portable_math).
    information = portable_log(young_people / users) / portable_log(
        np.array([max(young_people, 2)])
    )
    weight = (
        np.minimum(pairs["w_a"].to_numpy(), pairs["w_b"].to_numpy()) / (users - 1) * information
    )
    return pd.DataFrame({"a": pairs["yp_a"].to_numpy(), "b": pairs["yp_b"].to_numpy(), "w": weight})


def _corroborated(shared: pd.DataFrame, direct: pd.DataFrame, n: int) -> pd.DataFrame:
    """Return the context pairs that are corroborated: seen in two contexts, or also linked.

    One shared place is coincidence as often as it is a group — a park, a chat, a bus route
    used by young people of several groups. A pair counts it when it recurs (two or more shared
    contexts, as in a network known only through the events people attended) or when the two
    are also linked directly. The benchmarks measured this against counting every shared
    context and against ignoring contexts.
    """
    if shared.empty:
        return shared
    key = shared["a"].to_numpy(dtype=np.int64) * n + shared["b"].to_numpy(dtype=np.int64)
    linked = np.isin(key, direct["a"].to_numpy(dtype=np.int64) * n + direct["b"].to_numpy())
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    return shared[(counts[inverse] >= 2) | linked]


def build_peer_evidence(
    dataset: Dataset,
    *,
    max_context_size: int = DEFAULT_MAX_CONTEXT_SIZE,
    corroborate: bool = True,
) -> PeerEvidence:
    """Return the evidence graph between the dataset's young people.

    ``corroborate=False`` counts every shared context, corroborated or not (for comparison).

    Examples
    --------
    >>> from cs_peers.inputs.sample.shipped import borough_dataset
    >>> evidence = build_peer_evidence(borough_dataset())
    >>> bool(((evidence.edges["weight"] > 0) & (evidence.edges["weight"] < 1)).all())
    True
    """
    ids = np.sort(dataset.young_people["id"].to_numpy(dtype=object))
    # Each association's ends among the young people and its weight, found once for both kinds
    # of evidence (and no copy of the associations: at a million young people that is 700 MB).
    a = dataset.associations
    ends = (index_in(a["source"], ids), index_in(a["target"], ids))
    weights = _type_weights(dataset)
    direct = _direct_pairs(*ends, weights)
    shared = _context_pairs(dataset, ends, weights, len(ids), max_context_size)
    del ends, weights
    if corroborate:
        shared = _corroborated(shared, direct, len(ids))
    combined = pd.concat([direct, shared], ignore_index=True)
    summed = combined.groupby(["a", "b"], as_index=False, sort=True)["w"].sum()
    edges = pd.DataFrame(
        {
            "a": summed["a"].to_numpy(dtype=np.int64),
            "b": summed["b"].to_numpy(dtype=np.int64),
            "weight": -portable_expm1(-summed["w"].to_numpy(dtype=float)),
        }
    )
    return PeerEvidence(ids=ids, edges=edges, max_context_size=max_context_size)
