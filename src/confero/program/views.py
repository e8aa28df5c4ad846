"""The organizers' program builder: the day, its slots, rooms, warnings, releases and exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from confero import __version__
from confero.awards.views import posted_int
from confero.web.access import action_required
from confero.web.forms import apply_errors

from . import checks, exports, releases, services
from .forms import PapersForm, ProgramForm, ReleaseForm, RoomForm, SeedForm, SlotForm, SpeakersForm
from .models import PosterPlan, Program, Release, Room, Slot
from .snapshot import build


def _seed(request, workshop):
    form = SeedForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["source"] == "facts":
                services.seed(request.user, workshop, date=data["date"], timezone=data["timezone"])
            else:
                services.save_program(request.user, workshop, date=data["date"], timezone=data["timezone"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "The program is created.")
            return None
    return form


def _post(request, workshop, program):
    """Handle one action; returns the forms to show again with errors (or {} after success)."""
    action = request.POST.get("action")
    if action == "settings":
        form = ProgramForm(request.POST)
        if form.is_valid():
            try:
                services.save_program(request.user, workshop, **form.cleaned_data)
                return {}
            except ValidationError as exc:
                apply_errors(form, exc)
        return {"program_form": form}
    if action == "add_slot":
        form = SlotForm(request.POST, workshop=workshop)
        if form.is_valid():
            try:
                services.save_slot(
                    request.user, workshop, **{f: form.cleaned_data[f] for f in form.Meta.fields}
                )
                return {}
            except ValidationError as exc:
                apply_errors(form, exc)
        return {"slot_form": form}
    if action == "delete_slot":
        slot = get_object_or_404(Slot, workshop=workshop, pk=posted_int(request, "slot"))
        services.delete_slot(request.user, slot)
        return {}
    if action == "add_room":
        form = RoomForm(request.POST)
        if form.is_valid():
            try:
                services.add_room(request.user, workshop, form.cleaned_data["name"])
                return {}
            except ValidationError as exc:
                apply_errors(form, exc)
        return {"room_form": form}
    if action == "release":
        form = ReleaseForm(request.POST)
        if form.is_valid():
            try:
                row = releases.release(request.user, workshop, note=form.cleaned_data["note"])
                messages.success(request, f"Version {row.number} released.")
                return {}
            except ValidationError as exc:
                apply_errors(form, exc)
        return {"release_form": form}
    return {}


@require_http_methods(["GET", "POST"])
@action_required("program.manage")
def index(request, slug):
    workshop = request.workshop
    program = Program.objects.filter(workshop=workshop).first()
    seed_form = None
    again = {}
    if request.method == "POST":
        if program is None:
            seed_form = _seed(request, workshop)
            if seed_form is None:
                return redirect(request.path)
        else:
            again = _post(request, workshop, program)
            if not again:
                return redirect(request.path)
    if program is None:
        return render(
            request,
            "program/start.html",
            {"workshop": workshop, "form": seed_form or SeedForm(initial={"source": "facts"})},
        )
    data = build(workshop)
    plan = PosterPlan.objects.filter(workshop=workshop).first()
    latest = releases.latest(workshop)
    context = {
        "workshop": workshop,
        "program": program,
        "data": data,
        "slots": Slot.objects.filter(workshop=workshop)
        .select_related("room")
        .prefetch_related("speaker_links__speaker", "paper_links__submission"),
        "rooms": Room.objects.filter(workshop=workshop),
        "warnings": checks.warnings(
            data, sessions=plan.sessions if plan else None, published=bool(plan and plan.published_at)
        )
        + (
            ["The poster sessions changed since they were published: publish them again."]
            if plan and plan.changed_since_publish
            else []
        ),
        "pending": releases.changelog(latest.data if latest else None, data),
        "releases": Release.objects.filter(workshop=workshop).order_by("-number"),
        "next_version": (latest.number + 1) if latest else 1,
        "formats": list(exports.FORMATS),
        "program_form": ProgramForm(
            initial={"date": program.date, "timezone": program.timezone, "oral_minutes": program.oral_minutes}
        ),
        "slot_form": SlotForm(workshop=workshop),
        "room_form": RoomForm(),
        "release_form": ReleaseForm(),
    }
    context.update(again)
    return render(request, "program/index.html", context)


@require_http_methods(["GET", "POST"])
@action_required("program.manage")
def slot(request, slug, pk):
    workshop = request.workshop
    current = get_object_or_404(Slot.objects.select_related("room"), workshop=workshop, pk=pk)
    form = SlotForm(instance=current, workshop=workshop)
    speakers = SpeakersForm(
        initial={
            "speakers": "\n".join(
                f"{link.speaker.name}"
                + (f" ({link.speaker.affiliation})" if link.speaker.affiliation else "")
                + (f" | {link.role}" if link.role != "speaker" else "")
                for link in current.speaker_links.select_related("speaker")
            )
        }
    )
    papers = PapersForm(
        initial={"papers": " ".join(f"#{link.submission.number}" for link in current.paper_links.all())}
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "slot":
                form = SlotForm(request.POST, instance=Slot.objects.get(pk=pk), workshop=workshop)
                if form.is_valid():
                    fields = {f: form.cleaned_data[f] for f in form.Meta.fields}
                    services.save_slot(request.user, workshop, Slot.objects.get(pk=pk), **fields)
                    messages.success(request, "Slot saved.")
                    return redirect("program:index", slug)
            elif action == "speakers":
                speakers = SpeakersForm(request.POST)
                if speakers.is_valid():
                    services.set_speakers(request.user, current, speakers.cleaned_data["speakers"])
                    messages.success(request, "Speakers saved.")
                    return redirect(request.path)
            elif action == "papers":
                papers = PapersForm(request.POST)
                if papers.is_valid():
                    services.set_papers(request.user, current, papers.cleaned_data["papers"])
                    messages.success(request, "Papers saved.")
                    return redirect(request.path)
            elif action == "fill_orals":
                services.fill_orals(request.user, current)
                messages.success(request, "The chosen orals are in the block.")
                return redirect(request.path)
        except ValidationError as exc:
            target = {"slot": form, "speakers": speakers, "papers": papers}.get(action)
            apply_errors(target, exc, request)
    return render(
        request,
        "program/slot.html",
        {"workshop": workshop, "slot": current, "form": form, "speakers": speakers, "papers": papers},
    )


@require_GET
@action_required("program.manage")
def export(request, slug, version, fmt):
    workshop = request.workshop
    if fmt not in exports.FORMATS:
        raise Http404("unknown format")
    if version == "draft":
        if not Program.objects.filter(workshop=workshop).exists():
            raise Http404("no program yet")
        data, name = build(workshop), "draft"
    else:
        row = get_object_or_404(Release, workshop=workshop, number=int(version) if version.isdigit() else 0)
        data, name = row.data, f"v{row.number}"
    content_type, ext = exports.FORMATS[fmt]
    response = HttpResponse(exports.render(data, fmt, __version__), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{workshop.slug}-program-{name}.{ext}"'
    return response
