"""Organizer pages of matching runs: the list with the new-run form, a run's page (progress while it
runs; report, plot and pairs when done), cancel, re-run, the plot and the CSV export.

Every list, count and plot leaves out the papers the organizer may not see (``assignment.view``: papers
they wrote or have a conflict with), and the page says how many are left out.
"""

from __future__ import annotations

import csv
import re

import numpy as np
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confero.submissions.models import Submission
from confero.web.access import action_required
from confero.web.forms import apply_errors

from . import report, services, store
from .forms import RunForm
from .models import MatchingRun, ProposedAssignment

PAGE_SIZE = 25


def get_run(request, run_id: int) -> MatchingRun:
    run = get_object_or_404(
        MatchingRun.objects.select_related("workshop", "created_by"), pk=run_id, workshop=request.workshop
    )
    run.workshop = request.workshop
    return services.looked_at(run)


@require_http_methods(["GET", "POST"])
@action_required("assignment.run")
def index(request, slug):
    workshop = request.workshop
    form = RunForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.start_run(request.user, workshop, form.params())
        except (ValidationError, PermissionDenied) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Run {run.pk} started.")
            return redirect("matching:run", slug, run.pk)
    services.mark_dead(workshop)
    hidden = report.hidden_submissions(request.user, workshop)
    runs = list(
        MatchingRun.objects.filter(workshop=workshop)
        .select_related("created_by")
        .order_by("-created_at")[:50]
    )
    return render(
        request,
        "matching/index.html",
        {
            "workshop": workshop,
            "form": form,
            "runs": runs,
            "hidden": len(hidden),
            "published": services.published_run(workshop),
            "affinity": _affinity_info(workshop),
        },
    )


def _affinity_info(workshop):
    from confero.bidding import affinity

    return {"latest": affinity.latest(workshop), "computing": affinity.computing(workshop)}


def _redact(text: str, numbers: set[int]) -> str:
    """``text`` with the numbers of papers the viewer may not see replaced."""
    if not numbers:
        return text
    return re.sub(r"#(\d+)", lambda m: "#(hidden)" if int(m.group(1)) in numbers else m.group(0), text)


@require_GET
@action_required("assignment.run")
def run_page(request, slug, run_id):
    workshop = request.workshop
    run = get_run(request, run_id)
    hidden = report.hidden_submissions(request.user, workshop)
    context = {"workshop": workshop, "run": run, "hidden": len(hidden), "params": run.params}
    if run.status in services.ACTIVE:
        return render(request, "matching/progress.html", context)
    if run.status != MatchingRun.Status.DONE:
        numbers = set(Submission.objects.filter(pk__in=hidden).values_list("number", flat=True))
        context["message"] = _redact(run.message, numbers)
        return render(request, "matching/stopped.html", context)
    if not store.exists(run):
        context["message"] = "The files of this run are missing from the server's data directory. Re-run it."
        return render(request, "matching/stopped.html", context)
    data = store.load(run)
    run_hidden = hidden & frozenset(data.submission_pks.tolist())
    rep = report.report(run, run_hidden)
    q = request.GET.get("q", "").strip()[:200]
    if q:
        subs = Submission.objects.filter(workshop=workshop, pk__in=data.submission_pks.tolist()).exclude(
            pk__in=run_hidden
        )
        digits = q.lstrip("#")
        match = Q(title__icontains=q) | Q(
            pk__in=ProposedAssignment.objects.filter(run=run, reviewer__name__icontains=q).values(
                "submission_id"
            )
        )
        subs = subs.filter(match | Q(number=int(digits)) if digits.isdigit() else match)
        ordered = list(subs.order_by("number").values_list("pk", flat=True))
    else:  # the run's papers in number order, from its stored inputs (no query)
        keep = ~np.isin(data.submission_pks, list(run_hidden))
        ordered = data.submission_pks[keep][np.argsort(data.numbers[keep], kind="stable")].tolist()
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    on_page = {
        s.pk: s for s in Submission.objects.filter(pk__in=page.object_list).only("pk", "number", "title")
    }
    page_subs = [on_page[pk] for pk in page.object_list if pk in on_page]
    pairs: dict[int, list] = {}
    for pair in (
        ProposedAssignment.objects.filter(run=run, submission__in=page.object_list)
        .select_related("reviewer")
        .order_by("-score")
    ):
        pairs.setdefault(pair.submission_id, []).append(pair)
    demand = int(data.demand[0]) if data.demand.size else 0
    others = MatchingRun.objects.filter(workshop=workshop, status=MatchingRun.Status.DONE).exclude(pk=run.pk)
    seconds = (
        (run.finished_at - run.started_at).total_seconds() if run.finished_at and run.started_at else None
    )
    context.update(
        took=None if seconds is None else f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min",
        rep=rep,
        summary=report.summary(rep),
        page=page,
        rows=[
            {"sub": s, "pairs": pairs.get(s.pk, []), "short": len(pairs.get(s.pk, [])) < demand}
            for s in page_subs
        ],
        q=q,
        run_hidden=len(run_hidden),
        others=list(others.order_by("-created_at")[:20]),
        published=services.published_run(workshop),
    )
    return render(request, "matching/result.html", context)


@require_POST
@action_required("assignment.run")
def cancel(request, slug, run_id):
    run = get_run(request, run_id)
    try:
        services.cancel(request.user, run)
        messages.success(request, f"Run {run.pk} cancelled.")
    except (ValidationError, PermissionDenied) as exc:
        apply_errors(None, exc, request)
    return redirect("matching:run", slug, run.pk)


@require_POST
@action_required("assignment.run")
def rerun(request, slug, run_id):
    run = get_run(request, run_id)
    try:
        new = services.rerun(request.user, run)
    except (ValidationError, PermissionDenied) as exc:
        apply_errors(None, exc, request)
        return redirect("matching:run", slug, run.pk)
    messages.success(request, f"Run {new.pk} started with the parameters of run {run.pk}.")
    return redirect("matching:run", slug, new.pk)


def done_run(request, run_id) -> MatchingRun:
    """The finished run ``run_id`` of the request's workshop (404 when it has no result to show)."""
    run = get_run(request, run_id)
    if run.status != MatchingRun.Status.DONE or not store.exists(run):
        raise Http404("this run has no result")
    return run


@require_GET
@action_required("assignment.run")
def plot(request, slug, run_id):
    run = done_run(request, run_id)
    path = report.plot_file(run, report.hidden_submissions(request.user, request.workshop))
    response = FileResponse(open(path, "rb"), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


class Echo:
    """A file-like object whose write returns the line (for streaming CSV)."""

    def write(self, value):
        return value


@require_GET
@action_required("assignment.run")
def export(request, slug, run_id):
    """The proposal (papers the organizer may see) as CSV: number, title, reviewer, e-mail, score, why."""
    from confero.audit.services import record

    run = done_run(request, run_id)
    hidden = report.hidden_submissions(request.user, request.workshop)
    pairs = (
        ProposedAssignment.objects.filter(run=run)
        .exclude(submission_id__in=hidden)
        .select_related("submission", "reviewer")
        .order_by("submission__number", "-score")
    )
    writer = csv.writer(Echo())

    def rows():
        yield writer.writerow(["paper", "title", "reviewer", "email", "affinity", "edited", "explanation"])
        for p in pairs.iterator(chunk_size=1000):
            yield writer.writerow(
                [
                    p.submission.number,
                    p.submission.title,
                    p.reviewer.name,
                    p.reviewer.email,
                    f"{p.score:.4f}",
                    "yes" if p.edited else "",
                    p.explanation.get("text", ""),
                ]
            )

    record(
        "matching.exported",
        actor=request.user,
        workshop=request.workshop,
        obj=run,
        summary=f"run {run.pk} exported as CSV",
    )
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{slug}-run-{run.pk}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
