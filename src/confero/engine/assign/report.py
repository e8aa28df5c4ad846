"""Quality report of an assignment: a JSON-friendly dict and its plain-text rendering.

Affinity figures use the *raw* expertise scores (``affinity``; bids excluded) so that objectives and
bid settings can be compared on the same scale; the objective value the solver maximised (with bid
modifiers) is reported separately as ``objective_total``.
"""

from __future__ import annotations

import numpy as np

from confero.engine.assign.problem import Assignment, AssignmentProblem, pair_scores

WEAK_THRESHOLD = 0.1


def _dist(x: np.ndarray) -> dict:
    if x.size == 0:
        return {"min": 0.0, "p10": 0.0, "median": 0.0, "mean": 0.0, "max": 0.0}
    q = np.quantile(x, [0.1, 0.5])
    return {
        "min": float(x.min()),
        "p10": float(q[0]),
        "median": float(q[1]),
        "mean": float(x.mean()),
        "max": float(x.max()),
    }


def quality_report(
    problem: AssignmentProblem,
    assignment: Assignment,
    affinity=None,
    bids: dict | None = None,
    weak_threshold: float = WEAK_THRESHOLD,
) -> dict:
    """Everything the text report and the plot show. ``affinity`` defaults to the problem's scores."""
    P, R = problem.shape
    A = problem.scores if affinity is None else affinity
    rows = np.asarray(assignment.rows, dtype=np.int64)
    cols = np.asarray(assignment.cols, dtype=np.int64)
    vals = pair_scores(A, rows, cols)
    per_paper = np.bincount(rows, weights=vals, minlength=P)
    count = np.bincount(rows, minlength=P)
    paper_min = np.full(P, np.nan)
    if rows.size:
        order = np.lexsort((vals, rows))
        first = np.unique(rows[order], return_index=True)[1]
        paper_min[rows[order][first]] = vals[order][first]
    load = np.bincount(cols, minlength=R)
    max_load = np.asarray(problem.max_load, dtype=np.int64)
    loads_hist = {int(k): int(v) for k, v in zip(*np.unique(load, return_counts=True), strict=True)}
    rep: dict = {
        "objective": assignment.objective,
        "papers": P,
        "reviewers": R,
        "assignments": int(rows.size),
        "total_affinity": float(vals.sum()),
        "mean_affinity": float(vals.mean()) if vals.size else 0.0,
        "min_affinity": float(vals.min()) if vals.size else 0.0,
        "weak_threshold": float(weak_threshold),
        "weak_matches": int((vals < weak_threshold).sum()),
        "papers_with_weak_match": int(np.unique(rows[vals < weak_threshold]).size),
        "paper_sum": _dist(per_paper),
        "paper_min": _dist(paper_min[~np.isnan(paper_min)]),
        "papers_short": int((count < np.asarray(problem.demand)).sum()),
        "load": _dist(load.astype(np.float64)),
        "load_histogram": loads_hist,
        "reviewers_unused": int((load == 0).sum()),
        "reviewers_at_max": int(((load >= max_load) & (max_load > 0)).sum()),
        "objective_total": float(assignment.total),
        "gap": assignment.gap,
    }
    if problem.reviewer_areas is not None and rows.size:
        sets = problem.area_sets()
        per: dict[int, set[int]] = {}
        for p, r in zip(rows.tolist(), cols.tolist(), strict=True):  # O(assignments)
            per.setdefault(p, set()).update(sets[r])
        n_areas = np.array([len(per.get(p, ())) for p in range(P)], dtype=np.int64)
        rep["areas_per_paper"] = _dist(n_areas.astype(np.float64))
        rep["areas_covered"] = int(len(set().union(*per.values()))) if per else 0
        need = problem.effective_min_areas()
        rep["papers_below_min_areas"] = int((n_areas < need).sum())
    if bids:
        levels: dict[str, int] = {}
        for p, r in zip(rows.tolist(), cols.tolist(), strict=True):
            lv = bids.get((p, r))
            if lv is not None:
                levels[lv] = levels.get(lv, 0) + 1
        rep["assigned_bids"] = dict(sorted(levels.items()))
    st = assignment.stats or {}
    for key in ("expected_total", "max_probability", "fractional_pairs", "seed"):
        if key in st:
            rep[key] = st[key]
    for key in ("optimal_total", "optimal_min_paper", "max_loss", "loss", "min_paper_upper_bound"):
        if key in st:
            rep[f"fair_{key}"] = st[key]
    if "time_total" in st:
        rep["solve_seconds"] = float(st["time_total"])
    rep["_per_paper"] = per_paper  # arrays for the plot (dropped by report_text / to_json)
    rep["_paper_min"] = paper_min
    rep["_load"] = load
    return rep


def public(rep: dict) -> dict:
    """The report without the private arrays (for JSON)."""
    return {k: v for k, v in rep.items() if not k.startswith("_")}


def _f(x: float) -> str:
    return f"{x:.4f}"


def report_text(rep: dict) -> str:
    ps, pm, ld = rep["paper_sum"], rep["paper_min"], rep["load"]
    lines = [
        f"Assignment quality ({rep['objective']}): {rep['assignments']} assignments, "
        f"{rep['papers']} papers, {rep['reviewers']} reviewers",
        f"  total affinity      {_f(rep['total_affinity'])}   (mean {_f(rep['mean_affinity'])}, "
        f"min {_f(rep['min_affinity'])})",
    ]
    if abs(rep["objective_total"] - rep["total_affinity"]) > 1e-9:
        lines.append(f"  objective with bids {_f(rep['objective_total'])}")
    if rep.get("gap") is not None:
        lines.append(f"  optimality gap      {rep['gap']:.3g}")
    if "expected_total" in rep:
        lines.append(
            f"  randomized          expected total {_f(rep['expected_total'])} (objective scale), realised "
            f"{_f(rep['objective_total'])}; pair probability <= {rep['max_probability']:.3g}, seed {rep['seed']}"
        )
    if "fair_optimal_total" in rep:
        lines.append(
            f"  fair                loss {100 * rep['fair_loss']:.2f} % of the optimal total "
            f"{_f(rep['fair_optimal_total'])} (allowed {100 * rep['fair_max_loss']:.1f} %); min paper "
            f"sum {_f(ps['min'])} vs {_f(rep['fair_optimal_min_paper'])} for optimal "
            f"(upper bound {_f(rep['fair_min_paper_upper_bound'])})"
        )
    lines += [
        f"  per-paper sum       min {_f(ps['min'])}  p10 {_f(ps['p10'])}  median {_f(ps['median'])}  "
        f"mean {_f(ps['mean'])}  max {_f(ps['max'])}",
        f"  per-paper weakest   min {_f(pm['min'])}  p10 {_f(pm['p10'])}  median {_f(pm['median'])}",
        f"  weak matches        {rep['weak_matches']} assignment(s) with affinity < {rep['weak_threshold']:g} "
        f"on {rep['papers_with_weak_match']} paper(s)",
        f"  loads               min {ld['min']:.0f}  median {ld['median']:.0f}  max {ld['max']:.0f}; "
        f"{rep['reviewers_unused']} unused, {rep['reviewers_at_max']} at their maximum",
        "  load histogram      " + ", ".join(f"{k}: {v}" for k, v in sorted(rep["load_histogram"].items())),
    ]
    if "areas_per_paper" in rep:
        ap = rep["areas_per_paper"]
        lines.append(
            f"  research areas      {rep['areas_covered']} covered; per paper min {ap['min']:.0f}, "
            f"median {ap['median']:.0f}; {rep['papers_below_min_areas']} paper(s) below --min-areas"
        )
    if rep.get("assigned_bids"):
        lines.append(
            "  bids of assigned    " + ", ".join(f"{k}: {v}" for k, v in rep["assigned_bids"].items())
        )
    if rep.get("papers_short"):
        lines.append(f"  WARNING: {rep['papers_short']} paper(s) have fewer reviewers than required")
    if "solve_seconds" in rep:
        lines.append(f"  solve time          {rep['solve_seconds']:.2f} s")
    return "\n".join(lines) + "\n"
