"""CSV export of travel-grant applications for handlers: the applications they may see (never those they
are in conflict with), with the motivation and under-represented-group columns only when asked for and
allowed (``grant.export_sensitive`` and ``grant.view_sensitive`` of each row)."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from confero import permissions
from confero.audit.services import record
from confero.web.access import action_required

from . import selectors

COLUMNS = [
    "number", "applicant", "email", "status", "submitted_at", "career_stage", "country", "currency",
    "requested_amount", "travel_costs", "submission", "mean_score", "scores", "outcome", "awarded_amount",
    "released_at",
]  # fmt: skip
SENSITIVE = ["motivation", "underrepresented_group"]


def _safe(value) -> str:
    """Cells starting with = + - @ are prefixed with ' so spreadsheets do not run them as formulas."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def rows(user, workshop, *, sensitive: bool) -> tuple[list[str], list[list[str]]]:
    settings = selectors.settings_of(workshop)
    ranked, _ = selectors.ranking(user, workshop)
    header = COLUMNS + (SENSITIVE if sensitive else [])
    out = []
    for row in sorted(ranked, key=lambda r: r.application.number):
        a = row.application
        line = [
            a.label, a.applicant.name, a.applicant.email, a.status, a.created_at.isoformat(timespec="seconds"),
            a.get_career_stage_display() if a.career_stage else "", a.country, settings.currency,
            a.requested_amount, a.travel_costs, f"#{a.submission.number}" if a.submission else "",
            f"{row.mean:.2f}" if row.mean is not None else "", row.scores, a.outcome, a.awarded_amount,
            a.released_at.isoformat(timespec="seconds") if a.released_at else "",
        ]  # fmt: skip
        if sensitive:
            allowed = permissions.can(user, "grant.view_sensitive", a)
            line += [a.motivation, a.underrepresented_display] if allowed else ["", ""]
        out.append([_safe(v) for v in line])
    return header, out


@require_GET
@action_required("grant.export")
def export(request, slug):
    workshop = request.workshop
    sensitive = request.GET.get("sensitive") == "1"
    if sensitive:
        permissions.require(request.user, "grant.export_sensitive", workshop)
    header, body = rows(request.user, workshop, sensitive=sensitive)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(body)
    name = f"{workshop.slug}-travel-grants{'-sensitive' if sensitive else ''}.csv"
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    record(
        "grant.exported",
        actor=request.user,
        workshop=workshop,
        summary=f"travel grants exported ({len(body)} rows{', with motivation and group answers' if sensitive else ''})",
        sensitive=sensitive,
        rows=len(body),
    )
    return response
