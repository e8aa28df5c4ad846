"""The applicant's pages under /<slug>/grants/: the call and their application, apply, edit, withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confero import permissions
from confero.web.access import action_required, fetch, workshop_for
from confero.web.forms import apply_errors

from . import selectors, services
from .forms import ApplicationForm
from .models import GrantApplication


def _mine_url(workshop) -> str:
    return reverse("grants:mine", args=[workshop.slug])


def _own(request, action: str) -> GrantApplication:
    queryset = GrantApplication.objects.filter(workshop=request.workshop).select_related("submission")
    app = fetch(request, queryset, action, applicant=request.user)
    app.workshop = request.workshop
    return app


@require_GET
@login_required
def mine(request, slug):
    workshop = request.workshop = workshop_for(request, slug)
    settings = selectors.settings_of(workshop)
    app = (
        GrantApplication.objects.filter(workshop=workshop, applicant=request.user)
        .select_related("submission")
        .first()
    )
    if app is not None:
        app.workshop = workshop
    return render(
        request,
        "grants/mine.html",
        {
            "workshop": workshop,
            "settings": settings,
            "app": app,
            "closed": selectors.window_reason(settings),
            "may_apply": permissions.why_not(request.user, "grant.apply", workshop),
            "can_edit": app is not None and permissions.can(request.user, "grant.edit", app),
            "can_withdraw": app is not None and permissions.can(request.user, "grant.withdraw", app),
        },
    )


def _form(request, settings, data=None, initial=None):
    return ApplicationForm(
        data,
        initial=initial,
        settings=settings,
        submissions=selectors.own_submissions(request.user, request.workshop),
    )


@require_http_methods(["GET", "POST"])
@action_required("grant.apply")
def apply(request, slug):
    workshop = request.workshop
    existing = GrantApplication.objects.filter(workshop=workshop, applicant=request.user).first()
    if existing is not None and not existing.is_withdrawn:
        return redirect(reverse("grants:edit", args=[slug]))
    settings = selectors.settings_of(workshop)
    form = _form(request, settings, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            app = services.apply(workshop, request.user, form.to_data())
        except (ValidationError, permissions.Denied) as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, f"Application {app.label} received. You can change it until the call closes."
            )
            return redirect(_mine_url(workshop))
    return render(
        request, "grants/form.html", {"workshop": workshop, "settings": settings, "form": form, "app": None}
    )


@require_http_methods(["GET", "POST"])
@login_required
def edit(request, slug):
    request.workshop = workshop_for(request, slug)
    app = _own(request, "grant.edit")
    settings = selectors.settings_of(request.workshop)
    form = _form(request, settings, request.POST or None, initial=ApplicationForm.initial_of(app))
    if request.method == "POST" and form.is_valid():
        try:
            services.edit(app, request.user, form.to_data())
        except (ValidationError, permissions.Denied) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Application {app.label} saved.")
            return redirect(_mine_url(request.workshop))
    return render(
        request,
        "grants/form.html",
        {"workshop": request.workshop, "settings": settings, "form": form, "app": app},
    )


@require_POST
@login_required
def withdraw(request, slug):
    request.workshop = workshop_for(request, slug)
    app = _own(request, "grant.withdraw")
    try:
        services.withdraw(app, request.user)
    except (ValidationError, permissions.Denied) as exc:
        apply_errors(None, exc, request)
    else:
        messages.success(request, f"Application {app.label} withdrawn.")
    return redirect(_mine_url(request.workshop))
