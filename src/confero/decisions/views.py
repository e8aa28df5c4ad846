"""Organizer pages for decisions under /<slug>/manage/decisions/: the overview, one paper's decision page
(reviews, scores, staging, manager), and the release page. Thin: fetch or 404, one service, errors onto
the form, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confero import permissions
from confero.phases.services import current as current_phase
from confero.reviews.models import Review
from confero.submissions.models import Submission
from confero.web.access import action_required, fetch
from confero.web.forms import apply_errors

from . import answers, selectors, services
from .forms import ManagerForm, ReleaseForm, StageForm, VersionForm
from .models import DecisionRelease, decision_of


def _paper(request, number):
    queryset = Submission.objects.filter(workshop=request.workshop).select_related("manager", "decision")
    sub = fetch(request, queryset, "decision.view_staged", number=number)
    sub.workshop = request.workshop
    return sub


def _paper_url(sub) -> str:
    return reverse("decisions:paper", args=[sub.workshop.slug, sub.number])


@require_GET
@action_required("decision.list")
def index(request, slug):
    workshop = request.workshop
    state = request.GET.get("state", "")
    state = state if state in selectors.STATES else ""
    rows = selectors.overview(workshop, request.user, state=state)
    return render(
        request,
        "decisions/manage/index.html",
        {
            "workshop": workshop,
            "rows": rows,
            "state": state,
            "states": selectors.STATES,
            "pending": len(services.pending(workshop, request.user)),
            "hidden": sum(not r.visible for r in rows),
            "phase": current_phase(workshop),
            "section": "overview",
        },
    )


def _reviews(user, sub):
    qs = answers.questions(sub.workshop)
    out = []
    for review in (
        Review.objects.filter(submission=sub)
        .select_related("assignment", "reviewer")
        .order_by("assignment__label")
    ):
        review.submission = sub
        audiences = permissions.audiences(user, review)
        if not audiences:
            continue
        who = ""
        if permissions.can(user, "review.view_identity", review):
            who = review.reviewer.name or review.reviewer.email
        out.append(answers.shown(review, audiences, qs, reviewer=who))
    return out


@require_http_methods(["GET", "POST"])
@action_required("decision.list")
def paper(request, slug, number):
    sub = _paper(request, number)
    decision = decision_of(sub)
    user = request.user
    if request.method == "POST":
        form = StageForm(request.POST)
        if form.is_valid():
            try:
                services.stage(
                    sub,
                    outcome=form.cleaned_data["outcome"],
                    note=form.cleaned_data["note"],
                    actor=user,
                    expected_version=form.cleaned_data["version"],
                )
            except (ValidationError, permissions.Denied) as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"The decision on #{sub.number} is staged. Release it when ready.")
                return redirect(_paper_url(sub))
    else:
        initial = {"version": decision.version if decision else 0}
        if decision:
            initial.update(outcome=decision.outcome, note=decision.note)
        form = StageForm(initial=initial)
    reviews = _reviews(user, sub)
    scores = [
        r.review.overall for r in reviews if r.review.status == "submitted" and r.review.overall is not None
    ]
    decide_reasons = {
        "accept or reject": permissions.why_not(user, "decision.set", sub),
        "desk reject": permissions.why_not(user, "decision.desk_reject", sub),
    }
    return render(
        request,
        "decisions/manage/paper.html",
        {
            "workshop": sub.workshop,
            "sub": sub,
            "authors": list(sub.authors.order_by("order")),
            "decision": decision,
            "form": form,
            "can_decide": any(reason is None for reason in decide_reasons.values()),
            "decide_reasons": {k: v for k, v in decide_reasons.items() if v},
            "discard_form": VersionForm(initial={"version": decision.version}) if decision else None,
            "manager_form": ManagerForm(
                initial={"manager": str(sub.manager_id or "")}, candidates=services.manager_candidates(sub)
            )
            if permissions.can(user, "submission.set_manager", sub)
            else None,
            "reviews": reviews,
            "drafts": sum(r.review.status != "submitted" for r in reviews),
            "mean": round(sum(scores) / len(scores), 2) if scores else None,
            "releases": list(
                DecisionRelease.objects.filter(decision__submission=sub)
                .select_related("released_by")
                .order_by("-number")
            ),
            "phase": current_phase(sub.workshop),
            "section": "overview",
        },
    )


@require_POST
@action_required("decision.list")
def discard(request, slug, number):
    sub = _paper(request, number)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.discard(sub, actor=request.user, expected_version=form.cleaned_data["version"])
        except (ValidationError, permissions.Denied) as exc:
            apply_errors(None, exc, request)
        else:
            messages.success(request, f"The staged decision on #{sub.number} was discarded.")
    return redirect(_paper_url(sub))


@require_POST
@action_required("decision.list")
def manager(request, slug, number):
    sub = _paper(request, number)
    candidates = services.manager_candidates(sub)
    form = ManagerForm(request.POST, candidates=candidates)
    if form.is_valid():
        chosen = form.candidates.get(form.cleaned_data["manager"] or "")
        try:
            services.set_manager(sub, chosen, actor=request.user)
        except (ValidationError, permissions.Denied) as exc:
            apply_errors(None, exc, request)
        else:
            name = (chosen.name or chosen.email) if chosen else "any organizer without a conflict"
            messages.success(request, f"#{sub.number} is now managed by {name}.")
    else:
        messages.error(request, "Choose one of the organizers listed.")
    return redirect(_paper_url(sub))


@require_http_methods(["GET", "POST"])
@action_required("decision.release")
def release(request, slug):
    workshop = request.workshop
    pending = services.pending(workshop, request.user)
    if request.method == "POST":
        form = ReleaseForm(request.POST, decisions=pending)
        if form.is_valid():
            try:
                releases = services.release(
                    workshop, actor=request.user, numbers=[int(n) for n in form.cleaned_data["numbers"]]
                )
            except (ValidationError, permissions.Denied) as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"{len(releases)} decision(s) released; their authors are being mailed. "
                    "Below: who has not received or not opened them yet.",
                )
                return redirect(reverse("decisions:notices", args=[workshop.slug]))
    else:
        form = ReleaseForm(
            initial={"numbers": [str(d.submission.number) for d in pending]}, decisions=pending
        )
    phase = current_phase(workshop)
    return render(
        request,
        "decisions/manage/release.html",
        {
            "workshop": workshop,
            "form": form,
            "pending": pending,
            "phase": phase,
            "section": "release",
        },
    )
