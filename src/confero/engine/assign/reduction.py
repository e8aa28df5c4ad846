"""The reduced problem every flow-based solver and the cut diagnosis start from, area handling, naming.

Layering (imports go one way only)::

    problem  <-  reduction  <-  diagnosis  <-  solvers (flow, areas, fair, randomized, perturbed)

:class:`ReducedProblem` is the problem after its forced pairs are pre-assigned: demands, loads and
(paper, area) capacities shrink accordingly, forced pairs join the blocked pairs (so they are never
candidates twice), and research areas are relabelled ``0..A-1`` whatever ids the caller used (ids are
labels: ``{3, 10**12}`` behaves exactly like ``{0, 1}``; raw ids used as table indices once cost a
``papers x max_id`` table in ``randomized``). It also carries the seed of the run.

:func:`area_mode` says how the research-area rule is handled: ``none`` (nothing to enforce), ``flow``
(one area per reviewer and "at most d-m+1 reviewers of one area" is the same as "at least m areas":
per-(paper, area) capacities in the flow network) or ``mip`` (everything else).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from confero.engine.assign.problem import AssignmentProblem, sorted_unique, unique_inverse

MAX_LISTED = 10


def area_mode(problem: AssignmentProblem) -> str:
    """'none' (no area constraint), 'flow' (reduction to per-(paper, area) capacities) or 'mip'."""
    m = problem.effective_min_areas()
    if problem.min_areas <= 0 or problem.reviewer_areas is None:
        return "none"
    if problem.single_areas() is None:
        # several or no areas per reviewer: even m = 1 is a real constraint (area-less reviewers)
        return "mip" if (m >= 1).any() else "none"
    if not (m >= 2).any():  # one area each: every reviewer covers one area, m = 1 always holds
        return "none"
    d = np.asarray(problem.demand, dtype=np.int64)
    need = m >= 2
    cap = d[need] - m[need] + 1
    # with one area per reviewer, "<= cap per area" gives >= ceil(d / cap) areas; the reduction is
    # exact iff that is >= m for every constrained paper.
    return "flow" if bool((-(-d[need] // cap) >= m[need]).all()) else "mip"


def area_labels(problem: AssignmentProblem) -> tuple[np.ndarray, np.ndarray] | None:
    """``(labels, area)`` with ``area[r]`` in ``0..len(labels)-1`` when every reviewer has one area."""
    single = problem.single_areas()
    if single is None:
        return None
    return unique_inverse(single)


def area_membership(problem: AssignmentProblem):
    """Sparse ``(R, A)`` 0/1 matrix of reviewer areas, areas relabelled ``0..A-1`` (None without areas).
    The loop runs over reviewers' area sets (not over pairs)."""
    import scipy.sparse as sp

    if problem.reviewer_areas is None:
        return None
    R = problem.n_reviewers
    single = problem.single_areas()
    if single is not None:
        rr, aa = np.arange(R), single
    else:
        sets = problem.area_sets()
        rr = np.array([r for r, s in enumerate(sets) for _ in s], dtype=np.int64)
        aa = np.array([a for s in sets for a in s], dtype=np.int64)
    labels, aa = unique_inverse(aa)
    A = max(labels.size, 1)
    return sp.csr_matrix((np.ones(rr.size, dtype=np.int64), (rr, aa)), shape=(R, A))


def names(problem: AssignmentProblem, idx, kind: str) -> str:
    """'p1, p2, ... and N more': at most ``MAX_LISTED`` paper or reviewer names for a message."""
    idx = [int(i) for i in idx]
    f = problem.paper_name if kind == "paper" else problem.reviewer_name
    shown = ", ".join(f(i) for i in idx[:MAX_LISTED])
    return shown + (f" and {len(idx) - MAX_LISTED} more" if len(idx) > MAX_LISTED else "")


@dataclass
class ReducedProblem:
    """The problem after pre-assigning its forced pairs (see the module docstring).

    ``areas`` (R,) relabelled area per reviewer when the area rule is handled by the flow
    (``mode == "flow"``), else None; then ``pa_cap = (paper_cap (P,), {p * n_areas + a: forced count})``
    gives every (paper, area) capacity as ``paper_cap[p] - forced count``.
    """

    problem: AssignmentProblem
    mode: str
    seed: int
    fp: np.ndarray  # forced pairs (deduplicated)
    fr: np.ndarray
    demand: np.ndarray  # remaining demand per paper
    max_load: np.ndarray  # remaining max load per reviewer
    min_load: np.ndarray  # remaining min load per reviewer
    blocked: np.ndarray  # sorted flat p * R + r: conflicts, forbidden and forced pairs
    areas: np.ndarray | None
    n_areas: int
    pa_cap: tuple[np.ndarray, dict] | None

    @classmethod
    def build(
        cls, problem: AssignmentProblem, *, seed: int = 0, blocked: np.ndarray | None = None
    ) -> ReducedProblem:
        P, R = problem.shape
        mode = area_mode(problem)
        fp, fr = problem.pairs("forced")
        flat = sorted_unique(fp * R + fr)
        fp, fr = flat // R, flat % R
        demand = np.asarray(problem.demand, dtype=np.int64) - np.bincount(fp, minlength=P)
        fcount_r = np.bincount(fr, minlength=R)
        max_load = np.asarray(problem.max_load, dtype=np.int64) - fcount_r
        min_load = np.maximum(problem.min_load_array() - fcount_r, 0)
        if blocked is None:
            blocked = problem.blocked_flat()
        if flat.size:
            blocked = sorted_unique(np.concatenate([blocked, flat]))
        areas, n_areas, pa_cap = None, 0, None
        if mode == "flow":
            labels, areas = area_labels(problem)
            n_areas = max(int(labels.size), 1)
            m = problem.effective_min_areas()
            d = np.asarray(problem.demand, dtype=np.int64)
            paper_cap = np.where(m >= 2, d - m + 1, d)
            keys, counts = np.unique(fp * n_areas + areas[fr], return_counts=True)
            pa_cap = (paper_cap, dict(zip(keys.tolist(), counts.tolist(), strict=True)))
        return cls(
            problem=problem,
            mode=mode,
            seed=int(seed),
            fp=fp,
            fr=fr,
            demand=demand,
            max_load=max_load,
            min_load=min_load,
            blocked=blocked,
            areas=areas,
            n_areas=n_areas,
            pa_cap=pa_cap,
        )

    def pa_capacity(self, keys: np.ndarray) -> np.ndarray:
        """Remaining capacity of the (paper, area) nodes ``keys = p * n_areas + a`` (sorted)."""
        paper_cap, reductions = self.pa_cap
        cap = np.asarray(paper_cap, dtype=np.int64)[keys // self.n_areas].copy()
        if reductions:
            red_keys = np.fromiter(reductions.keys(), dtype=np.int64)
            red_vals = np.fromiter(reductions.values(), dtype=np.int64)
            pos = np.minimum(np.searchsorted(keys, red_keys), max(keys.size - 1, 0))
            ok = (keys[pos] == red_keys) if keys.size else np.zeros(red_keys.size, dtype=bool)
            np.subtract.at(cap, pos[ok], red_vals[ok])
        return cap
