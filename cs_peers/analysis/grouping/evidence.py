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

Logarithm and ``expm1`` that give the same bits on every machine.

numpy picks its ``log`` and ``expm1`` loops at run time from the CPU: on a processor with
AVX-512 it uses SIMD routines whose results differ from the C library's in the last bit for
about one value in ten. Leiden then sees other evidence weights, and the same data and seed gave
other groups on another machine (measured on the generated 10k set: 2,684 of 30,071 weights one
unit in the last place apart, 12 memberships changed). A group's identity from one meeting to
the next, and between offices, must not depend on the processor.

These functions use only operations that IEEE 754 rounds exactly (``+ − × ÷``, ``floor``,
``frexp``, ``ldexp``), each its own numpy call so that no compiler can fuse them, in a fixed
order. Their results are within a few units in the last place of the true value, and the same
everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cs_peers.analysis.grouping.parameters import GroupingParameters
from cs_peers.inputs.columns import index_in
from cs_peers.inputs.dataset import Dataset

__all__ = [
    "DEFAULT_MAX_CONTEXT_SIZE",
    "PeerEvidence",
    "build_peer_evidence",
    "portable_expm1",
    "portable_log",
]


# ln 2 split so that k · LN2_HI is exact for |k| < 2**20 (Cody and Waite).
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_LN2 = _LN2_HI + _LN2_LO
_SQRT_HALF = 0.7071067811865476
# Terms of the series: enough that the first term left out is below 2**-60 of the result.
_EXPM1_TERMS = 18
_ATANH_TERMS = 12


def _expm1_small(x: np.ndarray) -> np.ndarray:
    """Return ``exp(x) − 1`` for ``|x| ≤ 0.5`` by its Taylor series, in Horner form."""
    acc = np.ones_like(x)
    for k in range(_EXPM1_TERMS, 1, -1):
        acc = np.add(1.0, np.multiply(np.divide(x, float(k)), acc))
    product: np.ndarray = np.multiply(x, acc)
    return product


def portable_expm1(x: np.ndarray) -> np.ndarray:
    """Return ``exp(x) − 1`` elementwise, the same bits on every machine.

    Examples
    --------
    >>> import numpy as np
    >>> values = np.array([-40.0, -3.0, -0.5, -1e-9, 0.0, 0.25, 2.0])
    >>> bool(np.allclose(portable_expm1(values), np.expm1(values), rtol=1e-15, atol=0))
    True
    """
    x = np.asarray(x, dtype=np.float64)
    small = np.abs(x) <= 0.5
    result = np.empty_like(x)
    result[small] = _expm1_small(x[small])
    big = x[~small]
    # exp(x) = 2**k · exp(r), |r| ≤ ln 2 / 2, so the series converges fast.
    k = np.floor(np.add(np.divide(big, _LN2), 0.5))
    r = np.subtract(np.subtract(big, np.multiply(k, _LN2_HI)), np.multiply(k, _LN2_LO))
    scaled = np.ldexp(np.add(1.0, _expm1_small(r)), k.astype(np.int64))
    result[~small] = np.subtract(scaled, 1.0)
    return result


def portable_log(x: np.ndarray) -> np.ndarray:
    """Return the natural logarithm of positive values elementwise, the same bits everywhere.

    Examples
    --------
    >>> import numpy as np
    >>> values = np.array([1e-300, 0.3, 1.0, 2.0, 50.0, 1e6])
    >>> bool(np.allclose(portable_log(values), np.log(values), rtol=1e-15, atol=1e-300))
    True
    """
    x = np.asarray(x, dtype=np.float64)
    mantissa, exponent = np.frexp(x)  # x = m · 2**e, 0.5 ≤ m < 1
    low = mantissa < _SQRT_HALF
    mantissa = np.where(low, np.multiply(mantissa, 2.0), mantissa)
    exponent = np.where(low, exponent - 1, exponent).astype(np.float64)
    # log(m) = 2 atanh(s), s = (m − 1) / (m + 1), |s| ≤ 0.172.
    s = np.divide(np.subtract(mantissa, 1.0), np.add(mantissa, 1.0))
    s2 = np.multiply(s, s)
    acc = np.full_like(s, 1.0 / (2 * _ATANH_TERMS + 1))
    for k in range(_ATANH_TERMS - 1, -1, -1):
        acc = np.add(1.0 / (2 * k + 1), np.multiply(s2, acc))
    log_m = np.multiply(np.multiply(2.0, s), acc)
    return np.add(np.add(np.multiply(exponent, _LN2_HI), log_m), np.multiply(exponent, _LN2_LO))


DEFAULT_MAX_CONTEXT_SIZE = GroupingParameters.max_context_size


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
    if not fits.any():
        return pd.DataFrame({"a": np.zeros(0, np.int64), "b": np.zeros(0, np.int64), "w": 0.0})
    ctx = uses["ctx"].to_numpy()[fits]
    yp = uses["yp"].to_numpy()[fits]
    w = uses["w"].to_numpy()[fits]
    n = size.to_numpy()[fits]
    del uses, size
    # Every pair of users of each context, the lower id first: the rows are sorted by context,
    # then young person (the groupby above sorts them), so row i pairs with the rows after it
    # in its context. The pairs come in the order a self-merge filtered to a < b gave, without
    # its rows for b ≥ a (half again as many, 300 MB at a million young people).
    last = np.flatnonzero(np.r_[ctx[1:] != ctx[:-1], True])
    block_end = np.repeat(last + 1, np.diff(np.r_[0, last + 1]))
    partners = block_end - np.arange(len(ctx)) - 1
    first = np.repeat(np.arange(len(ctx)), partners)
    offsets = np.arange(len(first)) - np.repeat(np.cumsum(partners) - partners, partners)
    second = first + 1 + offsets
    del block_end, partners, offsets
    users = n[first]
    # How much "both were there" says: the normalised self-information log(N / n) / log(N) of a
    # context used by n of the N young people — 1 for a private place, 0 for one everyone uses.
    # Portable logarithms: numpy's own differ in the last bit between processors, and so did
    # the groups (see portable_math).
    information = portable_log(young_people / users) / portable_log(
        np.array([max(young_people, 2)])
    )
    weight = np.minimum(w[first], w[second]) / (users - 1) * information
    return pd.DataFrame({"a": yp[first], "b": yp[second], "w": weight})


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
    direct_keys = direct["a"].to_numpy(dtype=np.int64) * n + direct["b"].to_numpy()
    # Hash tables, not sorts: np.isin and np.unique took 4.7 s here at a million young people,
    # pandas' hash tables give the same answers in well under one.
    keys = pd.Series(key)
    linked = keys.isin(direct_keys).to_numpy()
    recurs = keys.duplicated(keep=False).to_numpy()
    return shared[recurs | linked]


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
    >>> from cs_peers.inputs.sample.generate import borough_dataset
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
