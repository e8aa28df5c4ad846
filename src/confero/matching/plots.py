"""The engine's quality plot of a run as a PNG file beside the run, one per (revision, hidden papers).

Drawing takes about half a second (matplotlib, imported only here); the file is reused until the
proposal is edited (the revision changes) — and an organizer who may not see some papers gets a plot of
the others only.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from . import store


def jsonable(data: dict) -> dict:
    """A report with numpy numbers turned into plain ones (and integer keys into strings)."""

    def default(value):
        if isinstance(value, np.generic):
            return value.item()
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")

    return json.loads(json.dumps(data, default=default))


def _key(hidden: frozenset) -> str:
    if not hidden:
        return "all"
    return hashlib.sha256(",".join(map(str, sorted(hidden))).encode()).hexdigest()[:16]


def path(run, hidden: frozenset, revision: int) -> Path:
    return store.plot_dir(run) / f"r{revision}-{_key(hidden)}.png"


def draw(run, rep: dict, hidden: frozenset, revision: int) -> Path:
    """Write the plot of the report ``rep`` (with its arrays) and return its path."""
    from confero.engine.assign.plot import plot_report

    target = path(run, hidden, revision)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        plot_report(rep, target)
    return target
