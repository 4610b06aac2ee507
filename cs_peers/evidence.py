"""The weighted graph of young people that group detection reads.

Each pair of young people gets one *evidence* weight in [0, 1):

* every direct association counts ``type weight × confidence multiplier`` (both from the
  vocabulary), and repeated records of a pair add up;
* every context two young people share counts ``min(their weights) / (n − 1)``, where ``n`` is
  the number of young people recorded there: sharing a two-person flat counts like a friendship,
  sharing a 1,200-pupil school next to nothing. Contexts used by more than ``max_context_size``
  young people are skipped, since each pair would add less than ``1 / max_context_size``;
* the total saturates as ``1 − exp(−total)``, so that a hundred sightings of one pair do not
  outweigh the rest of a group, and the detection resolution reads as "evidence per pair".

Adults are not nodes of this graph: their links are listed and drawn, and feed the
guardianship and concern sections of assessments, but never decide who is in a peer group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cs_peers.columns import index_in
from cs_peers.dataset import Dataset

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


def _type_weights(dataset: Dataset, associations: pd.DataFrame) -> np.ndarray:
    vocab = dataset.vocabulary
    names = list(vocab.types)
    type_weight = np.array([vocab[n].weight for n in names])[index_in(associations["type"], names)]
    levels = list(vocab.confidence)
    factor = np.array([vocab.confidence[c] for c in levels])[
        index_in(associations["confidence"], levels)
    ]
    return np.asarray(type_weight * factor, dtype=float)


def _direct_pairs(dataset: Dataset, ids: np.ndarray) -> pd.DataFrame:
    a = dataset.associations
    src = index_in(a["source"], ids)
    dst = index_in(a["target"], ids)
    both = (src >= 0) & (dst >= 0)
    weights = _type_weights(dataset, a[both])
    s, t = src[both], dst[both]
    frame = pd.DataFrame({"a": np.minimum(s, t), "b": np.maximum(s, t), "w": weights})
    return frame[frame["w"] > 0]


def _context_pairs(dataset: Dataset, ids: np.ndarray, max_context_size: int) -> pd.DataFrame:
    a = dataset.associations
    context_ids = dataset.contexts["id"]
    src_ctx = index_in(a["source"], context_ids)
    dst_ctx = index_in(a["target"], context_ids)
    keep = (src_ctx >= 0) | (dst_ctx >= 0)
    person = np.where(src_ctx >= 0, index_in(a["target"], ids), index_in(a["source"], ids))
    uses = pd.DataFrame({"ctx": np.maximum(src_ctx, dst_ctx)[keep], "yp": person[keep]})
    uses["w"] = _type_weights(dataset, a[keep])
    uses = uses[(uses["yp"] >= 0) & (uses["w"] > 0)]
    uses = uses.groupby(["ctx", "yp"], as_index=False).agg(w=("w", "max"))
    size = uses.groupby("ctx")["yp"].transform("size")
    uses = uses[(size >= 2) & (size <= max_context_size)].assign(n=size)
    pairs = uses.merge(uses, on="ctx", suffixes=("_a", "_b"))
    pairs = pairs[pairs["yp_a"] < pairs["yp_b"]]
    weight = np.minimum(pairs["w_a"].to_numpy(), pairs["w_b"].to_numpy()) / (
        pairs["n_a"].to_numpy() - 1
    )
    return pd.DataFrame({"a": pairs["yp_a"].to_numpy(), "b": pairs["yp_b"].to_numpy(), "w": weight})


def build_peer_evidence(
    dataset: Dataset, *, max_context_size: int = DEFAULT_MAX_CONTEXT_SIZE
) -> PeerEvidence:
    """Return the evidence graph between the dataset's young people.

    Examples
    --------
    >>> from cs_peers.samples import borough_dataset
    >>> evidence = build_peer_evidence(borough_dataset())
    >>> bool(((evidence.edges["weight"] > 0) & (evidence.edges["weight"] < 1)).all())
    True
    """
    ids = np.sort(dataset.young_people["id"].to_numpy(dtype=object))
    parts = [_direct_pairs(dataset, ids), _context_pairs(dataset, ids, max_context_size)]
    combined = pd.concat(parts, ignore_index=True)
    summed = combined.groupby(["a", "b"], as_index=False, sort=True)["w"].sum()
    edges = pd.DataFrame(
        {
            "a": summed["a"].to_numpy(dtype=np.int64),
            "b": summed["b"].to_numpy(dtype=np.int64),
            "weight": -np.expm1(-summed["w"].to_numpy(dtype=float)),
        }
    )
    return PeerEvidence(ids=ids, edges=edges, max_context_size=max_context_size)
