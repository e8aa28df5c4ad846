"""Executing a check run: the engine's checks on one submission version, then every result and finding
stored with its audience. A run that cannot finish is marked failed with the error, never left
silently "running" (and a run whose process died is marked failed by :func:`looked_at`)."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from confero import __version__
from confero.audit.services import record
from confero.engine.checks import CHECKS, CheckContext, FormLink, Topic, run_checks
from confero.engine.checks.prior import CorpusPaper
from confero.engine.records import Author
from confero.engine.sandbox import run_limited

from . import jobs, prior
from .audience import audience_of, redact
from .models import CheckResult, CheckRun, Finding

log = logging.getLogger(__name__)
Status = CheckRun.Status
ENGINE_VERSION = f"confero {__version__}"
PDF_AND_FORM_CHECKS = tuple(c for c in CHECKS if c != "prior")  # prior: see .prior (two indexes)


ENGINE_CPU_SECONDS = 300  # the engine's checks of one paper; a hostile PDF is stopped here
ENGINE_WALL_SECONDS = 1800.0  # link visiting (when enabled) waits on the network


def _worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:120]


def link_checker():
    """A link checker configured from the settings, or None when links must not be visited."""
    if not jobs.flag("CONFERO_CHECKS_LINKS", False):
        return None
    from confero.engine.checks.linkcheck import LinkChecker

    return LinkChecker(
        timeout=float(jobs.setting("CONFERO_CHECKS_LINK_TIMEOUT", 10)),
        # Only for tests against a local server: links in a PDF must not make the server probe its network.
        allow_private=jobs.flag("CONFERO_CHECKS_LINKS_ALLOW_PRIVATE", False),
        per_host_interval=float(jobs.setting("CONFERO_CHECKS_LINK_INTERVAL", 0.5)),
    )


def context_for(run: CheckRun, checker=None) -> CheckContext:
    """What the engine needs besides the PDF, from the version's snapshot and the workshop."""
    snap = run.version.snapshot or {}
    workshop = run.submission.workshop
    category = workshop.categories.filter(key=snap.get("category")).first()
    return CheckContext(
        authors=tuple(Author(name=a[0], email=a[1], affiliation=a[2]) for a in snap.get("authors", [])),
        form_links=tuple(FormLink(url=a[1], kind=a[0], description=a[2]) for a in snap.get("artifacts", [])),
        anonymity=workshop.anonymity,
        topics=tuple(Topic(t.key, t.title, t.scope) for t in workshop.topics.order_by("order", "pk")),
        chosen_topic=snap.get("primary_topic") or "",
        title=snap.get("title", ""),
        abstract=snap.get("abstract", ""),
        max_pages=category.max_pages if category else None,
        format=jobs.setting("CONFERO_CHECKS_FORMAT", "generic"),
        check_links=checker is not None,
        link_timeout=float(jobs.setting("CONFERO_CHECKS_LINK_TIMEOUT", 10)),
        scope_model=jobs.setting("CONFERO_CHECKS_SCOPE_MODEL", "tfidf"),
        submission_id=prior.submission_key(run.submission_id),
        extra={"link_checker": checker} if checker is not None else {},
    )


def _pdf_bytes(run: CheckRun) -> bytes | None:
    name = run.version.pdf.name if run.version.pdf else ""
    if not name:
        return None
    try:
        with default_storage.open(name, "rb") as fh:
            return fh.read()
    except OSError:
        return None


_warm_lock = threading.Lock()
_warmed = False


def _blank_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def warm_up() -> None:
    """Run the checks once here on a blank page, so that this process has loaded what they use
    (scikit-learn for stop words and TF-IDF, pdfminer, the check modules) before it forks a child per
    run: children share it instead of importing it again. Measured on a 14-page paper: 2.1 s of CPU per
    run cold, 1.0 s warm. Done once per process (in ``confero serve``'s master before the workers fork,
    else before a process's first run); a failure here only costs the saving."""
    global _warmed
    with _warm_lock:
        if _warmed:
            return
        _warmed = True
        try:
            ctx = CheckContext(
                title="Warm-up",
                abstract="A warm-up run of the open-science checks.",
                topics=(Topic("warm-up", "Warm-up", "Open science for foundation models."),),
                chosen_topic="warm-up",
                scope_model="tfidf",  # a neural model is not loaded before forking
            )
            papers = [CorpusPaper(id="warm-up", title="Warm-up paper", abstract="Nothing.")]
            _engine_part(_blank_pdf(), ctx, prior.PriorInputs(papers, None), ["Warm Up"])
        except Exception:  # pragma: no cover - the checks themselves report real failures
            log.warning("warming up the checks failed", exc_info=True)


def _engine_part(data, ctx: CheckContext, prior_inputs: prior.PriorInputs, authors: list[str]) -> list:
    """Everything that computes (PDF and form checks, the prior-publication comparison): run in the
    low-priority child, from what the parent read from the database and storage."""
    results = run_checks(data, checks=PDF_AND_FORM_CHECKS, context=ctx)
    results.append(prior.compare(prior_inputs, ctx.title, ctx.abstract, authors))
    return results


def compute(run: CheckRun) -> list:
    """The engine's results for ``run`` (a list of engine CheckResults, in the order of CHECKS)."""
    checker = link_checker()
    ctx = context_for(run, checker)
    data = _pdf_bytes(run)
    authors = [a.name for a in ctx.authors if a.name]
    prior_inputs = prior.inputs(run.submission)  # database reads stay here, in the parent
    warm_up()
    # The computing runs in a forked child at the lowest CPU priority: during a deadline rush the
    # server's requests come first. The prior comparison is in it too: it indexes every submission of
    # the installation, ~0.1 s of CPU per run at 300 submissions, which in the web worker's thread slowed
    # every request of that worker (measured: bench/rush.py, docs/benchmarks.md -> Reliability).
    results = run_limited(
        _engine_part,
        data,
        ctx,
        prior_inputs,
        authors,
        cpu_seconds=ENGINE_CPU_SECONDS,
        wall_seconds=ENGINE_WALL_SECONDS,
        nice=19,
    )
    if data is None and run.version.pdf:
        for r in results:
            if r.status == "could_not_check":
                r.reason = f"the stored PDF {run.version.pdf.name} could not be read"
    return results


def execute(run_id: int) -> None:
    """Claim the queued run ``run_id`` and execute it; a run already claimed or finished is left alone."""
    claimed = CheckRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now(), worker=_worker(), engine_version=ENGINE_VERSION
    )
    if not claimed:
        return
    run = CheckRun.objects.select_related("submission__workshop", "version").get(pk=run_id)
    start = time.perf_counter()
    try:
        results = compute(run)
    except Exception as exc:
        log.exception("check run %s failed", run_id)
        fail(run, f"the checks failed: {type(exc).__name__}: {exc}")
        return
    store(run, results, seconds=time.perf_counter() - start)


def store(run: CheckRun, results: list, *, seconds: float) -> None:
    with transaction.atomic():
        locked = CheckRun.objects.select_for_update().filter(pk=run.pk, status=Status.RUNNING).first()
        if locked is None:  # marked dead meanwhile: the organizer re-runs it
            return
        CheckResult.objects.bulk_create(
            CheckResult(run=run, check_name=r.check, status=r.status, reason=r.reason, summary=r.summary)
            for r in results
        )
        rows = []
        for r in results:
            for f in r.findings:
                f = redact(f)
                rows.append(
                    Finding(
                        run=run,
                        check_name=f.check,
                        kind=f.kind[:40],
                        severity=f.severity,
                        message=f.message,
                        page=f.page,
                        evidence=f.evidence,
                        link=f.link,
                        identifying=f.identifying,
                        audience=audience_of(f),
                        data=f.data,
                    )
                )
        Finding.objects.bulk_create(rows)
        CheckRun.objects.filter(pk=run.pk).update(
            status=Status.DONE,
            finished_at=timezone.now(),
            seconds=round(seconds, 3),
            checks=[r.check for r in results],
            link_check=any(
                str(r.summary.get("link_check", "")).endswith("visited)")
                for r in results
                if r.check == "artifacts"
            ),
        )
        flagged = sum(1 for r in results if r.status == "flagged")
        record(
            "checks.done",
            workshop=run.submission.workshop,
            obj=run,
            summary=f"#{run.submission.number} v{run.version.number}: checks done, {flagged} flagged",
            number=run.submission.number,
            version=run.version.number,
            seconds=round(seconds, 3),
        )


def fail(run: CheckRun, message: str) -> None:
    with transaction.atomic():
        rows = CheckRun.objects.filter(pk=run.pk, status__in=[Status.QUEUED, Status.RUNNING]).update(
            status=Status.FAILED, finished_at=timezone.now(), message=message[:2000]
        )
        if rows:
            record(
                "checks.failed",
                workshop=run.submission.workshop,
                obj=run,
                summary=f"#{run.submission.number} v{run.version.number}: {message}",
                number=run.submission.number,
            )


DEAD_MESSAGE = "the check run stopped without finishing (the server or worker restarted?); re-run it"


def looked_at(run: CheckRun | None) -> CheckRun | None:
    """``run``, marked failed first if it has been queued or running for longer than the stale limit."""
    if run is None or run.finished:
        return run
    since = run.started_at or run.created_at
    if since and since < timezone.now() - jobs.stale_after():
        fail(run, DEAD_MESSAGE)
        run.refresh_from_db()
    return run
