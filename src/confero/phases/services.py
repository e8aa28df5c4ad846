"""The current phase of a workshop — the one function everything asks — and the organizers' switches."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from confero.audit.services import record

from .models import DEFAULT_FLAGS, FLAG_FIELDS, Phase

ORDER = list(Phase.Kind)


def ensure_phases(workshop) -> list[Phase]:
    """The workshop's seven phases, created with the default flags where missing (idempotent). No phase
    has a start yet: the submission phase runs until another one starts."""
    existing = {p.kind: p for p in Phase.objects.filter(workshop=workshop)}
    missing = [
        Phase(
            workshop=workshop,
            kind=kind,
            position=i,
            starts_at=None,
            **DEFAULT_FLAGS.get(kind, {}),
        )
        for i, kind in enumerate(ORDER)
        if kind not in existing
    ]
    if missing:
        Phase.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {p.kind: p for p in Phase.objects.filter(workshop=workshop)}
    return [existing[k] for k in ORDER]


def _cache(workshop) -> dict:
    cache = getattr(workshop, "_confero_phases", None)
    if cache is None:
        cache = workshop._confero_phases = {}
    return cache


def forget(workshop) -> None:
    """Drop what this workshop object remembers about its phases (after a change)."""
    workshop.__dict__.pop("_confero_phases", None)


def phases(workshop) -> list[Phase]:
    cache = _cache(workshop)
    if "all" not in cache:
        rows = list(Phase.objects.filter(workshop=workshop).order_by("position"))
        cache["all"] = rows if len(rows) == len(ORDER) else ensure_phases(workshop)
    return cache["all"]


def current(workshop, now: dt.datetime | None = None) -> Phase:
    """The phase running at ``now``: the last (in order) whose start has come; the submission phase when
    none has. Every rule that depends on the phase asks this function."""
    moment = now or timezone.now()
    running = phases(workshop)[0]
    for phase in phases(workshop):
        if phase.starts_at is not None and phase.starts_at <= moment:
            running = phase
    return running


def get(workshop, kind: str) -> Phase:
    return next(p for p in phases(workshop) if p.kind == kind)


@transaction.atomic
def switch_to(workshop, kind: str, *, actor, at: dt.datetime | None = None) -> Phase:
    """Make ``kind`` the running phase from ``at`` (default now). Later phases lose their starts (they
    would override it); earlier phases keep theirs. Audited."""
    if kind not in ORDER:
        raise ValidationError({"kind": f"unknown phase {kind!r}; phases are {', '.join(ORDER)}"})
    at = (at or timezone.now()).replace(microsecond=0)  # phases switch on whole seconds, like deadlines
    rows = ensure_phases(workshop)
    index = ORDER.index(kind)
    for earlier in rows[:index]:
        if earlier.starts_at is not None and earlier.starts_at > at:
            raise ValidationError(
                {
                    "at": f"the {earlier.get_kind_display()} phase is set to start later ({earlier.starts_at:%Y-%m-%d %H:%M} UTC)"
                }
            )
    before = current(workshop)
    Phase.objects.filter(pk=rows[index].pk).update(starts_at=at)
    Phase.objects.filter(workshop=workshop, position__gt=index).update(starts_at=None)
    forget(workshop)
    record(
        "phase.switched",
        actor=actor,
        workshop=workshop,
        obj=rows[index],
        summary=f"phase {rows[index].get_kind_display()} from {at:%Y-%m-%d %H:%M} UTC (was {before.get_kind_display()})",
        kind=kind,
        at=at.isoformat(),
        previous=before.kind,
    )
    return get(workshop, kind)


@transaction.atomic
def set_flags(workshop, kind: str, *, actor, **flags) -> Phase:
    """Change what roles may do in one phase (see :data:`FLAG_FIELDS`). Audited."""
    unknown = set(flags) - set(FLAG_FIELDS)
    if unknown:
        raise ValidationError(f"unknown phase settings: {', '.join(sorted(unknown))}")
    phase = Phase.objects.select_for_update().get(pk=get(workshop, kind).pk)
    changed = {k: v for k, v in flags.items() if getattr(phase, k) != v}
    if changed:
        for key, value in changed.items():
            setattr(phase, key, value)
        phase.full_clean()
        phase.save(update_fields=list(changed))
        forget(workshop)
        record(
            "phase.settings_changed",
            actor=actor,
            workshop=workshop,
            obj=phase,
            summary=f"{phase.get_kind_display()}: "
            + ", ".join(f"{k}={v}" for k, v in sorted(changed.items())),
            changes={k: str(v) for k, v in changed.items()},
        )
    return phase
