"""Organizer exports (reviews, scores, decisions, assignments; OpenReview and HotCRP shapes) and the
decision import with its dry run, under /<slug>/manage/decisions/exports/."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from confero import permissions
from confero.audit.services import record
from confero.web.access import action_required
from confero.web.forms import apply_errors

from . import exports, imports
from .forms import ImportForm


def _hidden_papers(workshop, user) -> list[int]:
    subs = list(workshop.submissions.order_by("number"))
    for sub in subs:
        sub.workshop = workshop
    return [s.number for s in subs if not permissions.can(user, "decision.view_staged", s)]


@require_http_methods(["GET", "POST"])
@action_required("submission.export")
def index(request, slug):
    workshop = request.workshop
    form, result, content = ImportForm(), None, ""
    if request.method == "POST":
        if request.POST.get("action") == "apply":
            content = request.POST.get("content", "")
            filename = request.POST.get("filename", "decisions.csv")[:200]
            try:
                result = imports.apply(workshop, request.user, content.encode("utf-8"), filename)
            except (ValidationError, permissions.Denied) as exc:
                apply_errors(None, exc, request)
                result = imports.plan(workshop, request.user, content.encode("utf-8"), filename)
            else:
                messages.success(request, f"{len(result.changes)} decision(s) staged from {filename}.")
                return redirect(reverse("decisions:index", args=[workshop.slug]))
        else:
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                data = upload.read(imports.MAX_BYTES + 1)
                result = imports.plan(workshop, request.user, data, upload.name)
                content = data.decode("utf-8-sig", errors="replace") if result.ok else ""
    return render(
        request,
        "decisions/manage/exports.html",
        {
            "workshop": workshop,
            "targets": [
                {"what": what, "formats": fmts, "description": exports.DESCRIPTIONS[what]}
                for what, fmts in exports.FORMATS.items()
            ],
            "hidden": _hidden_papers(workshop, request.user),
            "form": form,
            "result": result,
            "content": content,
            "section": "exports",
        },
    )


@require_GET
@action_required("submission.export")
def download(request, slug, what, fmt):
    workshop = request.workshop
    if fmt not in exports.FORMATS.get(what, []):
        raise Http404("no such export")
    export = exports.build(what, fmt, workshop=workshop, actor=request.user)
    response = HttpResponse(export.text, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    omitted = export.omitted_text()
    if omitted:
        response["X-Confero-Omitted"] = omitted
    record(
        f"{what}.exported",
        actor=request.user,
        workshop=workshop,
        summary=f"exported {what} as {fmt}" + (" (some papers left out)" if omitted else ""),
        format=fmt,
    )
    return response
