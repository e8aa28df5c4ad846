"""Affinity in the web app: the workshop's submissions x PC members expertise scores, computed by the
engine (:mod:`confero.engine.affinity`) from titles, abstracts and the members' publications.

- Embeddings are cached by content hash in ``DATA_DIR/embeddings`` (the engine's cache), so a new
  computation embeds only texts it has not seen.
- Each computation is an :class:`~confero.bidding.models.AffinityMatrix` row and a ``.npz`` file under
  ``DATA_DIR/affinity/<workshop id>/``. Bidding sorts by the latest ready one; a matching run reuses it
  when nothing it was computed from changed (same fingerprint), and computes a new one otherwise.
- Without the optional neural model (``confero[embeddings]``), the engine's default model falls back to
  the lexical one; ``AffinityMatrix.fell_back`` records it and pages say so.
"""

from __future__ import annotations

import os
import time
import uuid
import warnings
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import jobs
from .inputs import Inputs, active_submissions, read_inputs
from .models import AffinityMatrix

KEEP = 3  # ready matrices kept per workshop (runs keep their own copy of what they used)


def model_name() -> str:
    """The affinity model: a name from ``confero.engine.affinity.MODELS`` (``CONFERO_AFFINITY_MODEL``, a
    setting or environment variable; default ``default``)."""
    return jobs.setting("CONFERO_AFFINITY_MODEL", "default")


def cache_dir() -> Path:
    return Path(settings.DATA_DIR) / "embeddings"


def _matrix_dir(workshop_id: int) -> Path:
    return Path(settings.DATA_DIR) / "affinity" / str(workshop_id)


@dataclass
class Scores:
    """A loaded matrix: ``values[i, j]`` is the affinity of submission ``submission_pks[i]`` for PC member
    ``reviewer_pks[j]``."""

    matrix: AffinityMatrix
    values: np.ndarray
    submission_pks: np.ndarray
    reviewer_pks: np.ndarray

    def column(self, user_pk: int) -> dict[int, float] | None:
        """Affinity of every submission for one member (None when the member is not in the matrix)."""
        hit = np.flatnonzero(self.reviewer_pks == user_pk)
        if not hit.size:
            return None
        return dict(zip(self.submission_pks.tolist(), self.values[:, hit[0]].tolist(), strict=True))


_LOADED: OrderedDict[str, Scores] = OrderedDict()


def load(matrix: AffinityMatrix) -> Scores:
    """The matrix's scores (each file has a new name and never changes: a few are kept in memory)."""
    if matrix.path in _LOADED:
        _LOADED.move_to_end(matrix.path)
        return _LOADED[matrix.path]
    with np.load(Path(settings.DATA_DIR) / matrix.path) as data:
        scores = Scores(matrix, data["values"], data["submission_pks"], data["reviewer_pks"])
    _LOADED[matrix.path] = scores
    while len(_LOADED) > 4:
        _LOADED.popitem(last=False)
    return scores


def _score(inputs: Inputs, model: str) -> tuple[np.ndarray, str, bool]:
    from confero.engine.affinity import AffinityFallbackWarning, AffinityScorer

    P, R = inputs.shape
    if P == 0 or R == 0:
        return np.zeros((P, R), dtype=np.float32), "", False
    scorer = AffinityScorer(model, cache_dir=str(cache_dir()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AffinityFallbackWarning)  # shown on the pages instead
        scorer.fit(inputs.submissions, inputs.reviewers)
        values, _, _ = scorer.score(inputs.submissions, inputs.reviewers)
    used = "+".join(c.name for c in scorer.components_)
    return np.asarray(values, dtype=np.float32), used, bool(scorer.fell_back_)


def _write(workshop_id: int, inputs: Inputs, values: np.ndarray) -> str:
    folder = _matrix_dir(workshop_id)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{uuid.uuid4().hex}.npz"
    tmp = final.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        np.savez(fh, values=values, submission_pks=inputs.submission_pks, reviewer_pks=inputs.reviewer_pks)
    os.replace(tmp, final)
    return str(final.relative_to(Path(settings.DATA_DIR)))


def compute(workshop, *, model: str | None = None, inputs: Inputs | None = None, row=None) -> AffinityMatrix:
    """Compute the affinity now (in the calling thread) and store it as a ready matrix. ``row``: the
    COMPUTING row of a background job to complete; without it a new row is created."""
    model = model or model_name()
    inputs = inputs if inputs is not None else read_inputs(workshop)
    t0 = time.perf_counter()
    try:
        values, used, fell_back = _score(inputs, model)
    except Exception as exc:
        if row is not None:
            AffinityMatrix.objects.filter(pk=row.pk, status=AffinityMatrix.Status.COMPUTING).update(
                status=AffinityMatrix.Status.FAILED,
                message=f"{type(exc).__name__}: {exc}",
                finished_at=timezone.now(),
            )
        raise
    fields = dict(
        status=AffinityMatrix.Status.READY,
        model=model,
        used=used,
        fell_back=fell_back,
        fingerprint=inputs.fingerprint(model),
        submissions=inputs.shape[0],
        reviewers=inputs.shape[1],
        path=_write(workshop.pk, inputs, values),
        seconds=time.perf_counter() - t0,
        finished_at=timezone.now(),
    )
    if row is None:
        row = AffinityMatrix.objects.create(workshop=workshop, **fields)
    else:
        AffinityMatrix.objects.filter(pk=row.pk).update(**fields)
        row.refresh_from_db()
    _prune(workshop)
    return row


def _prune(workshop) -> None:
    old = AffinityMatrix.objects.filter(workshop=workshop).exclude(status=AffinityMatrix.Status.COMPUTING)
    for matrix in old.order_by("-started_at", "-pk")[KEEP:]:
        if matrix.path:
            (Path(settings.DATA_DIR) / matrix.path).unlink(missing_ok=True)
        _LOADED.pop(matrix.path, None)
        matrix.delete()


def reusable(workshop, inputs: Inputs, model: str) -> AffinityMatrix | None:
    """The latest ready matrix computed from exactly these inputs with this model, if any."""
    fingerprint = inputs.fingerprint(model)
    return (
        AffinityMatrix.objects.filter(
            workshop=workshop, status=AffinityMatrix.Status.READY, model=model, fingerprint=fingerprint
        )
        .order_by("-started_at", "-pk")
        .first()
    )


def latest(workshop) -> AffinityMatrix | None:
    return (
        AffinityMatrix.objects.filter(workshop=workshop, status=AffinityMatrix.Status.READY)
        .order_by("-started_at", "-pk")
        .first()
    )


def is_stale(matrix: AffinityMatrix | None) -> bool:
    """Did submissions, the PC or publications change since ``matrix`` was computed? (A few cheap
    queries: counts and modification times; the exact test is the fingerprint.)"""
    from confero.committee.models import Publication
    from confero.people.models import Role

    if matrix is None:
        return True
    workshop, since = matrix.workshop, matrix.started_at
    active = active_submissions(workshop)
    pc = Role.objects.filter(workshop=workshop, kind=Role.Kind.PC)
    return (
        matrix.model != model_name()
        or active.count() != matrix.submissions
        or active.filter(updated_at__gt=since).exists()
        or pc.count() != matrix.reviewers
        or pc.filter(created_at__gt=since).exists()
        or Publication.objects.filter(created_at__gt=since, user_id__in=pc.values("user_id")).exists()
    )


def mark_dead(workshop) -> None:
    """Computations whose worker stopped beating are failed (they never finish)."""
    computing = AffinityMatrix.objects.filter(workshop=workshop, status=AffinityMatrix.Status.COMPUTING)
    if not computing.exists():
        return
    cutoff = timezone.now() - jobs.stale_after()
    AffinityMatrix.objects.filter(
        workshop=workshop, status=AffinityMatrix.Status.COMPUTING, heartbeat_at__lt=cutoff
    ).update(
        status=AffinityMatrix.Status.FAILED,
        message="the computation stopped (the server restarted?)",
        finished_at=timezone.now(),
    )


def computing(workshop) -> AffinityMatrix | None:
    mark_dead(workshop)
    return AffinityMatrix.objects.filter(workshop=workshop, status=AffinityMatrix.Status.COMPUTING).first()


def refresh(workshop) -> AffinityMatrix | None:
    """Start a background computation unless the latest matrix is current or one is under way. Returns
    the computation under way, if any."""
    running = computing(workshop)
    if running is not None or not is_stale(latest(workshop)):
        return running
    try:
        with transaction.atomic():
            row = AffinityMatrix.objects.create(
                workshop=workshop,
                status=AffinityMatrix.Status.COMPUTING,
                model=model_name(),
                heartbeat_at=timezone.now(),
            )
    except IntegrityError:  # someone else started one a moment ago
        return computing(workshop)
    jobs.start("confero.bidding.tasks.compute_affinity", row.pk)
    return row


def run_computation(matrix_id: int) -> None:
    """The background job: complete the COMPUTING row ``matrix_id`` (used by the task)."""
    row = AffinityMatrix.objects.select_related("workshop").filter(pk=matrix_id).first()
    if row is None or row.status != AffinityMatrix.Status.COMPUTING:
        return

    def beat() -> bool:
        return bool(
            AffinityMatrix.objects.filter(pk=matrix_id, status=AffinityMatrix.Status.COMPUTING).update(
                heartbeat_at=timezone.now()
            )
        )

    with jobs.Heartbeat(beat):
        compute(row.workshop, model=row.model, row=row)
