"""Organizer pages under /<slug>/manage/reviews/: progress per paper and per reviewer, reminders, and one
paper's reviews and discussion. Every row is one the organizer oversees (see :mod:`.progress`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confero import permissions
from confero.web.access import action_required, fetch, workshop_for
from confero.web.forms import apply_errors

from . import progress, selectors, services
from .views_discussion import discussion_context, handle_post

PAGE_SIZE = 50

# LINK TARGET — the matching helper's page of one paper's published assignment, where organizers remove,
# move or add (emergency) reviewers: ``matching:assignment_paper`` taking (slug, number) on its branch.
# Until that URL name is on main, the pages say "not available yet" instead of linking.
ASSIGNMENT_URL = "matching:assignment_paper"


def matching_link(name: str, workshop, number: int) -> str | None:
    try:
        return reverse(name, args=[workshop.slug, number])
    except NoReverseMatch:
        return None


def _choice(request, name: str, options, default: str) -> str:
    value = request.GET.get(name, default)
    return value if value in options else default


@require_GET
@action_required("progress.view")
def papers(request, slug):
    workshop = request.workshop
    rows, hidden = progress.paper_rows(request.user, workshop)
    view = _choice(request, "view", progress.PAPER_VIEWS, "all")
    sort = _choice(request, "sort", progress.PAPER_SORTS, "number")
    q = request.GET.get("q", "")[:200]
    shown = progress.filter_papers(rows, view=view, q=q, sort=sort, wanted=workshop.reviewers_per_paper)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    progress.attach_reviewers(workshop, page.object_list)
    for row in page.object_list:
        row.reassign_url = matching_link(ASSIGNMENT_URL, workshop, row.submission.number)
    query = {
        k: v
        for k, v in {
            "view": view if view != "all" else "",
            "q": q,
            "sort": sort if sort != "number" else "",
        }.items()
        if v
    }
    return render(
        request,
        "reviews/manage/papers.html",
        {
            "workshop": workshop,
            "page": page,
            "totals": {
                "papers": len(rows),
                "assigned": sum(r.assigned for r in rows),
                "submitted": sum(r.submitted for r in rows),
                "complete": sum(r.complete for r in rows),
                "hidden": hidden,
            },
            "views": progress.PAPER_VIEWS,
            "sorts": {k: label for k, (label, _) in progress.PAPER_SORTS.items()},
            "filters": {"view": view, "sort": sort, "q": q},
            "query": urlencode(query),
            "deadline": services.review_deadline(workshop),
            "wanted": workshop.reviewers_per_paper,
            "disagreement": progress.DISAGREEMENT,
        },
    )


@require_GET
@action_required("progress.view")
def reviewers(request, slug):
    workshop = request.workshop
    rows = progress.reviewer_rows(request.user, workshop)
    view = _choice(request, "view", progress.REVIEWER_VIEWS, "all")
    q = request.GET.get("q", "")[:200]
    shown = progress.filter_reviewers(rows, view=view, q=q)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in {"view": view if view != "all" else "", "q": q}.items() if v}
    return render(
        request,
        "reviews/manage/reviewers.html",
        {
            "workshop": workshop,
            "page": page,
            "totals": {
                "people": len(rows),
                "unfinished": sum(r.unfinished > 0 for r in rows),
                "late": sum(r.late > 0 for r in rows),
            },
            "views": progress.REVIEWER_VIEWS,
            "filters": {"view": view, "q": q},
            "query": urlencode(query),
            "deadline": services.review_deadline(workshop),
            "can_remind": permissions.can(request.user, "review.remind", workshop),
        },
    )


@require_POST
@action_required("review.remind")
def remind(request, slug):
    workshop = request.workshop
    ids = (
        None if request.POST.get("all") else [int(i) for i in request.POST.getlist("reviewer") if i.isdigit()]
    )
    try:
        result = services.send_reminders(workshop, actor=request.user, reviewers=ids)
    except (ValidationError, permissions.Denied) as exc:
        apply_errors(None, exc, request)
    else:
        if result.sent:
            names = ", ".join(u.name or u.email for u in result.sent[:5]) + (
                "…" if len(result.sent) > 5 else ""
            )
            messages.success(request, f"Reminder sent to {len(result.sent)} reviewer(s): {names}.")
        if result.recent:
            names = ", ".join(u.name or u.email for u in result.recent[:5]) + (
                "…" if len(result.recent) > 5 else ""
            )
            messages.info(request, f"Already reminded today, so not again: {names}.")
        if not result.sent and not result.recent:
            messages.info(request, "Nobody to remind: no unfinished reviews among the papers you oversee.")
    back = reverse("reviews:reviewers", args=[workshop.slug])
    query = request.POST.get("query", "")
    return redirect(back + (f"?{query}" if query and "\n" not in query else ""))


@login_required
@require_http_methods(["GET", "POST"])
def paper(request, slug, number):
    """One paper's reviews (all answers, reviewer identities, every version) and its discussion."""
    from confero.submissions.models import Submission

    workshop = workshop_for(request, slug)
    submission = fetch(
        request,
        Submission.objects.select_related("workshop"),
        "assignment.view",
        workshop=workshop,
        number=number,
    )
    form, posted = handle_post(request, submission)
    if posted is not None:
        return redirect(request.path + f"#post-{posted.pk}")
    row = progress.paper_row(workshop, submission)
    return render(
        request,
        "reviews/manage/paper.html",
        {
            "workshop": workshop,
            "submission": submission,
            "row": row,
            "reviews": selectors.readable_reviews(request.user, submission, with_versions=True),
            "reassign_url": matching_link(ASSIGNMENT_URL, workshop, submission.number),
            "deadline": services.review_deadline(workshop),
            **discussion_context(request, submission, form),
        },
    )
