"""Build an :class:`AssignmentProblem` from records and CSV rows (what ``confero assign`` reads).

* Scores: a dense ``(P, R)`` float32 matrix (:class:`~confero.engine.matrix_io.ScoreMatrix`, read from
  CSV, Parquet or .npz; or built from rows); pairs the file does not list get affinity 0 and are counted
  (``missing_scores``) so the caller can warn. A duplicate pair is an error.
* Conflicts, forbidden pairs and ``conflict`` bids are never assigned; forced pairs always are.
* Bids are additive modifiers (:mod:`.bids`); the problem's scores include them, ``affinity`` keeps
  the raw expertise scores for the report.
* Demand: ``per_paper`` with per-paper overrides; max load: the reviewer's ``max_load`` field if set,
  else ``max_load``; research areas: one int per reviewer when everyone has exactly one, else sets.
* An id that is not in the submissions/reviewers files raises :class:`InputError` naming file and line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from confero.engine.assign.bids import DEFAULT_BID_WEIGHT, apply_bids, bid_deltas
from confero.engine.assign.problem import AssignmentProblem
from confero.engine.errors import InputError
from confero.engine.idmap import index_of, line_of, pairs_of
from confero.engine.matrix_io import ScoreMatrix
from confero.engine.records import Reviewer, Submission

__all__ = ["AssignInputs", "build_problem", "index_of", "pairs_of"]


@dataclass
class AssignInputs:
    problem: AssignmentProblem
    affinity: np.ndarray  # raw scores (P, R) float32, before bids
    submissions: Sequence[Submission]
    reviewers: Sequence[Reviewer]
    bids: dict = field(default_factory=dict)  # (paper_idx, reviewer_idx) -> bid level (not conflict)
    area_names: list[str] = field(default_factory=list)
    missing_scores: int = 0


def build_problem(
    submissions: Sequence[Submission],
    reviewers: Sequence[Reviewer],
    scores: ScoreMatrix | Sequence[tuple[str, str, float]],
    *,
    per_paper: int,
    max_load: int,
    min_load: int = 0,
    conflicts: Sequence[tuple] = (),
    conflict_pairs: tuple[np.ndarray, np.ndarray] | None = None,
    bids: Sequence[tuple[str, str, str]] = (),
    forced: Sequence[tuple] = (),
    forbidden: Sequence[tuple] = (),
    per_paper_overrides: dict[str, int] | None = None,
    min_areas: int = 0,
    bid_weight: float = DEFAULT_BID_WEIGHT,
    paths: dict[str, str] | None = None,
) -> AssignInputs:
    paths = paths or {}
    pids = [s.id for s in submissions]
    rids = [r.id for r in reviewers]
    P, R = len(pids), len(rids)
    if P == 0:
        raise InputError("no submissions", path=paths.get("submissions"))
    if R == 0:
        raise InputError("no reviewers", path=paths.get("reviewers"))
    if per_paper < 0 or max_load < 0 or min_load < 0:
        raise InputError("--per-paper, --max-load and --min-load must be >= 0")

    # scores
    if not isinstance(scores, ScoreMatrix):
        scores = matrix_from_rows(scores, pids, rids, paths.get("scores"))
    affinity = scores.values
    missing = scores.missing

    # conflicts, forced, forbidden, bids
    cp, cr = pairs_of(conflicts, pids, rids, paths.get("conflicts"), "conflicts")
    if conflict_pairs is not None:
        cp, cr = np.concatenate([cp, conflict_pairs[0]]), np.concatenate([cr, conflict_pairs[1]])
    fp, fr = pairs_of(forced, pids, rids, paths.get("forced"), "forced pairs")
    xp, xr = pairs_of(forbidden, pids, rids, paths.get("forbidden"), "forbidden pairs")
    bp, br = pairs_of(bids, pids, rids, paths.get("bids"), "bids")
    levels = [row[2] for row in bids]
    is_conf = np.array([lv == "conflict" for lv in levels], dtype=bool)
    cp, cr = np.concatenate([cp, bp[is_conf]]), np.concatenate([cr, br[is_conf]])
    # the last bid of a pair wins
    bid_map: dict[tuple[int, int], str] = {}
    for p, r, lv in zip(bp.tolist(), br.tolist(), levels, strict=True):
        if lv != "conflict":
            bid_map[(p, r)] = lv
    if bid_map:
        keys = np.array(list(bid_map.keys()), dtype=np.int64)
        deltas = bid_deltas(list(bid_map.values()), bid_weight)
        scores_for_solver = apply_bids(affinity, keys[:, 0], keys[:, 1], deltas)
    else:
        scores_for_solver = affinity

    # demand and loads
    demand = np.full(P, int(per_paper), dtype=np.int64)
    for pid, k in (per_paper_overrides or {}).items():
        idx = index_of(pids, [pid])[0]
        if idx < 0:
            raise InputError(f"unknown paper id {pid!r}", path=paths.get("per_paper"), field="paper_id")
        demand[idx] = int(k)
    loads = np.array([r.max_load if r.max_load is not None else max_load for r in reviewers], dtype=np.int64)
    mins = np.minimum(np.full(R, int(min_load), dtype=np.int64), loads)

    # research areas
    names = sorted({a for r in reviewers for a in r.research_areas})
    area_idx = {a: i for i, a in enumerate(names)}
    if names and all(len(set(r.research_areas)) == 1 for r in reviewers):
        areas: object = np.array([area_idx[r.research_areas[0]] for r in reviewers], dtype=np.int64)
    elif names:
        areas = [frozenset(area_idx[a] for a in r.research_areas) for r in reviewers]
    else:
        areas = None
    if min_areas > 0 and areas is None:
        raise InputError(
            "--min-areas needs research_areas in the reviewers file",
            path=paths.get("reviewers"),
            field="research_areas",
        )
    problem = AssignmentProblem(
        scores=scores_for_solver,
        demand=demand,
        max_load=loads,
        min_load=mins,
        conflicts=(cp, cr),
        forced=(fp, fr),
        forbidden=(xp, xr),
        reviewer_areas=areas,
        min_areas=int(min_areas),
        paper_ids=pids,
        reviewer_ids=rids,
    )
    problem.validate()
    return AssignInputs(
        problem=problem,
        affinity=affinity,
        submissions=submissions,
        reviewers=reviewers,
        bids=bid_map,
        area_names=names,
        missing_scores=missing,
    )


def matrix_from_rows(rows: Sequence[tuple], pids, rids, path: str | None = None) -> ScoreMatrix:
    """A :class:`ScoreMatrix` from ``(reviewer_id, paper_id, score)`` rows (unknown ids, duplicates:
    InputError naming file and line)."""
    p, r = pairs_of(rows, pids, rids, path, "scores")
    R = len(rids)
    flat = p * R + r
    uniq, counts = np.unique(flat, return_counts=True)
    if (counts > 1).any():
        key = uniq[np.flatnonzero(counts > 1)[0]]
        second = int(np.flatnonzero(flat == key)[1])
        raise InputError(
            f"duplicate score for reviewer {rids[key % R]!r} and paper {pids[key // R]!r}",
            path=path,
            line=line_of(path, second),
        )
    values = np.zeros((len(pids), R), dtype=np.float32)
    values.ravel()[flat] = np.fromiter((row[2] for row in rows), dtype=np.float64, count=len(rows))
    return ScoreMatrix(values, int(uniq.size))
