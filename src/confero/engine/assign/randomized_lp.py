"""Candidate pairs and dual pricing for the capped LP of the ``randomized`` objective.

Own helpers (independent of the exact solver's candidate module): one chunked pass over a dense
matrix for the initial candidates, and one per pricing round. A float32 ``P x R`` input is read in row
chunks and never copied as a whole.
"""

from __future__ import annotations

import numpy as np

CHUNK_CELLS = 1 << 22


def _step(R: int) -> int:
    return max(1, CHUNK_CELLS // max(R, 1))


def _chunk(sorted_flat: np.ndarray, s: int, e: int, R: int) -> np.ndarray:
    lo, hi = np.searchsorted(sorted_flat, [s * R, e * R])
    return sorted_flat[lo:hi] - s * R


def eligible_all(P: int, R: int, blocked: np.ndarray) -> np.ndarray:
    """Every pair but the blocked ones (flat indices ``p * R + r``); small problems only."""
    allp = np.arange(P * R, dtype=np.int64)
    return allp[~np.isin(allp, blocked)]


def top_pairs(S, blocked: np.ndarray, k_paper: int, k_reviewer: int) -> np.ndarray:
    """Sorted flat indices of each paper's ``k_paper`` best eligible reviewers and each reviewer's
    ``k_reviewer`` best eligible papers."""
    P, R = S.shape
    kp, kr = min(k_paper, R), min(k_reviewer, P)
    out = []
    best_val = np.full((0, R), -np.inf)
    best_row = np.zeros((0, R), dtype=np.int64)
    for s in range(0, P, _step(R)):
        e = min(P, s + _step(R))
        chunk = np.array(S[s:e], dtype=np.float64)
        chunk.ravel()[_chunk(blocked, s, e, R)] = -np.inf
        if kp > 0:
            idx = np.argpartition(-chunk, kp - 1, axis=1)[:, :kp]
            rows = np.repeat(np.arange(s, e), kp)
            cols = idx.ravel()
            ok = np.isfinite(chunk[rows - s, cols])
            out.append(rows[ok] * R + cols[ok])
        if kr > 0:
            vals = np.concatenate([best_val, chunk])
            rws = np.concatenate([best_row, np.broadcast_to(np.arange(s, e)[:, None], chunk.shape)])
            if vals.shape[0] > kr:
                sel = np.argpartition(-vals, kr - 1, axis=0)[:kr]
                best_val = np.take_along_axis(vals, sel, axis=0)
                best_row = np.take_along_axis(rws, sel, axis=0)
            else:
                best_val, best_row = vals, np.ascontiguousarray(rws)
    if kr > 0:
        ok = np.isfinite(best_val)
        out.append(best_row[ok] * R + np.broadcast_to(np.arange(R), best_val.shape)[ok])
    return np.unique(np.concatenate(out)) if out else np.zeros(0, dtype=np.int64)


def price(S, tail_pot, rev_pot, areas, candidates, blocked, eps: float, per_paper: int = 8):
    """Pairs outside ``candidates`` with a negative reduced cost (score above ``tail_pot[p, area(r)] -
    rev_pot[r]``), at most ``per_paper`` per paper, best first; returns ``(rows, cols, n_violators)``."""
    P, R = S.shape
    col_area = areas if areas is not None else np.zeros(R, dtype=np.int64)
    vr, vc, n = [], [], 0
    for s in range(0, P, _step(R)):
        e = min(P, s + _step(R))
        thr = tail_pot[s:e][:, col_area] - rev_pot[None, :]
        diff = np.subtract(S[s:e], thr, dtype=np.float64).ravel()
        diff[_chunk(blocked, s, e, R)] = -np.inf
        diff[_chunk(candidates, s, e, R)] = -np.inf
        hit = np.flatnonzero(diff > eps)
        if hit.size == 0:
            continue
        n += hit.size
        prow = hit // R
        order = np.lexsort((-diff[hit], prow))
        prow, hit = prow[order], hit[order]
        first = np.searchsorted(prow, prow, side="left")
        keep = (np.arange(prow.size) - first) < per_paper
        vr.append(prow[keep] + s)
        vc.append(hit[keep] % R)
    rows = np.concatenate(vr) if vr else np.zeros(0, dtype=np.int64)
    cols = np.concatenate(vc) if vc else np.zeros(0, dtype=np.int64)
    return rows, cols, n
