"""Who may do what: one table (:mod:`.table`), asked through these functions by views, the API, exports,
search, templates and e-mails.

    can(user, "review.write", submission)      -> bool
    why_not(user, "review.write", submission)  -> None, or the reason in words
    require(user, "review.write", submission)  -> raises Denied (a PermissionDenied) with the reason
    allowed(user, "submission.view", submissions) -> the subset, with the facts loaded once
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied

from .ask import Ask
from .facts import forget
from .table import ACTIONS

__all__ = ["ACTIONS", "Denied", "allowed", "audiences", "can", "forget", "require", "why_not"]


class Denied(PermissionDenied):
    def __init__(self, action: str, reason: str):
        super().__init__(reason)
        self.action, self.reason = action, reason


def _rule(action: str):
    try:
        return ACTIONS[action]
    except KeyError:
        raise KeyError(f"unknown action {action!r}; the table has: {', '.join(sorted(ACTIONS))}") from None


def why_not(user, action: str, obj, *, now: dt.datetime | None = None) -> str | None:
    rule = _rule(action)
    return rule.why_not(user, obj, Ask(user, obj, now))


def can(user, action: str, obj, *, now: dt.datetime | None = None) -> bool:
    rule = _rule(action)
    return rule(user, obj, Ask(user, obj, now))


def require(user, action: str, obj, *, now: dt.datetime | None = None) -> None:
    reason = why_not(user, action, obj, now=now)
    if reason:
        raise Denied(action, reason)


def allowed(user, action: str, objects, *, now: dt.datetime | None = None) -> list:
    """The objects of an iterable ``user`` may ``action`` (facts are loaded once per workshop)."""
    rule = _rule(action)
    return [obj for obj in objects if rule(user, obj, Ask(user, obj, now))]


def audiences(user, review, *, now: dt.datetime | None = None) -> set[str]:
    """Which answers of ``review`` the person may read: 'authors', 'reviewers', 'organizers' (the
    audiences of :class:`confero.reviews.models.Audience`). Empty when they may not see the review."""
    if not can(user, "review.view", review, now=now):
        return set()
    if can(user, "review.view_confidential", review, now=now):
        return {"authors", "reviewers", "organizers"}
    ask = Ask(user, review, now)
    if review.submission_id in ask.facts.assigned:
        return {"authors", "reviewers"}
    return {"authors"}
