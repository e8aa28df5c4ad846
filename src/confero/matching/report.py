"""A run's quality report as one organizer may see it: the engine's report of the current proposal
(after hand edits too), over the papers that organizer may see (``assignment.view``).

The report of the whole proposal is kept on the run (``MatchingRun.report``) for its current revision;
a report leaving out some papers is computed from the run's stored inputs when asked (a few ms).
"""

from __future__ import annotations

import json
import os

import numpy as np

from confero import permissions

from . import plots, store
from .models import MatchingRun, ProposedAssignment
from .params import RunParams

SUMMARY_KEYS = (
    ("total_affinity", "total affinity"),
    ("mean_affinity", "mean affinity per pair"),
    ("min_affinity", "weakest pair"),
    ("weak_matches", "weak pairs"),
    ("papers_short", "papers short of reviewers"),
    ("papers_below_min_areas", "papers below the minimum of areas"),
    ("reviewers_unused", "PC members without papers"),
    ("reviewers_at_max", "PC members at their maximum"),
)


def hidden_submissions(user, workshop) -> frozenset[int]:
    """Submission ids of ``workshop`` whose assignment ``user`` may not see (they wrote them, or have a
    conflict with them): left out of every list, count and plot shown to them."""
    from confero.submissions.models import Submission

    subs = list(
        Submission.objects.filter(workshop=workshop).only("pk", "workshop_id", "manager_id", "status")
    )
    for sub in subs:
        sub.workshop = workshop  # one workshop object: the permission facts are loaded once
    allowed = {s.pk for s in permissions.allowed(user, "assignment.view", subs)}
    return frozenset(s.pk for s in subs if s.pk not in allowed)


def current_pairs(run, data: store.RunData) -> tuple[np.ndarray, np.ndarray]:
    """(paper index, reviewer index) of the run's proposal as it is now."""
    pairs = np.asarray(
        list(ProposedAssignment.objects.filter(run=run).values_list("submission_id", "reviewer_id")),
        dtype=np.int64,
    ).reshape(-1, 2)
    rows, cols = (
        store.indices(data.submission_pks, pairs[:, 0]),
        store.indices(data.reviewer_pks, pairs[:, 1]),
    )
    ok = (rows >= 0) & (cols >= 0)
    return rows[ok], cols[ok]


def engine_report(run, hidden: frozenset = frozenset()) -> dict:
    """The engine's quality report (with its arrays, for the plot) of the proposal without ``hidden``."""
    from confero.engine.assign import Assignment as Solution
    from confero.engine.assign import AssignmentProblem, pair_scores
    from confero.engine.assign.report import quality_report

    data, params = store.load(run), RunParams.from_json(run.params)
    keep = ~np.isin(data.submission_pks, np.fromiter(hidden, dtype=np.int64, count=len(hidden)))
    new_index = np.where(keep, np.cumsum(keep) - 1, -1)
    rows, cols = current_pairs(run, data)
    visible = keep[rows]
    rows, cols = new_index[rows[visible]], cols[visible]
    scores = data.solver_scores(params.bid_weight)[keep]
    problem = AssignmentProblem(
        scores=scores,
        demand=data.demand[keep],
        max_load=data.max_load,
        reviewer_areas=data.area_sets(),
        min_areas=params.min_areas if data.area_r.size else 0,
    )
    total = float(pair_scores(scores, rows, cols).sum())
    solution = Solution(rows, cols, total, params.objective, None, {})
    return quality_report(problem, solution, affinity=data.affinity[keep], bids=data.bid_levels(new_index))


def report(run: MatchingRun, hidden: frozenset = frozenset()) -> dict:
    """The public (JSON) report of the proposal as it is now, over the papers not in ``hidden``."""
    from confero.engine.assign.report import public

    hidden = hidden & frozenset(store.load(run).submission_pks.tolist()) if hidden else hidden
    stored = run.report or {}
    if not hidden and stored.get("revision") == run.revision and "assignments" in stored:
        return stored
    cached = plots.path(run, hidden, run.revision).with_suffix(".json")
    if hidden and cached.exists():
        return json.loads(cached.read_text())
    rep = plots.jsonable(public(engine_report(run, hidden)))
    rep["notes"] = stored.get("notes", [])
    rep["timings"] = stored.get("timings", {})
    rep["revision"] = run.revision
    rep["hidden"] = len(hidden)
    if not hidden:  # keep it for the next visitor (unless an edit came in meanwhile)
        MatchingRun.objects.filter(pk=run.pk, revision=run.revision).update(report=rep)
        run.report = rep
    else:  # keyed by revision and the hidden papers, like the plots
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(json.dumps(rep))
        os.replace(tmp, cached)
    return rep


def plot_file(run: MatchingRun, hidden: frozenset = frozenset()):
    """Path of the PNG plot of the proposal as it is now, without ``hidden`` (drawn if missing)."""
    hidden = hidden & frozenset(store.load(run).submission_pks.tolist()) if hidden else hidden
    target = plots.path(run, hidden, run.revision)
    if target.exists():
        return target
    return plots.draw(run, engine_report(run, hidden), hidden, run.revision)


def fmt(value) -> str:
    if isinstance(value, bool) or value is None:
        return "—" if value is None else str(value)
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def summary(rep: dict) -> list[tuple[str, str]]:
    """The headline figures of a report, labelled and formatted (for the result page)."""
    return [(label, fmt(rep.get(key))) for key, label in SUMMARY_KEYS if key in rep]
