"""The question being asked: which workshop, which submission (and review or comment), what is known
about the person, and which phase is running."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from .facts import facts


def _parts(obj):
    """(workshop, submission, review, comment) for any object the table knows."""
    from confero.grants.models import GrantApplication
    from confero.reviews.models import Comment, Review
    from confero.submissions.models import Submission
    from confero.workshops.models import Workshop

    if isinstance(obj, Workshop):
        return obj, None, None, None
    if isinstance(obj, GrantApplication):  # not about its linked submission: see Ask.grant
        return obj.workshop, None, None, None
    if isinstance(obj, Submission):
        return obj.workshop, obj, None, None
    if isinstance(obj, Review):
        return obj.submission.workshop, obj.submission, obj, None
    if isinstance(obj, Comment):
        return obj.submission.workshop, obj.submission, None, obj
    submission = getattr(obj, "submission", None)
    if isinstance(submission, Submission):  # assignment, bid, conflict, decision…
        return submission.workshop, submission, None, None
    raise TypeError(f"the permission table does not know objects of type {type(obj).__name__}")


class Ask:
    def __init__(self, user, obj, now: dt.datetime | None = None):
        self.user = user
        self.workshop, self.submission, self.review, self.comment = _parts(obj)
        self.grant = obj if type(obj).__name__ == "GrantApplication" else None
        self.now = now
        self.facts = facts(user, self.workshop)

    @cached_property
    def phase(self):
        from confero.phases.services import current

        return current(self.workshop, self.now)

    @cached_property
    def grant_settings(self):
        from confero.grants.models import GrantSettings

        return GrantSettings.objects.filter(workshop=self.workshop).first()

    @cached_property
    def decision(self):
        from confero.decisions.models import Decision

        if self.submission is None:
            return None
        try:
            return self.submission.decision
        except Decision.DoesNotExist:
            return None
