"""The organizers' orals-and-awards page: the ranking, votes, and the papers chosen."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from confero import permissions
from confero.web.access import action_required, fetch
from confero.web.forms import apply_errors

from . import services
from .models import Kind, Pick
from .ranking import ranking, recommendation_question
from .selectors import accepted, limit

ACTIONS = {
    "vote": lambda user, paper, kind: services.vote(user, paper, kind, on=True),
    "unvote": lambda user, paper, kind: services.vote(user, paper, kind, on=False),
    "pick": services.pick,
    "unpick": services.unpick,
    "up": lambda user, paper, kind: services.move(user, paper, kind, -1),
    "down": lambda user, paper, kind: services.move(user, paper, kind, 1),
}


def _chosen(user, workshop, kind):
    rows = list(Pick.objects.filter(workshop=workshop, kind=kind).select_related("submission"))
    visible = [p for p in rows if permissions.can(user, "award.view", p.submission)]
    return {
        "kind": kind,
        "label": Kind(kind).label,
        "limit": limit(workshop, kind),
        "count": len(rows),
        "visible": visible,
        "hidden": len(rows) - len(visible),
    }


def posted_int(request, name: str) -> int:
    """A whole number from the POST data; 0 (which matches nothing) when missing or not a number."""
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else 0


@require_http_methods(["GET", "POST"])
@action_required("award.list")
def index(request, slug):
    workshop = request.workshop
    if request.method == "POST":
        action, kind = request.POST.get("action", ""), request.POST.get("kind", "")
        if action in ACTIONS:
            paper = fetch(request, accepted(workshop), "award.view", number=posted_int(request, "number"))
            try:
                ACTIONS[action](request.user, paper, kind)
            except (ValidationError, permissions.Denied) as exc:
                apply_errors(None, exc, request)
            else:
                messages.success(request, f"#{paper.number}: saved.")
        return redirect(request.path)
    rows = ranking(request.user, workshop)
    hidden = accepted(workshop).count() - len(rows)
    return render(
        request,
        "awards/index.html",
        {
            "workshop": workshop,
            "rows": rows,
            "hidden": hidden,
            "question": recommendation_question(workshop),
            "chosen": [
                _chosen(request.user, workshop, Kind.ORAL),
                _chosen(request.user, workshop, Kind.AWARD),
            ],
            "ORAL": Kind.ORAL,
            "AWARD": Kind.AWARD,
        },
    )
