"""The camera-ready deadline: the workshop's ``camera_ready`` deadline (to the second, in its own zone,
usually AoE), or a later per-paper extension granted by an organizer. The deadline second itself is
still in time (23:59:59 AoE is accepted; 00:00:00 is not)."""

from __future__ import annotations

import datetime as dt

from confero.submissions.deadlines import DeadlineInfo, SubmissionError, second_now
from confero.workshops.timezones import AOE


class CameraClosed(SubmissionError):
    """The camera-ready cannot be changed now (deadline passed, or the step is not open)."""


def workshop_deadline(workshop) -> DeadlineInfo | None:
    base = workshop.deadlines.filter(kind="camera_ready").first()
    return DeadlineInfo(base.at, base.timezone, False) if base else None


def deadline_info(workshop, camera=None) -> DeadlineInfo | None:
    """The deadline that applies to ``camera`` (its extension when later), or to the workshop."""
    base = workshop_deadline(workshop)
    extension = camera.deadline_extension if camera is not None else None
    if extension and (base is None or extension > base.at):
        return DeadlineInfo(extension, base.timezone if base else AOE, True)
    return base


def has_passed(workshop, camera=None, now: dt.datetime | None = None) -> bool:
    info = deadline_info(workshop, camera)
    return info is not None and info.has_passed(second_now(now))


def check_deadline(workshop, camera=None, now: dt.datetime | None = None) -> None:
    info = deadline_info(workshop, camera)
    if info is not None and info.has_passed(second_now(now)):
        what = "your extended camera-ready deadline" if info.extended else "the camera-ready deadline"
        raise CameraClosed(
            f"The camera-ready can no longer be changed: {what} was {info.display()}. Write to the "
            "organizers if you need more time."
        )
