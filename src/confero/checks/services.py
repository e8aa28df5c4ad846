"""Every state change of the checks: queue a run (after an upload, or an organizer's re-run), import or
delete a corpus. Running a queued run is :func:`confero.checks.runner.execute` (a background job)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from confero import permissions
from confero.audit.services import record
from confero.engine.checks.prior import FORMATS, read_corpus
from confero.engine.errors import InputError

from . import jobs
from .models import CheckRun, Corpus, CorpusPaper

CHECKED_ACTIONS = ("created", "edited")
MAX_FIELD = {"ext_id": 300, "venue": 500}


def queue_for_version(version) -> CheckRun | None:
    """Called by the submission services for every new version: queue its check run (after commit).
    Nothing for a withdrawal, or when ``CONFERO_CHECKS_ON_UPLOAD`` is off."""
    if version.action not in CHECKED_ACTIONS or not jobs.on_upload():
        return None
    return _queue(version.submission, version, reason="upload" if version.action == "created" else "edit")


def _queue(submission, version, *, reason: str, actor=None) -> CheckRun:
    run = CheckRun.objects.create(submission=submission, version=version, reason=reason, requested_by=actor)
    jobs.start(run.pk)
    return run


def rerun(submission, *, actor) -> CheckRun:
    """An organizer re-runs the checks on the submission's current version (e.g. after importing a
    corpus, or after a failed run)."""
    permissions.require(actor, "check.rerun", submission)
    version = submission.versions.order_by("-number").first()
    if version is None:
        raise ValidationError("This submission has no version to check.")
    with transaction.atomic():
        run = _queue(submission, version, reason="rerun", actor=actor)
        record(
            "checks.rerun",
            actor=actor,
            workshop=submission.workshop,
            obj=run,
            summary=f"#{submission.number} v{version.number}: checks re-run",
            number=submission.number,
        )
    return run


def rerun_all(workshop, *, actor) -> int:
    """Re-run the checks of every active submission of ``workshop`` the organizer oversees."""
    from confero.submissions.models import Submission, SubmissionVersion

    permissions.require(actor, "check.list", workshop)
    subs = Submission.objects.filter(workshop=workshop).exclude(status=Submission.Status.WITHDRAWN)
    allowed = permissions.allowed(actor, "check.rerun", subs.select_related("workshop"))
    latest = {}
    for v in (
        SubmissionVersion.objects.filter(submission__in=[s.pk for s in allowed])
        .order_by("submission", "-number")
        .only("pk", "submission_id", "number")
    ):
        latest.setdefault(v.submission_id, v)
    with transaction.atomic():
        for s in allowed:
            if s.pk in latest:
                _queue(s, latest[s.pk], reason="rerun", actor=actor)
        record(
            "checks.rerun_all",
            actor=actor,
            workshop=workshop,
            obj=workshop,
            summary=f"checks re-run on {len(latest)} submissions",
            count=len(latest),
        )
    return len(latest)


def import_corpus(
    workshop, *, actor, paths: Iterable[str], fmt: str = "auto", name: str = "", names: Iterable[str] = ()
) -> Corpus:
    """Read corpus files with the engine's importers (arXiv metadata JSON, DBLP XML, OpenReview notes
    JSON, corpus JSONL) and store their papers as one corpus of ``workshop``. Nothing is stored when a
    file has a problem (ValidationError naming the file, line and field)."""
    permissions.require(actor, "check.corpus", workshop)
    paths = list(paths)
    shown = dict(zip(paths, list(names) or [os.path.basename(p) for p in paths], strict=False))
    if fmt != "auto" and fmt not in FORMATS:
        raise ValidationError({"fmt": f"Unknown format {fmt!r}; use auto or one of {', '.join(FORMATS)}."})
    if not paths:
        raise ValidationError({"file": "Choose a corpus file."})
    statuses: Counter = Counter()
    with transaction.atomic():
        corpus = Corpus.objects.create(
            workshop=workshop,
            name=name or shown.get(paths[0], "corpus"),
            source=", ".join(shown.get(p, os.path.basename(p)) for p in paths)[:200],
            fmt=fmt,
            imported_by=actor,
        )
        seen: set[str] = set()
        batch: list[CorpusPaper] = []
        try:
            for path in paths:
                for p in read_corpus(path, fmt):
                    if p.id in seen or len(p.id) > MAX_FIELD["ext_id"]:
                        continue
                    seen.add(p.id)
                    statuses[p.status] += 1
                    batch.append(
                        CorpusPaper(
                            corpus=corpus,
                            ext_id=p.id,
                            title=p.title,
                            abstract=p.abstract,
                            authors=list(p.authors),
                            venue=p.venue[: MAX_FIELD["venue"]],
                            year=p.year if p.year and 0 < p.year < 32767 else None,
                            url=p.url,
                            source=p.source,
                            status=p.status,
                        )
                    )
                    if len(batch) >= 5000:
                        CorpusPaper.objects.bulk_create(batch)
                        batch = []
        except InputError as exc:
            text = str(exc)
            for path, label in shown.items():  # the name people know, not a temporary file's
                text = text.replace(path, label)
            raise ValidationError({"file": text}) from None
        CorpusPaper.objects.bulk_create(batch)
        if not seen:
            raise ValidationError({"file": "The file holds no paper with a title."})
        corpus.size, corpus.statuses = len(seen), dict(statuses)
        corpus.save(update_fields=["size", "statuses"])
        record(
            "checks.corpus_imported",
            actor=actor,
            workshop=workshop,
            obj=corpus,
            summary=f"corpus '{corpus.name}' imported: {corpus.size} papers",
            size=corpus.size,
            statuses=dict(statuses),
        )
    return corpus


def delete_corpus(corpus: Corpus, *, actor) -> None:
    permissions.require(actor, "check.corpus", corpus.workshop)
    with transaction.atomic():
        record(
            "checks.corpus_deleted",
            actor=actor,
            workshop=corpus.workshop,
            obj=corpus,
            summary=f"corpus '{corpus.name}' deleted ({corpus.size} papers)",
        )
        corpus.delete()
