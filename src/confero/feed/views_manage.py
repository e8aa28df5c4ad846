"""Organizer pages of the paper feed: library and import, ranking by topic (pin/hide), PC candidates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from confero.web.access import action_required
from confero.web.forms import apply_errors

from . import candidates, selectors, services
from .forms import DraftForm, ImportForm, SettingsForm
from .models import InvitationDraft, LibraryAuthor, LibraryPaper

MAX_FILES = 20


@require_http_methods(["GET", "POST"])
@action_required("feed.manage")
def index(request, slug):
    workshop = request.workshop
    feed = services.settings_of(workshop)
    form = ImportForm()
    settings_form = SettingsForm(
        initial={"per_topic": feed.per_topic, "expected_submissions": feed.expected_submissions}
    )
    report = None
    if request.method == "POST" and request.POST.get("action") == "import":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            uploads = form.cleaned_data["files"]
            files = [(f.name, f.read(services.MAX_FILE_BYTES + 1)) for f in uploads[:MAX_FILES]]
            try:
                report = services.import_papers(workshop, files, form.cleaned_data["format"], by=request.user)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                report.skipped += [
                    f"{f.name}: more than {MAX_FILES} files at once; not read" for f in uploads[MAX_FILES:]
                ]
                messages.success(request, report.summary())
    elif request.method == "POST" and request.POST.get("action") == "settings":
        settings_form = SettingsForm(request.POST)
        if settings_form.is_valid():
            services.update_settings(workshop, by=request.user, **settings_form.cleaned_data)
            messages.success(request, "Settings saved.")
            return redirect("feed_manage:index", slug)
    elif request.method == "POST" and request.POST.get("action") in ("publish", "unpublish"):
        services.publish(workshop, request.POST["action"] == "publish", by=request.user)
        return redirect("feed_manage:index", slug)
    elif request.method == "POST" and request.POST.get("action") == "rank":
        n = services.rank_library(workshop, by=request.user)
        messages.success(request, f"{n} papers ranked.")
        return redirect("feed_manage:index", slug)
    top = selectors.reading_list(workshop, per_topic=5)
    return render(
        request,
        "feed/manage/index.html",
        {
            "workshop": workshop,
            "feed": feed,
            "form": form,
            "settings_form": settings_form,
            "report": report,
            "count": LibraryPaper.objects.filter(workshop=workshop).count(),
            "authors": LibraryAuthor.objects.filter(workshop=workshop).count(),
            "unranked": selectors.unranked_count(workshop),
            "top": top,
        },
    )


@require_http_methods(["GET", "POST"])
@action_required("feed.manage")
def topic(request, slug, key):
    workshop = request.workshop
    topic = get_object_or_404(workshop.topics, key=key)
    if request.method == "POST":
        paper = get_object_or_404(LibraryPaper, workshop=workshop, pk=request.POST.get("paper") or 0)
        action = request.POST.get("action")
        flags = {
            "pin": ("pinned", True),
            "unpin": ("pinned", False),
            "hide": ("hidden", True),
            "show": ("hidden", False),
        }
        if action in flags:
            services.set_flag(paper, *flags[action], by=request.user)
        return redirect(request.get_full_path())
    q = request.GET.get("q", "").strip()[:200]
    return render(
        request,
        "feed/manage/topic.html",
        {"workshop": workshop, "topic": topic, "rows": selectors.topic_ranking(workshop, topic, q), "q": q,
         "topics": workshop.topics.all()},
    )  # fmt: skip


@require_http_methods(["GET"])
@action_required("feed.manage")
def pc(request, slug):
    workshop = request.workshop
    reports = candidates.pc_report(workshop)
    drafts = InvitationDraft.objects.filter(workshop=workshop).select_related("topic", "invitation")
    drafted = set(drafts.values_list("author_id", flat=True))
    return render(
        request,
        "feed/manage/pc.html",
        {"workshop": workshop, "reports": reports, "drafts": drafts, "drafted": drafted},
    )


@require_POST
@action_required("feed.manage")
def draft_create(request, slug):
    workshop = request.workshop
    author = get_object_or_404(LibraryAuthor, workshop=workshop, pk=request.POST.get("author") or 0)
    topic = get_object_or_404(workshop.topics, pk=request.POST.get("topic") or 0)
    draft = candidates.create_draft(workshop, author, topic, by=request.user)
    messages.success(request, f"Invitation draft for {draft.name} created.")
    return redirect("feed_manage:draft", slug, draft.pk)


@require_http_methods(["GET", "POST"])
@action_required("feed.manage")
def draft(request, slug, pk):
    workshop = request.workshop
    draft = get_object_or_404(InvitationDraft, workshop=workshop, pk=pk)
    form = DraftForm(request.POST or None, initial={"email": draft.email})
    if request.method == "POST" and request.POST.get("action") == "discard":
        candidates.discard_draft(draft, by=request.user)
        messages.success(request, "Draft discarded.")
        return redirect("feed_manage:pc", slug)
    if request.method == "POST" and form.is_valid():
        try:
            candidates.send_draft(draft, form.cleaned_data["email"], by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Invitation sent to {draft.email}.")
            return redirect("feed_manage:pc", slug)
    return render(request, "feed/manage/draft.html", {"workshop": workshop, "draft": draft, "form": form})
