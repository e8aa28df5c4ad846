"""Pages of the checks: one paper's checks (authors and organizers), the organizers' overview, re-runs,
and the corpora of published papers."""

from __future__ import annotations

import os
import tempfile

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from confero import permissions
from confero.engine.checks.prior import FORMATS
from confero.submissions.models import Submission
from confero.web.access import action_required, fetch, workshop_for
from confero.web.forms import apply_errors

from . import selectors, services
from .models import Corpus

MAX_CORPUS_MB = 200


def _paper(request, slug, number) -> Submission:
    workshop = workshop_for(request, slug)
    return get_object_or_404(Submission.objects.select_related("workshop"), workshop=workshop, number=number)


@login_required
def paper(request, slug, number):
    """A paper's checks with every finding the person may read; matches side by side."""
    submission = _paper(request, slug, number)
    view = selectors.for_viewer(request.user, submission)
    if view is None or view.level == "openness":
        raise Http404("not found")  # reviewers read the openness summary on their paper page
    return render(
        request,
        "checks/paper.html",
        {
            "workshop": submission.workshop,
            "submission": submission,
            "checks": view,
            "can_rerun": permissions.can(request.user, "check.rerun", submission),
        },
    )


@require_POST
@login_required
def rerun(request, slug, number):
    workshop = workshop_for(request, slug)
    submission = fetch(
        request,
        Submission.objects.select_related("workshop"),
        "check.rerun",
        workshop=workshop,
        number=number,
    )
    try:
        services.rerun(submission, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The checks of #{submission.number} are queued again.")
    return redirect("checks:paper", slug=slug, number=number)


class FilterForm(forms.Form):
    check = forms.ChoiceField(required=False, choices=[("", "every check"), *selectors.CHECK_LABELS.items()])
    severity = forms.ChoiceField(
        required=False,
        choices=[("", "warnings and errors"), ("error", "errors"), ("warning", "warnings"), ("info", "info")],
    )


@action_required("check.list")
def overview(request, slug):
    form = FilterForm(request.GET or None)
    check = severity = ""
    if form.is_bound and form.is_valid():
        check, severity = form.cleaned_data["check"], form.cleaned_data["severity"]
    data = selectors.overview(request.user, request.workshop, check=check, severity=severity)
    return render(request, "checks/overview.html", {"workshop": request.workshop, "form": form, **data})


@require_POST
@action_required("check.list")
def rerun_all(request, slug):
    n = services.rerun_all(request.workshop, actor=request.user)
    messages.success(request, f"Checks queued again for {n} submission{'s' if n != 1 else ''}.")
    return redirect("checks:overview", slug=slug)


class CorpusForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="e.g. 'arXiv cs.LG 2023–2025' or 'DBLP ICLR'")
    fmt = forms.ChoiceField(
        label="Format", choices=[("auto", "guess from the file"), *((f, f) for f in FORMATS)], initial="auto"
    )
    file = forms.FileField(
        help_text=f"arXiv metadata JSON, DBLP XML, OpenReview notes JSON or corpus JSONL; at most "
        f"{MAX_CORPUS_MB} MB (larger dumps: confero manage load_corpus)"
    )


@require_http_methods(["GET", "POST"])
@action_required("check.corpus")
def corpora(request, slug):
    workshop = request.workshop
    form = CorpusForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_CORPUS_MB * 1_000_000:
            form.add_error("file", f"The file is larger than {MAX_CORPUS_MB} MB.")
        else:
            suffix = os.path.splitext(upload.name)[1][:10]
            with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
                for chunk in upload.chunks():
                    tmp.write(chunk)
                tmp.flush()
                try:
                    corpus = services.import_corpus(
                        workshop,
                        actor=request.user,
                        paths=[tmp.name],
                        names=[os.path.basename(upload.name)],
                        fmt=form.cleaned_data["fmt"],
                        name=form.cleaned_data["name"],
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(
                        request,
                        f"Imported {corpus.size} papers into '{corpus.name}'. Re-run the checks to compare "
                        "the submissions with them.",
                    )
                    return redirect("checks:corpora", slug=slug)
    return render(
        request,
        "checks/corpora.html",
        {"workshop": workshop, "form": form, "corpora": Corpus.objects.filter(workshop=workshop)},
    )


@require_POST
@action_required("check.corpus")
def corpus_delete(request, slug, pk):
    corpus = get_object_or_404(Corpus, workshop=request.workshop, pk=pk)
    services.delete_corpus(corpus, actor=request.user)
    messages.success(request, f"Deleted the corpus '{corpus.name}'.")
    return redirect("checks:corpora", slug=slug)
