"""What the permission table needs to know about one person in one workshop, loaded in a few queries and
kept on the user object for the request (so a list of 1,000 papers costs the same as one paper).

Services that change any of these facts (roles, authorships, assignments, conflicts, reviews, managers)
call :func:`forget` for the people concerned.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Facts:
    roles: frozenset = frozenset()
    authored: frozenset = frozenset()  # submission ids the person is a linked author of
    assigned: dict = field(default_factory=dict)  # submission id -> assignment label
    conflicted: frozenset = frozenset()  # declared by authors, or confirmed
    reviewed: frozenset = frozenset()  # submission ids whose review by this person is submitted
    managed: frozenset = frozenset()  # submission ids this person manages


EMPTY = Facts()


def _load(user, workshop) -> Facts:
    from confero.conflicts.models import Conflict
    from confero.matching.models import Assignment
    from confero.people.permissions import roles_of
    from confero.reviews.models import Review
    from confero.submissions.models import DeclaredConflict, Submission, SubmissionAuthor

    roles = frozenset(roles_of(user, workshop))
    authored = frozenset(
        SubmissionAuthor.objects.filter(user=user, submission__workshop=workshop).values_list(
            "submission_id", flat=True
        )
    )
    assigned = dict(
        Assignment.objects.filter(reviewer=user, workshop=workshop).values_list("submission_id", "label")
    )
    conflicted = frozenset(
        DeclaredConflict.objects.filter(person=user, submission__workshop=workshop).values_list(
            "submission_id", flat=True
        )
    ) | frozenset(
        Conflict.objects.filter(person=user, workshop=workshop, status=Conflict.Status.CONFIRMED).values_list(
            "submission_id", flat=True
        )
    )
    reviewed = frozenset(
        Review.objects.filter(
            reviewer=user, submission__workshop=workshop, status=Review.Status.SUBMITTED
        ).values_list("submission_id", flat=True)
    )
    managed = frozenset(
        Submission.objects.filter(workshop=workshop, manager=user).values_list("pk", flat=True)
    )
    return Facts(roles, authored, assigned, conflicted, reviewed, managed)


def facts(user, workshop) -> Facts:
    if not getattr(user, "is_authenticated", False):
        return EMPTY
    cache = user.__dict__.setdefault("_confero_facts", {})
    if workshop.pk not in cache:
        cache[workshop.pk] = _load(user, workshop)
    return cache[workshop.pk]


def forget(*users) -> None:
    """Forget what is cached about these people (call after changing roles, assignments, conflicts…)."""
    for user in users:
        if user is not None:
            user.__dict__.pop("_confero_facts", None)
            user.__dict__.pop("_confero_roles", None)
