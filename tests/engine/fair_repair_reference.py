"""Local improvement of the worst paper: single-reviewer moves and two-paper swaps.

Repeatedly takes the paper with the lowest affinity sum ``p`` and looks for the best of

* a *move*: replace one of ``p``'s reviewers ``r_out`` by an eligible reviewer ``r_in`` with spare
  capacity (``r_out``'s load drops by one, so it must stay >= its minimum load);
* a *swap*: ``r_in`` is full; one of its papers ``q`` takes ``r_out`` instead (loads unchanged);

that raises ``min(S_p', S_q')`` above the old ``S_p``, keeps every hard constraint (conflicts,
forbidden and forced pairs, sparse candidates, research areas) and keeps the total >= ``budget``.
A swap never gives ``q`` a reviewer with affinity below ``weak`` unless it replaces an even weaker
one, so the number of weak matches does not grow: the minimum is not bought with filler reviewers.
Each accepted step strictly raises the worst paper or reduces the number of papers tied at the
minimum; it stops when the worst paper has no improving step, or after ``max_steps``/``time_limit``.
Candidates are evaluated with numpy per step (one row of scores per paper involved).
"""

from __future__ import annotations

import time

import numpy as np

from confero.engine.assign.problem import AssignmentProblem, pair_scores

EPS = 1e-12


class _Rows:
    """Row access to the score matrix with ineligible pairs at -inf."""

    def __init__(self, problem: AssignmentProblem):
        self.S = problem.scores.tocsr() if problem.is_sparse else problem.scores
        self.sparse = problem.is_sparse
        self.R = problem.n_reviewers
        self.blocked = problem.blocked_flat()
        self.usable = np.asarray(problem.max_load) > 0

    def row(self, p: int) -> np.ndarray:
        R = self.R
        if self.sparse:
            out = np.full(R, -np.inf)
            lo, hi = self.S.indptr[p], self.S.indptr[p + 1]
            out[self.S.indices[lo:hi]] = self.S.data[lo:hi]
        else:
            out = np.array(self.S[p], dtype=np.float64)
        lo, hi = np.searchsorted(self.blocked, [p * R, (p + 1) * R])
        out[self.blocked[lo:hi] - p * R] = -np.inf
        out[~self.usable] = -np.inf
        return out


def raise_minimum(
    problem: AssignmentProblem,
    rows: np.ndarray,
    cols: np.ndarray,
    budget: float,
    max_steps: int | None = None,
    time_limit: float = 30.0,
    weak: float = 0.1,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Improved ``(rows, cols)`` and the number of accepted steps (see module docstring)."""
    P, R = problem.shape
    areas = problem.single_areas() if problem.min_areas > 0 else None
    if problem.min_areas > 0 and areas is None:
        return rows, cols, 0  # several areas per reviewer: not handled here
    need = problem.effective_min_areas()
    acc = _Rows(problem)
    fp, fr = problem.pairs("forced")
    forced = set((fp * R + fr).tolist())
    vals = pair_scores(problem.scores, rows, cols)
    revs: list[list[int]] = [[] for _ in range(P)]
    papers: list[set[int]] = [set() for _ in range(R)]
    for p, r in zip(rows.tolist(), cols.tolist(), strict=True):  # O(assignments)
        revs[p].append(r)
        papers[r].add(p)
    assigned = set((rows * R + cols).tolist())
    sums = np.bincount(rows, weights=vals, minlength=P)
    total = float(vals.sum())
    load = np.bincount(cols, minlength=R)
    max_load = np.asarray(problem.max_load, dtype=np.int64)
    min_load = problem.min_load_array()
    steps = 0
    limit = max_steps if max_steps is not None else 20 * P
    t_end = time.perf_counter() + time_limit
    cache: dict[int, np.ndarray] = {}

    def row(p: int) -> np.ndarray:
        if p not in cache:
            cache[p] = acc.row(p)
        return cache[p]

    def areas_ok(p: int, r_out: int, r_in: np.ndarray) -> np.ndarray:
        if areas is None or need[p] <= 1:
            return np.ones(r_in.size, dtype=bool)
        others = {int(areas[r]) for r in revs[p] if r != r_out}
        return len(others) + ~np.isin(areas[r_in], list(others)) >= need[p]

    while steps < limit and time.perf_counter() < t_end:
        p = int(np.argmin(sums))
        base = float(sums[p])
        rp = row(p).copy()
        rp[revs[p]] = -np.inf
        best = None  # (value, total_delta, kind, r_out, r_in, q)
        for r_out in revs[p]:
            if p * R + r_out in forced:
                continue
            s_out = rp_out = float(row(p)[r_out])
            gain = rp - rp_out
            cand = np.flatnonzero(gain > EPS)
            if cand.size == 0:
                continue
            cand = cand[areas_ok(p, r_out, cand)]
            # moves: r_in with spare capacity
            if load[r_out] - 1 >= min_load[r_out]:
                mv = cand[load[cand] < max_load[cand]]
                if mv.size:
                    i = int(mv[np.argmax(rp[mv])])
                    value, delta = base - s_out + rp[i], rp[i] - s_out
                    if best is None or (value, delta) > best[:2]:
                        best = (value, delta, "move", r_out, i, -1)
            # swaps: r_in is full; one of its papers q takes r_out. Best r_in first: the new value of
            # the step is min(new_p, new_q) <= new_p, so once new_p cannot beat the best step, stop.
            full = cand[load[cand] >= max_load[cand]]
            full = full[np.argsort(-rp[full], kind="stable")]
            for r_in in full.tolist():
                new_p = base - s_out + rp[r_in]
                if best is not None and new_p <= best[0]:
                    break
                for q in papers[r_in]:
                    if q * R + r_in in forced or q * R + r_out in assigned:
                        continue
                    rq = row(q)
                    if not np.isfinite(rq[r_out]):
                        continue
                    if rq[r_out] < min(weak, rq[r_in]):  # never hand q a new weak match
                        continue
                    new_q = sums[q] - rq[r_in] + rq[r_out]
                    value = min(new_p, new_q)
                    delta = rp[r_in] - s_out + rq[r_out] - rq[r_in]
                    if value <= base + EPS or total + delta < budget:
                        continue
                    if best is not None and (value, delta) <= best[:2]:
                        continue
                    if not areas_ok(q, r_in, np.array([r_out]))[0]:
                        continue
                    best = (value, delta, "swap", r_out, r_in, q)
        if best is None or best[0] <= base + EPS:
            break
        _, delta, kind, r_out, r_in, q = best
        revs[p][revs[p].index(r_out)] = r_in
        papers[r_out].discard(p)
        papers[r_in].add(p)
        assigned.discard(p * R + r_out)
        assigned.add(p * R + r_in)
        sums[p] += row(p)[r_in] - row(p)[r_out]
        if kind == "move":
            load[r_out] -= 1
            load[r_in] += 1
        else:
            revs[q][revs[q].index(r_in)] = r_out
            papers[r_in].discard(q)
            papers[r_out].add(q)
            assigned.discard(q * R + r_in)
            assigned.add(q * R + r_out)
            sums[q] += row(q)[r_out] - row(q)[r_in]
        total += delta
        steps += 1
    out_rows = np.repeat(np.arange(P), [len(v) for v in revs])
    out_cols = np.array([r for v in revs for r in v], dtype=np.int64)
    order = np.lexsort((out_cols, out_rows))
    return out_rows[order].astype(np.int64), out_cols[order], steps
