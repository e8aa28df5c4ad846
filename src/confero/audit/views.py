"""The audit log page: a workshop's events, newest first (organizers only; events about papers the viewer
may not oversee are left out, see :mod:`.selectors`)."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from confero.web.access import action_required

from .selectors import visible_events

PAGE_SIZE = 50


@require_GET
@action_required("audit.view")
def index(request, slug):
    workshop = request.workshop
    events = _without_hidden_grants(request.user, workshop, visible_events(request.user, workshop))
    actions = list(events.order_by("action").values_list("action", flat=True).distinct())
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action=action)
    object_type = request.GET.get("object_type", "").strip()
    object_id = request.GET.get("object_id", "").strip()
    if object_type:
        events = events.filter(object_type=object_type)
        if object_id:
            events = events.filter(object_id=object_id)
    query = {
        k: v for k, v in {"action": action, "object_type": object_type, "object_id": object_id}.items() if v
    }
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    numbers = _submission_numbers(workshop, page.object_list)
    rows = [
        {
            "event": e,
            "data": json.dumps(e.data, indent=2, ensure_ascii=False, sort_keys=True) if e.data else "",
            "submission": numbers.get(e.object_id) if e.object_type == "Submission" else None,
        }
        for e in page.object_list
    ]
    return render(
        request,
        "audit/index.html",
        {
            "workshop": workshop,
            "page": page,
            "rows": rows,
            "actions": actions,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "page_query": urlencode(query),
        },
    )


def _without_hidden_grants(user, workshop, events):
    """Travel-grant events (who applied, amounts) are for grant handlers only, and of those only the
    applications each handler may see (see docs/travel-grants.md)."""
    from confero.grants.selectors import hidden_audit_objects

    handles, hidden = hidden_audit_objects(user, workshop)
    if not handles:
        return events.exclude(action__startswith="grant.")
    if hidden:
        return events.exclude(object_type="GrantApplication", object_id__in=hidden)
    return events


def _submission_numbers(workshop, events) -> dict[str, int]:
    """Submission pk (as stored in object_id) -> the submission's number, in one query."""
    from confero.submissions.models import Submission

    ids = {e.object_id for e in events if e.object_type == "Submission" and e.object_id.isdigit()}
    if not ids:
        return {}
    rows = Submission.objects.filter(workshop=workshop, pk__in=[int(i) for i in ids]).values_list(
        "pk", "number"
    )
    return {str(pk): number for pk, number in rows}
