"""The organizers' committee page: who is where in onboarding, reminders, maximum loads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from confero.people.models import Invitation, Role, User
from confero.web.access import action_required
from confero.web.forms import apply_errors, error_messages

from . import selectors, services


def _post(request, workshop, statuses) -> bool:
    """Handle a POST; True when it changed something (then the page is reloaded)."""
    if "remind" in request.POST:
        if not request.POST["remind"].isdigit():
            messages.error(request, "Unknown member.")
            return False
        user = get_object_or_404(
            User, pk=request.POST["remind"], roles__workshop=workshop, roles__kind=Role.Kind.PC
        )
        try:
            services.remind(workshop, user, actor=request.user)
        except ValidationError as exc:
            apply_errors(None, exc, request)
            return False
        messages.success(request, f"Reminder sent to {user.email}.")
        return True
    action = request.POST.get("action")
    if action == "remind_all":
        report = services.remind_incomplete(workshop, actor=request.user)
        messages.success(request, f"{len(report.sent)} reminder(s) sent.")
        if report.skipped:
            messages.info(request, f"{len(report.skipped)} not reminded: " + " ".join(report.skipped[:5]))
        return True
    if action == "loads":
        loads = {s.user.pk: request.POST.get(f"load-{s.user.pk}", s.member.max_load) for s in statuses}
        try:
            changed = services.set_loads(workshop, loads, actor=request.user)
        except ValidationError as exc:
            for message in error_messages(exc):
                messages.error(request, message)
            return False
        messages.success(request, f"{len(changed)} maximum load(s) changed.")
        return True
    messages.error(request, "Unknown action.")
    return False


@action_required("workshop.manage")
@require_http_methods(["GET", "POST"])
def committee(request, slug):
    workshop = request.workshop
    statuses = selectors.committee(workshop)
    code = 200
    if request.method == "POST":
        if _post(request, workshop, statuses):
            return redirect(request.get_full_path())
        code = 400
    show = request.GET.get("show", "")
    rows = [s for s in statuses if not s.complete] if show == "incomplete" else statuses
    now = timezone.now()
    context = {
        "workshop": workshop,
        "rows": [{"status": s, "can_remind": s.can_remind(now)} for s in rows],
        "total": len(statuses),
        "complete": sum(1 for s in statuses if s.complete),
        "step_counts": selectors.step_counts(statuses),
        "steps": selectors.STEPS,
        "show": show,
        "pending_invitations": Invitation.objects.filter(
            workshop=workshop, kind=Role.Kind.PC, status=Invitation.Status.PENDING
        ).count(),
    }
    return render(request, "committee/manage.html", context, status=code)
