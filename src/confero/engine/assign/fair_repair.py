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

Vectorised: per step and per reviewer ``r_out`` of the worst paper, every swap ``(r_in, q)`` is
evaluated at once with numpy (pair look-ups, no per-paper rows). The choice is the one of a sequential
scan (kept as the reference implementation in the tests): ``r_in`` best-first, the step of largest
``(new minimum, total change)``, the scan of an ``r_out`` stopping at the first ``r_in`` whose own
gain cannot beat the best step so far; exact ties go to the earlier candidate in that order.
"""

from __future__ import annotations

import time

import numpy as np

from confero.engine.assign.problem import AssignmentProblem, in_sorted, pair_scores

EPS = 1e-12
BITSET_MAX_CELLS = 1 << 31  # at most 256 MB of bits


class _Scores:
    """Row and pair access to the score matrix with ineligible pairs at -inf (blocked pairs, reviewers
    without capacity, pairs a sparse matrix does not store)."""

    def __init__(self, problem: AssignmentProblem):
        self.sparse = problem.is_sparse
        self.R = problem.n_reviewers
        if self.sparse:
            S = problem.scores.tocsr()
            if not S.has_canonical_format:
                S = S.copy()
                S.sum_duplicates()
            self.S = S
            self.keys = (
                np.repeat(np.arange(S.shape[0], dtype=np.int64), np.diff(S.indptr)) * self.R + S.indices
            )
        else:
            self.S = problem.scores
        self.blocked = problem.blocked_flat()
        self.usable = np.asarray(problem.max_load) > 0
        # blocked pairs as a bit set when it is small (10,000 x 7,000: 8.75 MB): a pair look-up is then
        # one byte read instead of a binary search in the sorted list (most of the repair's time)
        n_cells = problem.n_papers * self.R
        self.bits = None
        if n_cells <= BITSET_MAX_CELLS:
            self.bits = np.zeros((n_cells + 7) // 8, dtype=np.uint8)
            b = self.blocked
            np.bitwise_or.at(self.bits, b >> 3, np.left_shift(1, b & 7).astype(np.uint8))

    def is_blocked(self, flat: np.ndarray) -> np.ndarray:
        if self.bits is None:
            return in_sorted(flat, self.blocked)
        return ((self.bits[flat >> 3] >> (flat & 7)) & 1).astype(bool)

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

    def pairs(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        flat = rows * self.R + cols
        if self.sparse:
            out = np.full(flat.size, -np.inf)
            if self.keys.size:
                pos = np.minimum(np.searchsorted(self.keys, flat), self.keys.size - 1)
                hit = self.keys[pos] == flat
                out[hit] = self.S.data[pos[hit]]
        else:
            out = np.asarray(self.S[rows, cols], dtype=np.float64)
        out[self.is_blocked(flat) | ~self.usable[cols]] = -np.inf
        return out


def _distinct_with(area_rows: np.ndarray, extra: np.ndarray, empty: int) -> np.ndarray:
    """Number of distinct values per row of ``area_rows`` and ``extra`` (n,), ignoring ``empty``."""
    full = np.sort(np.concatenate([area_rows, extra[:, None]], axis=1), axis=1)
    new = np.ones(full.shape, dtype=bool)
    new[:, 1:] = full[:, 1:] != full[:, :-1]
    return np.count_nonzero(new & (full != empty), axis=1)


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
    acc = _Scores(problem)
    fp, fr = problem.pairs("forced")
    forced_flat = np.unique(fp * R + fr)
    forced = set(forced_flat.tolist())
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    vals = pair_scores(problem.scores, rows, cols)
    load = np.bincount(cols, minlength=R)
    # papers of every reviewer (R x L, -1 = free slot) and reviewers of every paper (P x D, -1 = free)
    L = max(int(load.max(initial=0)), 1)
    papers = np.full((R, L), -1, dtype=np.int64)
    order = np.lexsort((rows, cols))
    rc, pc = cols[order], rows[order]
    slot = np.arange(rc.size) - np.searchsorted(rc, rc)
    papers[rc, slot] = pc
    D = max(int(np.bincount(rows, minlength=P).max(initial=0)), 1)
    revs = np.full((P, D), -1, dtype=np.int64)
    order = np.lexsort((cols, rows))
    rr, cr = rows[order], cols[order]
    revs[rr, np.arange(rr.size) - np.searchsorted(rr, rr)] = cr
    sums = np.bincount(rows, weights=vals, minlength=P)
    total = float(vals.sum())
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
        others = {int(areas[r]) for r in revs[p] if r >= 0 and r != r_out}
        return len(others) + ~np.isin(areas[r_in], list(others)) >= need[p]

    def swaps_areas_ok(q: np.ndarray, r_in: np.ndarray, r_out: int) -> np.ndarray:
        """Does paper q keep its areas when r_out replaces r_in? (vectorised over candidates)"""
        ok = np.ones(q.size, dtype=bool)
        if areas is None:
            return ok
        check = need[q] > 1
        if not check.any():
            return ok
        qc, ic = q[check], r_in[check]
        rv = revs[qc]
        empty = int(areas.min()) - 1  # not an area id
        ar = np.where((rv >= 0) & (rv != ic[:, None]), areas[np.maximum(rv, 0)], empty)
        ok[check] = _distinct_with(ar, np.full(qc.size, areas[r_out]), empty) >= need[qc]
        return ok

    def remove(table: np.ndarray, i: int, x: int) -> None:
        table[i, np.flatnonzero(table[i] == x)[0]] = -1

    def add(table: np.ndarray, i: int, x: int) -> None:
        table[i, np.flatnonzero(table[i] < 0)[0]] = x

    while steps < limit and time.perf_counter() < t_end:
        p = int(np.argmin(sums))
        base = float(sums[p])
        own = revs[p][revs[p] >= 0]
        rp = row(p).copy()
        rp[own] = -np.inf
        best = None  # (value, total_delta, kind, r_out, r_in, q)
        for r_out in own.tolist():
            if p * R + r_out in forced:
                continue
            s_out = float(row(p)[r_out])
            gain = rp - s_out
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
            # swaps: r_in is full; one of its papers q takes r_out, r_in best-first
            full = cand[load[cand] >= max_load[cand]]
            full = full[np.argsort(-rp[full], kind="stable")]
            new_p = base - s_out + rp[full]
            if best is not None:  # the scan stops at the first r_in with new_p <= best value
                cut = int(np.searchsorted(-new_p, -best[0], side="left"))
                full, new_p = full[:cut], new_p[:cut]
            if full.size == 0:
                continue
            g, sl = np.nonzero(papers[full] >= 0)  # scan order: r_in best-first, then slot
            q = papers[full[g], sl]
            r_in = full[g]
            rq_in = acc.pairs(q, r_in)
            rq_out = acc.pairs(q, np.full(q.size, r_out))
            new_q = sums[q] - rq_in + rq_out
            value = np.minimum(new_p[g], new_q)
            delta = rp[r_in] - s_out + rq_out - rq_in
            ok = np.isfinite(rq_out)
            ok &= ~in_sorted(q * R + r_in, forced_flat)
            ok &= ~(papers[r_out][None, :] == q[:, None]).any(axis=1)  # q already has r_out
            ok &= ~(rq_out < np.minimum(weak, rq_in))  # never hand q a new weak match
            ok &= (value > base + EPS) & (total + delta >= budget)
            idx = np.flatnonzero(ok)
            if idx.size:
                idx = idx[swaps_areas_ok(q[idx], r_in[idx], r_out)]
            if idx.size == 0:
                continue
            # emulate the sequential scan: it stops at the first group (r_in) whose new_p is <= the
            # best value found before it (moves and earlier r_out included)
            b0 = best[0] if best is not None else -np.inf
            gmax = np.full(full.size, -np.inf)
            np.maximum.at(gmax, g[idx], value[idx])
            before = np.maximum(b0, np.r_[-np.inf, np.maximum.accumulate(gmax)[:-1]])
            stop = np.flatnonzero(new_p <= before)
            if stop.size:
                idx = idx[g[idx] < stop[0]]
            if idx.size == 0:
                continue
            v, d = value[idx], delta[idx]
            top = np.flatnonzero(v == v.max())
            j = idx[top[np.argmax(d[top])]]  # first of the largest (value, delta)
            if best is None or (float(value[j]), float(delta[j])) > best[:2]:
                best = (float(value[j]), float(delta[j]), "swap", r_out, int(r_in[j]), int(q[j]))
        if best is None or best[0] <= base + EPS:
            break
        _, delta, kind, r_out, r_in, q = best
        revs[p][np.flatnonzero(revs[p] == r_out)[0]] = r_in
        remove(papers, r_out, p)
        sums[p] += row(p)[r_in] - row(p)[r_out]
        if kind == "move":
            load[r_out] -= 1
            load[r_in] += 1
            if load[r_in] > papers.shape[1]:
                papers = np.concatenate([papers, np.full((R, 1), -1, dtype=np.int64)], axis=1)
            add(papers, r_in, p)
        else:
            remove(papers, r_in, q)
            add(papers, r_in, p)
            revs[q][np.flatnonzero(revs[q] == r_in)[0]] = r_out
            add(papers, r_out, q)
            pq = acc.pairs(np.array([q, q]), np.array([r_out, r_in]))
            sums[q] += pq[0] - pq[1]
        total += delta
        steps += 1
    out_rows = np.nonzero(revs >= 0)[0]
    out_cols = revs[revs >= 0]
    order = np.lexsort((out_cols, out_rows))
    return out_rows[order].astype(np.int64), out_cols[order].astype(np.int64), steps
