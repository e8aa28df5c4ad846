"""Organizer pages for decision e-mails: the editable templates with a preview for a chosen paper, and
who has not received or not acted on their decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confero import permissions
from confero.mail import templating
from confero.web.access import action_required
from confero.web.forms import apply_errors

from . import notify, selectors
from .forms import TemplateForm
from .models import decision_of


def _kind(key: str) -> templating.Kind:
    try:
        return notify.BY_KEY[key]
    except KeyError:
        raise Http404("no such mail") from None


@require_GET
@action_required("mail.manage")
def templates(request, slug):
    workshop = request.workshop
    rows = [{"kind": kind, "text": templating.current(workshop, kind)} for kind in notify.KINDS.values()]
    return render(
        request,
        "decisions/manage/mails.html",
        {"workshop": workshop, "rows": rows, "placeholders": notify.PLACEHOLDERS, "section": "mails"},
    )


def _papers_for_preview(workshop, user) -> list:
    subs = list(workshop.submissions.filter(status="submitted").select_related("decision").order_by("number"))
    for sub in subs:
        sub.workshop = workshop
    return [s for s in subs if permissions.can(user, "decision.view_staged", s)]


@require_http_methods(["GET", "POST"])
@action_required("mail.manage")
def edit(request, slug, key):
    workshop = request.workshop
    kind = _kind(key)
    text = templating.current(workshop, kind)
    papers = _papers_for_preview(workshop, request.user)
    outcome = next(o for o, k in notify.KINDS.items() if k is kind)
    chosen = request.POST.get("paper") or request.GET.get("paper")
    by_number = {str(s.number): s for s in papers}
    paper = by_number.get(chosen or "") or next(
        (s for s in papers if (d := decision_of(s)) and d.outcome == outcome), papers[0] if papers else None
    )
    form = TemplateForm(initial={"subject": text.subject, "body": text.body})
    if request.method == "POST":
        form = TemplateForm(request.POST)
        action = request.POST.get("action", "preview")
        if action == "reset":
            templating.reset(workshop, kind, actor=request.user)
            messages.success(request, f"“{kind.label}” uses the built-in wording again.")
            return redirect(reverse("decisions:mail", args=[workshop.slug, key]))
        if form.is_valid():
            subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
            if action == "save":
                try:
                    templating.save(workshop, kind, subject=subject, body=body, actor=request.user)
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, f"“{kind.label}” saved.")
                    url = reverse("decisions:mail", args=[workshop.slug, key])
                    return redirect(f"{url}?paper={paper.number}" if paper else url)
            else:
                found = templating.problems(subject, kind.placeholders, field="subject")
                found += templating.problems(body, kind.placeholders, field="body")
                for problem in found:
                    form.add_error(None, problem)
                text = templating.Text(subject, body, customized=True)
    preview = None
    if paper is not None and not form.errors:
        preview = notify.preview(paper, actor=request.user, outcome=outcome, text=text)
    return render(
        request,
        "decisions/manage/mail_edit.html",
        {
            "workshop": workshop,
            "kind": kind,
            "form": form,
            "customized": templating.current(workshop, kind).customized,
            "papers": papers,
            "paper": paper,
            "preview": preview,
            "placeholders": notify.PLACEHOLDERS,
            "section": "mails",
        },
    )


@require_GET
@action_required("mail.manage")
def notices(request, slug):
    workshop = request.workshop
    show = request.GET.get("show", "")
    show = show if show in selectors.FILTERS else ""
    rows, counts = selectors.notices(workshop, request.user, show=show)
    return render(
        request,
        "decisions/manage/notices.html",
        {
            "workshop": workshop,
            "rows": rows,
            "counts": counts,
            "show": show,
            "filters": selectors.FILTERS,
            "section": "notices",
        },
    )


@require_POST
@action_required("decision.release")
def send_missing(request, slug):
    workshop = request.workshop
    try:
        queued = notify.send_missing(workshop, actor=request.user)
    except permissions.Denied as exc:
        apply_errors(None, exc, request)
    else:
        messages.success(
            request,
            f"{queued} missing decision mail(s) queued."
            if queued
            else "Every author already has their mail.",
        )
    return redirect(reverse("decisions:notices", args=[workshop.slug]))
