"""Every change to the day's program (``program.manage``, audited). Releases are in :mod:`.releases`;
poster sessions in :mod:`.posters`."""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.db import transaction

from confero import permissions
from confero.audit.services import record
from confero.awards.selectors import accepted, picked

from .models import Program, Room, Slot, SlotPaper, SlotSpeaker, Speaker
from .seed import FACTS, slots_from_facts

DEFAULT_ROOM = "Main room"


def _check(obj) -> None:
    obj.full_clean()


@transaction.atomic
def seed(user, workshop, *, date: dt.date, timezone: str, facts: dict | None = None) -> Program:
    """Create the program from the workshop facts (default: the shipped OS-FMs facts): one room, every
    slot of the schedule with its kind, keynote speakers, the chosen orals in the oral block. Refused when
    the workshop already has slots."""
    permissions.require(user, "program.manage", workshop)
    if Slot.objects.filter(workshop=workshop).exists():
        raise ValidationError("this workshop already has a program; edit it instead")
    if facts is None:
        facts = json.loads(FACTS.read_text(encoding="utf-8"))
    try:
        specs = slots_from_facts(facts)
    except ValueError as exc:
        raise ValidationError(f"workshop facts: {exc}") from None
    program = save_program(user, workshop, date=date, timezone=timezone, audit=False)
    room, _ = Room.objects.get_or_create(workshop=workshop, name=DEFAULT_ROOM)
    for spec in specs:
        slot = Slot.objects.create(
            workshop=workshop,
            kind=spec.kind,
            title=spec.title,
            start=spec.start,
            end=spec.end,
            room=room,
            poster_session=spec.poster_session,
        )
        for i, (name, affiliation) in enumerate(spec.speakers):
            speaker, _ = Speaker.objects.get_or_create(
                workshop=workshop, name=name, defaults={"affiliation": affiliation}
            )
            SlotSpeaker.objects.create(slot=slot, speaker=speaker, order=i)
        if spec.kind == Slot.Kind.ORALS:
            _set_papers(slot, picked(workshop, "oral"))
    record(
        "program.seeded",
        actor=user,
        workshop=workshop,
        obj=program,
        summary=f"program seeded with {len(specs)} slots on {date} ({timezone})",
        slots=len(specs),
    )
    return program


@transaction.atomic
def save_program(
    user, workshop, *, date: dt.date, timezone: str, oral_minutes: int = 10, audit=True
) -> Program:
    permissions.require(user, "program.manage", workshop)
    program = Program.objects.filter(workshop=workshop).first() or Program(workshop=workshop)
    program.date, program.timezone, program.oral_minutes = date, timezone, oral_minutes
    _check(program)
    program.save()
    if audit:
        record(
            "program.settings",
            actor=user,
            workshop=workshop,
            obj=program,
            summary=f"program day {date} ({timezone}), orals {oral_minutes} min",
        )
    return program


@transaction.atomic
def add_room(user, workshop, name: str) -> Room:
    permissions.require(user, "program.manage", workshop)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "give the room a name"})
    if Room.objects.filter(workshop=workshop, name=name).exists():
        raise ValidationError({"name": f"there is already a room called {name!r}"})
    room = Room.objects.create(
        workshop=workshop, name=name, position=Room.objects.filter(workshop=workshop).count()
    )
    record("program.room_added", actor=user, workshop=workshop, obj=room, summary=f"room {name} added")
    return room


SLOT_FIELDS = ("kind", "title", "description", "start", "end", "room", "poster_session")


@transaction.atomic
def save_slot(user, workshop, slot: Slot | None = None, **fields) -> Slot:
    """Create (``slot`` None) or change a slot. Overlaps are warnings (see :mod:`.checks`), not errors."""
    permissions.require(user, "program.manage", workshop)
    unknown = set(fields) - set(SLOT_FIELDS)
    if unknown:
        raise ValidationError(f"unknown slot fields: {', '.join(sorted(unknown))}")
    creating = slot is None
    # Edit a fresh copy: a refused change leaves the caller's object as it was.
    slot = Slot(workshop=workshop) if creating else Slot.objects.select_for_update().get(pk=slot.pk)
    if slot.workshop_id != workshop.pk:
        raise ValidationError("this slot belongs to another workshop")
    if fields.get("room") is not None and fields["room"].workshop_id != workshop.pk:
        raise ValidationError({"room": "not a room of this workshop"})
    before = {k: str(getattr(slot, k)) for k in SLOT_FIELDS} if not creating else {}
    for key, value in fields.items():
        setattr(slot, key, value)
    if slot.kind != Slot.Kind.POSTERS:
        slot.poster_session = None
    elif slot.poster_session is None:
        raise ValidationError({"poster_session": "say which poster session this slot is (1, 2, …)"})
    if slot.start and slot.end and slot.end <= slot.start:
        raise ValidationError({"end": "the slot must end after it starts"})
    _check(slot)
    slot.save()
    changed = {k: str(getattr(slot, k)) for k in SLOT_FIELDS if before.get(k) != str(getattr(slot, k))}
    record(
        "program.slot_added" if creating else "program.slot_changed",
        actor=user,
        workshop=workshop,
        obj=slot,
        summary=f"{'added' if creating else 'changed'}: {slot}",
        changes=changed,
    )
    return slot


@transaction.atomic
def delete_slot(user, slot: Slot) -> None:
    permissions.require(user, "program.manage", slot.workshop)
    text = str(slot)
    slot.delete()
    record("program.slot_deleted", actor=user, workshop=slot.workshop, summary=f"deleted: {text}")


@transaction.atomic
def set_speakers(user, slot: Slot, people: list[tuple[str, str, str]]) -> None:
    """The slot's speakers as (name, affiliation, role) in order; new names become speakers of the workshop."""
    permissions.require(user, "program.manage", slot.workshop)
    SlotSpeaker.objects.filter(slot=slot).delete()
    seen = set()
    for i, (name, affiliation, role) in enumerate(people):
        name = " ".join(name.split())
        if not name or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        if role not in SlotSpeaker.Role.values:
            raise ValidationError({"speakers": f"unknown role {role!r} for {name}"})
        speaker, created = Speaker.objects.get_or_create(
            workshop=slot.workshop, name=name, defaults={"affiliation": affiliation}
        )
        if affiliation and speaker.affiliation != affiliation:
            speaker.affiliation = affiliation
            speaker.save(update_fields=["affiliation"])
        SlotSpeaker.objects.create(slot=slot, speaker=speaker, role=role, order=i)
    record(
        "program.speakers",
        actor=user,
        workshop=slot.workshop,
        obj=slot,
        summary=f"{slot.title}: speakers {', '.join(n for n, _, _ in people) or 'none'}",
    )


def _set_papers(slot: Slot, papers) -> None:
    SlotPaper.objects.filter(slot=slot).delete()
    SlotPaper.objects.bulk_create([SlotPaper(slot=slot, submission=p, order=i) for i, p in enumerate(papers)])


@transaction.atomic
def set_papers(user, slot: Slot, numbers: list[int]) -> None:
    """The papers of an oral block, in order, by submission number (accepted papers only)."""
    permissions.require(user, "program.manage", slot.workshop)
    if slot.kind != Slot.Kind.ORALS:
        raise ValidationError("only an oral block lists papers (poster sessions take theirs from the plan)")
    by_number = {p.number: p for p in accepted(slot.workshop).filter(number__in=numbers)}
    missing = [f"#{n}" for n in numbers if n not in by_number]
    if missing:
        raise ValidationError({"papers": f"not accepted papers of this workshop: {', '.join(missing)}"})
    if len(set(numbers)) != len(numbers):
        raise ValidationError({"papers": "a paper is listed twice"})
    _set_papers(slot, [by_number[n] for n in numbers])
    record(
        "program.papers",
        actor=user,
        workshop=slot.workshop,
        obj=slot,
        summary=f"{slot.title}: papers {', '.join(f'#{n}' for n in numbers) or 'none'}",
        numbers=numbers,
    )


def fill_orals(user, slot: Slot) -> None:
    """The oral block's papers := the chosen orals in their order."""
    set_papers(user, slot, [p.number for p in picked(slot.workshop, "oral")])
