"""Organizer pages that change or weigh a finished run: hand edits of one paper's reviewers, publishing,
and comparing two runs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from confero.people.models import User
from confero.submissions.models import Submission
from confero.web.access import action_required, fetch
from confero.web.forms import apply_errors

from . import compare as comparing
from . import edits, publish, report, store
from .candidates import candidates
from .forms import PickMemberForm, RemoveForm
from .models import MatchingRun, ProposedAssignment
from .params import RunParams
from .views import done_run

SHOWN = 40  # candidates listed unless "all" is asked


def pick(request, post, *, add, move, remove) -> None:
    """Apply one posted change (remove a pair, add a member, or move a pair to a member)."""
    try:
        if "remove" in post:
            form = RemoveForm(post)
            if not form.is_valid():
                raise ValidationError("choose a reviewer to remove")
            remove(form.cleaned_data["pair"])
            messages.success(request, "Reviewer removed.")
            return
        form = PickMemberForm(post)
        if not form.is_valid():
            raise ValidationError("choose a PC member")
        member = get_object_or_404(User, pk=form.cleaned_data["reviewer"])
        over = form.cleaned_data["over_load_ok"]
        if form.cleaned_data["replace"]:
            move(form.cleaned_data["replace"], member, over)
            messages.success(request, f"{member} now reviews this paper instead.")
        else:
            add(member, over)
            messages.success(request, f"{member} added.")
    except (ValidationError, PermissionDenied) as exc:
        apply_errors(None, exc, request)


@require_http_methods(["GET", "POST"])
@action_required("assignment.run")
def paper(request, slug, run_id, number):
    workshop = request.workshop
    run = done_run(request, run_id)
    sub = fetch(request, Submission.objects.filter(workshop=workshop), "assignment.edit", number=number)
    sub.workshop = workshop
    data = store.load(run)
    if store.indices(data.submission_pks, [sub.pk])[0] < 0:
        raise Http404("this paper is not in the run")
    if request.method == "POST":

        def own(pair_id):
            return get_object_or_404(ProposedAssignment, pk=pair_id, run=run, submission=sub)

        pick(
            request,
            request.POST,
            add=lambda member, over: edits.add_pair(request.user, run, sub, member, over_load_ok=over),
            move=lambda pair_id, member, over: edits.move_pair(
                request.user, own(pair_id), member, over_load_ok=over
            ),
            remove=lambda pair_id: edits.remove_pair(request.user, own(pair_id)),
        )
        return redirect("matching:paper", slug, run.pk, number)
    params = RunParams.from_json(run.params)
    pairs = list(
        ProposedAssignment.objects.filter(run=run, submission=sub)
        .select_related("reviewer")
        .order_by("-score")
    )
    loads = dict(
        ProposedAssignment.objects.filter(run=run)
        .values("reviewer_id")
        .annotate(n=Count("id"))
        .values_list("reviewer_id", "n")
    )
    people = candidates(
        sub,
        loads=loads,
        assigned={p.reviewer_id for p in pairs},
        default_max_load=params.default_max_load,
        run=run,
        potential=params.avoid_potential,
    )
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "matching/paper.html",
        {
            "workshop": workshop,
            "run": run,
            "sub": sub,
            "pairs": pairs,
            "candidates": people if show_all else people[:SHOWN],
            "more": 0 if show_all else max(0, len(people) - SHOWN),
            "editable": run.published_at is None,
            "replaceable": [(p.pk, p.reviewer.name or p.reviewer.email) for p in pairs],
            "demand": params.per_paper,
        },
    )


@require_POST
@action_required("assignment.run")
def publish_run(request, slug, run_id):
    run = done_run(request, run_id)
    try:
        result = publish.publish(request.user, run)
    except (ValidationError, PermissionDenied) as exc:
        apply_errors(None, exc, request)
        return redirect("matching:run", slug, run.pk)
    if result.already:
        messages.info(request, f"Run {run.pk} was already published; nothing was sent again.")
    else:
        messages.success(
            request,
            f"Run {run.pk} published: {result.created} assignments; {result.reviewers} reviewers notified by e-mail.",
        )
    for note in result.skipped:
        messages.warning(request, note)
    return redirect("matching:assignments", slug)


@require_GET
@action_required("assignment.run")
def compare(request, slug):
    workshop = request.workshop
    done = list(
        MatchingRun.objects.filter(workshop=workshop, status=MatchingRun.Status.DONE).order_by("-created_at")[
            :50
        ]
    )
    context = {"workshop": workshop, "runs": done, "a": None, "b": None}
    try:
        a_id, b_id = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        return render(request, "matching/compare.html", context)
    a, b = done_run(request, a_id), done_run(request, b_id)
    hidden = report.hidden_submissions(request.user, workshop)
    context.update(a=a, b=b, result=comparing.compare(a, b, hidden), hidden=len(hidden))
    return render(request, "matching/compare.html", context)
