"""Demo data: check runs for the demo workshop's submissions, so its pages show findings at once.

``seed(workshop)`` runs the checks inline on every active submission without a finished run (queued
runs made by the uploads are executed here; their background jobs then find them done)."""

from __future__ import annotations

from .models import CheckRun
from .runner import execute


def seed(workshop) -> int:
    """Check every active submission of ``workshop`` that has no finished run yet; returns how many."""
    from confero.submissions.models import Submission

    done = 0
    subs = Submission.objects.filter(workshop=workshop).exclude(status=Submission.Status.WITHDRAWN)
    for sub in subs.order_by("number"):
        if sub.check_runs.filter(status=CheckRun.Status.DONE).exists():
            continue
        run = sub.check_runs.filter(status=CheckRun.Status.QUEUED).first()
        if run is None:
            version = sub.versions.order_by("-number").first()
            if version is None:
                continue
            run = CheckRun.objects.create(submission=sub, version=version, reason="demo")
        execute(run.pk)
        done += 1
    return done
