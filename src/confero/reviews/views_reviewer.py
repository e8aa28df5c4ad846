"""Reviewer pages under /<slug>/review/: my papers, a paper (with its reviews and discussion when the
phase allows), the review form (drafts saved by hand or by the page every few seconds, Markdown preview,
submit, revise), and the PDF without author metadata."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from confero import permissions
from confero.web.access import action_required, fetch, workshop_for
from confero.web.forms import apply_errors, error_messages
from confero.workshops.templatetags.workshop_tags import render_markdown, when

from . import selectors, services
from .anonymous_pdf import strip_metadata
from .forms import ReviewForm
from .models import Review, ReviewQuestion
from .views_discussion import discussion_context, handle_post

MAX_PREVIEW = 20_000


def _assigned(request, slug, number):
    """The paper if the person reviews it (assigned, no conflict); 404 otherwise."""
    from confero.submissions.models import Submission

    workshop = workshop_for(request, slug)
    queryset = Submission.objects.select_related("workshop", "category", "primary_topic", "secondary_topic")
    return fetch(request, queryset, "review.workspace", workshop=workshop, number=number)


def _own_review(submission, user) -> Review | None:
    return Review.objects.filter(submission=submission, reviewer=user).select_related("assignment").first()


@action_required("review.list_own")
def mine(request, slug):
    workshop, user = request.workshop, request.user
    papers = selectors.my_assignments(user, workshop)
    writable = {s.pk for s in permissions.allowed(user, "review.write", [p.submission for p in papers])}
    deadline = services.review_deadline(workshop)
    for p in papers:
        p.writable = p.submission.pk in writable and not services.revision_closed(
            p.review, workshop, deadline=deadline
        )
    closed = next((p for p in papers if not p.writable), None)
    return render(
        request,
        "reviews/mine.html",
        {
            "workshop": workshop,
            "papers": papers,
            "done": sum(p.state in (selectors.State.SUBMITTED, selectors.State.REVISING) for p in papers),
            "drafts": sum(p.state == selectors.State.DRAFT for p in papers),
            "deadline": deadline,
            "closed_reason": permissions.why_not(user, "review.write", closed.submission) if closed else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper(request, slug, number):
    submission = _assigned(request, slug, number)
    user = request.user
    form, posted = handle_post(request, submission)
    if posted is not None:
        return redirect(request.path + f"#post-{posted.pk}")
    readable = selectors.readable_reviews(user, submission, with_versions=True)
    own = next((r for r in readable if r.own), None)  # one's own review is always readable
    review = own.review if own else None
    label = review.assignment.label if review else submission.assignments.get(reviewer=user).label
    context = {
        "workshop": submission.workshop,
        "submission": submission,
        "artifacts": submission.artifacts.all(),
        "authors": submission.authors.all()
        if permissions.can(user, "submission.view_authors", submission)
        else None,  # single-blind or open workshops, or when the phase reveals them
        "label": label,
        "review": review,
        "state": selectors.state_of(review),
        "own": own,
        "others": [r for r in readable if not r.own],
        "sees_others": permissions.can(user, "review.list", submission),
        "others_reason": permissions.why_not(user, "review.list", submission),
        "write_reason": permissions.why_not(user, "review.write", submission)
        or services.revision_closed(review, submission.workshop),
        "deadline": services.review_deadline(submission.workshop),
        **discussion_context(request, submission, form),
    }
    return render(request, "reviews/paper.html", context)


def _stored(review: Review | None) -> dict:
    if review is None:
        return {}
    return review.revision if review.revision is not None else review.answers


def _previews(form: ReviewForm) -> list:
    out = []
    for q in form.questions:
        html = ""
        if q.kind == ReviewQuestion.Kind.TEXT and form.data.get(q.key, "").strip():
            html = render_markdown(form.data[q.key])
        out.append((form[q.key], html))
    return out


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug, number):
    submission = _assigned(request, slug, number)
    workshop, user = submission.workshop, request.user
    ctx = {"workshop": workshop, "submission": submission, "deadline": services.review_deadline(workshop)}
    review = _own_review(submission, user)
    reason = permissions.why_not(user, "review.write", submission) or services.revision_closed(
        review, workshop
    )
    if reason:
        ctx["closed_reason"] = reason
        return render(request, "reviews/closed.html", ctx, status=403)
    questions = services.questions_of(workshop)
    saved = None  # the saved text, shown beside the form when another tab saved meanwhile
    previews = None
    if request.method == "POST":
        form = ReviewForm(questions, request.POST)
        form.is_valid()
        action = request.POST.get("action", "save")
        expected = form.cleaned_data.get("version")
        try:
            if expected is None:
                raise ValidationError("The page did not say which version it edits; reload it.")
            if action == "submit":
                services.submit_review(
                    submission, user=user, answers=form.raw_answers(), expected_version=expected
                )
                messages.success(
                    request, "Your review was submitted. You can revise it until the review deadline."
                )
                return redirect("reviews:paper", slug=slug, number=number)
            if action == "discard":
                services.discard_revision(submission, user=user, expected_version=expected)
                messages.info(request, "Your unsubmitted changes were discarded.")
                return redirect("reviews:edit", slug=slug, number=number)
            review = services.save_draft(
                submission, user=user, answers=form.raw_answers(), expected_version=expected
            )
            if action != "preview":
                messages.success(request, f"Draft saved ({when(review.updated_at)}).")
                return redirect("reviews:edit", slug=slug, number=number)
            data = request.POST.copy()
            data["version"] = str(review.version)
            form = ReviewForm(questions, data)
            form.is_valid()
            previews = _previews(form)
        except services.StaleReview as exc:
            data = request.POST.copy()
            data["version"] = str(exc.current)  # saving again keeps this page's text, knowingly
            form = ReviewForm(questions, data)
            form.is_valid()
            apply_errors(form, exc)
            review = _own_review(submission, user)
            saved = selectors.answers_for(questions, _stored(review), {"authors", "reviewers", "organizers"})
        except (ValidationError, permissions.Denied) as exc:
            apply_errors(form, exc)
    else:
        form = ReviewForm(
            questions, initial={"version": review.version if review else 0}, stored=_stored(review)
        )
    ctx.update(
        {
            "form": form,
            "fields": previews or [(f, "") for f in form.answer_fields()],
            "review": review,
            "state": selectors.state_of(review),
            "saved": saved,
        }
    )
    return render(request, "reviews/edit.html", ctx)


@login_required
@require_POST
def autosave(request, slug, number):
    """The page's draft autosave (JavaScript): JSON with the new version, or the reason it was not saved."""
    submission = _assigned(request, slug, number)
    form = ReviewForm(services.questions_of(submission.workshop), request.POST)
    try:
        expected = int(request.POST.get("version", ""))
    except ValueError:
        return JsonResponse({"error": "the page did not say which version it edits; reload it"}, status=400)
    try:
        review = services.save_draft(
            submission, user=request.user, answers=form.raw_answers(), expected_version=expected
        )
    except services.StaleReview as exc:
        return JsonResponse({"error": exc.messages[0], "version": exc.current}, status=409)
    except permissions.Denied as exc:
        return JsonResponse({"error": exc.reason}, status=403)
    except services.ReviewClosed as exc:
        return JsonResponse({"error": exc.messages[0]}, status=403)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(error_messages(exc))}, status=400)
    return JsonResponse(
        {"version": review.version, "saved_at": when(review.updated_at), "state": selectors.state_of(review)}
    )


@login_required
@require_POST
def preview(request, slug, number):
    """Markdown rendered by the server's sanitiser, for the form's preview buttons."""
    _assigned(request, slug, number)
    text = request.POST.get("text", "")[:MAX_PREVIEW]
    return JsonResponse({"html": render_markdown(text)})


@login_required
def pdf(request, slug, number):
    """The paper's PDF without author metadata, under a neutral name."""
    submission = _assigned(request, slug, number)
    if not permissions.can(request.user, "submission.download", submission) or not submission.pdf:
        raise Http404("no PDF")
    try:
        with default_storage.open(submission.pdf.name, "rb") as fh:
            data = strip_metadata(fh.read())
    except (FileNotFoundError, ValueError):
        raise Http404("the PDF is not available") from None
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{submission.workshop.slug}-paper-{submission.number}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
