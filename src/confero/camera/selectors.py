"""Read-only queries: a workshop's camera-ready settings and deadline, and the accepted papers."""

from __future__ import annotations

from confero.awards.selectors import accepted  # noqa: F401 - the one definition of "accepted"

from .models import CameraReady, CameraSettings


def settings_for(workshop) -> CameraSettings:
    """The workshop's camera-ready settings (the defaults, unsaved, when organizers have not set any)."""
    found = CameraSettings.objects.filter(workshop=workshop).first()
    return found if found is not None else CameraSettings(workshop=workshop)


def camera_of(submission) -> CameraReady | None:
    try:
        return submission.camera
    except CameraReady.DoesNotExist:
        return None
