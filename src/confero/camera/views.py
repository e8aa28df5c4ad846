"""The authors' camera-ready page, /<slug>/submissions/<n>/camera-ready/, and the download of its files
(authors and the organizers who oversee the paper). Thin: forms parse, services decide."""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from confero import permissions
from confero.submissions.models import Submission
from confero.web.access import fetch, workshop_for
from confero.web.forms import apply_errors

from . import files, licences, services
from .deadlines import deadline_info, has_passed
from .forms import DetailsForm, FileForm
from .selectors import camera_of, settings_for
from .status import ITEMS, missing
from .views_public import CONTENT_TYPES

FILE_KINDS = {"pdf": "paper", "poster": "poster", "video": "video", "slides": "slides"}
UPLOAD_LABELS = {"pdf": "Final PDF", "poster": "Poster", "video": "Video", "slides": "Slides"}
UPLOADERS = {
    "pdf": files.upload_pdf,
    "poster": files.upload_poster,
    "video": files.upload_video,
    "slides": files.upload_slides,
}


def paper_for(request, slug, number, action="camera.view"):
    workshop = workshop_for(request, slug)
    sub = fetch(
        request,
        Submission.objects.filter(workshop=workshop).select_related(
            "decision", "primary_topic", "secondary_topic"
        ),
        action,
        number=number,
    )
    sub.workshop = workshop
    return workshop, sub


def _expected(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _post(request, workshop, sub, camera, conf, details_form, file_forms):
    """Handle one POST; returns (redirect or None, details_form, file_forms) with errors bound."""
    what = request.POST.get("form", "")
    user = request.user
    try:
        if what == "details":
            details_form = DetailsForm(request.POST, camera=camera, conf=conf)
            if not details_form.is_valid():
                return None, details_form, file_forms
            services.update_details(
                camera, details_form.details(), actor=user, expected_version=_expected(request)
            )
            messages.success(request, "Camera-ready details saved.")
        elif what in UPLOADERS:
            form = FileForm(request.POST, request.FILES, prefix=what)
            file_forms[what] = form
            if not form.is_valid():
                return None, details_form, file_forms
            UPLOADERS[what](
                camera, form.cleaned_data["file"], actor=user, expected_version=_expected(request)
            )
            messages.success(request, f"{UPLOAD_LABELS[what]} uploaded and checked.")
        elif what == "remove":
            files.remove_file(
                camera, request.POST.get("field", ""), actor=user, expected_version=_expected(request)
            )
            messages.success(request, "File removed.")
        else:
            raise Http404("unknown form")
    except (ValidationError, services.CameraClosed) as exc:
        target = details_form if what == "details" else file_forms.get(what)
        apply_errors(target, exc, request)
        return None, details_form, file_forms
    return redirect("camera:edit", slug=workshop.slug, number=sub.number), details_form, file_forms


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug, number):
    workshop, sub = paper_for(request, slug, number)
    conf = settings_for(workshop)
    camera = camera_of(sub)
    can_edit = permissions.can(request.user, "camera.edit", sub) and not has_passed(workshop, camera)
    if camera is None and can_edit:
        camera = services.start(sub, actor=request.user)
    oral = services.is_oral(sub)
    details_form = DetailsForm(camera=camera, conf=conf) if camera else None
    file_forms = {kind: FileForm(prefix=kind) for kind in UPLOADERS}
    if request.method == "POST":
        if camera is None or not can_edit:
            permissions.require(request.user, "camera.edit", sub)
            apply_errors(None, services.CameraClosed("The camera-ready can no longer be changed."), request)
            return redirect("camera:edit", slug=slug, number=number)
        response, details_form, file_forms = _post(
            request, workshop, sub, camera, conf, details_form, file_forms
        )
        if response is not None:
            return response
        camera.refresh_from_db()
    return render(
        request,
        "camera/edit.html",
        {
            "workshop": workshop,
            "sub": sub,
            "camera": camera,
            "conf": conf,
            "can_edit": can_edit,
            "oral": oral,
            "form": details_form,
            "file_forms": file_forms,
            "missing": [ITEMS[k] for k in missing(camera, oral=oral)],
            "deadline": deadline_info(workshop, camera),
            "deadline_passed": has_passed(workshop, camera),
            "licence_name": licences.name(camera.licence) if camera and camera.licence else "",
            "licence_url": licences.url(camera.licence) if camera and camera.licence else "",
            "oversees": permissions.can(request.user, "camera.oversee", sub),
        },
    )


@require_GET
@login_required
def download(request, slug, number, kind):
    """A camera-ready file for its authors and the organizers who oversee the paper (never cached)."""
    workshop, sub = paper_for(request, slug, number)
    camera = camera_of(sub)
    field = {v: k for k, v in FILE_KINDS.items()}.get(kind)
    stored = getattr(camera, field) if camera is not None and field else None
    if not stored:
        raise Http404("not found")
    ext = os.path.splitext(stored.name)[1].lower()
    try:
        fh = stored.storage.open(stored.name, "rb")
    except FileNotFoundError:
        raise Http404("not found") from None
    resp = FileResponse(
        fh,
        content_type=CONTENT_TYPES.get(ext, "application/octet-stream"),
        filename=f"{workshop.slug}-{sub.number}-{kind}-v{camera.version}{ext}",
    )
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Cache-Control"] = "private, no-store"
    return resp
