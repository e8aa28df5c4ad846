"""The reviewer-assignment problem model, the result record and an independent constraint checker.

Conventions
-----------
* ``scores`` is a ``(P, R)`` matrix, higher is better. Dense ``numpy`` arrays (any float dtype; the
  benchmark matrices are float32 and are never copied to float64 as a whole) or ``scipy.sparse``
  matrices. For a *sparse* matrix only the stored entries are candidate pairs: a pair that is not stored
  is never assigned (it behaves like a forbidden pair). Explicitly stored zeros are candidates with
  affinity 0. NaN scores are rejected.
* ``conflicts``/``forced``/``forbidden`` are ``(paper_idx, reviewer_idx)`` pairs of integer arrays.
* ``reviewer_areas`` is either an int array of shape ``(R,)`` (one area per reviewer, values >= 0) or a
  list of ``R`` sets of area ids (several or no areas per reviewer). ``min_areas = m`` asks that the
  reviewers of paper ``p`` cover at least ``min(m, demand[p])`` distinct areas.
* Inputs are never mutated; solvers read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from confero.engine.errors import InputError

Pairs = tuple[np.ndarray, np.ndarray]


def empty_pairs() -> Pairs:
    return (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


def sorted_unique(x) -> np.ndarray:
    """Sorted unique int64 values (sort-based: much faster than np.unique's hash path on large arrays)."""
    x = np.sort(np.asarray(x, dtype=np.int64).ravel())
    return x[np.r_[True, x[1:] != x[:-1]]] if x.size else x


def unique_inverse(x) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(x, return_inverse=True)`` for int arrays, sort-based."""
    x = np.asarray(x, dtype=np.int64).ravel()
    order = np.argsort(x, kind="stable")
    xs = x[order]
    first = np.r_[True, xs[1:] != xs[:-1]] if xs.size else np.zeros(0, dtype=bool)
    inv = np.empty(x.size, dtype=np.int64)
    inv[order] = np.cumsum(first) - 1
    return xs[first], inv


def in_sorted(x, sorted_set: np.ndarray) -> np.ndarray:
    """Boolean mask: which values of ``x`` occur in the sorted array ``sorted_set``."""
    x = np.asarray(x, dtype=np.int64)
    if sorted_set.size == 0:
        return np.zeros(x.shape, dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_set, x), sorted_set.size - 1)
    return sorted_set[pos] == x


def _is_sparse(x) -> bool:
    try:
        import scipy.sparse as sp
    except ImportError:  # pragma: no cover - scipy is a dependency
        return False
    return sp.issparse(x)


@dataclass
class AssignmentProblem:
    scores: object  # np.ndarray | scipy.sparse matrix, shape (P, R)
    demand: np.ndarray  # (P,) int
    max_load: np.ndarray  # (R,) int
    min_load: np.ndarray | None = None  # (R,) int, default zeros
    conflicts: Pairs = field(default_factory=empty_pairs)
    forced: Pairs = field(default_factory=empty_pairs)
    forbidden: Pairs = field(default_factory=empty_pairs)
    reviewer_areas: object = None  # (R,) int array | list[frozenset[int]] | None
    min_areas: int = 0
    paper_ids: Sequence[str] | None = None
    reviewer_ids: Sequence[str] | None = None

    # ---------------------------------------------------------------- basics
    @property
    def shape(self) -> tuple[int, int]:
        return tuple(self.scores.shape)  # type: ignore[return-value]

    @property
    def n_papers(self) -> int:
        return int(self.scores.shape[0])

    @property
    def n_reviewers(self) -> int:
        return int(self.scores.shape[1])

    @property
    def is_sparse(self) -> bool:
        return _is_sparse(self.scores)

    def min_load_array(self) -> np.ndarray:
        if self.min_load is None:
            return np.zeros(self.n_reviewers, dtype=np.int64)
        return np.asarray(self.min_load, dtype=np.int64)

    def paper_name(self, p: int) -> str:
        return str(self.paper_ids[p]) if self.paper_ids is not None else f"paper #{p}"

    def reviewer_name(self, r: int) -> str:
        return str(self.reviewer_ids[r]) if self.reviewer_ids is not None else f"reviewer #{r}"

    def pairs(self, name: str) -> Pairs:
        p, r = getattr(self, name)
        return np.asarray(p, dtype=np.int64).ravel(), np.asarray(r, dtype=np.int64).ravel()

    def blocked_flat(self) -> np.ndarray:
        """Sorted unique flat indices ``p * R + r`` of conflicts and forbidden pairs."""
        R = self.n_reviewers
        cp, cr = self.pairs("conflicts")
        fp, fr = self.pairs("forbidden")
        return sorted_unique(np.concatenate([cp * R + cr, fp * R + fr]))

    def single_areas(self) -> np.ndarray | None:
        """Area per reviewer as an int array when every reviewer has exactly one area, else None."""
        a = self.reviewer_areas
        if a is None:
            return None
        if isinstance(a, np.ndarray) and a.ndim == 1 and a.dtype.kind in "iu":
            return a.astype(np.int64, copy=False)
        sets = list(a)
        if all(len(s) == 1 for s in sets):
            return np.array([next(iter(s)) for s in sets], dtype=np.int64)
        return None

    def area_sets(self) -> list[frozenset[int]]:
        a = self.reviewer_areas
        if a is None:
            return [frozenset() for _ in range(self.n_reviewers)]
        if isinstance(a, np.ndarray) and a.ndim == 1 and a.dtype.kind in "iu":
            return [frozenset((int(x),)) for x in a]
        return [frozenset(int(x) for x in s) for s in a]

    def effective_min_areas(self) -> np.ndarray:
        """Per-paper number of distinct areas required: ``min(min_areas, demand[p])``."""
        d = np.asarray(self.demand, dtype=np.int64)
        return np.minimum(d, int(self.min_areas)) if self.min_areas > 0 else np.zeros_like(d)

    # ------------------------------------------------------------ validation
    def validate(self) -> None:
        """Raise :class:`InputError` on shape, type or range mistakes (not on infeasibility)."""
        S = self.scores
        if not (isinstance(S, np.ndarray) or _is_sparse(S)):
            raise InputError("scores must be a numpy array or a scipy.sparse matrix", field="scores")
        if len(S.shape) != 2:
            raise InputError(f"scores must be 2-D, got shape {S.shape}", field="scores")
        P, R = S.shape
        dt = S.dtype
        if dt.kind not in "fiu":
            raise InputError(f"scores must be numeric, got dtype {dt}", field="scores")
        if _is_sparse(S):
            vals = S.data
            if dt.kind == "f" and vals.size and not np.isfinite(vals).all():
                raise InputError("scores contain NaN or infinite values", field="scores")
        elif dt.kind == "f":
            step = max(1, (1 << 24) // max(R, 1))
            for s in range(0, P, step):
                if not np.isfinite(S[s : s + step]).all():
                    raise InputError("scores contain NaN or infinite values", field="scores")
        for name, n in (("demand", P), ("max_load", R)):
            self._check_counts(name, getattr(self, name), n)
        if self.min_load is not None:
            self._check_counts("min_load", self.min_load, R)
            bad = np.flatnonzero(np.asarray(self.min_load) > np.asarray(self.max_load))
            if bad.size:
                raise InputError(
                    f"min_load > max_load for {bad.size} reviewer(s), e.g. {self.reviewer_name(int(bad[0]))}",
                    field="min_load",
                )
        for name in ("conflicts", "forced", "forbidden"):
            self._check_pairs(name, P, R)
        self._check_forced_are_candidates()
        if int(self.min_areas) < 0:
            raise InputError("min_areas must be >= 0", field="min_areas")
        if self.min_areas > 0 and self.reviewer_areas is None:
            raise InputError("min_areas > 0 needs reviewer_areas", field="reviewer_areas")
        a = self.reviewer_areas
        if a is not None:
            if isinstance(a, np.ndarray):
                if a.shape != (R,) or a.dtype.kind not in "iu":
                    raise InputError(
                        f"reviewer_areas must be an int array of shape ({R},)", field="reviewer_areas"
                    )
                if a.size and a.min() < 0:
                    raise InputError("reviewer_areas must be >= 0", field="reviewer_areas")
            elif len(a) != R:
                raise InputError(
                    f"reviewer_areas must have {R} entries, got {len(a)}", field="reviewer_areas"
                )
        for name, n in (("paper_ids", P), ("reviewer_ids", R)):
            ids = getattr(self, name)
            if ids is not None and len(ids) != n:
                raise InputError(f"{name} must have {n} entries, got {len(ids)}", field=name)

    def _check_forced_are_candidates(self) -> None:
        """With a sparse matrix only stored pairs are candidates: a forced pair must be one of them."""
        fp, fr = self.pairs("forced")
        if not (self.is_sparse and fp.size):
            return
        structure = self.scores.tocsr().copy()
        structure.data = np.ones(structure.data.size, dtype=np.int8)  # explicit zeros are candidates too
        outside = np.flatnonzero(np.asarray(structure[fp, fr]).ravel() == 0)
        if outside.size:
            i = int(outside[0])
            raise InputError(
                f"{outside.size} forced pair(s) are not stored in the sparse score matrix, e.g. "
                f"{self.paper_name(int(fp[i]))} / {self.reviewer_name(int(fr[i]))}: store a score for each "
                "forced pair (0 is fine) or drop the force",
                field="forced",
            )

    @staticmethod
    def _check_counts(name: str, arr, n: int) -> None:
        a = np.asarray(arr)
        if a.shape != (n,):
            raise InputError(f"{name} must have shape ({n},), got {a.shape}", field=name)
        if a.dtype.kind not in "iu":
            raise InputError(f"{name} must be integers, got dtype {a.dtype}", field=name)
        if a.size and a.min() < 0:
            raise InputError(f"{name} must be >= 0", field=name)

    def _check_pairs(self, name: str, P: int, R: int) -> None:
        val = getattr(self, name)
        try:
            p, r = val
        except (TypeError, ValueError):
            raise InputError(
                f"{name} must be a pair (paper_idx, reviewer_idx) of arrays", field=name
            ) from None
        p, r = np.asarray(p), np.asarray(r)
        if p.shape != r.shape or p.ndim != 1:
            raise InputError(f"{name}: paper and reviewer index arrays differ in shape", field=name)
        if p.size and (p.dtype.kind not in "iu" or r.dtype.kind not in "iu"):
            raise InputError(f"{name}: indices must be integers", field=name)
        if p.size and (p.min() < 0 or p.max() >= P or r.min() < 0 or r.max() >= R):
            raise InputError(f"{name}: index out of range for {P} papers x {R} reviewers", field=name)


@dataclass
class Assignment:
    rows: np.ndarray  # paper indices
    cols: np.ndarray  # reviewer indices
    total: float  # total affinity (float64 sum of the input scores of the assigned pairs)
    objective: str
    gap: float | None = None  # proven upper bound minus total (0.0 = proven optimal), None if unknown
    stats: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.rows.size)


def pair_scores(scores, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Scores of the given pairs as float64 (0 for pairs a sparse matrix does not store)."""
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    if _is_sparse(scores):
        S = scores.tocsr()
        if not S.has_canonical_format:
            S = S.copy()  # never mutate the caller's matrix
            S.sum_duplicates()
        R = S.shape[1]
        keys = np.repeat(np.arange(S.shape[0], dtype=np.int64), np.diff(S.indptr)) * R + S.indices
        flat = rows * R + cols
        out = np.zeros(flat.size)
        if keys.size:
            pos = np.minimum(np.searchsorted(keys, flat), keys.size - 1)
            hit = keys[pos] == flat
            out[hit] = S.data[pos[hit]]
        return out
    return np.asarray(scores[rows, cols], dtype=np.float64)


def check_assignment(problem: AssignmentProblem, assignment: Assignment) -> list[str]:
    """Every violated hard constraint as a sentence (empty list = valid). Independent of any solver."""
    P, R = problem.shape
    rows = np.asarray(assignment.rows, dtype=np.int64)
    cols = np.asarray(assignment.cols, dtype=np.int64)
    out: list[str] = []
    if rows.shape != cols.shape:
        return ["rows and cols differ in length"]
    if rows.size and (rows.min() < 0 or rows.max() >= P or cols.min() < 0 or cols.max() >= R):
        return ["index out of range"]
    flat = rows * R + cols
    n_unique = sorted_unique(flat).size
    if n_unique != flat.size:
        out.append(f"{flat.size - n_unique} duplicate pair(s)")
    cnt = np.bincount(rows, minlength=P)
    demand = np.asarray(problem.demand, dtype=np.int64)
    for p in np.flatnonzero(cnt != demand)[:5]:
        out.append(f"{problem.paper_name(int(p))} has {cnt[p]} reviewers, needs {demand[p]}")
    load = np.bincount(cols, minlength=R)
    for r in np.flatnonzero(load > np.asarray(problem.max_load))[:5]:
        out.append(f"{problem.reviewer_name(int(r))} has load {load[r]} > max {problem.max_load[r]}")
    mn = problem.min_load_array()
    for r in np.flatnonzero(load < mn)[:5]:
        out.append(f"{problem.reviewer_name(int(r))} has load {load[r]} < min {mn[r]}")
    blocked = problem.blocked_flat()
    nb = int(in_sorted(flat, blocked).sum())
    if nb:
        out.append(f"{nb} conflict/forbidden pair(s) assigned")
    if problem.is_sparse and rows.size:
        structure = problem.scores.tocsr().copy()
        structure.data = np.ones(structure.data.size, dtype=np.int8)  # explicit zeros are candidates too
        outside = int((np.asarray(structure[rows, cols]).ravel() == 0).sum())
        if outside:
            out.append(f"{outside} pair(s) outside the sparse candidate set assigned")
    fp, fr = problem.pairs("forced")
    missing = int((~in_sorted(fp * R + fr, sorted_unique(flat))).sum())
    if missing:
        out.append(f"{missing} forced pair(s) not assigned")
    m = problem.effective_min_areas()
    if problem.min_areas > 0 and rows.size:
        sets = problem.area_sets()
        per_paper: dict[int, set[int]] = {}
        for p, r in zip(rows.tolist(), cols.tolist(), strict=True):  # O(assignments), not O(P*R)
            per_paper.setdefault(p, set()).update(sets[r])
        short = [p for p in range(P) if len(per_paper.get(p, ())) < m[p]]
        for p in short[:5]:
            out.append(
                f"{problem.paper_name(p)} has reviewers from {len(per_paper.get(p, ()))} area(s), needs {m[p]}"
            )
        if len(short) > 5:
            out.append(f"... {len(short)} papers below min_areas in all")
    return out
