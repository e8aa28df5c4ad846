"""Small random assignment problems for the property tests of the fair and randomized objectives."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from confero.engine.assign import AssignmentProblem


@st.composite
def small_problems(
    draw, max_papers: int = 7, max_reviewers: int = 7, areas: bool = True, extras: bool = True
):
    """Random small problems; with ``extras`` also forced pairs and sparse score matrices."""
    P = draw(st.integers(1, max_papers))
    R = draw(st.integers(2, max_reviewers))
    k = draw(st.integers(1, min(3, R)))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    scores = np.round(rng.random((P, R)), 3)
    if draw(st.booleans()):
        scores = scores.astype(np.float32)
    slack = draw(st.integers(0, 2))
    base = -(-k * P // R) + slack
    max_load = rng.integers(max(base - 1, 0), base + 2, size=R).astype(np.int64)
    min_load = None
    if draw(st.booleans()):
        min_load = np.minimum(rng.integers(0, 2, size=R), max_load).astype(np.int64)
    n_conf = draw(st.integers(0, max(0, P * R // 5)))
    cp = rng.integers(0, P, size=n_conf).astype(np.int64)
    cr = rng.integers(0, R, size=n_conf).astype(np.int64)
    reviewer_areas, min_areas = None, 0
    if areas and draw(st.booleans()):
        reviewer_areas = rng.integers(0, 3, size=R).astype(np.int64)
        min_areas = draw(st.integers(0, 2))
    forced = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    if extras and draw(st.booleans()):
        n = draw(st.integers(1, 2))
        forced = (rng.integers(0, P, size=n).astype(np.int64), rng.integers(0, R, size=n).astype(np.int64))
    if extras and draw(st.booleans()):
        import scipy.sparse as sp

        keep = rng.random((P, R)) < 0.75
        keep[forced] = True  # a forced pair outside the candidate set is a different question
        scores = np.where(keep, np.maximum(scores, 0.001), 0)
        scores = sp.csr_matrix(np.where(keep, scores, 0) + 0.0)  # zero affinity pairs are not stored
    return AssignmentProblem(
        forced=forced,
        scores=scores,
        demand=np.full(P, k, dtype=np.int64),
        max_load=max_load,
        min_load=min_load,
        conflicts=(cp, cr),
        reviewer_areas=reviewer_areas,
        min_areas=min_areas,
    )


def paper_sums(problem, a) -> np.ndarray:
    from confero.engine.assign import pair_scores

    return np.bincount(
        a.rows, weights=pair_scores(problem.scores, a.rows, a.cols), minlength=problem.n_papers
    )
