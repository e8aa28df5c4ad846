"""One matching run, as a background job: read → conflicts → affinity → solve → explain → save.

Every write of the job is conditional on the run still being RUNNING: an organizer's cancel (or the
dead-worker check) changes the status, and the job notices at its next step and stops without saving.
The assignment itself is the engine's (:mod:`confero.engine.assign`): no solver code here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from confero.bidding import affinity, jobs
from confero.bidding.inputs import read_inputs
from confero.bidding.models import Bid
from confero.engine.errors import InfeasibleError, InputError
from confero.people.models import User

from . import checks, plots, store
from .models import MatchingRun, ProposedAssignment
from .params import RunParams

log = logging.getLogger(__name__)
Status = MatchingRun.Status


STAGES = {
    "reading": "Reading submissions, program committee and bids",
    "conflicts": "Collecting conflicts of interest",
    "affinity": "Computing expertise (affinity from cached embeddings)",
    "solving": "Solving the assignment",
    "explaining": "Explaining each pair",
    "saving": "Saving the proposal",
}


class Stopped(Exception):
    """The run is no longer RUNNING (cancelled, or marked dead): stop without saving."""


class Job:
    def __init__(self, run: MatchingRun):
        self.run, self.params = run, RunParams.from_json(run.params)
        self.timings: dict[str, float] = {}
        self._t = time.perf_counter()

    def step(self, key: str, percent: int, label: str = "") -> None:
        """Say what the run does now (``key`` names the stage in the timings); Stopped if it was
        cancelled meanwhile."""
        self.clock(key)
        alive = MatchingRun.objects.filter(pk=self.run.pk, status=Status.RUNNING).update(
            stage=label or STAGES[key], progress=percent, heartbeat_at=timezone.now()
        )
        if not alive:
            raise Stopped

    def clock(self, key: str | None) -> None:
        """Close the time of the stage under way and start ``key``'s."""
        now = time.perf_counter()
        if self.timings:
            last = next(reversed(self.timings))
            self.timings[last] = round(self.timings[last] + now - self._t, 3)
        if key is not None:
            self.timings.setdefault(key, 0.0)
        self._t = now

    # ---------------------------------------------------------------- stages
    def read(self):
        self.step("reading", 3)
        workshop, p = self.run.workshop, self.params
        inputs = read_inputs(workshop)
        P, R = inputs.shape
        if P == 0:
            raise InputError("there are no submissions to assign", field="submissions")
        if R == 0:
            raise InputError("the program committee has no members yet", field="reviewers")
        area_keys = sorted({k for r in inputs.reviewers for k in r.research_areas})
        area_of = {k: i for i, k in enumerate(area_keys)}
        members = [(j, area_of[k]) for j, r in enumerate(inputs.reviewers) for k in r.research_areas]
        area_r = np.array([m[0] for m in members], dtype=np.int64)
        area_a = np.array([m[1] for m in members], dtype=np.int64)
        if p.min_areas > 0 and not members:
            raise InputError(
                "no PC member has chosen research areas: set the minimum number of areas to 0, or ask the "
                "members to complete their profiles",
                field="min_areas",
            )
        bids = np.asarray(
            list(Bid.objects.filter(workshop=workshop).values_list("submission_id", "reviewer_id", "value")),
            dtype=np.int64,
        ).reshape(-1, 3)
        bp, br = (
            store.indices(inputs.submission_pks, bids[:, 0]),
            store.indices(inputs.reviewer_pks, bids[:, 1]),
        )
        ok = (bp >= 0) & (br >= 0)
        loads = [p.default_max_load if r.max_load is None else r.max_load for r in inputs.reviewers]
        self.data = store.RunData(
            affinity=np.zeros((0, 0), dtype=np.float32),
            submission_pks=inputs.submission_pks,
            numbers=inputs.numbers,
            reviewer_pks=inputs.reviewer_pks,
            demand=np.full(P, p.per_paper, dtype=np.int64),
            max_load=np.array(loads, dtype=np.int64),
            area_r=area_r,
            area_a=area_a,
            bid_p=bp[ok],
            bid_r=br[ok],
            bid_v=bids[ok, 2],
        )
        self.inputs = inputs
        self.names = dict(User.objects.filter(pk__in=inputs.reviewer_pks.tolist()).values_list("pk", "name"))

    def conflicts(self):
        self.step("conflicts", 10)
        sub_pks, user_pks = checks.conflict_pairs(self.run.workshop, potential=self.params.avoid_potential)
        cp, cr = (
            store.indices(self.inputs.submission_pks, sub_pks),
            store.indices(self.inputs.reviewer_pks, user_pks),
        )
        ok = (cp >= 0) & (cr >= 0)
        self.conflict_pairs = (cp[ok], cr[ok])

    def affinity(self):
        self.step("affinity", 15)
        workshop, model = self.run.workshop, affinity.model_name()
        matrix = affinity.reusable(workshop, self.inputs, model) or affinity.compute(
            workshop, model=model, inputs=self.inputs
        )
        scores = affinity.load(matrix)
        if not (
            np.array_equal(scores.submission_pks, self.inputs.submission_pks)
            and np.array_equal(scores.reviewer_pks, self.inputs.reviewer_pks)
        ):
            raise RuntimeError("the affinity matrix does not match the run's submissions and PC members")
        self.matrix = matrix
        self.data.affinity = np.asarray(scores.values, dtype=np.float32)
        store.save(self.run, self.data)

    def solve(self):
        from confero.engine.assign import AssignmentProblem, check_assignment, get_solver

        self.step("solving", 55, f"Solving the assignment ({self.params.objective})")
        d, p = self.data, self.params
        self.problem = AssignmentProblem(
            scores=d.solver_scores(p.bid_weight),
            demand=d.demand,
            max_load=d.max_load,
            conflicts=self.conflict_pairs,
            reviewer_areas=d.area_sets(),
            min_areas=p.min_areas if d.area_r.size else 0,
            paper_ids=[f"#{n}" for n in d.numbers.tolist()],
            reviewer_ids=[self.names.get(pk) or f"member {pk}" for pk in d.reviewer_pks.tolist()],
        )
        self.problem.validate()
        self.assignment = get_solver(p.objective).solve(self.problem, seed=p.seed)
        problems = check_assignment(self.problem, self.assignment)
        if problems:  # an engine bug: never propose an invalid assignment
            raise RuntimeError("the solver returned an invalid assignment: " + "; ".join(problems))

    def explain(self):
        from confero.engine.assign.explain import explain_pairs

        self.step("explaining", 80)
        names = self.inputs.area_names
        reviewers = [
            dataclasses.replace(r, research_areas=tuple(names.get(k, k) for k in r.research_areas))
            for r in self.inputs.reviewers
        ]
        rows, cols = self.assignment.rows, self.assignment.cols
        self.explanations = explain_pairs(
            rows, cols, self.inputs.submissions, reviewers, bids=self.data.bid_levels(), k=3
        )

    def save(self):
        from confero.engine.assign.problem import pair_scores
        from confero.engine.assign.report import public, quality_report

        self.step("saving", 92)
        d = self.data
        rep = quality_report(self.problem, self.assignment, affinity=d.affinity, bids=d.bid_levels())
        self.step("saving", 95)
        report = plots.jsonable(public(rep))
        report["notes"] = self.notes()
        report["revision"] = 0
        rows, cols = self.assignment.rows, self.assignment.cols
        raw = pair_scores(d.affinity, rows, cols)
        proposals = [
            ProposedAssignment(
                run_id=self.run.pk, submission_id=s, reviewer_id=u, score=float(v), explanation={"text": e}
            )
            for s, u, v, e in zip(
                d.submission_pks[rows].tolist(),
                d.reviewer_pks[cols].tolist(),
                raw.tolist(),
                self.explanations,
                strict=True,
            )
        ]
        with transaction.atomic():
            if (
                not MatchingRun.objects.select_for_update()
                .filter(pk=self.run.pk, status=Status.RUNNING)
                .exists()
            ):
                raise Stopped
            ProposedAssignment.objects.bulk_create(proposals, batch_size=1000)
            self.clock(None)
            report["timings"] = self.timings
            MatchingRun.objects.filter(pk=self.run.pk).update(
                status=Status.DONE,
                progress=100,
                stage="Done",
                report=report,
                affinity=self.matrix,
                finished_at=timezone.now(),
                heartbeat_at=timezone.now(),
            )
        with contextlib.suppress(Exception):  # the plot is drawn again on demand if this fails
            plots.draw(self.run, rep, frozenset(), 0)

    def notes(self) -> list[str]:
        workshop, out = self.run.workshop, []
        if self.matrix.fell_back:
            out.append(
                "The neural expertise model is not installed on this server (pip install 'confero[embeddings]'): "
                f"the affinity comes from the lexical model only ({self.matrix.used})."
            )
        no_pubs = sum(1 for r in self.inputs.reviewers if not r.publications)
        if no_pubs:
            out.append(
                f"{no_pubs} PC member(s) have no publications: their expertise counts as 0 (bids still count)."
            )
        no_areas = sum(1 for r in self.inputs.reviewers if not r.research_areas)
        if no_areas and self.params.min_areas:
            out.append(f"{no_areas} PC member(s) have no research area: they add no area to a paper.")
        if not self.params.avoid_potential:
            from confero.conflicts.models import Conflict

            waiting = Conflict.objects.filter(workshop=workshop, status=Conflict.Status.POTENTIAL).count()
            if waiting:
                out.append(
                    f"{waiting} potential conflict(s) await a decision and were not treated as conflicts."
                )
        return out


def execute(run_id: int, *, background: bool = False, worker: str | None = None) -> None:
    """Run the queued run ``run_id`` to its end (DONE, FAILED or CANCELLED). ``background``: the job has
    its own thread or worker, and a heartbeat thread proves it alive while the engine works. ``worker``
    names who runs it (default: this thread)."""
    now = timezone.now()
    worker = worker or (jobs.this_thread() if background else "inline")
    claimed = MatchingRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=now, heartbeat_at=now, worker=worker, stage="Starting", progress=1
    )
    if not claimed:  # cancelled before it started, already run, or taken by another worker
        return
    run = MatchingRun.objects.select_related("workshop").get(pk=run_id)
    job = Job(run)

    def beat() -> bool:
        return bool(
            MatchingRun.objects.filter(pk=run_id, status=Status.RUNNING).update(heartbeat_at=timezone.now())
        )

    try:
        with jobs.Heartbeat(beat) if background else contextlib.nullcontext():
            for stage in (job.read, job.conflicts, job.affinity, job.solve, job.explain, job.save):
                stage()
    except Stopped:
        return
    except InfeasibleError as exc:
        diagnosis = getattr(exc, "diagnosis", None)
        text = getattr(diagnosis, "text", None) or str(exc)
        _fail(run_id, f"No feasible assignment.\n{text}", infeasible=True)
    except (InputError, ValidationError) as exc:
        _fail(run_id, getattr(exc, "reason", None) or "; ".join(getattr(exc, "messages", [str(exc)])))
    except Exception as exc:
        log.exception("matching run %s failed", run_id)
        _fail(
            run_id, f"Internal error ({type(exc).__name__}: {exc}). Re-run, or report it with the server log."
        )


def _fail(run_id: int, message: str, *, infeasible: bool = False) -> None:
    MatchingRun.objects.filter(pk=run_id, status=Status.RUNNING).update(
        status=Status.FAILED,
        message=message,
        report={"infeasible": infeasible},
        finished_at=timezone.now(),
        stage="Failed",
    )
