"""Which audit events a person may read: the workshop's events minus those about papers the permission
table keeps from them (``audit.view_paper``: an organizer who wrote a paper or is in conflict with it reads
nothing of its reviews, assignments, discussion or decision — not even in the log).

An event is about a paper when its data names the paper's number (``number``, or ``numbers`` for events
about several papers), or when its object is the submission or one of the submission's rows (review,
comment, conflict, assignment, bid, decision…). Filtering is done in the database: the papers hidden from
one organizer are few (their own and their conflicts), so the query excludes those.
"""

from __future__ import annotations

from django.db.models import Q

from confero import permissions

from .models import AuditEvent

# Object types whose rows belong to one submission (model name -> model label).
PAPER_ROWS = {
    "Review": "reviews.Review",
    "Comment": "reviews.Comment",
    "Conflict": "conflicts.Conflict",
    "Assignment": "matching.Assignment",
    "ProposedAssignment": "matching.ProposedAssignment",
    "Bid": "bidding.Bid",
    "Decision": "decisions.Decision",
    "DecisionRelease": "decisions.DecisionRelease",
    "Vote": "awards.Vote",
    "Pick": "awards.Pick",
    "DeclaredConflict": "submissions.DeclaredConflict",
    "SubmissionAuthor": "submissions.SubmissionAuthor",
}


def hidden_papers(user, workshop) -> list:
    """The workshop's submissions whose events ``user`` may not read."""
    from confero.submissions.models import Submission

    subs = list(Submission.objects.filter(workshop=workshop).only("pk", "number", "workshop_id", "status"))
    for s in subs:
        s.workshop = workshop  # one workshop object: the phase and the person's facts are read once
    visible = {s.pk for s in permissions.allowed(user, "audit.view_paper", subs)}
    return [s for s in subs if s.pk not in visible]


def _submission_lookup(label: str) -> str:
    from django.apps import apps

    model = apps.get_model(label)
    if label == "decisions.DecisionRelease":
        return "decision__submission_id__in"
    return "submission_id__in" if any(f.name == "submission" for f in model._meta.fields) else ""


def visible_events(user, workshop):
    """The workshop's audit events ``user`` may read (a queryset, newest first)."""
    from django.apps import apps

    events = AuditEvent.objects.filter(workshop=workshop)
    hidden = hidden_papers(user, workshop)
    if hidden:
        pks = [s.pk for s in hidden]
        numbers = [s.number for s in hidden]
        about = Q(data__number__in=numbers) | Q(object_type="Submission", object_id__in=[str(p) for p in pks])
        for name, label in PAPER_ROWS.items():
            lookup = _submission_lookup(label)
            if lookup:
                ids = apps.get_model(label).objects.filter(**{lookup: pks}).values_list("pk", flat=True)
                about |= Q(object_type=name, object_id__in=[str(i) for i in ids])
        # Events about several papers (e.g. a release of decisions) list them in ``numbers``: JSON list
        # containment differs between SQLite and PostgreSQL, so these few events are checked here.
        hide = set(numbers)
        several = events.filter(data__has_key="numbers").values_list("pk", "data")
        about |= Q(pk__in=[pk for pk, data in several if hide & set(_ints(data.get("numbers")))])
        # exclude(pk__in=filter(...)), not exclude(about): events without a "number" would compare with
        # NULL there and vanish too.
        events = events.exclude(pk__in=events.filter(about).values("pk"))
    return events.select_related("actor").order_by("-created_at", "-id")


def _ints(values) -> list[int]:
    if not isinstance(values, list):
        return []
    return [v for v in values if isinstance(v, int)]
