"""The ``fair`` objective: raise the worst-off papers first, losing at most ``max_loss`` of total affinity.

Problem: maximise ``t = min_p S_p`` (``S_p`` = sum of the affinities of paper ``p``'s reviewers) over
every assignment that satisfies the hard constraints and has ``total >= (1 - max_loss) * OPT``; among
equally fair ones prefer the higher total.

Method (Lagrangian relaxation, every iterate an exact min-cost flow). Relaxing ``S_p >= t`` with a
probability vector ``lambda`` and the total-affinity constraint with ``mu >= 0`` leaves

    g(lambda, mu) = max_x  sum_p (lambda_p + mu) * S_p(x)  -  mu * B,       B = (1 - max_loss) * OPT

i.e. the ordinary maximum-total problem on scores re-weighted per paper (``w_p * s_pr``), solved by the
exact ``optimal`` solver (all hard constraints, areas included). ``g`` is an upper bound on the best
achievable ``t`` for *any* multipliers; ``lambda`` follows exponentiated-gradient steps (weight moves to
the papers that came out worst) and ``mu`` projected subgradient steps (it grows while the total is
below ``B``). Every iterate is a valid assignment; the result is the best one with ``total >= B``
(the first iterate is the optimal assignment itself, so the result never has a lower minimum paper
score than ``optimal`` and never loses more than ``max_loss``). A local repair
(:mod:`.fair_repair`) then raises the worst papers further with moves and two-paper swaps inside the
same budget. ``stats`` reports the achieved minimum and the best upper bound ``g``.

Unlike a sum threshold (FairFlow-style "every paper >= T, fill the rest"), the objective stays a sum
of affinities with positive weights, so a near-zero-affinity reviewer is only used where the optimal
solver would also need one.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from confero.engine.assign.problem import Assignment, AssignmentProblem, pair_scores
from confero.engine.assign.reduction import ReducedProblem
from confero.engine.assign.registry import Param, get_solver, register


def paper_sums(problem: AssignmentProblem, rows: np.ndarray, cols: np.ndarray, scores=None) -> np.ndarray:
    """Per-paper sum of affinities of the given pairs (float64, length P)."""
    S = problem.scores if scores is None else scores
    return np.bincount(rows, weights=pair_scores(S, rows, cols), minlength=problem.n_papers)


def weighted_scores(scores, weights: np.ndarray):
    """``weights[p] * scores[p, r]`` without touching the input (float32 input stays float32)."""
    import scipy.sparse as sp

    w = np.asarray(weights, dtype=np.float64)
    if sp.issparse(scores):
        return sp.diags(w) @ scores.tocsr()
    dtype = scores.dtype if scores.dtype.kind == "f" else np.float64
    return np.multiply(scores, w[:, None].astype(dtype), dtype=dtype)


class RowScaled:
    """``weights[p] * scores[p, r]`` computed on access, for the warm-started weighted solves: the flow
    solver reads a dense matrix only by row slices (candidate and pricing passes) and by pairs
    (``scores[rows, cols]``), so the P x R weighted copy (280 MB and a second per round on the large
    benchmark instance) is never made.

    The pricing pass also uses :meth:`rows_into` (a row slice written into its own buffer) and, given
    the per-row maxima and minima of ``scores`` (``row_extremes``), :meth:`row_range`."""

    def __init__(self, scores: np.ndarray, weights: np.ndarray, row_extremes=None):
        self.base = scores
        self.dtype = scores.dtype if scores.dtype.kind == "f" else np.dtype(np.float64)
        self.weights = np.asarray(weights, dtype=np.float64).astype(self.dtype)
        self.shape = scores.shape
        self.ndim = 2
        if row_extremes is not None and (self.weights >= 0).all():
            self.row_max, self.row_min = row_extremes
        else:
            self.row_max = self.row_min = None
            self.row_range = None

    def __getitem__(self, key):
        if isinstance(key, slice):
            return np.multiply(self.base[key], self.weights[key][:, None], dtype=self.dtype)
        if isinstance(key, tuple) and len(key) == 2:
            rows = np.asarray(key[0])
            return np.multiply(self.base[key], self.weights[rows], dtype=self.dtype)
        raise TypeError(f"RowScaled supports row slices and (rows, cols) pairs, not {key!r}")

    def rows_into(self, s: int, e: int, out: np.ndarray) -> None:
        """``out[:] = self[s:e]`` (``out`` has this dtype), without a temporary."""
        np.multiply(self.base[s:e], self.weights[s:e, None], out=out, dtype=self.dtype)

    def row_range(self, s: int, e: int) -> tuple[float, float]:
        """``self[s:e].max(initial=0)`` and ``.min(initial=0)`` from the row extremes: a weight is >= 0
        and rounding is monotone, so ``max_r w * s_r == w * max_r s_r`` exactly (likewise the min)."""
        w = self.weights[s:e]
        hi = np.multiply(self.row_max[s:e], w, dtype=self.dtype).max(initial=0)
        lo = np.multiply(self.row_min[s:e], w, dtype=self.dtype).min(initial=0)
        return hi, lo


def row_extremes(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-row maximum and minimum of a dense matrix (one chunked pass)."""
    P, R = scores.shape
    step = max(1, (1 << 22) // max(R, 1))
    hi = np.empty(P, dtype=scores.dtype)
    lo = np.empty(P, dtype=scores.dtype)
    for s in range(0, P, step):
        np.max(scores[s : s + step], axis=1, out=hi[s : s + step])
        np.min(scores[s : s + step], axis=1, out=lo[s : s + step])
    return hi, lo


def best_possible_paper_bound(problem: AssignmentProblem) -> float:
    """min over papers of the sum of its ``demand`` best eligible reviewers: no assignment can give the
    worst paper more (loads ignored). Chunked over rows; sparse inputs use their stored pairs."""
    import scipy.sparse as sp

    P, R = problem.shape
    demand = np.asarray(problem.demand, dtype=np.int64)
    dmax = int(demand.max()) if demand.size else 0
    if dmax == 0:
        return float("inf")
    blocked = problem.blocked_flat()
    usable = np.asarray(problem.max_load) > 0
    S = problem.scores.tocsr() if sp.issparse(problem.scores) else problem.scores
    best = np.inf
    step = max(1, (1 << 22) // max(R, 1))
    k = min(dmax, R)
    for s in range(0, P, step):
        e = min(P, s + step)
        if sp.issparse(S):
            chunk = np.full((e - s, R), -np.inf)
            sub = S[s:e].tocoo()
            chunk[sub.row, sub.col] = sub.data
        else:
            chunk = np.array(S[s:e], dtype=np.float64)
        lo, hi = np.searchsorted(blocked, [s * R, e * R])
        chunk.ravel()[blocked[lo:hi] - s * R] = -np.inf
        chunk[:, ~usable] = -np.inf
        top = -np.sort(-np.partition(chunk, R - k, axis=1)[:, R - k :], axis=1)
        take = np.arange(k)[None, :] < demand[s:e, None]
        sums = np.where(take, top, 0.0).sum(axis=1)
        best = min(best, float(sums.min()))
    return best


def _min(x: np.ndarray) -> float:
    return float(x.min()) if x.size else 0.0


def _key(sums: np.ndarray, total: float) -> tuple[float, float, float]:
    """Selection order: minimum paper score, then the mean of the worst decile, then the total."""
    n = max(1, sums.size // 10)
    worst = np.partition(sums, n - 1)[:n].mean() if sums.size else 0.0
    return (round(_min(sums), 9), round(float(worst), 9), float(total))


@register
class FairSolver:
    """Max-min paper affinity with a bounded loss of total affinity (see module docstring).

    ``max_loss``: allowed relative loss of total affinity vs the optimum (0.05 = 5 %);
    ``iterations``: weighted exact solves after the optimal one; ``step``: exponentiated-gradient step
    (in units of the mean paper score); ``optimal_params``: passed to the ``optimal`` solver.
    """

    name = "fair"
    summary = "raise the worst-off papers first, losing at most max_loss of the optimal total"
    params = (
        Param(
            "max_loss",
            float,
            0.05,
            "allowed relative loss of total affinity vs the optimum",
            low=0,
            high=1,
            cli=True,
        ),
        Param("iterations", int, 6, "weighted exact solves after the optimal one", low=0),
        Param(
            "step",
            float,
            4.0,
            "exponentiated-gradient step, in units of the mean paper score",
            low=0,
            low_open=True,
        ),
        Param(
            "pricing_rounds",
            int,
            None,
            "pricing rounds per weighted solve (None: until proven optimal; the last pass always gives a "
            "valid bound and the next round's extra candidates)",
            low=0,
            none_ok=True,
        ),
        Param("repair_seconds", float, 30.0, "time for the local repair of the worst papers", low=0),
        Param(
            "weak_threshold",
            float,
            0.1,
            "affinity below this is weak: the repair never adds weak matches",
            cli=True,
        ),
        Param("optimal_params", dict, None, "parameters of the inner optimal solver", none_ok=True),
    )

    def __init__(
        self,
        max_loss=0.05,
        iterations=6,
        step=4.0,
        pricing_rounds=None,
        repair_seconds=30.0,
        weak_threshold=0.1,
        optimal_params=None,
    ):
        self.max_loss = float(max_loss)
        self.iterations = int(iterations)
        self.step = float(step)
        self.pricing_rounds = pricing_rounds
        self.repair_seconds = float(repair_seconds)
        self.weak_threshold = float(weak_threshold)
        self.optimal_params = dict(optimal_params or {})

    def solve(self, problem: AssignmentProblem, *, seed: int = 0) -> Assignment:
        t0 = time.perf_counter()
        solver = get_solver("optimal", **self.optimal_params)
        opt = solver.solve(problem, seed=seed)  # validates; raises InfeasibleError with a diagnosis
        # The constraints are the same for every weighted problem: reduce once and warm-start each
        # solve from the previous candidate set (row weights keep every paper's reviewer ranking, so
        # the candidates stay good); one exact pricing pass per iterate still gives a valid bound.
        red = ReducedProblem.build(problem, seed=seed)
        warm = red.mode != "mip" and "final_candidates" in opt.stats
        cands = opt.stats.pop("final_candidates", None)
        P, R = problem.shape
        opt_total = float(opt.total)
        budget = opt_total - self.max_loss * abs(opt_total)
        sums = paper_sums(problem, opt.rows, opt.cols)
        best, best_sums, best_key = opt, sums, _key(sums, opt_total)
        opt_min = float(_min(sums))
        scale = max(abs(opt_total) / max(P, 1), 1e-12)  # mean paper score: the unit of the steps
        loss_unit = max(self.max_loss, 0.01) * max(abs(opt_total), 1e-12)  # unit of the mu steps
        lam = np.full(P, 1.0 / max(P, 1))
        mu = 0.0  # in units of 1/P, so that w = P * lam + mu has mean 1 + mu
        # g(uniform, 0) = OPT / P: the mean paper score bounds the minimum
        bound = min(opt_total / max(P, 1), best_possible_paper_bound(problem))
        history = [(0, opt_min, opt_total)]
        cur_sums, cur_total = sums, opt_total
        scaled_view = warm and not problem.is_sparse and problem.scores.dtype.kind == "f"
        extremes = row_extremes(problem.scores) if scaled_view and R > 0 else None
        for it in range(1, self.iterations + 1):
            eta = self.step / np.sqrt(it)
            lam = lam * np.exp(-eta * (cur_sums - cur_sums.min()) / scale)
            lam /= lam.sum()
            mu = max(0.0, mu - eta * (cur_total - budget) / loss_unit)
            w = P * lam + mu
            w = np.maximum(w / w.max(), 1e-4)
            if warm and not problem.is_sparse:
                weighted = dataclasses.replace(problem, scores=RowScaled(problem.scores, w, extremes))
            else:
                weighted = dataclasses.replace(problem, scores=weighted_scores(problem.scores, w))
            if warm:
                a = solver.solve_reduced(weighted, red, candidates=cands, max_rounds=self.pricing_rounds)
                cands = a.stats.pop("final_candidates")
            else:  # MIP path (several areas per reviewer): full solves
                a = solver.solve(weighted, seed=seed)
            cur_sums = paper_sums(problem, a.rows, a.cols)
            cur_total = float(cur_sums.sum())
            # dual bound: (max_x sum_p w_p S_p(x) - mu' B) / sum(w) with w normalised the same way
            norm = float((P * lam + mu).max())
            lam_part = (P * lam) / norm
            mu_n = mu / norm
            # valid only with a proven optimum of the weighted problem and no clipped weight
            if a.gap is not None and np.allclose(w, lam_part + mu_n):
                upper = float(a.stats.get("upper_bound", float(a.total) + float(a.gap)))
                g = (upper - mu_n * budget) / float(lam_part.sum())
                bound = min(bound, g)
            history.append((it, float(_min(cur_sums)), cur_total))
            key = _key(cur_sums, cur_total)
            if cur_total >= budget - 1e-9 * max(1.0, abs(budget)) and key > best_key:
                best, best_sums, best_key = a, cur_sums, key
        rows, cols = best.rows, best.cols
        min_before_repair = _min(best_sums)
        t_repair = time.perf_counter()
        n_moves = 0
        if self.repair_seconds > 0:
            from confero.engine.assign.fair_repair import raise_minimum

            rows, cols, n_moves = raise_minimum(
                problem, rows, cols, budget, time_limit=self.repair_seconds, weak=self.weak_threshold
            )
            best_sums = paper_sums(problem, rows, cols)
        total = float(pair_scores(problem.scores, rows, cols).sum())
        stats = {
            "optimal_total": opt_total,
            "optimal_min_paper": opt_min,
            "max_loss": self.max_loss,
            "loss": (opt_total - total) / abs(opt_total) if opt_total else 0.0,
            "min_paper": float(_min(best_sums)),
            "min_paper_upper_bound": float(bound),
            "iterations": self.iterations,
            "min_paper_before_repair": min_before_repair,
            "repair_steps": n_moves,
            "history": history,
            "time_repair": time.perf_counter() - t_repair,
            "time_total": time.perf_counter() - t0,
        }
        return Assignment(rows, cols, total, "fair", None, stats)
