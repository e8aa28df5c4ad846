"""Organizer pages for submissions: the dashboard (table, filters, counts), exports and extensions."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from confero.people.permissions import organizer_required
from confero.workshops.models import AOE, Deadline, validate_timezone

from . import exports, selectors
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
COMMON_TIMEZONES = [
    AOE,
    "UTC",
    "America/Los_Angeles",
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
]


@require_GET
@organizer_required
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
@organizer_required
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


class ExtensionForm(forms.Form):
    until = forms.DateTimeField(
        label="Extended deadline",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="date and time in the time zone below",
    )
    timezone = forms.CharField(
        label="Time zone",
        initial=AOE,
        max_length=64,
        validators=[validate_timezone],
        widget=forms.TextInput(attrs={"list": "timezones"}),
        help_text=f"{AOE} is Anywhere on Earth (UTC-12); or an IANA name such as Europe/London",
    )
    reason = forms.CharField(
        max_length=300, widget=forms.Textarea(attrs={"rows": 3}), help_text="kept in the audit log"
    )
    remove = forms.BooleanField(
        required=False, label="Remove the extension instead (the workshop deadline applies again)"
    )

    def clean(self):
        data = super().clean()
        until, tz = data.get("until"), data.get("timezone")
        data["until_utc"] = None
        if data.get("remove"):
            return data
        if until is None:
            if not self.has_error("until"):
                self.add_error("until", "Enter the date and time until which the authors may edit.")
            return data
        if not tz or self.has_error("timezone"):
            return data
        # The browser sends a wall-clock time; read it in the chosen zone, not the server's.
        naive = timezone.make_naive(until, dt.UTC) if timezone.is_aware(until) else until
        data["until_utc"] = naive.replace(tzinfo=zoneinfo.ZoneInfo(tz)).astimezone(dt.UTC)
        if data["until_utc"] <= timezone.now():
            self.add_error("until", "the extended deadline must be in the future")
        return data


def _local(value: dt.datetime | None, tz: str) -> str:
    if value is None:
        return ""
    return timezone.localtime(value, zoneinfo.ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M")


def _add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.error_dict.items():
            target = field_name if field_name in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


@require_http_methods(["GET", "POST"])
@organizer_required
def extension(request, slug, number):
    workshop = request.workshop
    sub = get_object_or_404(
        Submission.objects.select_related("category", "primary_topic"), workshop=workshop, number=number
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
                _add_service_errors(form, exc)
            else:
                until, tz = form.cleaned_data["until_utc"], form.cleaned_data["timezone"]
                if until is None:
                    text = f"The extension of submission #{sub.number} was removed."
                else:
                    label = "AoE" if tz == AOE else tz
                    text = (
                        f"Submission #{sub.number} may now be edited until "
                        f"{_local(until, tz).replace('T', ' ')} {label}."
                    )
                messages.success(request, text)
                return redirect(reverse("dashboard:index", args=[workshop.slug]))
    else:
        tz = deadline.timezone if deadline else AOE
        start = sub.deadline_extension or (deadline.at + dt.timedelta(days=1) if deadline else None)
        form = ExtensionForm(initial={"timezone": tz, "until": _local(start, tz) or None})
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
            "timezones": COMMON_TIMEZONES,
        },
    )
