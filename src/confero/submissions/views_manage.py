"""Organizer pages for submissions: the dashboard (table, filters, counts), exports and extensions."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from confero.web.access import action_required, fetch
from confero.web.forms import apply_errors
from confero.workshops import timezones
from confero.workshops.models import Deadline

from . import exports, selectors
from .forms import ExtensionForm
from .models import Submission

PAGE_SIZE = 50
SORTABLE = [
    ("number", "#"),
    ("title", "Title"),
    ("category", "Category"),
    ("topic", "Primary topic"),
    ("status", "Status"),
    ("pages", "Pages"),
    ("updated", "Last change"),
]


@require_GET
@action_required("submission.list_all")
def index(request, slug):
    workshop = request.workshop
    filters = selectors.SubmissionFilter.from_query(request.GET)
    page = Paginator(selectors.filter_submissions(workshop, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    columns = []
    for key, label in SORTABLE:
        active = filters.sort.lstrip("-") == key
        descending = filters.sort.startswith("-")
        next_sort = f"-{key}" if active and not descending else key
        columns.append(
            {
                "label": label,
                "active": active,
                "descending": active and descending,
                "query": urlencode(filters.as_query(sort="" if next_sort == "number" else next_sort)),
            }
        )
    filter_query = urlencode(filters.as_query())
    context = {
        "workshop": workshop,
        "filters": filters,
        "page": page,
        "rows": [_row(sub) for sub in page.object_list],
        "counts": selectors.submission_counts(workshop),
        "topics": list(workshop.topics.order_by("order", "id")),
        "categories": list(workshop.categories.order_by("order", "id")),
        "status_choices": selectors.STATUS_FILTERS,
        "columns": columns,
        "filter_query": filter_query,
        "page_query": urlencode(filters.as_query()),
        "export_formats": list(exports.FORMATS),
        "deadline": _submission_deadline(workshop),
    }
    return render(request, "submissions/manage/index.html", context)


def _row(sub: Submission) -> dict:
    max_pages = sub.category.max_pages
    return {
        "sub": sub,
        "authors": list(sub.authors.all()),
        "over_limit": sub.pdf_main_pages > max_pages,
        "max_pages": max_pages,
    }


def _submission_deadline(workshop) -> Deadline | None:
    return Deadline.objects.filter(workshop=workshop, kind=Deadline.Kind.SUBMISSION).first()


@require_GET
@action_required("submission.export")
def export(request, slug, fmt):
    if fmt not in exports.FORMATS:
        raise Http404("unknown export format")
    workshop = request.workshop
    filters = selectors.SubmissionFilter.from_query(request.GET)
    queryset = selectors.filter_submissions(workshop, filters)
    content_type, extension = exports.FORMATS[fmt]
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        exports.iter_export(fmt, exports.iterate(queryset)), content_type=content_type
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{workshop.slug}-submissions-{stamp}.{extension}"'
    )
    response["Cache-Control"] = "no-store"
    from confero.audit.services import record

    record(
        "submissions.exported",
        actor=request.user,
        workshop=workshop,
        summary=f"exported submissions as {fmt}",
        format=fmt,
        filters=filters.as_query(),
    )
    return response


def _local(value: dt.datetime | None, tz: str) -> str:
    """The value for a datetime-local input showing ``value`` in the zone ``tz``."""
    return timezones.to_local(value, tz).strftime("%Y-%m-%dT%H:%M") if value else ""


@require_http_methods(["GET", "POST"])
@action_required("workshop.manage")
def extension(request, slug, number):
    workshop = request.workshop
    sub = fetch(
        request,
        Submission.objects.select_related("category", "primary_topic"),
        "submission.extend",
        workshop=workshop,
        number=number,
    )
    deadline = _submission_deadline(workshop)
    if request.method == "POST":
        form = ExtensionForm(request.POST)
        if form.is_valid():
            from .services import grant_extension

            try:
                grant_extension(
                    sub,
                    organizer=request.user,
                    until=form.cleaned_data["until_utc"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                until, tz = form.cleaned_data["until_utc"], form.cleaned_data["timezone"]
                if until is None:
                    text = f"The extension of submission #{sub.number} was removed."
                else:
                    text = (
                        f"Submission #{sub.number} may now be edited until {timezones.format_in(until, tz)}."
                    )
                messages.success(request, text)
                return redirect(reverse("dashboard:index", args=[workshop.slug]))
    else:
        tz = deadline.timezone if deadline else timezones.AOE
        start = sub.deadline_extension or (deadline.at + dt.timedelta(days=1) if deadline else None)
        form = ExtensionForm(initial={"timezone": timezones.label(tz), "until": _local(start, tz) or None})
    from confero.audit.models import AuditEvent

    history = AuditEvent.objects.filter(
        workshop=workshop, object_type="Submission", object_id=str(sub.pk)
    ).select_related("actor")[:20]
    return render(
        request,
        "submissions/manage/extension.html",
        {
            "workshop": workshop,
            "sub": sub,
            "form": form,
            "deadline": deadline,
            "history": history,
            "timezones": timezones.COMMON,
            "zone": deadline.timezone if deadline else timezones.AOE,
        },
    )
