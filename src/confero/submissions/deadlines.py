"""Submission deadlines: the workshop's deadline, or a per-submission extension granted by an organizer.

All comparisons use timezone-aware datetimes to the second; messages show the deadline in the
deadline's own time zone (usually AoE = UTC-12).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from confero.workshops import timezones
from confero.workshops.timezones import AOE


class SubmissionError(Exception):
    """Base of the submission errors that are not field validation problems."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class SubmissionClosed(SubmissionError):
    """Submitting or editing is not possible at this time."""


class DeadlinePassed(SubmissionClosed):
    """The (possibly extended) submission deadline has passed."""


class NotOpenYet(SubmissionClosed):
    """Submissions are not open yet."""


@dataclass(frozen=True)
class DeadlineInfo:
    at: dt.datetime  # aware
    timezone: str  # IANA name of the zone it is shown in
    extended: bool  # a per-submission extension applies

    @property
    def tz_label(self) -> str:
        return timezones.label(self.timezone)

    def display(self) -> str:
        return timezones.format_in(self.at, self.timezone)

    def has_passed(self, now: dt.datetime | None = None) -> bool:
        return second_now(now) > self.at


def second_now(now: dt.datetime | None) -> dt.datetime:
    """``now`` (or the current time), timezone-aware, to the second: deadlines hold to the second."""
    now = now or timezone.now()
    if timezone.is_naive(now):
        raise ValueError("now must be timezone-aware")
    return now.replace(microsecond=0)


def _workshop_deadline(workshop, kind: str):
    return workshop.deadlines.filter(kind=kind).first()


def deadline_info(obj) -> DeadlineInfo | None:
    """The deadline that applies to a submission (extension if granted, never earlier than the
    workshop's) or to a workshop; None when the workshop has no submission deadline."""
    from .models import Submission

    submission = obj if isinstance(obj, Submission) else None
    workshop = submission.workshop if submission else obj
    base = _workshop_deadline(workshop, "submission")
    extension = submission.deadline_extension if submission else None
    tz_name = base.timezone if base else AOE
    if extension and (base is None or extension > base.at):
        return DeadlineInfo(extension, tz_name, True)
    if base is None:
        return None
    return DeadlineInfo(base.at, tz_name, False)


def submission_deadline_for(obj) -> dt.datetime | None:
    """The moment after which a submission (or new submissions to a workshop) can no longer change."""
    info = deadline_info(obj)
    return info.at if info else None


def check_open(workshop, now: dt.datetime | None = None) -> None:
    """Raise unless new submissions are accepted at ``now`` (see :mod:`confero.phases.window`)."""
    from confero.phases.window import submission_window

    window = submission_window(workshop, second_now(now))
    if window.not_yet:
        raise NotOpenYet(window.reason)
    if window.passed:
        raise DeadlinePassed(window.reason)
    if not window.is_open:
        raise SubmissionClosed(window.reason)


def check_deadline(obj, now: dt.datetime | None = None) -> None:
    """Raise :class:`DeadlinePassed` when the deadline for ``obj`` (submission or workshop) has passed.
    The deadline second itself is still in time (23:59:59 AoE is accepted; 00:00:00 is not)."""
    from .models import Submission

    info = deadline_info(obj)
    if info and info.has_passed(now):
        if not isinstance(obj, Submission):
            raise DeadlinePassed(f"Submissions to {obj} closed on {info.display()}.")
        what = "your extended deadline" if info.extended else "the submission deadline"
        raise DeadlinePassed(f"This submission can no longer be changed: {what} was {info.display()}.")
