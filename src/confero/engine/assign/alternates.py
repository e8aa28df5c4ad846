"""Alternate reviewers: for each paper, the N best eligible reviewers who are not assigned to it.

Eligible = not a conflict, not forbidden, a candidate (stored pair for a sparse matrix) and
``max_load > 0``. Reviewers with spare capacity (load < max_load after the assignment) come first,
each group ordered by score (best first); so an organizer replacing a reviewer who dropped out gets
people who can take the paper without exceeding their load, and only then the busy experts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from confero.engine.assign.problem import Assignment, AssignmentProblem

CHUNK_CELLS = 1 << 22


@dataclass
class Alternates:
    rows: np.ndarray  # paper index
    cols: np.ndarray  # reviewer index
    rank: np.ndarray  # 1..N within the paper
    score: np.ndarray  # score (of the matrix given)
    spare: np.ndarray  # spare capacity of the reviewer after the assignment


def alternates(problem: AssignmentProblem, assignment: Assignment, n: int, scores=None) -> Alternates:
    """Up to ``n`` alternates per paper (fewer when fewer are eligible). ``scores`` defaults to the
    problem's. Works on row chunks; no full ``P x R`` temporary."""
    import scipy.sparse as sp

    P, R = problem.shape
    S = problem.scores if scores is None else scores
    empty = np.zeros(0, dtype=np.int64)
    if n <= 0:
        return Alternates(empty, empty, empty, np.zeros(0), empty)
    load = np.bincount(np.asarray(assignment.cols, dtype=np.int64), minlength=R)
    max_load = np.asarray(problem.max_load, dtype=np.int64)
    spare = max_load - load
    usable = max_load > 0
    taken = np.unique(np.asarray(assignment.rows, dtype=np.int64) * R + np.asarray(assignment.cols))
    excluded = np.union1d(problem.blocked_flat(), taken)
    sparse = sp.issparse(S)
    Sc = S.tocsr() if sparse else None
    if sparse:
        stored = Sc.copy()
        stored.data = np.ones(stored.data.size, dtype=np.int8)
    k = min(n, R)
    out_r, out_c, out_s, out_rank = [], [], [], []
    step = max(1, CHUNK_CELLS // max(R, 1))
    for s in range(0, P, step):
        e = min(P, s + step)
        vals = (Sc[s:e].toarray() if sparse else np.asarray(S[s:e])).astype(np.float64)
        ok = np.broadcast_to(usable, vals.shape).copy()
        if sparse:
            ok &= stored[s:e].toarray().astype(bool)
        lo, hi = np.searchsorted(excluded, [s * R, e * R])
        ok.ravel()[excluded[lo:hi] - s * R] = False
        finite = vals[ok]
        span = (finite.max() - finite.min() + 1.0) if finite.size else 1.0
        # spare capacity first: shift the busy reviewers below every reviewer with room
        key = np.where(spare[None, :] > 0, vals, vals - 2 * span)
        key[~ok] = -np.inf
        idx = np.argpartition(-key, k - 1, axis=1)[:, :k] if k < R else np.tile(np.arange(R), (e - s, 1))
        kv = np.take_along_axis(key, idx, axis=1)
        order = np.argsort(-kv, axis=1, kind="stable")
        idx = np.take_along_axis(idx, order, axis=1)
        kv = np.take_along_axis(kv, order, axis=1)
        keep = np.isfinite(kv)
        rr = np.broadcast_to(np.arange(s, e)[:, None], idx.shape)[keep]
        cc = idx[keep]
        out_r.append(rr)
        out_c.append(cc)
        out_s.append(vals[rr - s, cc])
        out_rank.append(np.broadcast_to(np.arange(1, k + 1)[None, :], idx.shape)[keep])
    rows = np.concatenate(out_r).astype(np.int64)
    cols = np.concatenate(out_c).astype(np.int64)
    return Alternates(
        rows=rows,
        cols=cols,
        rank=np.concatenate(out_rank).astype(np.int64),
        score=np.concatenate(out_s),
        spare=spare[cols],
    )
