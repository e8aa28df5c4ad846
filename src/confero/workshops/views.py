"""Public call for papers, the home page, and the organizers' workshop setup pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from confero import permissions
from confero.people.listing import public_people
from confero.people.models import Role
from confero.phases.window import submission_window
from confero.web.access import action_required
from confero.web.forms import apply_errors

from . import services
from .forms import (
    AreaFormSet,
    CategoryFormSet,
    DeadlinesForm,
    TopicFormSet,
    WorkshopSettingsForm,
    formset_rows,
)
from .models import Workshop
from .timezones import COMMON as COMMON_TIMEZONES


def _visible_workshops(user):
    qs = Workshop.objects.filter(is_published=True)
    if user.is_authenticated:
        qs = qs | Workshop.objects.filter(roles__user=user, roles__kind=Role.Kind.ORGANIZER)
    return qs.distinct().order_by("name")


def home(request):
    workshops = list(Workshop.objects.filter(is_published=True).order_by("name"))
    if len(workshops) == 1:
        return _render_cfp(request, workshops[0])
    return render(request, "workshops/home.html", {"workshops": _visible_workshops(request.user)})


def _organizers(workshop):
    return public_people(workshop)["organizers"]


def cfp_context(request, workshop) -> dict:
    """What the call for papers shows (also the public site's CFP and home page before proceedings)."""
    window = submission_window(workshop)
    return {
        "workshop": workshop,
        "topics": workshop.topics.all(),
        "categories": workshop.categories.all(),
        "deadlines": list(workshop.deadlines.all()),
        "submission_deadline": window.closes,
        "window": window,
        "organizers": _organizers(workshop),
        "is_organizer": permissions.can(request.user, "workshop.manage", workshop),
    }


def _render_cfp(request, workshop):
    return render(request, "workshops/cfp.html", cfp_context(request, workshop))


def _apply(request, form_ok: bool, action, success: str, form=None):
    """Run a service call; on ValidationError attach the messages to the form (or as messages)."""
    if not form_ok:
        return False
    try:
        action()
    except ValidationError as exc:
        apply_errors(form if hasattr(form, "fields") else None, exc, request)
        return False
    messages.success(request, success)
    return True


@action_required("workshop.manage")
def settings_general(request, slug):
    workshop = request.workshop
    form = WorkshopSettingsForm(request.POST or None, instance=Workshop.objects.get(pk=workshop.pk))
    if request.method == "POST" and _apply(
        request,
        form.is_valid(),
        lambda: services.update_workshop(
            workshop, actor=request.user, **{k: form.cleaned_data[k] for k in services.EDITABLE_FIELDS}
        ),
        "Workshop settings saved.",
        form,
    ):
        return redirect("workshops:settings", slug=workshop.slug)
    return render(
        request,
        "workshops/settings_general.html",
        {
            "workshop": workshop,
            "form": form,
            "tab": "general",
            "publish_problems": [] if workshop.is_published else services.publish_problems(workshop),
        },
    )


def _list_page(request, workshop, *, formset_class, prefix, initial, service, tab, title, columns, success):
    formset = formset_class(request.POST or None, initial=initial, prefix=prefix)
    if request.method == "POST" and _apply(
        request,
        formset.is_valid(),
        lambda: service(workshop, formset_rows(formset), actor=request.user),
        success,
    ):
        return redirect(f"workshops:settings_{tab}", slug=workshop.slug)
    return render(
        request,
        "workshops/settings_list.html",
        {"workshop": workshop, "formset": formset, "tab": tab, "title": title, "columns": columns},
    )


@action_required("workshop.manage")
def settings_topics(request, slug):
    ws = request.workshop
    return _list_page(
        request,
        ws,
        formset_class=TopicFormSet,
        prefix="topics",
        initial=[{"key": t.key, "title": t.title, "scope": t.scope} for t in ws.topics.all()],
        service=services.set_topics,
        tab="topics",
        title="Call-for-papers topics",
        columns=["key", "title", "scope"],
        success="Topics saved.",
    )


@action_required("workshop.manage")
def settings_categories(request, slug):
    ws = request.workshop
    return _list_page(
        request,
        ws,
        formset_class=CategoryFormSet,
        prefix="categories",
        initial=[
            {"key": c.key, "title": c.title, "max_pages": c.max_pages, "description": c.description}
            for c in ws.categories.all()
        ],
        service=services.set_categories,
        tab="categories",
        title="Submission categories",
        columns=["key", "title", "max_pages", "description"],
        success="Categories saved.",
    )


@action_required("workshop.manage")
def settings_areas(request, slug):
    ws = request.workshop
    return _list_page(
        request,
        ws,
        formset_class=AreaFormSet,
        prefix="areas",
        initial=[{"key": a.key, "name": a.name} for a in ws.research_areas.all()],
        service=services.set_research_areas,
        tab="areas",
        title="Research areas",
        columns=["key", "name"],
        success="Research areas saved.",
    )


@action_required("workshop.manage")
def settings_deadlines(request, slug):
    ws = request.workshop
    form = DeadlinesForm(request.POST or None, workshop=ws)
    if request.method == "POST" and _apply(
        request,
        form.is_valid(),
        lambda: services.set_deadlines(ws, form.deadlines(), actor=request.user),
        "Deadlines saved.",
        _DeadlineErrors(form),
    ):
        return redirect("workshops:settings_deadlines", slug=ws.slug)
    return render(
        request,
        "workshops/settings_deadlines.html",
        {
            "workshop": ws,
            "form": form,
            "tab": "deadlines",
            "deadlines": ws.deadlines.all(),
            "timezones": COMMON_TIMEZONES,
        },
    )


class _DeadlineErrors:
    """Maps service errors keyed by deadline kind onto the form's '<kind>_at' fields."""

    def __init__(self, form):
        self.form = form
        self.fields = {k.removesuffix("_at"): f for k, f in form.fields.items() if k.endswith("_at")}

    def add_error(self, kind, msg):
        self.form.add_error(f"{kind}_at", msg)
