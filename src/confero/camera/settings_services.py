"""Changing a workshop's camera-ready settings and deadline (organizers; audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from confero import permissions
from confero.audit.services import record
from confero.workshops import services as workshop_services

from . import licences
from .models import CameraSettings

FIELDS = (
    "page_limit",
    "licences",
    "poster_max_mb",
    "poster_orientation",
    "poster_max_ratio",
    "poster_min_px",
    "video_max_seconds",
    "video_max_mb",
    "slides_max_mb",
    "open_reviewing",
)
KEEP = object()


def update_settings(workshop, values: dict, *, actor, deadline=KEEP) -> CameraSettings:
    """Save ``values`` (a subset of :data:`FIELDS`) and, unless ``deadline`` is KEEP, the camera-ready
    deadline: ``(wall-clock datetime, zone)`` or None to remove it."""
    if actor is not None:
        permissions.require(actor, "camera.manage", workshop)
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValidationError(f"unknown camera-ready settings: {', '.join(sorted(unknown))}")
    if "licences" in values:
        chosen = [k for k in values["licences"] if k in licences.LICENCES]
        if not chosen or len(chosen) != len(values["licences"]):
            raise ValidationError({"licences": "Accept at least one licence from the list."})
    with transaction.atomic():
        conf, _ = CameraSettings.objects.select_for_update().get_or_create(workshop=workshop)
        before = {f: getattr(conf, f) for f in FIELDS}
        for key, value in values.items():
            setattr(conf, key, value)
        conf.full_clean(exclude=["workshop"])
        conf.save()
        changed = sorted(f for f in FIELDS if str(before[f]) != str(getattr(conf, f)))
        if deadline is not KEEP:
            if deadline is None:
                existing = workshop.deadlines.filter(kind="camera_ready").exists()
                if existing:
                    _set_deadline(workshop, None, actor)
                    changed.append("deadline")
            else:
                old = workshop.deadlines.filter(kind="camera_ready").values_list("at", "timezone").first()
                _set_deadline(workshop, deadline, actor)
                new = workshop.deadlines.filter(kind="camera_ready").values_list("at", "timezone").first()
                if old != new:
                    changed.append("deadline")
        if changed:
            record(
                "camera.settings",
                actor=actor,
                workshop=workshop,
                obj=conf,
                summary=f"camera-ready settings changed: {', '.join(changed)}",
                changed=changed,
            )
    return conf


def _set_deadline(workshop, value, actor) -> None:
    try:
        workshop_services.set_deadlines(workshop, {"camera_ready": value}, actor=actor)
    except ValidationError as exc:
        messages = (
            [m for ms in exc.message_dict.values() for m in ms]
            if hasattr(exc, "error_dict")
            else exc.messages
        )
        raise ValidationError({"deadline_at": messages}) from None
