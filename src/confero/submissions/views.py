"""Author-side pages: my submissions, submit, detail, edit, withdraw, PDF download, claim an authorship."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from confero import permissions
from confero.web.access import fetch, workshop_for
from confero.web.forms import apply_errors, error_messages

from . import pdfs, services
from .deadlines import check_open, deadline_info
from .forms import SubmissionForm, WithdrawForm
from .models import Submission, SubmissionVersion
from .rules import edit_refusal
from .snapshot import describe

SUBMISSIONS = Submission.objects.select_related("workshop", "category", "primary_topic", "secondary_topic")


def _submission(request, slug, number, action="submission.view_full") -> Submission:
    """The submission if the user may ``action`` it; 404 otherwise (its existence is not revealed)."""
    return fetch(request, SUBMISSIONS, action, workshop__slug=slug, number=number)


def _closed_reason(workshop) -> str:
    try:
        check_open(workshop)
    except services.SubmissionClosed as exc:
        return exc.message
    return ""


@login_required
def mine(request, slug):
    workshop = workshop_for(request, slug)
    subs = (
        Submission.objects.filter(workshop=workshop, authors__user=request.user)
        .select_related("category")
        .distinct()
        .order_by("number")
    )
    return render(
        request,
        "submissions/mine.html",
        {
            "workshop": workshop,
            "submissions": subs,
            "deadline": deadline_info(workshop),
            "closed_reason": _closed_reason(workshop),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request, slug):
    workshop = workshop_for(request, slug)
    closed = _closed_reason(workshop)
    ctx = {"workshop": workshop, "deadline": deadline_info(workshop), "closed_reason": closed}
    if closed:
        return render(request, "submissions/closed.html", ctx, status=403)
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, workshop=workshop)
        if form.is_valid():
            try:
                sub = services.create_submission(
                    workshop=workshop, user=request.user, data=form.to_data(), pdf=form.cleaned_data["pdf"]
                )
            except (ValidationError, services.SubmissionError) as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Submission #{sub.number} received (PDF check: {pdfs.summary(sub)}). "
                    "A receipt was e-mailed to all authors.",
                )
                return redirect("submissions:detail", slug=slug, number=sub.number)
    else:
        me = request.user
        form = SubmissionForm(workshop=workshop, initial={"authors": f"{me.name} <{me.email}>"})
    ctx["form"] = form
    return render(request, "submissions/form.html", ctx)


@login_required
def detail(request, slug, number):
    sub = _submission(request, slug, number)
    info = deadline_info(sub)
    versions = list(sub.versions.select_related("created_by").order_by("-number"))
    for v in versions:
        v.changes_text = describe(v.changes) if v.action == "edited" else v.action
    return render(
        request,
        "submissions/detail.html",
        {
            "workshop": sub.workshop,
            "submission": sub,
            "authors": sub.authors.select_related("user"),
            "artifacts": sub.artifacts.all(),
            "conflicts": sub.declared_conflicts.select_related("person"),
            "versions": versions,
            "deadline": info,
            "deadline_passed": bool(info and info.has_passed()),
            "pdf_summary": pdfs.summary(sub),
            "organizer": permissions.can(request.user, "submission.extend", sub),
            "show_authors": permissions.can(request.user, "submission.view_authors", sub),
            "can_change": edit_refusal(sub, request.user) is None,
            # The authors' decision page, once the decision is released (the table says when they see it).
            "decision_released": _released(sub) and permissions.can(request.user, "decision.view", sub),
            "reviews_released": _released(sub) and permissions.can(request.user, "review.list", sub),
        },
    )


def _released(sub) -> bool:
    from confero.decisions.models import decision_of

    decision = decision_of(sub)
    return decision is not None and decision.is_released


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug, number):
    sub = _submission(request, slug, number)
    workshop = sub.workshop
    ctx = {
        "workshop": workshop,
        "submission": sub,
        "deadline": deadline_info(sub),
        "submission_pdf_summary": pdfs.summary(sub),
    }
    refusal = edit_refusal(sub, request.user)
    if refusal is not None:
        # Say so at once (also on GET) instead of offering a form that saving would refuse.
        ctx["closed_reason"] = " ".join(error_messages(refusal))
        return render(request, "submissions/closed.html", ctx, status=403)
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, workshop=workshop, submission=sub)
        if form.is_valid():
            expected = form.cleaned_data["version"]
            try:
                new = services.update_submission(
                    sub,
                    user=request.user,
                    data=form.to_data(),
                    pdf=form.cleaned_data.get("pdf"),
                    expected_version=expected,
                )
            except services.StaleVersion as exc:
                ctx["stale"] = True
                apply_errors(form, exc)
            except (ValidationError, services.SubmissionError, PermissionDenied) as exc:
                apply_errors(form, exc)
            else:
                if new.version == expected:
                    messages.info(request, "Nothing changed, so no new version was saved.")
                else:
                    messages.success(
                        request,
                        f"Saved as version {new.version} (PDF check: {pdfs.summary(new)}). "
                        "A receipt was e-mailed to all authors.",
                    )
                return redirect("submissions:detail", slug=slug, number=number)
    else:
        form = SubmissionForm(workshop=workshop, submission=sub)
    ctx["form"] = form
    return render(request, "submissions/form.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, slug, number):
    sub = _submission(request, slug, number)
    refusal = permissions.why_not(request.user, "submission.withdraw", sub)
    if refusal:
        ctx = {"workshop": sub.workshop, "submission": sub, "closed_reason": refusal}
        return render(request, "submissions/closed.html", ctx, status=403)
    form = WithdrawForm(request.POST or None, initial={"version": sub.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_submission(
                sub, user=request.user, expected_version=form.cleaned_data["version"]
            )
        except (ValidationError, services.SubmissionError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Submission #{sub.number} was withdrawn. All authors were notified.")
            return redirect("submissions:detail", slug=slug, number=number)
    return render(
        request, "submissions/withdraw.html", {"workshop": sub.workshop, "submission": sub, "form": form}
    )


def pdf(request, slug, number):
    if not request.user.is_authenticated:
        raise Http404
    sub = _submission(request, slug, number)
    name, label = sub.pdf.name, sub.version
    if request.GET.get("version"):
        try:
            n = int(request.GET["version"])
        except ValueError:
            raise Http404 from None
        v = get_object_or_404(SubmissionVersion, submission=sub, number=n)
        name, label = v.pdf.name, n
    if not name:
        raise Http404
    from django.core.files.storage import default_storage

    try:
        fh = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    resp = FileResponse(
        fh, content_type="application/pdf", filename=f"{sub.workshop.slug}-{sub.number}-v{label}.pdf"
    )
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Cache-Control"] = "private, no-store"
    return resp


@require_http_methods(["GET", "POST"])
@login_required
def claim(request, slug, token):
    workshop = workshop_for(request, slug)
    from .models import SubmissionAuthor

    row = (
        SubmissionAuthor.objects.select_related("submission")
        .filter(claim_token=token, submission__workshop=workshop)
        .first()
    )
    if request.method == "POST" and row is not None:
        try:
            row = services.claim_authorship(token, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, f"You are now linked to submission #{row.submission.number} as {row.name}."
            )
            return redirect("submissions:detail", slug=slug, number=row.submission.number)
    return render(
        request, "submissions/claim.html", {"workshop": workshop, "row": row}, status=200 if row else 404
    )
