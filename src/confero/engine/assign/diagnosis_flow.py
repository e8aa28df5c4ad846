"""Max-flow part of the diagnosis: a minimum cut names a set of papers that cannot all be served."""

from __future__ import annotations

import numpy as np

from confero.engine.assign.problem import AssignmentProblem, in_sorted, sorted_unique, unique_inverse
from confero.engine.assign.reduction import ReducedProblem, names

MAX_FLOW_CELLS = 50_000_000


def hall_check(problem: AssignmentProblem, diag, bind: list[str]) -> None:
    """Max-flow on the eligible graph after forced pairs are pre-assigned (upper bounds only).

    If the flow cannot carry every remaining review, the source side of a minimum cut is a set of
    papers whose demand exceeds what their eligible reviewers (and area capacities) can give. If it can,
    the remaining obstacle is the minimum loads (the only constraint this check leaves out).
    """
    from ortools.graph.python import max_flow  # heavy: only when a cut is asked for

    P, R = problem.shape
    if not problem.is_sparse and P * R > MAX_FLOW_CELLS:
        diag.messages.append(
            "the counting checks pass, yet no feasible assignment exists among all eligible pairs "
            f"(problem too large for the cut analysis: {P}x{R})"
        )
        bind.append("unknown")
        return
    red = ReducedProblem.build(problem)
    areas = red.areas
    if problem.is_sparse:
        S = problem.scores.tocoo()
        flat = sorted_unique(S.row.astype(np.int64) * R + S.col)
    else:
        flat = np.arange(P * R, dtype=np.int64)
    flat = flat[~in_sorted(flat, red.blocked)]
    rows, cols = flat // R, flat % R
    usable = red.max_load[cols] > 0
    rows, cols = rows[usable], cols[usable]
    src, snk = 0, 1
    paper0 = 2
    if areas is not None:
        A = red.n_areas
        keys, inv = unique_inverse(rows * A + areas[cols])
        pa0 = paper0 + P
        rev0 = pa0 + keys.size
        cap = red.pa_capacity(keys)
        mid_t, mid_h, mid_c = (
            [paper0 + keys // A, pa0 + inv],
            [pa0 + np.arange(keys.size), rev0 + cols],
            [np.maximum(cap, 0), np.ones(rows.size, dtype=np.int64)],
        )
    else:
        rev0 = paper0 + P
        mid_t, mid_h, mid_c = [paper0 + rows], [rev0 + cols], [np.ones(rows.size, dtype=np.int64)]
    tails = np.concatenate([np.zeros(P, dtype=np.int64), *mid_t, rev0 + np.arange(R)])
    heads = np.concatenate([paper0 + np.arange(P), *mid_h, np.full(R, snk)])
    caps = np.concatenate([np.maximum(red.demand, 0), *mid_c, np.maximum(red.max_load, 0)])
    mf = max_flow.SimpleMaxFlow()
    mf.add_arcs_with_capacity(tails, heads, caps)
    mf.solve(src, snk)
    flow = int(mf.optimal_flow())
    need = int(np.maximum(red.demand, 0).sum())
    if flow < need:
        side = np.asarray(mf.get_source_side_min_cut(), dtype=np.int64)
        papers = np.sort(side[(side >= paper0) & (side < paper0 + P)] - paper0)
        diag.cut_papers = papers.tolist()
        diag.papers_short.extend(p for p in papers.tolist() if p not in diag.papers_short)
        what = (
            "eligible reviewers, loads and area limits"
            if areas is not None
            else "eligible reviewers and loads"
        )
        diag.messages.append(
            f"at most {flow} of the {need} remaining reviews can be placed: the {papers.size} paper(s) "
            f"{names(problem, papers, 'paper')} need {int(red.demand[papers].sum())} reviews, more than their "
            f"{what} allow"
        )
        bind.append("hall")
    elif red.min_load.sum() > 0:
        diag.messages.append(
            "every paper can be served, but not while every reviewer gets their minimum load"
        )
        bind.append("min_load")
    else:
        diag.messages.append(
            "the counting and cut checks pass; the constraints conflict in a more complex way"
        )
        bind.append("unknown")
