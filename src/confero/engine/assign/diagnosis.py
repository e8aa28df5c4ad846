"""Why an assignment problem has no solution: counting checks, and a max-flow cut when they pass.

``diagnose(problem)`` only *counts* (cheap, vectorised, works on xl instances): demand vs capacity, min
loads, per-paper eligible reviewers and areas, forced pairs. Every message it emits is a proof of
infeasibility on its own. ``diagnose(problem, flow_check=True)`` additionally solves a max-flow on the
full eligible graph (with the area capacities when the area reduction applies) and reports the papers
on the source side of a minimum cut — a Hall violator: papers whose eligible reviewers together cannot
take their demand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from confero.engine.assign.diagnosis_flow import hall_check
from confero.engine.assign.problem import AssignmentProblem, in_sorted, sorted_unique
from confero.engine.assign.reduction import area_labels, area_membership, names


@dataclass
class Diagnosis:
    feasible_by_counting: bool
    messages: list[str] = field(default_factory=list)
    papers_short: list[int] = field(default_factory=list)  # papers with too few eligible reviewers/areas
    reviewers_short: list[int] = field(default_factory=list)  # reviewers that cannot reach their min load
    demand: int = 0  # total reviews needed
    capacity: int = 0  # total max load
    min_capacity: int = 0  # total min load
    binding: str = "none"  # capacity|min_load|eligibility|areas|forced|hall|probability_cap|unknown|none
    cut_papers: list[int] = field(default_factory=list)  # source side of a min cut (flow_check only)

    @property
    def text(self) -> str:
        if not self.feasible_by_counting or self.binding != "none":
            head = "no feasible assignment"
        else:
            head = "no obstacle found by the counting checks"
        lines = [
            f"{head}: demand {self.demand} reviews, capacity {self.capacity} (min loads {self.min_capacity})"
        ]
        lines += [f"- {m}" for m in self.messages]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text


def _ineligible_matrix(problem: AssignmentProblem, usable_r: np.ndarray, blocked: np.ndarray):
    """Sparse (P, R) 0/1 matrix of pairs that cannot be assigned among usable reviewers
    (blocked pairs; for a sparse score matrix also reported through ``_eligible_sparse``)."""
    import scipy.sparse as sp

    P, R = problem.shape
    bp, br = blocked // R, blocked % R
    keep = usable_r[br]
    return sp.csr_matrix((np.ones(int(keep.sum()), dtype=np.int64), (bp[keep], br[keep])), shape=(P, R))


def diagnose(
    problem: AssignmentProblem,
    flow_check: bool = False,
    validate: bool = True,
    blocked: np.ndarray | None = None,
) -> Diagnosis:
    """``blocked``: ``problem.blocked_flat()`` if the caller already has it."""
    if validate:
        problem.validate()
    if blocked is None:
        blocked = problem.blocked_flat()

    P, R = problem.shape
    demand = np.asarray(problem.demand, dtype=np.int64)
    max_load = np.asarray(problem.max_load, dtype=np.int64)
    min_load = problem.min_load_array()
    D, C, Cmin = int(demand.sum()), int(max_load.sum()), int(min_load.sum())
    diag = Diagnosis(True, demand=D, capacity=C, min_capacity=Cmin)
    bind: list[str] = []

    def fail(kind: str, msg: str) -> None:
        diag.feasible_by_counting = False
        diag.messages.append(msg)
        bind.append(kind)

    if D > C:
        fail("capacity", f"papers need {D} reviews but reviewers can take at most {C} (short by {D - C})")
    if Cmin > D:
        fail("min_load", f"minimum loads add up to {Cmin} but papers need only {D} reviews")

    # forced pairs
    fp, fr = problem.pairs("forced")
    if fp.size:
        fflat = sorted_unique(fp * R + fr)
        fp, fr = fflat // R, fflat % R
        bad = in_sorted(fflat, blocked)
        if bad.any():
            fail(
                "forced",
                f"{int(bad.sum())} forced pair(s) are also conflicts or forbidden, e.g. "
                f"{problem.paper_name(int(fp[bad][0]))} / {problem.reviewer_name(int(fr[bad][0]))}",
            )
        over_p = np.flatnonzero(np.bincount(fp, minlength=P) > demand)
        if over_p.size:
            fail("forced", f"more forced reviewers than demanded for {names(problem, over_p, 'paper')}")
        single = problem.single_areas() if problem.min_areas > 0 else None
        if single is not None:
            m_eff = problem.effective_min_areas()
            labels, single = area_labels(problem)
            A = max(labels.size, 1)
            keys, counts = np.unique(fp * A + single[fr], return_counts=True)
            kp = keys // A
            bad_pa = (m_eff[kp] >= 2) & (counts > demand[kp] - m_eff[kp] + 1)
            if bad_pa.any():
                fail(
                    "forced",
                    f"forced reviewers leave too few areas for {names(problem, kp[bad_pa], 'paper')}",
                )
        over_r = np.flatnonzero(np.bincount(fr, minlength=R) > max_load)
        if over_r.size:
            fail("forced", f"more forced papers than max load for {names(problem, over_r, 'reviewer')}")

    # eligible reviewers per paper (reviewers with max_load 0 are never eligible)
    usable = max_load > 0
    if problem.is_sparse:
        E = problem.scores.tocsr().copy()
        E.data = np.ones(E.data.size, dtype=np.int64)
        E = E.multiply(usable[None, :].astype(np.int64)).tocsr()
        B = _ineligible_matrix(problem, usable, blocked).multiply(E)
        E = (E - B).tocsr()
        E.eliminate_zeros()
        elig_p = np.asarray(E.sum(axis=1)).ravel()
        elig_r = np.asarray(E.sum(axis=0)).ravel()
    else:
        B = _ineligible_matrix(problem, usable, blocked)
        elig_p = int(usable.sum()) - np.asarray(B.sum(axis=1)).ravel()
        elig_r = np.where(usable, P - np.asarray(B.sum(axis=0)).ravel(), 0)
    short = np.flatnonzero(elig_p < demand)
    if short.size:
        diag.papers_short.extend(short.tolist())
        p0 = int(short[0])
        fail(
            "eligibility",
            f"{short.size} paper(s) have fewer eligible reviewers than they need: "
            f"{names(problem, short, 'paper')} (e.g. {problem.paper_name(p0)}: {int(elig_p[p0])} eligible, "
            f"needs {int(demand[p0])})",
        )
    rshort = np.flatnonzero(elig_r < min_load)
    if rshort.size:
        diag.reviewers_short.extend(rshort.tolist())
        fail(
            "min_load",
            f"{rshort.size} reviewer(s) have fewer eligible papers than their minimum load: "
            f"{names(problem, rshort, 'reviewer')}",
        )

    # research areas
    m = problem.effective_min_areas()
    single_mode = problem.single_areas() is not None if problem.reviewer_areas is not None else True
    if (
        problem.min_areas > 0
        and problem.reviewer_areas is not None
        and (m >= (2 if single_mode else 1)).any()
    ):
        M = area_membership(problem)
        M = M.multiply(usable[:, None].astype(np.int64)).tocsr()
        if problem.is_sparse:
            per_pa = (E @ M).toarray()
        else:
            per_pa = np.asarray(M.sum(axis=0)).ravel()[None, :] - (B @ M).toarray()
        distinct = (per_pa > 0).sum(axis=1)
        a_short = np.flatnonzero(distinct < m)
        if problem.single_areas() is not None:
            cap = np.where(m >= 2, demand - m + 1, demand)
            fillable = np.minimum(per_pa, cap[:, None]).sum(axis=1)
            a_short = np.union1d(a_short, np.flatnonzero(fillable < demand))
        a_short = np.setdiff1d(a_short, short)
        if a_short.size:
            diag.papers_short.extend(a_short.tolist())
            fail(
                "areas",
                f"{a_short.size} paper(s) cannot get reviewers from {int(problem.min_areas)} distinct "
                f"areas among their eligible reviewers: {names(problem, a_short, 'paper')}",
            )

    if flow_check and diag.feasible_by_counting:
        hall_check(problem, diag, bind)
    diag.binding = bind[0] if bind else "none"
    return diag
