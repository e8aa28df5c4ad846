"""Organizer pages under /<slug>/manage/grants/. Every organizer sees the overview (counts and budget);
grant handlers see the applications they are not in conflict with, score, stage awards against the
budget, release, export. Thin: fetch or 404, one service, errors onto the form, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from confero import permissions
from confero.people.models import Role, User
from confero.web.access import action_required, fetch
from confero.web.forms import apply_errors

from . import selectors, services
from .forms import HandlerForm, ScoreForm, SettingsForm, StageForm
from .models import GrantApplication

SHOW = {
    "": "All",
    "undecided": "Undecided",
    "staged": "Staged",
    "released": "Released",
    "withdrawn": "Withdrawn",
}


def _index_url(workshop) -> str:
    return reverse("grants:index", args=[workshop.slug])


def _budget_json(b) -> dict:
    return {
        "total": str(b.total),
        "committed": str(b.committed),
        "released": str(b.released),
        "remaining": str(b.remaining),
        "currency": b.currency,
    }


@require_GET
@action_required("grant.overview")
def index(request, slug):
    workshop = request.workshop
    settings = selectors.settings_of(workshop)
    handles = permissions.can(request.user, "grant.handle", workshop)
    show = request.GET.get("show", "")
    show = show if show in SHOW else ""
    rows, hidden = selectors.ranking(request.user, workshop, show=show) if handles else ([], 0)
    return render(
        request,
        "grants/manage/index.html",
        {
            "workshop": workshop,
            "settings": settings,
            "counts": selectors.counts(workshop),
            "budget": selectors.budget(workshop, settings),
            "handles": handles,
            "rows": rows,
            "hidden": hidden,
            "show": show,
            "filters": SHOW,
            "pending": len(selectors.pending(request.user, workshop)) if handles else 0,
            "handlers": selectors.handlers(workshop),
            "closed": selectors.window_reason(settings),
            "section": "overview",
        },
    )


@require_GET
@action_required("grant.overview")
def budget(request, slug):
    """The budget as the database has it now (polled by the page; counts only, so every organizer)."""
    response = JsonResponse(_budget_json(selectors.budget(request.workshop)))
    response["Cache-Control"] = "no-store"
    return response


def _application(request, number) -> GrantApplication:
    queryset = GrantApplication.objects.filter(workshop=request.workshop).select_related(
        "applicant", "submission"
    )
    app = fetch(request, queryset, "grant.view", number=number)
    app.workshop = request.workshop
    return app


@require_http_methods(["GET", "POST"])
@action_required("grant.handle")
def application(request, slug, number):
    workshop = request.workshop
    app = _application(request, number)
    settings = selectors.settings_of(workshop)
    stage_form = StageForm(
        initial={
            "outcome": app.outcome or "award",
            "amount": app.awarded_amount or app.requested_amount,
            "note": app.note,
            "version": app.version,
        }
    )
    my = app.scores.filter(handler=request.user).first()
    score_form = ScoreForm(initial={"score": my.score if my else None})
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "score":
                score_form = ScoreForm(request.POST)
                if score_form.is_valid():
                    services.score(app, request.user, score_form.cleaned_data["score"])
                    messages.success(request, f"{app.label}: score saved.")
                    return redirect(request.path)
            elif action == "stage":
                stage_form = StageForm(request.POST)
                if stage_form.is_valid():
                    d = stage_form.cleaned_data
                    services.stage(
                        app,
                        request.user,
                        outcome=d["outcome"],
                        amount=d.get("amount"),
                        note=d["note"],
                        expected_version=d["version"],
                    )
                    messages.success(request, f"{app.label}: decision staged (not sent until released).")
                    return redirect(request.path)
            elif action == "unstage":
                services.unstage(app, request.user)
                messages.success(request, f"{app.label}: staged decision taken back.")
                return redirect(request.path)
        except (ValidationError, permissions.Denied) as exc:
            apply_errors(
                stage_form if action == "stage" else score_form if action == "score" else None, exc, request
            )
    scores = list(app.scores.select_related("handler"))
    return render(
        request,
        "grants/manage/application.html",
        {
            "workshop": workshop,
            "settings": settings,
            "app": app,
            "sensitive": permissions.can(request.user, "grant.view_sensitive", app),
            "can_decide": permissions.can(request.user, "grant.decide", app),
            "stage_form": stage_form,
            "score_form": score_form,
            "scores": scores,
            "budget": selectors.budget(workshop, settings),
            "section": "overview",
        },
    )


@require_http_methods(["GET", "POST"])
@action_required("grant.handle")
def settings_page(request, slug):
    workshop = request.workshop
    current = selectors.settings_of(workshop)
    form = SettingsForm.for_settings(current, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.configure(workshop, form.to_data(), actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Travel-grant settings saved.")
            return redirect(reverse("grants:settings", args=[slug]))
    return render(
        request, "grants/manage/settings.html", {"workshop": workshop, "form": form, "section": "settings"}
    )


@require_http_methods(["GET", "POST"])
@action_required("grant.appoint")
def handlers(request, slug):
    workshop = request.workshop
    current = selectors.handlers(workshop)
    ids = {h.user_id for h in current}
    organizers = (
        User.objects.filter(roles__workshop=workshop, roles__kind=Role.Kind.ORGANIZER)
        .distinct()
        .order_by("name")
    )
    form = HandlerForm(request.POST or None, candidates=[u for u in organizers if u.pk not in ids])
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                user = User.objects.filter(pk__in=ids, pk=request.POST.get("user", "0") or 0).first()
                if user is not None:
                    services.dismiss(workshop, user, actor=request.user)
                    messages.success(request, f"{user} no longer handles travel grants.")
                return redirect(request.path)
            if form.is_valid():
                user = User.objects.get(pk=form.cleaned_data["user"])
                services.appoint(workshop, user, actor=request.user)
                messages.success(request, f"{user} now handles travel grants.")
                return redirect(request.path)
        except (ValidationError, permissions.Denied) as exc:
            apply_errors(None, exc, request)
            return redirect(request.path)
    return render(
        request,
        "grants/manage/handlers.html",
        {"workshop": workshop, "handlers": current, "form": form, "section": "handlers"},
    )


@require_http_methods(["GET", "POST"])
@action_required("grant.release")
def release(request, slug):
    workshop = request.workshop
    if request.method == "POST":
        try:
            rel = services.release(workshop, request.user)
        except (ValidationError, permissions.Denied) as exc:
            apply_errors(None, exc, request)
        else:
            if rel is None:
                messages.info(request, "Nothing staged to release.")
            else:
                messages.success(
                    request, f"Release {rel.number}: {rel.notices.count()} applicant(s) notified."
                )
        return redirect(_index_url(workshop))
    apps = selectors.pending(request.user, workshop)
    settings = selectors.settings_of(workshop)
    return render(
        request,
        "grants/manage/release.html",
        {
            "workshop": workshop,
            "apps": apps,
            "settings": settings,
            "budget": selectors.budget(workshop, settings),
            "section": "overview",
        },
    )
