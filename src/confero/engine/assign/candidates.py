"""Candidate pairs for the exact solver and the dual pricing passes.

Everything works on row chunks of a dense matrix, so a float32 ``P x R`` input is read but never copied
as a whole (extra memory: a few chunks of ``CHUNK_CELLS`` values plus the candidate arrays).
"""

from __future__ import annotations

import os
import queue
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from confero.engine.assign.problem import in_sorted, sorted_unique

CHUNK_CELLS = 1 << 22  # ~4M cells per chunk
THREADS = min(2, os.cpu_count() or 1)  # numpy releases the GIL in the heavy calls; chunks are independent


def _map_chunks(fn, P: int, R: int) -> list:
    """``fn(s, e)`` over row chunks, in up to THREADS threads; results in chunk order (deterministic)."""
    step = _rows_per_chunk(R)
    starts = list(range(0, P, step))
    if THREADS <= 1 or len(starts) <= 1:
        return [fn(s, min(P, s + step)) for s in starts]
    with ThreadPoolExecutor(THREADS) as ex:
        return list(ex.map(lambda s: fn(s, min(P, s + step)), starts))


def _rows_per_chunk(R: int, cells: int = CHUNK_CELLS) -> int:
    return max(1, cells // max(R, 1))


def _chunk_flat(sorted_flat: np.ndarray, s: int, e: int, R: int) -> np.ndarray:
    """Flat indices (relative to row ``s``) of the entries of ``sorted_flat`` that lie in rows ``s:e``."""
    lo, hi = np.searchsorted(sorted_flat, [s * R, e * R])
    return sorted_flat[lo:hi] - s * R


def _top_rows(chunk: np.ndarray, k: int, block: int = 128) -> np.ndarray:
    """Column indices of the k largest entries of every row (unordered).

    Wide rows use block maxima: the k largest entries of a row lie in the k blocks of largest maximum
    (a block holding an entry above the k-th largest value has a larger maximum; ties are covered
    because every chosen block holds an entry >= that value), so only k blocks per row are
    partitioned. About 10x faster than a full-width argpartition for k << width.
    """
    n_rows, n = chunk.shape
    k = min(k, n)
    if k <= 0:
        return np.zeros((n_rows, 0), dtype=np.int64)
    if k == n:
        return np.broadcast_to(np.arange(n), chunk.shape)
    nb = n // block
    if nb < 4 * k:
        return np.argpartition(chunk, n - k, axis=1)[:, n - k :]
    main = nb * block
    bmax = chunk[:, :main].reshape(n_rows, nb, block).max(axis=2)
    blocks = np.argpartition(bmax, nb - k, axis=1)[:, nb - k :]
    cols = (blocks[:, :, None] * block + np.arange(block)).reshape(n_rows, k * block)
    if main < n:
        cols = np.concatenate([cols, np.broadcast_to(np.arange(main, n), (n_rows, n - main))], axis=1)
    vals = np.take_along_axis(chunk, cols, axis=1)
    sel = np.argpartition(vals, vals.shape[1] - k, axis=1)[:, vals.shape[1] - k :]
    return np.take_along_axis(cols, sel, axis=1)


def _argmax_columns(rc: np.ndarray, s: int) -> tuple[np.ndarray, np.ndarray]:
    """Per column: the maximum of ``rc`` and its first row (+ ``s``), as ``np.argmax(rc, axis=0)`` gives
    it, without the transposed copy argmax makes along axis 0: the column maxima, then the first row
    equal to them (row-major order of the equal cells)."""
    R = rc.shape[1]
    best = rc.max(axis=0)
    eq = np.flatnonzero(rc == best[None, :])  # ascending: row-major
    c = eq % R
    first = np.ones(eq.size, dtype=bool)
    if eq.size > R:  # ties within a column: keep its first (lowest) row
        order = np.argsort(c, kind="stable")
        cs = c[order]
        keep = np.r_[True, cs[1:] != cs[:-1]]
        first[:] = False
        first[order[keep]] = True
    am = np.empty(R, dtype=np.int64)
    am[c[first]] = eq[first] // R
    return best, am + s


def _best_per_column(bv: np.ndarray, br: np.ndarray, k: int, R: int) -> np.ndarray:
    """Flat pairs of the k best (chunk-best) papers of every reviewer; bv/br: (n_chunks, R)."""
    if bv.shape[0] > k:
        sel = np.argpartition(bv, bv.shape[0] - k, axis=0)[bv.shape[0] - k :]
        bv, br = np.take_along_axis(bv, sel, axis=0), np.take_along_axis(br, sel, axis=0)
    ok = bv > -np.inf
    return (br * R + np.arange(R)[None, :])[ok]


def collect(
    S: np.ndarray,
    blocked: np.ndarray,
    *,
    k_paper: int,
    k_reviewer: int = 0,
    areas: np.ndarray | None = None,
    k_area: int = 0,
    n_random: int = 0,
    seed: int = 0,
) -> np.ndarray:
    """One chunked pass; sorted flat indices ``p*R + r`` of: per paper its ``k_paper`` best eligible
    reviewers, with ``areas`` its ``k_area`` best reviewers of every area, ``n_random`` seeded random
    eligible reviewers (they connect the candidate graph: feasibility guard); per reviewer the best
    eligible paper of each chunk of rows, cut to the ``k_reviewer`` best (every reviewer's capacity is
    reachable)."""
    P, R = S.shape
    if areas is not None and k_area > 0:
        perm = np.argsort(areas, kind="stable")
        bounds = np.flatnonzero(np.r_[True, areas[perm][1:] != areas[perm][:-1], True])

    def work(s: int, e: int):
        out = []
        chunk = np.array(S[s:e], dtype=np.float32)  # copy of one chunk only
        chunk.ravel()[_chunk_flat(blocked, s, e, R)] = -np.inf
        rows = np.arange(s, e)
        if k_paper > 0:
            idx = _top_rows(chunk, k_paper)
            ok = np.isfinite(np.take_along_axis(chunk, idx, axis=1))
            out.append((rows[:, None] * R + idx)[ok])
        if areas is not None and k_area > 0:
            cp = chunk[:, perm]
            for b0, b1 in zip(bounds[:-1], bounds[1:], strict=True):  # loop over areas, not cells
                sub = cp[:, b0:b1]
                ia = np.argmax(sub, axis=1)[:, None] if k_area == 1 else _top_rows(sub, k_area)
                oka = np.isfinite(np.take_along_axis(sub, ia, axis=1))
                out.append((rows[:, None] * R + perm[b0 + ia])[oka])
        if n_random > 0:
            rng = np.random.default_rng([seed, s])  # per chunk: independent of thread scheduling
            rr = np.repeat(rows, n_random)
            cc = rng.integers(0, R, size=rr.size)
            okr = np.isfinite(chunk[rr - s, cc])
            out.append(rr[okr] * R + cc[okr])
        col = None
        if k_reviewer > 0:
            am = np.argmax(chunk, axis=0)
            col = (chunk[am, np.arange(R)], am + s)
        return out, col

    parts = _map_chunks(work, P, R)
    init = [x for out, _ in parts for x in out]
    cols = [c for _, c in parts if c is not None]
    if cols:
        init.append(
            _best_per_column(np.stack([v for v, _ in cols]), np.stack([r for _, r in cols]), k_reviewer, R)
        )
    return sorted_unique(np.concatenate(init)) if init else np.zeros(0, dtype=np.int64)


def eligible_all(P: int, R: int, blocked: np.ndarray) -> np.ndarray:
    """Every pair except the blocked ones, as sorted flat indices (only for small problems)."""
    allp = np.arange(P * R, dtype=np.int64)
    return allp[~in_sorted(allp, blocked)]


def _keep_best_per_paper(prow: np.ndarray, pcol: np.ndarray, amount: np.ndarray, per_paper: int):
    order = np.lexsort((-amount, prow))
    prow, pcol = prow[order], pcol[order]
    first = np.searchsorted(prow, prow, side="left")
    keep = (np.arange(prow.size) - first) < per_paper
    return prow[keep], pcol[keep]


def _thresholds(tail_pot, rev_pot, areas, rows, cols):
    a = areas[cols] if areas is not None else 0
    return tail_pot[rows, a] - rev_pot[cols]


@dataclass
class PricingResult:
    excess: float  # sum over priced excluded pairs of max(0, s - threshold)
    rows: np.ndarray  # violating pairs (s - threshold > eps), at most per_paper per paper, best first
    cols: np.ndarray
    n_violators: int  # number of violating pairs before the per-paper cut


def price(S, tail_pot, rev_pot, areas, candidates, blocked, eps, k_new, k_rev=0, exact=True) -> PricingResult:
    """Reduced-cost pass over every pair of the matrix that is not in ``candidates``.

    ``rc(p, r) = s_pr - tail_pot[p, area(r)] + rev_pot[r]``; a pair with ``rc > eps`` could improve the
    solution (a violator); ``excess`` sums ``max(rc, 0)`` over all pairs outside the network (it bounds
    what they could add). The chunk is screened in float32: its rounding error is below
    ``2**-22 * (|rc| + |potentials|)``, far inside the screening ``margin``. Pairs within the margin of
    zero are recomputed in float64, so the violator count and, when there is no sure violator or
    ``exact`` is set, the excess are exact. Returned pairs: the ``k_new`` pairs of largest reduced cost
    of every paper that has a pair near or above zero (the best next candidates, violators or not) and,
    for every reviewer, the best pair of each chunk of rows cut to the ``k_rev`` best (this spreads new
    candidates over reviewers with spare capacity and speeds up convergence a lot).
    """
    P, R = S.shape
    tail32 = tail_pot.astype(np.float32)
    rev32 = rev_pot.astype(np.float32)
    pot_mag = float(np.abs(tail_pot).max(initial=0)) + float(np.abs(rev_pot).max(initial=0))
    base_margin = 2.0**-16 * (1.0 + pot_mag)
    row_range = getattr(S, "row_range", None)  # the chunk's max and min without reading it
    rows_into = getattr(S, "rows_into", None)  # S[s:e] written into a float32 buffer
    if rows_into is not None and np.dtype(getattr(S, "dtype", None)) != np.float32:
        rows_into = None
    buffers = queue.SimpleQueue()  # one chunk buffer per thread, reused from chunk to chunk

    def work(s: int, e: int):
        excess, n_viol, new, col = 0.0, 0, None, None
        try:
            buf = buffers.get_nowait()
        except queue.Empty:
            buf = np.empty(_rows_per_chunk(R) * R, dtype=np.float32)
        try:
            rc = buf[: (e - s) * R].reshape(e - s, R)
            block = None if rows_into is not None else S[s:e]
            if row_range is not None:
                hi, lo = row_range(s, e)
            else:
                hi, lo = block.max(initial=0), block.min(initial=0)
            # the float32 error also grows with |s| (integer or large scores): widen the margin by it
            s_mag = max(abs(float(hi)), abs(float(lo)))
            margin = np.float32(base_margin + 2.0**-16 * s_mag)
            if block is None:
                rows_into(s, e, rc)
                np.add(rc, rev32[None, :], out=rc)
            else:
                np.add(block, rev32[None, :], out=rc, dtype=np.float32)
            rc -= tail32[s:e][:, areas] if areas is not None else tail32[s:e]
            flat = rc.ravel()
            flat[_chunk_flat(blocked, s, e, R)] = -np.inf
            flat[_chunk_flat(candidates, s, e, R)] = -np.inf
            if k_rev > 0:
                col = _argmax_columns(rc, s)
            rows_hit = np.flatnonzero(rc.max(axis=1) > -margin)  # rows with a pair above -margin
            if rows_hit.size == 0:
                return excess, n_viol, new, col
            sub = rc[rows_hit]  # a copy: everything below reads only these rows
        finally:
            buffers.put(buf)
        if k_new > 0:
            idx = _top_rows(sub, k_new)
            ok = np.take_along_axis(sub, idx, axis=1) > -np.inf
            new = ((rows_hit + s)[:, None] * R + idx)[ok]
        flat = sub.ravel()
        above = flat > -margin
        sure = flat > margin
        n_sure = int(np.count_nonzero(sure))
        check = np.flatnonzero(above if (exact or n_sure == 0) else above & ~sure)
        if not exact and n_sure:
            excess += float(flat[sure].sum(dtype=np.float64))
            n_viol += n_sure
        rows, cols = rows_hit[check // R] + s, check % R
        val = np.asarray(S[rows, cols], dtype=np.float64) - _thresholds(tail_pot, rev_pot, areas, rows, cols)
        excess += float(val[val > 0].sum())
        n_viol += int((val > eps).sum())
        return excess, n_viol, new, col

    parts = _map_chunks(work, P, R)
    excess = float(sum(p[0] for p in parts))
    n_viol = int(sum(p[1] for p in parts))
    new = [p[2] for p in parts if p[2] is not None]
    cols = [p[3] for p in parts if p[3] is not None]
    if cols:
        new.append(_best_per_column(np.stack([v for v, _ in cols]), np.stack([r for _, r in cols]), k_rev, R))
    flat_new = sorted_unique(np.concatenate(new)) if new else np.zeros(0, dtype=np.int64)
    return PricingResult(excess=excess, rows=flat_new // R, cols=flat_new % R, n_violators=n_viol)
