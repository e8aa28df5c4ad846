"""What a run was computed from, kept beside it: ``DATA_DIR/matching/<workshop>/run-<id>.npz``.

The affinity matrix, the papers and members in index order, demands, loads, research areas and the bids
as they were when the run started. Reports after hand edits, reports for an organizer who may not see
some papers, scores of hand-added pairs and run comparisons all read this file, never the engine again.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings


def indices(known: np.ndarray, values) -> np.ndarray:
    """Position of each value in the sorted array ``known``; -1 where absent (vectorised)."""
    values = np.asarray(values, dtype=np.int64).ravel()
    if not known.size or not values.size:
        return np.full(values.size, -1, dtype=np.int64)
    pos = np.minimum(np.searchsorted(known, values), known.size - 1)
    return np.where(known[pos] == values, pos, -1)


BID_LEVEL = {2: "very-high", 1: "high", 0: "neutral", -1: "low", -2: "very-low"}


@dataclass
class RunData:
    affinity: np.ndarray  # (P, R) float32, raw expertise (bids excluded)
    submission_pks: np.ndarray  # (P,)
    numbers: np.ndarray  # (P,) submission numbers
    reviewer_pks: np.ndarray  # (R,)
    demand: np.ndarray  # (P,) reviewers wanted
    max_load: np.ndarray  # (R,)
    area_r: np.ndarray  # reviewer index of each (reviewer, area) membership
    area_a: np.ndarray  # area index of each membership
    bid_p: np.ndarray  # paper index of each bid
    bid_r: np.ndarray  # reviewer index of each bid
    bid_v: np.ndarray  # bid value -2..2

    FIELDS = [
        "affinity",
        "submission_pks",
        "numbers",
        "reviewer_pks",
        "demand",
        "max_load",
        "area_r",
        "area_a",
        "bid_p",
        "bid_r",
        "bid_v",
    ]

    @property
    def shape(self) -> tuple[int, int]:
        return tuple(self.affinity.shape)

    def paper_index(self) -> dict[int, int]:
        return {pk: i for i, pk in enumerate(self.submission_pks.tolist())}

    def reviewer_index(self) -> dict[int, int]:
        return {pk: j for j, pk in enumerate(self.reviewer_pks.tolist())}

    def area_sets(self) -> list[frozenset] | None:
        """Research areas of each reviewer (None when nobody has any)."""
        if not self.area_r.size:
            return None
        sets: list[set] = [set() for _ in range(self.shape[1])]
        for r, a in zip(self.area_r.tolist(), self.area_a.tolist(), strict=True):  # O(memberships)
            sets[r].add(a)
        return [frozenset(s) for s in sets]

    def bid_levels(self, papers: np.ndarray | None = None) -> dict[tuple[int, int], str]:
        """{(paper index, reviewer index): level} of the non-neutral bids (``papers``: new index of each
        old paper index, -1 to drop, for a report on some papers only)."""
        out = {}
        for p, r, v in zip(self.bid_p.tolist(), self.bid_r.tolist(), self.bid_v.tolist(), strict=True):
            q = p if papers is None else int(papers[p])
            if v and q >= 0:
                out[(q, r)] = BID_LEVEL[v]
        return out

    def solver_scores(self, bid_weight: float) -> np.ndarray:
        """The scores the solver maximised: affinity plus the bids' modifiers."""
        from confero.engine.assign.bids import apply_bids, bid_deltas

        keep = self.bid_v != 0
        if not keep.any() or bid_weight == 0:
            return self.affinity
        levels = [BID_LEVEL[v] for v in self.bid_v[keep].tolist()]
        return apply_bids(self.affinity, self.bid_p[keep], self.bid_r[keep], bid_deltas(levels, bid_weight))


def path_for(run) -> Path:
    return Path(settings.DATA_DIR) / "matching" / str(run.workshop_id) / f"run-{run.pk}.npz"


def save(run, data: RunData) -> None:
    path = path_for(run)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        np.savez(fh, **{name: getattr(data, name) for name in RunData.FIELDS})
    os.replace(tmp, path)


_LOADED: OrderedDict[tuple, RunData] = OrderedDict()


def load(run) -> RunData:
    """The run's inputs (a few recently read files are kept in memory, keyed by path and change time)."""
    path = path_for(run)
    key = (str(path), path.stat().st_mtime_ns)
    if key in _LOADED:
        _LOADED.move_to_end(key)
        return _LOADED[key]
    with np.load(path) as npz:
        data = RunData(**{name: npz[name] for name in RunData.FIELDS})
    _LOADED[key] = data
    while len(_LOADED) > 6:
        _LOADED.popitem(last=False)
    return data


def exists(run) -> bool:
    return path_for(run).exists()


def plot_dir(run) -> Path:
    return Path(settings.DATA_DIR) / "matching" / str(run.workshop_id) / f"run-{run.pk}-plots"
