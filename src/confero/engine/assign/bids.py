"""Bids as additive modifiers of the affinity score.

Affinity scores are on a [0, 1] scale (cosine similarities, or a fused score mapped to [0, 1]). A bid
adds ``bid_weight * BID_LEVEL_VALUES[level]`` to the affinity of its pair:

=========  ======  =======================
bid        level   added (bid_weight 0.2)
=========  ======  =======================
very-high  +1      +0.20
high       +0.5    +0.10
neutral     0       0
low        -0.5    -0.10
very-low   -1      -0.20
conflict   --      the pair becomes a conflict (never assigned)
=========  ======  =======================

Why additive and why 0.2: a bid is the reviewer's own statement of interest, so it should reorder
reviewers whose expertise is comparable, and never make a reviewer without expertise beat a clear
expert. With affinities in [0, 1], a very-high bid moves a pair by at most 0.2 -- about the gap
between a paper's best and tenth-best reviewer (median 0.185 on the medium benchmark instance, see
docs/assignment-cli.md) -- and a symmetric scale keeps "low" and "high" equally strong. Additive (not multiplicative) modifiers also act on pairs whose
affinity is 0 (a reviewer without publications who bids very-high becomes a plausible candidate).
The weight is a parameter (``--bid-weight``); 0 ignores bids except conflicts.
"""

from __future__ import annotations

import numpy as np

from confero.engine.records import BID_LEVELS

BID_LEVEL_VALUES: dict[str, float] = {
    "very-high": 1.0,
    "high": 0.5,
    "neutral": 0.0,
    "low": -0.5,
    "very-low": -1.0,
}
DEFAULT_BID_WEIGHT = 0.2
assert set(BID_LEVEL_VALUES) | {"conflict"} == set(BID_LEVELS)


def bid_deltas(levels, bid_weight: float = DEFAULT_BID_WEIGHT) -> np.ndarray:
    """Score modifier of each bid level (``conflict`` gives NaN: it is not a modifier)."""
    table = {k: bid_weight * v for k, v in BID_LEVEL_VALUES.items()}
    return np.array([table.get(str(lv), np.nan) for lv in levels], dtype=np.float64)


def apply_bids(scores, rows: np.ndarray, cols: np.ndarray, deltas: np.ndarray):
    """A new score matrix with ``deltas`` added at ``(rows, cols)``; ``scores`` is not modified.

    Dense input: a copy (float32 stays float32). Sparse input: only stored pairs (candidates) change; a
    bid on a pair the matrix does not store is ignored, since that pair is not a candidate. NaN deltas
    (conflict bids) and duplicate pairs (the last bid wins) are handled by the caller; here deltas add up.
    """
    import scipy.sparse as sp

    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    deltas = np.asarray(deltas, dtype=np.float64)
    ok = np.isfinite(deltas) & (deltas != 0)
    rows, cols, deltas = rows[ok], cols[ok], deltas[ok]
    if sp.issparse(scores):
        out = scores.tocsr(copy=True)
        out.sort_indices()
        if rows.size:
            # position of each (row, col) among the stored entries of its row
            starts, ends = out.indptr[rows], out.indptr[rows + 1]
            flat_key = rows * out.shape[1] + cols
            stored_rows = np.repeat(np.arange(out.shape[0]), np.diff(out.indptr))
            stored_key = stored_rows * out.shape[1] + out.indices
            pos = np.searchsorted(stored_key, flat_key)
            pos = np.minimum(pos, max(stored_key.size - 1, 0))
            hit = (stored_key.size > 0) & (stored_key[pos] == flat_key) & (pos >= starts) & (pos < ends)
            out.data = out.data.astype(np.result_type(out.data.dtype, np.float32), copy=False)
            np.add.at(out.data, pos[hit], deltas[hit].astype(out.data.dtype))
        return out
    S = np.asarray(scores)
    dtype = S.dtype if S.dtype.kind == "f" else np.float64
    out = S.astype(dtype, copy=True)
    np.add.at(out, (rows, cols), deltas.astype(dtype))
    return out
