"""Conflict pages: the PC member declares (/<slug>/review/conflicts/), organizers review the queue
(/<slug>/manage/conflicts/): run detection, confirm or dismiss with the evidence side by side, add by hand."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from confero import permissions
from confero.submissions.models import Submission
from confero.web.access import action_required
from confero.web.forms import apply_errors

from . import detection, selectors, services
from .forms import AddConflictForm, DetectForm
from .models import Conflict

PAGE_SIZE = 50
DECLARE_PAGE_SIZE = 200  # rows of the declaration form (each has a reason box: Django takes 1,000 fields)


@action_required("committee.onboard")
@require_http_methods(["GET", "POST"])
def declare(request, slug):
    workshop, user = request.workshop, request.user
    q = request.GET.get("q", "")
    page = Paginator(selectors.declare_rows(user, workshop, q=q), DECLARE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    errors, code = {}, 200
    if request.method == "POST":
        shown = [int(i) for i in request.POST.get("shown", "").split(",") if i.strip().isdigit()]
        ticked = {int(i) for i in request.POST.getlist("conflict") if i.isdigit()}
        declarations = {sid: request.POST.get(f"reason-{sid}", "") for sid in ticked}
        try:
            report = services.declare_conflicts(workshop, user, declarations, among=shown)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {key: " ".join(msgs) for key, msgs in exc.message_dict.items()}
                messages.error(request, "Give a reason for each ticked submission; nothing was saved.")
            else:
                apply_errors(None, exc, request)
            code = 400
        else:
            parts = [f"{len(report.added)} added"] if report.added else []
            parts += [f"{len(report.removed)} withdrawn"] if report.removed else []
            parts += [f"{len(report.changed)} reason(s) changed"] if report.changed else []
            messages.success(
                request, "Your conflicts are saved" + (f" ({', '.join(parts)})." if parts else ".")
            )
            return redirect(request.get_full_path())
    rows = []
    for row in page.object_list:
        key = f"reason-{row.submission.pk}"
        posted = request.method == "POST"
        ticked = (
            str(row.submission.pk) in request.POST.getlist("conflict") if posted else row.declared is not None
        )
        reason = request.POST.get(key, "") if posted else (row.declared.reason if row.declared else "")
        rows.append({"row": row, "ticked": ticked, "reason": reason, "error": errors.get(key, "")})
    context = {
        "workshop": workshop,
        "rows": rows,
        "page": page,
        "q": q,
        "shown": ",".join(str(r["row"].submission.pk) for r in rows),
        "page_query": urlencode({"q": q}) if q else "",
    }
    return render(request, "conflicts/declare.html", context, status=code)


def _queue_post(request, workshop) -> None:
    """Run detection, decide one or many, or add by hand (a flash message says what happened)."""
    action = request.POST.get("action", "")
    if action == "detect":
        form = DetectForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(m for msgs in form.errors.values() for m in msgs))
            return
        report = detection.run_detection(
            workshop, actor=request.user, coauthor_years=form.cleaned_data["coauthor_years"]
        )
        messages.success(
            request,
            f"Detection done in {report.seconds_engine + report.seconds_reading + report.seconds_writing:.1f} s: "
            f"{report.pairs_found} pairs with evidence; {report.new_confirmed} newly confirmed (certain), "
            f"{report.new_potential} new to review, {report.upgraded} now certain, {report.kept} kept as "
            f"decided, {report.removed} removed (no longer found).",
        )
        return
    if "decide" in request.POST:  # one row: "<id>:<status>"
        pk, _, status = request.POST["decide"].partition(":")
        conflict = _decidable(request, workshop, pk)
        if conflict is None:
            return
        try:
            services.decide(
                conflict, status, actor=request.user, expected=request.POST.get(f"expected-{conflict.pk}")
            )
        except (ValidationError, permissions.Denied) as exc:
            apply_errors(None, exc, request)
        else:
            messages.success(request, f"#{conflict.submission.number} × {conflict.person}: {status}.")
        return
    if action in {"bulk_confirmed", "bulk_dismissed"}:
        ids = [i for i in request.POST.getlist("pick") if i.isdigit()]
        if not ids:
            messages.error(request, "Tick the conflicts to decide first.")
            return
        items = {int(i): request.POST.get(f"expected-{i}", "") or None for i in ids}
        report = services.decide_many(workshop, items, action.removeprefix("bulk_"), actor=request.user)
        messages.success(request, f"{len(report.decided)} conflict(s) {action.removeprefix('bulk_')}.")
        for line in report.skipped[:20]:
            messages.warning(request, f"Skipped {line}")
        return
    messages.error(request, "Unknown action.")


def _decidable(request, workshop, pk) -> Conflict | None:
    """The conflict the POST names if the person may decide it (the same answer for one that does not exist)."""
    found = None
    if str(pk).isdigit():
        found = (
            Conflict.objects.filter(workshop=workshop, pk=pk).select_related("submission", "person").first()
        )
    if found is None or not permissions.can(request.user, "conflict.decide", found):
        messages.error(request, "No such conflict.")
        return None
    return found


def _add(request, workshop, form) -> bool:
    if not form.is_valid():
        return False
    submission = Submission.objects.filter(workshop=workshop, number=form.cleaned_data["number"]).first()
    if submission is None or not permissions.can(request.user, "conflict.decide", submission):
        form.add_error("number", "No submission with this number that you may manage.")
        return False
    try:
        services.add_conflict(
            workshop, submission, form.cleaned_data["person"], form.cleaned_data["reason"], actor=request.user
        )
    except (ValidationError, permissions.Denied) as exc:
        apply_errors(form, exc)
        return False
    messages.success(
        request, f"Conflict of {form.cleaned_data['person']} with #{submission.number} recorded."
    )
    return True


@action_required("conflict.queue")
@require_http_methods(["GET", "POST"])
def queue(request, slug):
    workshop = request.workshop
    people = selectors.people_for_manual(workshop)
    add_form = AddConflictForm(people=people, prefix="add")
    code = 200
    if request.method == "POST":
        if request.POST.get("action") == "add":
            add_form = AddConflictForm(request.POST, people=people, prefix="add")
            if _add(request, workshop, add_form):
                return redirect(request.get_full_path())
            code = 400
        else:
            _queue_post(request, workshop)
            return redirect(request.get_full_path())
    status = request.GET.get("status", "potential")
    if status not in dict(selectors.STATUS_FILTERS):
        status = "potential"
    kind, q = request.GET.get("kind", ""), request.GET.get("q", "")
    within = selectors.decidable_submissions(request.user, workshop)
    rows = selectors.queue(request.user, workshop, status=status, kind=kind, q=q, within=within)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {k: v for k, v in {"status": status, "kind": kind, "q": q}.items() if v}
    context = {
        "workshop": workshop,
        "page": page,
        "rows": selectors.evidence(list(page.object_list)),
        "counts": selectors.counts(request.user, workshop, within),
        "status": status,
        "kind": kind,
        "q": q,
        "status_filters": selectors.STATUS_FILTERS,
        "kinds": selectors.kinds_in_use(workshop),
        "filter_query": urlencode(filters),
        "detect_form": DetectForm(),
        "add_form": add_form,
        "last_run": selectors.last_detection(workshop),
    }
    return render(request, "conflicts/queue.html", context, status=code)
