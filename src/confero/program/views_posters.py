"""The organizers' poster-sessions page: presenters, solve, both sessions side by side, manual moves with
clash warnings, publish."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from confero.awards.selectors import accepted, marks
from confero.awards.views import posted_int
from confero.engine.posters import PosterInfeasible
from confero.submissions.models import SubmissionAuthor
from confero.web.access import action_required, fetch
from confero.web.forms import apply_errors

from . import posters
from .models import PosterSpot
from .presenters import presenters


def _paper(request, workshop):
    return fetch(request, accepted(workshop), "submission.view_full", number=posted_int(request, "number"))


def _act(request, workshop, plan):
    action = request.POST.get("action")
    if action == "solve":
        sessions = posted_int(request, "sessions") if request.POST.get("sessions") else plan.sessions
        result = posters.solve(
            request.user, workshop, sessions=sessions, keep_pins=request.POST.get("keep_pins") == "on"
        )
        quality = "best possible" if result.status == "optimal" else "best found in the time limit"
        messages.success(
            request,
            f"Split into {result.sessions} sessions of {', '.join(map(str, result.sizes))} papers ({quality}).",
        )
    elif action == "move":
        paper = _paper(request, workshop)
        session = posted_int(request, "session")
        clashes = posters.move(request.user, paper, session)
        messages.success(
            request, f"#{paper.number} is now in session {session} (kept there when solving again)."
        )
        for text in clashes:
            messages.warning(request, f"Clash: {text}.")
    elif action == "unpin":
        posters.unpin(request.user, _paper(request, workshop))
    elif action == "presenter":
        paper = _paper(request, workshop)
        author_id = request.POST.get("author") or ""
        author = (
            SubmissionAuthor.objects.filter(submission=paper, pk=author_id).first() if author_id else None
        )
        if author_id and author is None:
            raise ValidationError(f"not an author of #{paper.number}")
        posters.choose_presenter(request.user, paper, author)
        messages.success(request, f"#{paper.number}: presenter saved.")
    elif action == "publish":
        posters.publish(request.user, workshop)
        messages.success(request, "The poster sessions are published.")


@require_http_methods(["GET", "POST"])
@action_required("poster.manage")
def index(request, slug):
    workshop = request.workshop
    plan = posters.plan_of(workshop)
    reasons = []
    if request.method == "POST":
        try:
            _act(request, workshop, plan)
        except PosterInfeasible as exc:
            reasons = exc.reasons
        except ValidationError as exc:
            apply_errors(None, exc, request)
        if not reasons:
            return redirect(request.path)
        plan.refresh_from_db()
    papers = list(accepted(workshop).select_related("primary_topic").prefetch_related("authors"))
    people = presenters(p.pk for p in papers)
    spots = {s.submission_id: s for s in PosterSpot.objects.filter(workshop=workshop)}
    chosen = marks(workshop)
    rows = [
        {
            "paper": p,
            "spot": spots.get(p.pk),
            "presenters": people[p.pk][0],
            "source": people[p.pk][1],
            "authors": list(p.authors.all()),
            "oral": "oral" in chosen.get(p.pk, set()),
            "award": "award" in chosen.get(p.pk, set()),
        }
        for p in papers
    ]
    sessions = [
        {
            "number": n,
            "rows": sorted(
                (r for r in rows if r["spot"] and r["spot"].session == n), key=lambda r: r["spot"].board
            ),
        }
        for n in range(1, plan.sessions + 1)
    ]
    for session in sessions:
        session["topics"] = {}
        for r in session["rows"]:
            title = r["paper"].primary_topic.title
            session["topics"][title] = session["topics"].get(title, 0) + 1
    return render(
        request,
        "program/posters.html",
        {
            "workshop": workshop,
            "plan": plan,
            "rows": rows,
            "sessions": sessions,
            "unplaced": [r for r in rows if r["spot"] is None],
            "reasons": reasons,
            "warnings": posters.warnings(workshop) if spots else [],
            "session_numbers": list(range(1, plan.sessions + 1)),
        },
    )
