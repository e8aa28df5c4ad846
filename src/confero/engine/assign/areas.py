"""Research-area constraint, general case: a MIP solved by HiGHS (``scipy.optimize.milp``).

The min-cost-flow reduction (``reduction.area_mode`` == "flow") covers one area per reviewer whenever
"at most d-m+1 reviewers of one area" is the same as "at least m areas" (m <= 2, or m == d, or generally
ceil(d / (d-m+1)) >= m). Everything else — reviewers with several or no areas, e.g. m=3 of k=5 — comes
here:

    max  sum s_pr x_pr
    s.t. sum_r x_pr = d_p                      (every paper)
         l_r <= sum_p x_pr <= L_r              (every reviewer)
         y_pa <= sum_{r eligible, a in A_r} x_pr  (area a counts for p only if one of its reviewers has it)
         sum_a y_pa >= min(m, d_p)             (every paper)
         x, y binary; x_pr = 1 for forced pairs; blocked pairs have no variable.

All eligible pairs get a variable (the stored pairs of a sparse matrix), so this path is meant for
workshop-sized problems; ``time_limit`` bounds it and the reported gap says how far from proven optimal.
"""

from __future__ import annotations

import time

import numpy as np

from confero.engine.assign.diagnosis import diagnose
from confero.engine.assign.problem import (
    Assignment,
    AssignmentProblem,
    in_sorted,
    pair_scores,
    sorted_unique,
    unique_inverse,
)
from confero.engine.assign.reduction import area_membership
from confero.engine.errors import InfeasibleError, InputError


def _too_big(n: int, limit: int) -> str:
    return (
        f"the research-area constraint with several areas per reviewer (or min_areas not reducible to a flow) "
        f"is solved as a MIP over every eligible pair, and {n} pairs exceed its limit of {limit}; pass a sparse "
        "score matrix holding only candidate pairs (e.g. each paper's top reviewers)"
    )


def _eligible_pairs(problem: AssignmentProblem) -> tuple[np.ndarray, np.ndarray]:
    P, R = problem.shape
    if problem.is_sparse:
        S = problem.scores.tocoo()
        flat = sorted_unique(S.row.astype(np.int64) * R + S.col)
    else:
        flat = np.arange(P * R, dtype=np.int64)
    flat = flat[~in_sorted(flat, problem.blocked_flat())]
    fp, fr = problem.pairs("forced")
    flat = sorted_unique(np.concatenate([flat, fp * R + fr]))  # forced-and-blocked is caught by diagnose
    return flat // R, flat % R


MAX_PAIRS = 5_000_000


def solve_mip(
    problem: AssignmentProblem,
    *,
    seed: int = 0,
    time_limit: float | None = None,
    mip_rel_gap: float = 0.0,
    max_pairs: int = MAX_PAIRS,
) -> Assignment:
    import scipy.sparse as sp
    from scipy.optimize import Bounds, LinearConstraint, milp

    t0 = time.perf_counter()
    P, R = problem.shape
    n_cells, cell_limit = P * R, 4 * max_pairs
    if not problem.is_sparse and n_cells > cell_limit:  # refuse before building P*R index arrays
        raise InputError(_too_big(n_cells, max_pairs), field="reviewer_areas")
    rows, cols = _eligible_pairs(problem)
    n = rows.size
    if n > max_pairs:
        raise InputError(_too_big(n, max_pairs), field="reviewer_areas")
    s = pair_scores(problem.scores, rows, cols)
    demand = np.asarray(problem.demand, dtype=np.float64)
    max_load = np.asarray(problem.max_load, dtype=np.float64)
    min_load = problem.min_load_array().astype(np.float64)
    m = problem.effective_min_areas()

    # (pair, area) incidences, vectorised through the (R, A) membership matrix
    M = area_membership(problem)
    A = M.shape[1]
    cnt = np.diff(M.indptr)[cols]
    inc_pair = np.repeat(np.arange(n), cnt)
    starts = M.indptr[cols]
    offs = np.arange(inc_pair.size) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    inc_area = M.indices[np.repeat(starts, cnt) + offs]
    pa_keys, pa_inv = unique_inverse(rows[inc_pair] * A + inc_area)
    need = m >= 1
    n_y = pa_keys.size
    nv = n + n_y

    ones = np.ones(n)
    c_paper = sp.csr_matrix((ones, (rows, np.arange(n))), shape=(P, nv))
    c_rev = sp.csr_matrix((ones, (cols, np.arange(n))), shape=(R, nv))
    # y_pa - sum x <= 0
    c_link = sp.csr_matrix(
        (
            np.concatenate([np.ones(n_y), -np.ones(inc_pair.size)]),
            (np.concatenate([np.arange(n_y), pa_inv]), np.concatenate([n + np.arange(n_y), inc_pair])),
        ),
        shape=(n_y, nv),
    )
    c_cover = sp.csr_matrix((np.ones(n_y), (pa_keys // A, n + np.arange(n_y))), shape=(P, nv))[need]
    constraints = [
        LinearConstraint(c_paper, demand, demand),
        LinearConstraint(c_rev, min_load, max_load),
        LinearConstraint(c_link, -np.inf, 0.0),
        LinearConstraint(c_cover, m[need].astype(np.float64), np.inf),
    ]
    lb = np.zeros(nv)
    fp, fr = problem.pairs("forced")
    if fp.size:
        lb[:n][in_sorted(rows * R + cols, sorted_unique(fp * R + fr))] = 1.0
    c = np.concatenate([-s, np.zeros(n_y)])
    options = {"mip_rel_gap": mip_rel_gap, "disp": False}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)
    res = milp(
        c, constraints=constraints, integrality=np.ones(nv), bounds=Bounds(lb, np.ones(nv)), options=options
    )
    if res.x is None:
        diag = diagnose(problem, flow_check=True)
        if res.status == 2 and diag.binding in ("none", "unknown"):
            diag.messages.append(
                f"no assignment gives every paper reviewers from {int(problem.min_areas)} distinct areas "
                "within the loads (research-area constraint is binding)"
            )
            diag.binding = "areas"
        if res.status != 2:
            diag.messages.append(f"the MIP solver stopped without a solution: {res.message}")
            diag.binding = "unknown" if diag.binding == "none" else diag.binding
        raise InfeasibleError(diag.text, diag)
    chosen = res.x[:n] > 0.5
    out_rows, out_cols = rows[chosen], cols[chosen]
    total = float(s[chosen].sum())
    bound = -float(res.mip_dual_bound) if getattr(res, "mip_dual_bound", None) is not None else None
    gap = None if bound is None else max(0.0, bound - total)
    if gap is not None and res.status == 0 and gap <= 1e-9 * max(1.0, abs(total)):
        gap = 0.0
    stats = {
        "mode": "mip",
        "variables": int(nv),
        "pairs": int(n),
        "status": int(res.status),
        "message": str(res.message),
        "upper_bound": bound,
        "time_total": time.perf_counter() - t0,
    }
    return Assignment(out_rows, out_cols, total, "optimal", gap, stats)
