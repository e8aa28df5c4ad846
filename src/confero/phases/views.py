"""The organizers' phase page: which phase runs, switch or schedule the next, and what each phase allows."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from confero.web.access import action_required
from confero.web.forms import apply_errors

from . import services
from .forms import FlagsForm, SwitchForm


@require_http_methods(["GET", "POST"])
@action_required("workshop.manage")
def index(request, slug):
    workshop = request.workshop
    rows = services.phases(workshop)
    flag_forms = {p.kind: FlagsForm(instance=p, prefix=p.kind) for p in rows}
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "switch":
            form = SwitchForm(request.POST)
            if form.is_valid():
                try:
                    phase = services.switch_to(
                        workshop,
                        form.cleaned_data["kind"],
                        actor=request.user,
                        at=form.cleaned_data["at_utc"],
                    )
                except ValidationError as exc:
                    apply_errors(None, exc, request)
                else:
                    messages.success(request, f"The {phase.get_kind_display().lower()} phase is set.")
                    return redirect(request.path)
            else:
                apply_errors(
                    None, ValidationError(form.errors.get_json_data() and form.errors.as_text()), request
                )
        elif action == "flags":
            kind = request.POST.get("kind", "")
            phase = next((p for p in rows if p.kind == kind), None)
            if phase is not None:
                form = FlagsForm(request.POST, instance=phase, prefix=kind)
                flag_forms[kind] = form
                if form.is_valid():
                    try:
                        services.set_flags(workshop, kind, actor=request.user, **form.cleaned_data)
                    except ValidationError as exc:
                        apply_errors(form, exc)
                    else:
                        messages.success(
                            request, f"Settings of the {phase.get_kind_display().lower()} phase saved."
                        )
                        return redirect(request.path)
    running = services.current(workshop)
    return render(
        request,
        "phases/index.html",
        {
            "workshop": workshop,
            "rows": [(p, flag_forms[p.kind], p.pk == running.pk) for p in rows],
            "running": running,
        },
    )
