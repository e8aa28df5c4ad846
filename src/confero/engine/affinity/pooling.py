"""Pool a reviewer's publication similarities into one score per (submission, reviewer).

A pooling spec is a short string:

* ``mean``            average similarity over the reviewer's publications (TPMS-like profile);
* ``max``             the single closest publication;
* ``topK`` / ``topk:K`` average of the K closest publications (fewer if the reviewer has fewer);
* ``softmax:T``       similarity-weighted average, weights ``exp(s / T)``: T -> 0 is max, T -> inf is mean;
* ``recency:H``       average weighted by ``0.5 ** (age / H)``, age in years since the reviewer's newest
                      publication (publications without a year count as the reviewer's oldest).

All functions are vectorised over submissions x reviewers x publications (no Python loop over cells).
Reviewers with no publications get 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..errors import InputError

POOLING_HELP = "mean, max, topK (e.g. top3), softmax:T (e.g. softmax:0.05), recency:H (half-life in years)"


@dataclass(frozen=True)
class Pooling:
    method: str
    param: float | None = None

    def __str__(self) -> str:
        if self.method == "topk":
            return f"top{int(self.param)}"
        return self.method if self.param is None else f"{self.method}:{self.param:g}"


def parse_pooling(spec: str | Pooling) -> Pooling:
    if isinstance(spec, Pooling):
        return spec
    text = str(spec).strip().lower()
    if text in ("mean", "max"):
        return Pooling(text)
    m = re.fullmatch(r"top(?:k:)?(\d+)", text)
    if m and int(m.group(1)) >= 1:
        return Pooling("topk", float(int(m.group(1))))
    m = re.fullmatch(r"(softmax|recency):([0-9]*\.?[0-9]+(?:e-?[0-9]+)?)", text)
    if m and float(m.group(2)) > 0:
        return Pooling(m.group(1), float(m.group(2)))
    raise InputError(f"unknown pooling {spec!r}; use one of: {POOLING_HELP}", field="pooling")


class ProfileLayout:
    """Publications grouped by reviewer as a padded ``(n_reviewers, L)`` index with a validity mask."""

    def __init__(self, owner: np.ndarray, n_reviewers: int, years: np.ndarray | None = None):
        owner = np.asarray(owner, dtype=np.int64)
        self.n_reviewers = n_reviewers
        self.n_publications = len(owner)
        self.counts = np.bincount(owner, minlength=n_reviewers) if len(owner) else np.zeros(n_reviewers, int)
        width = int(self.counts.max()) if n_reviewers and len(owner) else 0
        order = np.argsort(owner, kind="stable")
        starts = np.concatenate([[0], np.cumsum(self.counts)[:-1]]) if n_reviewers else np.zeros(0, int)
        slot = np.arange(len(owner)) - starts[owner[order]] if len(owner) else np.zeros(0, int)
        self.index = np.zeros((n_reviewers, width), dtype=np.int64)
        self.mask = np.zeros((n_reviewers, width), dtype=bool)
        self.index[owner[order], slot] = order
        self.mask[owner[order], slot] = True
        self.years = None
        if years is not None and width:
            y = np.asarray(years, dtype=float)[self.index]
            y[~self.mask] = np.nan
            self.years = y

    def recency_weights(self, half_life: float) -> np.ndarray:
        if self.years is None:
            return self.mask.astype(float)
        y = self.years.copy()
        with np.errstate(all="ignore"):
            newest = np.nanmax(np.where(np.isnan(y), -np.inf, y), axis=1, keepdims=True)
            oldest = np.nanmin(np.where(np.isnan(y), np.inf, y), axis=1, keepdims=True)
        y = np.where(np.isnan(y), oldest, y)
        age = newest - y
        age[~np.isfinite(age)] = 0.0  # no known year for this reviewer: uniform weights
        return np.where(self.mask, 0.5 ** (age / half_life), 0.0)


def pool(sims: np.ndarray, layout: ProfileLayout, pooling: str | Pooling) -> np.ndarray:
    """``sims`` is ``(n_submissions, n_publications)``; returns ``(n_submissions, n_reviewers)``."""
    p = parse_pooling(pooling)
    n_sub = sims.shape[0]
    out = np.zeros((n_sub, layout.n_reviewers), dtype=np.float64)
    if layout.index.shape[1] == 0 or n_sub == 0:
        return out
    has = layout.counts > 0
    g = np.asarray(sims, dtype=np.float64)[:, layout.index]  # (n_sub, n_rev, L)
    mask = layout.mask[None, :, :]
    count = np.maximum(layout.counts, 1)[None, :]
    if p.method == "mean":
        out = np.where(mask, g, 0.0).sum(-1) / count
    elif p.method == "max":
        out = np.where(mask, g, -np.inf).max(-1)
    elif p.method == "topk":
        k = int(p.param)
        x = np.where(mask, g, -np.inf)
        if k < x.shape[-1]:
            x = -np.partition(-x, k - 1, axis=-1)[..., :k]
        x = np.where(np.isfinite(x), x, 0.0)
        out = x.sum(-1) / np.minimum(count, k)
    elif p.method == "softmax":
        x = np.where(mask, g, -np.inf)
        top = x.max(-1, keepdims=True)
        top = np.where(np.isfinite(top), top, 0.0)
        w = np.where(mask, np.exp((np.where(mask, g, 0.0) - top) / p.param), 0.0)
        out = (w * np.where(mask, g, 0.0)).sum(-1) / np.maximum(w.sum(-1), 1e-300)
    elif p.method == "recency":
        w = layout.recency_weights(p.param)[None, :, :]
        out = (w * np.where(mask, g, 0.0)).sum(-1) / np.maximum(w.sum(-1), 1e-300)
    else:  # pragma: no cover - parse_pooling only returns the methods above
        raise InputError(f"unknown pooling {p}")
    return np.where(has[None, :], out, 0.0)
