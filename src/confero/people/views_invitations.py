"""The invitation page (accept / decline) and the organizers' people page (PC list, invitations)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from confero.web.access import action_required

from . import invitations as inv
from . import lockout
from .forms import InviteForm
from .models import Affiliation, Invitation, Role, User


@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    invitation = get_object_or_404(Invitation.objects.select_related("workshop", "invited_by"), token=token)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                if not request.user.is_authenticated:
                    return redirect(f"{reverse('people:login')}?next={request.path}")
                inv.accept_invitation(invitation, request.user)
                messages.success(
                    request,
                    f"Welcome to {invitation.workshop}: you are now {invitation.get_kind_display().lower()}.",
                )
                return redirect("people:profile")
            if action == "decline":
                inv.decline_invitation(invitation, request.user)
                messages.info(
                    request, "You declined the invitation. Thank you for letting the organizers know."
                )
                return redirect(request.path)
            status = 400
            messages.error(request, "Choose accept or decline.")
        except ValidationError as exc:
            status = 409
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied as exc:
            status = 403
            messages.error(request, str(exc))
    context = {
        "invitation": invitation,
        "workshop": invitation.workshop,
        "email_differs": request.user.is_authenticated and request.user.email != invitation.email,
        "has_account": User.objects.filter(email__iexact=invitation.email).exists(),
    }
    if invitation.status == Invitation.Status.REVOKED and status == 200:
        status = 410
    return render(request, "people/invitation.html", context, status=status)


def _members(workshop):
    roles = (
        Role.objects.filter(workshop=workshop, kind__in=[Role.Kind.ORGANIZER, Role.Kind.PC])
        .select_related("user")
        .order_by("kind", "user__name")
        .prefetch_related(
            Prefetch("user__affiliations", queryset=Affiliation.objects.all()), "user__research_areas"
        )
    )
    rows = []
    for role in roles:
        areas = [a.name for a in role.user.research_areas.all() if a.workshop_id == workshop.pk]
        rows.append(
            {
                "role": role,
                "user": role.user,
                "areas": areas,
                "affiliations": list(role.user.affiliations.all()),
            }
        )
    return rows


@action_required("workshop.manage")
@require_http_methods(["GET", "POST"])
def manage_people(request, slug: str):
    workshop = request.workshop
    form = InviteForm(initial={"kind": Role.Kind.PC})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "invite":
            form = InviteForm(request.POST)
            if form.is_valid():
                report = inv.invite_many(
                    workshop, form.cleaned_data["people"], form.cleaned_data["kind"], by=request.user
                )
                if report.invited:
                    messages.success(request, f"{len(report.invited)} invitation(s) sent.")
                if report.resent:
                    messages.info(
                        request,
                        f"{len(report.resent)} pending invitation(s) sent again: "
                        + ", ".join(i.email for i in report.resent),
                    )
                for line in report.skipped:
                    messages.warning(request, f"Not invited: {line}")
                return redirect(request.path)
        elif action in {"revoke", "resend"}:
            item = get_object_or_404(Invitation, pk=request.POST.get("invitation"), workshop=workshop)
            try:
                if action == "revoke":
                    inv.revoke_invitation(item, by=request.user)
                    messages.success(request, f"Invitation of {item.email} withdrawn.")
                else:
                    inv.resend_invitation(item, by=request.user)
                    messages.success(request, f"Invitation sent again to {item.email}.")
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect(request.path)
        elif action == "unlock":
            role = get_object_or_404(Role, pk=request.POST.get("role"), workshop=workshop)
            inv.unlock_login(workshop, role.user, by=request.user)
            messages.success(request, f"{role.user.email} can log in again.")
            return redirect(request.path)
        elif action == "remove_role":
            role = get_object_or_404(Role, pk=request.POST.get("role"), workshop=workshop)
            try:
                inv.revoke_role(workshop, role.user, role.kind, by=request.user)
                messages.success(request, f"{role.user} is no longer {role.get_kind_display().lower()}.")
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect(request.path)
        else:
            messages.error(request, "Unknown action.")
    members = _members(workshop)
    invitations = list(Invitation.objects.filter(workshop=workshop).select_related("user", "invited_by"))
    organizers = [m for m in members if m["role"].kind == Role.Kind.ORGANIZER]
    locked = lockout.locked_emails(m["user"].email for m in members)
    for m in members:  # the last organizer cannot be removed: no button
        m["removable"] = m["role"].kind != Role.Kind.ORGANIZER or len(organizers) > 1
        m["locked_since"] = locked.get(m["user"].email.lower())
    context = {
        "workshop": workshop,
        "form": form,
        "organizers": organizers,
        "pc": [m for m in members if m["role"].kind == Role.Kind.PC],
        "pending": [i for i in invitations if i.status == Invitation.Status.PENDING],
        "answered": [i for i in invitations if i.status != Invitation.Status.PENDING][:200],
    }
    return render(request, "people/manage_people.html", context, status=400 if form.errors else 200)
