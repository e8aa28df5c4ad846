"""What the permission table needs to know about one person in one workshop, loaded in a few queries and
kept on the user object (so a list of 1,000 papers costs the same as one paper).

Freshness: every save or delete of a row these facts come from (roles, author links, assignments,
conflicts, reviews, submissions) bumps a process-wide generation number (signals, connected in
:func:`connect`), and a cached entry of an older generation is loaded again. Code that changes such rows
with ``QuerySet.update()`` (no signals) calls :func:`forget` with no arguments.
"""

from __future__ import annotations

import itertools
from functools import cached_property

_generation = itertools.count(1)
_current = [next(_generation)]


class Facts:
    """Each fact is loaded on first use (a workshop-level check needs the roles only)."""

    def __init__(self, user=None, workshop=None):
        self.user, self.workshop = user, workshop

    @cached_property
    def roles(self) -> frozenset:
        from confero.people.permissions import roles_of

        return frozenset(roles_of(self.user, self.workshop)) if self.user else frozenset()

    @cached_property
    def authored(self) -> frozenset:
        """Submission ids the person is a linked author of."""
        from confero.submissions.models import SubmissionAuthor

        return self._ids(
            SubmissionAuthor.objects.filter(user=self.user, submission__workshop=self.workshop),
            "submission_id",
        )

    @cached_property
    def assigned(self) -> dict:
        """Submission id -> assignment label."""
        from confero.matching.models import Assignment

        if not self.user:
            return {}
        return dict(
            Assignment.objects.filter(reviewer=self.user, workshop=self.workshop).values_list(
                "submission_id", "label"
            )
        )

    @cached_property
    def conflicted(self) -> frozenset:
        """Declared by the authors, or confirmed."""
        from confero.conflicts.models import Conflict
        from confero.submissions.models import DeclaredConflict

        declared = DeclaredConflict.objects.filter(person=self.user, submission__workshop=self.workshop)
        confirmed = Conflict.objects.filter(
            person=self.user, workshop=self.workshop, status=Conflict.Status.CONFIRMED
        )
        return self._ids(declared, "submission_id") | self._ids(confirmed, "submission_id")

    @cached_property
    def reviewed(self) -> frozenset:
        """Submission ids whose review by this person is submitted."""
        from confero.reviews.models import Review

        rows = Review.objects.filter(
            reviewer=self.user, submission__workshop=self.workshop, status="submitted"
        )
        return self._ids(rows, "submission_id")

    @cached_property
    def managed(self) -> frozenset:
        from confero.submissions.models import Submission

        return self._ids(Submission.objects.filter(workshop=self.workshop, manager=self.user), "pk")

    @cached_property
    def grant_handler(self) -> bool:
        """Named a travel-grant handler of this workshop (the table also requires the organizer role)."""
        from confero.grants.models import GrantHandler

        return (
            bool(self.user) and GrantHandler.objects.filter(workshop=self.workshop, user=self.user).exists()
        )

    @cached_property
    def grant_conflicts(self) -> frozenset:
        """People whose travel-grant applications this person must not see: the co-authors of their own
        papers in this workshop and the authors of papers they are in conflict with."""
        from confero.submissions.models import SubmissionAuthor

        papers = self.authored | self.conflicted
        if not self.user or not papers:
            return frozenset()
        rows = SubmissionAuthor.objects.filter(submission_id__in=papers, user__isnull=False)
        return frozenset(rows.values_list("user_id", flat=True)) - {self.user.pk}

    def _ids(self, queryset, column: str) -> frozenset:
        return frozenset(queryset.values_list(column, flat=True)) if self.user else frozenset()


EMPTY = Facts()


def facts(user, workshop) -> Facts:
    if not getattr(user, "is_authenticated", False):
        return EMPTY
    cache = user.__dict__.setdefault("_confero_facts", {})
    entry = cache.get(workshop.pk)
    if entry is None or entry[0] != _current[0]:
        user.__dict__.pop("_confero_roles", None)  # the role cache of people.permissions
        entry = cache[workshop.pk] = (_current[0], Facts(user, workshop))
    return entry[1]


def forget(*users) -> None:
    """Forget cached facts: of these people, or — with no arguments — of everybody in this process."""
    if not users:
        _current[0] = next(_generation)
    for user in users:
        if user is not None:
            user.__dict__.pop("_confero_facts", None)
            user.__dict__.pop("_confero_roles", None)


def _bump(*args, **kwargs) -> None:
    _current[0] = next(_generation)


def connect() -> None:
    """Invalidate on every save/delete of the rows the facts are made of (called once at start-up)."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for label in (
        "people.Role",
        "submissions.Submission",
        "submissions.SubmissionAuthor",
        "submissions.DeclaredConflict",
        "conflicts.Conflict",
        "matching.Assignment",
        "reviews.Review",
        "grants.GrantHandler",
    ):
        model = apps.get_model(label)
        post_save.connect(_bump, sender=model, dispatch_uid=f"confero.permissions.save.{label}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"confero.permissions.delete.{label}")
