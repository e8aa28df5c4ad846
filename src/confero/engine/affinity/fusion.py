"""Combine several models' (submission x reviewer) score matrices into one.

Each model's scores live on their own scale (TF-IDF cosines are small, embedding cosines larger), so
they are first made comparable over all (submission, reviewer) cells of the run:

* ``zscore``: standardise each matrix (mean 0, sd 1), average, and map through the normal CDF, so the
  fused score is in (0, 1) and keeps differences in strength (a much closer reviewer scores much higher);
* ``rank``: replace each cell by its percentile rank in its matrix and average (reciprocal-rank style,
  robust to outliers but discards how much closer one reviewer is than another).

Cells of reviewers without publications are left out of the statistics and get 0.

A third option, ``ModelSpec(fusion="publication")``, is handled by the scorer: it z-scores each model's
per-publication similarities and pools their average (fusion before pooling); measured in
bench/expertise.py, not used by a named model.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import InputError

FUSIONS = ("zscore", "rank")


def fuse(
    matrices: Sequence[np.ndarray],
    valid_columns: np.ndarray,
    method: str = "zscore",
    weights: Sequence[float] | None = None,
) -> np.ndarray:
    if method not in FUSIONS:
        raise InputError(f"unknown fusion {method!r}; use one of: {', '.join(FUSIONS)}")
    if not matrices:
        raise ValueError("nothing to fuse")
    shape = matrices[0].shape
    w = np.ones(len(matrices)) if weights is None else np.asarray(weights, dtype=float)
    w = w / w.sum()
    valid = np.broadcast_to(np.asarray(valid_columns, dtype=bool)[None, :], shape)
    total = np.zeros(shape, dtype=np.float64)
    for weight, m in zip(w, matrices, strict=True):
        m = np.asarray(m, dtype=np.float64)
        cells = m[valid]
        if method == "zscore":
            sd = cells.std() if cells.size else 0.0
            z = (m - cells.mean()) / sd if sd > 0 else np.zeros(shape)
        else:
            z = np.zeros(shape)
            if cells.size:
                order = cells.argsort(kind="stable")
                ranks = np.empty(cells.size)
                # average ranks of ties so equal scores stay equal
                sorted_cells = cells[order]
                _, first, counts = np.unique(sorted_cells, return_index=True, return_counts=True)
                mid = first + (counts - 1) / 2.0
                ranks[order] = np.repeat(mid, counts)
                z[valid] = (ranks + 0.5) / cells.size
        total += weight * z
    if method == "zscore":
        from scipy.special import ndtr

        total = ndtr(total)
    return np.where(valid, total, 0.0)
