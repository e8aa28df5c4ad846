"""Recording audit events. Every service that changes state calls :func:`record`."""

from __future__ import annotations

from typing import Any

from .models import AuditEvent


def record(
    action: str, *, actor=None, workshop=None, obj: Any = None, summary: str = "", **data: Any
) -> AuditEvent:
    """Append one event. ``obj`` is any model instance (its class name and pk are stored)."""
    object_type = type(obj).__name__ if obj is not None else ""
    object_id = str(getattr(obj, "pk", "") or "") if obj is not None else ""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        workshop=workshop,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        summary=summary[:300],
        data=data,
    )
