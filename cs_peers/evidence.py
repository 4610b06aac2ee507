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

from cs_peers.dataset import Dataset

__all__ = ["PeerEvidence", "build_peer_evidence", "DEFAULT_MAX_CONTEXT_SIZE"]

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
    type_weight = associations["type"].map({n: t.weight for n, t in vocab.types.items()})
    confidence = associations["confidence"].map(vocab.confidence)
    return (type_weight.to_numpy(dtype=float) * confidence.to_numpy(dtype=float)).astype(float)


def _direct_pairs(dataset: Dataset, codes: pd.Series) -> pd.DataFrame:
    a = dataset.associations
    src = a["source"].map(codes)
    dst = a["target"].map(codes)
    both = (src.notna() & dst.notna()).to_numpy()
    weights = _type_weights(dataset, a[both])
    s = src[both].to_numpy(dtype=np.int64)
    t = dst[both].to_numpy(dtype=np.int64)
    frame = pd.DataFrame({"a": np.minimum(s, t), "b": np.maximum(s, t), "w": weights})
    return frame[frame["w"] > 0]


def _context_pairs(dataset: Dataset, codes: pd.Series, max_context_size: int) -> pd.DataFrame:
    a = dataset.associations
    context_ids = pd.Index(dataset.contexts["id"])
    src_is_ctx = a["source"].isin(context_ids).to_numpy()
    dst_is_ctx = a["target"].isin(context_ids).to_numpy()
    person = np.where(src_is_ctx, a["target"].to_numpy(), a["source"].to_numpy())
    context = np.where(src_is_ctx, a["source"].to_numpy(), a["target"].to_numpy())
    keep = src_is_ctx | dst_is_ctx
    uses = pd.DataFrame({"ctx": context[keep], "yp": pd.Series(person[keep]).map(codes).to_numpy()})
    uses["w"] = _type_weights(dataset, a[keep])
    uses = uses[uses["yp"].notna() & (uses["w"] > 0)]
    uses = uses.astype({"yp": np.int64}).groupby(["ctx", "yp"], as_index=False)["w"].max()
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
    >>> from cs_peers.sample_graphs import borough_dataset
    >>> evidence = build_peer_evidence(borough_dataset())
    >>> bool(((evidence.edges["weight"] > 0) & (evidence.edges["weight"] < 1)).all())
    True
    """
    ids = np.sort(dataset.young_people["id"].to_numpy(dtype=object))
    codes = pd.Series(np.arange(len(ids)), index=ids)
    parts = [_direct_pairs(dataset, codes), _context_pairs(dataset, codes, max_context_size)]
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
