"""The authors' decision page, /<slug>/submissions/<n>/decision/: the released decision and the reviews
as released (answers meant for authors, reviewers as Reviewer A/B/C). Only what was released is shown —
a decision staged or changed since is not."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from confero import permissions
from confero.submissions.models import Submission
from confero.web.access import fetch, workshop_for

from . import answers, notify
from .models import DecisionRelease, decision_of


@require_GET
@login_required
def mine(request, slug, number):
    workshop = workshop_for(request, slug)
    sub = fetch(
        request,
        Submission.objects.filter(workshop=workshop).select_related("decision"),
        "decision.view",
        number=number,
    )
    sub.workshop = workshop
    decision = decision_of(sub)
    released = decision is not None and decision.is_released
    reviews = []
    if released and permissions.can(request.user, "review.list", sub):
        qs = answers.questions(workshop)
        for review in answers.submitted_reviews(sub):
            review.submission = sub
            audiences = permissions.audiences(request.user, review) & answers.AUTHORS
            if audiences:
                reviews.append(answers.shown(review, audiences, qs))
    if released:
        notify.mark_opened(sub, request.user)
    latest = (
        DecisionRelease.objects.filter(decision__submission=sub).order_by("-number").first()
        if released
        else None
    )
    return render(
        request,
        "decisions/mine.html",
        {
            "workshop": workshop,
            "sub": sub,
            "decision": decision if released else None,
            "latest": latest,
            "reviews": reviews,
            "oversees": permissions.can(request.user, "decision.view_staged", sub),
        },
    )
