"""The PC member's onboarding pages: the checklist (with load and confirmation) and their publications."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from confero.web.access import action_required
from confero.web.forms import apply_errors

from . import publications, selectors, services
from .forms import ImportForm, LoadForm, PublicationForm
from .models import Publication


@action_required("committee.onboard")
@require_http_methods(["GET", "POST"])
def onboarding(request, slug):
    workshop, user = request.workshop, request.user
    status = selectors.status_of(workshop, user)
    load_form = LoadForm(initial={"max_load": status.member.max_load}, prefix="load")
    code = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "load":
            load_form = LoadForm(request.POST, prefix="load")
            if load_form.is_valid():
                try:
                    services.set_own_load(workshop, user, load_form.cleaned_data["max_load"])
                except ValidationError as exc:
                    apply_errors(load_form, exc)
                else:
                    messages.success(request, f"Maximum load set to {load_form.cleaned_data['max_load']}.")
                    return redirect(request.path)
            code = 400
        elif action == "confirm":
            try:
                services.confirm_profile(workshop, user)
            except ValidationError as exc:
                apply_errors(None, exc, request)
                code = 400
            else:
                messages.success(request, "Thank you: your profile is confirmed.")
                return redirect(request.path)
        else:
            messages.error(request, "Unknown action.")
            code = 400
        status = selectors.status_of(workshop, user)
    context = {"workshop": workshop, "status": status, "load_form": load_form}
    return render(request, "committee/onboarding.html", context, status=code)


def _import(request, workshop) -> ImportForm:
    form = ImportForm(request.POST, request.FILES, prefix="import")
    if not form.is_valid():
        return form
    upload = form.cleaned_data["file"]
    if upload.size > publications.MAX_BYTES:
        form.add_error("file", f"{upload.name} is larger than {publications.MAX_BYTES // (1024 * 1024)} MB")
        return form
    try:
        report = publications.import_publications(
            request.user, form.cleaned_data["format"], upload.read(), upload.name, workshop=workshop
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return form
    messages.success(
        request,
        f"{len(report.added)} publication(s) added from {upload.name}"
        + (f"; {len(report.already_there)} were in your list already" if report.already_there else "")
        + ".",
    )
    for warning in report.warnings[:10]:
        messages.warning(request, warning)
    if len(report.warnings) > 10:
        messages.warning(request, f"… and {len(report.warnings) - 10} more warnings.")
    if report.owner_missing:
        messages.warning(
            request,
            f"Your name ({request.user.name}) is on none of the imported publications. Conflict detection "
            "tells you apart from your co-authors by your name: check it on your profile page.",
        )
    return None


@action_required("committee.onboard")
@require_http_methods(["GET", "POST"])
def publication_list(request, slug):
    workshop, user = request.workshop, request.user
    import_form = ImportForm(prefix="import")
    add_form = PublicationForm(prefix="pub")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "import":
            import_form = _import(request, workshop)
            if import_form is None:
                return redirect(request.path)
        elif action == "add":
            add_form = PublicationForm(request.POST, prefix="pub")
            if add_form.is_valid():
                try:
                    publications.add_publication(user, workshop=workshop, **add_form.cleaned_data)
                except ValidationError as exc:
                    apply_errors(add_form, exc)
                else:
                    messages.success(request, f"Added {add_form.cleaned_data['title']!r}.")
                    return redirect(request.path)
        elif action == "delete":
            count = publications.delete_publications(
                user, request.POST.getlist("publication"), workshop=workshop
            )
            messages.success(request, f"{count} publication(s) removed.")
            return redirect(request.path)
        else:
            messages.error(request, "Unknown action.")
    context = {
        "workshop": workshop,
        "publications": list(Publication.objects.filter(user=user).order_by("-year", "title")),
        "import_form": import_form,
        "add_form": add_form,
    }
    invalid = import_form.errors or add_form.errors
    return render(request, "committee/publications.html", context, status=400 if invalid else 200)
