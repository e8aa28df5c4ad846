"""Organizer pages of the published assignments: the list per paper (with review status), the CSV
export, and one paper's page to remove, move or add (emergency) reviewers."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from confero.reviews.models import Review
from confero.submissions.models import Submission
from confero.web.access import action_required, fetch

from . import assignments, report, services
from .models import Assignment
from .views import PAGE_SIZE, Echo
from .views_edit import SHOWN, pick


@require_GET
@action_required("assignment.run")
def index(request, slug):
    workshop = request.workshop
    hidden = report.hidden_submissions(request.user, workshop)
    q = request.GET.get("q", "").strip()[:200]
    subs = Submission.objects.filter(workshop=workshop, status=Submission.Status.SUBMITTED).exclude(
        pk__in=hidden
    )
    if q:
        digits = q.lstrip("#")
        match = Q(title__icontains=q) | Q(assignments__reviewer__name__icontains=q)
        subs = subs.filter(match | Q(number=int(digits)) if digits.isdigit() else match).distinct()
    page = Paginator(subs.order_by("number").only("pk", "number", "title"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    on_page = [s.pk for s in page.object_list]
    rows: dict[int, list] = {}
    for a in Assignment.objects.filter(submission__in=on_page).select_related("reviewer").order_by("label"):
        rows.setdefault(a.submission_id, []).append(a)
    status = dict(
        Review.objects.filter(assignment__submission__in=on_page).values_list("assignment_id", "status")
    )
    return render(
        request,
        "matching/assignments.html",
        {
            "workshop": workshop,
            "page": page,
            "rows": [
                {"sub": s, "assignments": [(a, status.get(a.pk, "")) for a in rows.get(s.pk, [])]}
                for s in page.object_list
            ],
            "q": q,
            "hidden": len(hidden),
            "published": services.published_run(workshop),
            "total": Assignment.objects.filter(workshop=workshop).exclude(submission_id__in=hidden).count(),
        },
    )


@require_http_methods(["GET", "POST"])
@action_required("assignment.run")
def paper(request, slug, number):
    workshop = request.workshop
    sub = fetch(request, Submission.objects.filter(workshop=workshop), "assignment.edit", number=number)
    sub.workshop = workshop
    if request.method == "POST":

        def own(pk):
            return get_object_or_404(Assignment, pk=pk, submission=sub)

        pick(
            request,
            request.POST,
            add=lambda member, over: assignments.add_reviewer(request.user, sub, member, over_load_ok=over),
            move=lambda pk, member, over: assignments.move_assignment(
                request.user, own(pk), member, over_load_ok=over
            ),
            remove=lambda pk: assignments.remove_assignment(request.user, own(pk)),
        )
        return redirect("matching:assignment_paper", slug, number)
    assigned = list(Assignment.objects.filter(submission=sub).select_related("reviewer").order_by("label"))
    status = dict(Review.objects.filter(assignment__in=assigned).values_list("assignment_id", "status"))
    current = [(a, status.get(a.pk, "")) for a in assigned]
    people = assignments.candidates_for(sub)
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "matching/assignment_paper.html",
        {
            "workshop": workshop,
            "sub": sub,
            "current": current,
            "candidates": people if show_all else people[:SHOWN],
            "more": 0 if show_all else max(0, len(people) - SHOWN),
            "replaceable": [
                (a.pk, a.reviewer.name or a.reviewer.email) for a, st in current if st != "submitted"
            ],
            "demand": workshop.reviewers_per_paper,
        },
    )


@require_GET
@action_required("assignment.run")
def export(request, slug):
    """Published assignments of the papers the organizer may see, as CSV."""
    from confero.audit.services import record

    workshop = request.workshop
    hidden = report.hidden_submissions(request.user, workshop)
    rows_qs = (
        Assignment.objects.filter(workshop=workshop)
        .exclude(submission_id__in=hidden)
        .select_related("submission", "reviewer")
        .order_by("submission__number", "label")
    )
    writer = csv.writer(Echo())

    def rows():
        yield writer.writerow(["paper", "title", "label", "reviewer", "email", "origin", "assigned_at"])
        for a in rows_qs.iterator(chunk_size=1000):
            yield writer.writerow(
                [
                    a.submission.number,
                    a.submission.title,
                    a.label,
                    a.reviewer.name,
                    a.reviewer.email,
                    a.origin,
                    a.created_at.isoformat(),
                ]
            )

    record(
        "assignments.exported", actor=request.user, workshop=workshop, summary="assignments exported as CSV"
    )
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{slug}-assignments-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
