"""Ids to row/column indices, with errors that name the file and the line of the first unknown id."""

from __future__ import annotations

import csv
from collections.abc import Sequence

import numpy as np

from .errors import InputError


def line_of(path: str | None, index: int) -> int | None:
    """Line number of the ``index``-th non-blank data row of a CSV file (used for error messages)."""
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            next(reader, None)
            i = -1
            for row in reader:
                if not any(v.strip() for v in row):
                    continue
                i += 1
                if i == index:
                    return reader.line_num
    except OSError:
        return None
    return None


def index_of(known: Sequence[str], values: Sequence[str]) -> np.ndarray:
    """Position of each value in ``known`` (-1 when absent), vectorised with a sorted search."""
    known_arr = np.asarray(list(known), dtype=object).astype(str)
    vals = np.asarray(list(values), dtype=object).astype(str)
    if vals.size == 0:
        return np.zeros(0, dtype=np.int64)
    if known_arr.size == 0:
        return np.full(vals.size, -1, dtype=np.int64)
    order = np.argsort(known_arr, kind="stable")
    sk = known_arr[order]
    pos = np.minimum(np.searchsorted(sk, vals), sk.size - 1)
    return np.where(sk[pos] == vals, order[pos], -1).astype(np.int64)


def pairs_of(
    rows: Sequence[tuple], paper_ids, reviewer_ids, path: str | None, what: str
) -> tuple[np.ndarray, np.ndarray]:
    """(paper_idx, reviewer_idx) of ``(reviewer_id, paper_id, ...)`` rows; unknown ids -> InputError."""
    r = index_of(reviewer_ids, [row[0] for row in rows])
    p = index_of(paper_ids, [row[1] for row in rows])
    for arr, col, kind in ((r, 0, "reviewer"), (p, 1, "paper")):
        bad = np.flatnonzero(arr < 0)
        if bad.size:
            i = int(bad[0])
            raise InputError(
                f"unknown {kind} id {rows[i][col]!r} in {what} ({bad.size} row(s) with unknown {kind} ids; "
                f"not in the {'reviewers' if kind == 'reviewer' else 'submissions'} file)",
                path=path,
                line=line_of(path, i),
                field=f"{kind if kind == 'reviewer' else 'paper'}_id",
            )
    return p, r
