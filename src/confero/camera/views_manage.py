"""The organizers' camera-ready pages under /<slug>/manage/camera-ready/: what each accepted paper still
lacks (with reminders through the outbox), the settings and deadline, and one paper's camera-ready with
its extension. Papers an organizer does not oversee (their own, a conflict) show no details."""

from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from confero.web.access import action_required
from confero.web.forms import apply_errors
from confero.workshops.timezones import AOE, local_to_utc

from . import licences, reminders, services, settings_services
from .deadlines import deadline_info, workshop_deadline
from .forms import ExtensionForm, SettingsForm
from .selectors import camera_of, settings_for
from .status import ITEMS, missing, table
from .views import paper_for


@action_required("camera.manage")
@require_http_methods(["GET"])
def index(request, slug):
    workshop = request.workshop
    rows = table(workshop, request.user)
    visible = [r for r in rows if r.visible]
    counts = {key: sum(1 for r in visible if key in r.missing) for key in ITEMS}
    reminded = reminders.reminder_times(workshop)
    for r in visible:
        r.reminded_at = reminded.get(r.submission.pk)
    return render(
        request,
        "camera/manage/index.html",
        {
            "workshop": workshop,
            "rows": visible,
            "hidden": len(rows) - len(visible),
            "counts": [(ITEMS[k], n) for k, n in counts.items() if n],
            "complete": sum(1 for r in visible if r.complete),
            "deadline": workshop_deadline(workshop),
            "conf": settings_for(workshop),
        },
    )


@action_required("camera.manage")
@require_POST
def remind(request, slug):
    workshop = request.workshop
    number = request.POST.get("number")
    try:
        result = reminders.send_reminders(
            workshop, actor=request.user, numbers=[int(number)] if number and number.isdigit() else None
        )
    except ValidationError as exc:
        apply_errors(None, exc, request)
    else:
        messages.success(
            request,
            f"Reminded the authors of {len(result.sent)} paper(s) through the outbox"
            + (f"; {len(result.recent)} were reminded today already" if result.recent else "")
            + (f"; {len(result.closed)} are past their deadline" if result.closed else "")
            + ".",
        )
    return redirect("camera:index", slug=slug)


@action_required("camera.manage")
@require_http_methods(["GET", "POST"])
def settings_page(request, slug):
    workshop = request.workshop
    conf = settings_for(workshop)
    form = SettingsForm(request.POST or None, instance=conf, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in settings_services.FIELDS}
        try:
            settings_services.update_settings(workshop, values, actor=request.user, deadline=form.deadline())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Camera-ready settings saved.")
            return redirect("camera:settings", slug=slug)
    return render(
        request,
        "camera/manage/settings.html",
        {
            "workshop": workshop,
            "form": form,
            "timezones": ["AoE", "UTC", "Europe/London", "America/New_York"],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper(request, slug, number):
    workshop, sub = paper_for(request, slug, number, action="camera.oversee")
    camera = camera_of(sub)
    base = workshop_deadline(workshop)
    tz = base.timezone if base else AOE
    form = ExtensionForm(request.POST or None)
    if camera is not None and camera.deadline_extension and not form.is_bound:
        form.initial["until"] = timezone.localtime(camera.deadline_extension, zoneinfo.ZoneInfo(tz)).replace(
            tzinfo=None
        )
    if request.method == "POST" and form.is_valid():
        until = form.cleaned_data["until"]
        if until is not None:
            until = local_to_utc(timezone.make_naive(until) if timezone.is_aware(until) else until, tz)
        try:
            services.grant_extension(
                sub, organizer=request.user, until=until, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Extension saved." if until else "Extension removed.")
            return redirect("camera:paper", slug=slug, number=number)
    oral = services.is_oral(sub)
    return render(
        request,
        "camera/manage/paper.html",
        {
            "workshop": workshop,
            "sub": sub,
            "camera": camera,
            "form": form,
            "missing": [ITEMS[k] for k in missing(camera, oral=oral)],
            "oral": oral,
            "deadline": deadline_info(workshop, camera),
            "tz_label": base.tz_label if base else "AoE",
            "licence_name": licences.name(camera.licence) if camera and camera.licence else "",
        },
    )
