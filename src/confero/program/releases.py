"""Versioned releases of the program and the changelog between two versions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.workshops.models import Workshop

from .models import Release
from .snapshot import build


def _hm(iso: str) -> str:
    return dt.datetime.fromisoformat(iso).strftime("%H:%M")


def _when(slot: dict) -> str:
    return f"{_hm(slot['start'])}–{_hm(slot['end'])}"


def _names(slot: dict) -> list[str]:
    return [s["name"] for s in slot["speakers"]]


def _numbers(numbers) -> str:
    return ", ".join(f"#{n}" for n in numbers)


def changelog(old: dict | None, new: dict) -> list[str]:
    """What changed from ``old`` to ``new`` (snapshots), in sentences; the first release says so."""
    if old is None:
        return [f"First release: {len(new['slots'])} slots on {new['date']} ({new['timezone']})."]
    out = []
    if (old["date"], old["timezone"]) != (new["date"], new["timezone"]):
        out.append(
            f"The day moved from {old['date']} ({old['timezone']}) to {new['date']} ({new['timezone']})."
        )
    before = {s["id"]: s for s in old["slots"]}
    after = {s["id"]: s for s in new["slots"]}
    for sid, slot in after.items():
        if sid not in before:
            out.append(f"Added: {slot['title']} ({_when(slot)}).")
            continue
        was = before[sid]
        name = slot["title"]
        if was["title"] != slot["title"]:
            out.append(f"Renamed: {was['title']} is now {slot['title']}.")
        if _when(was) != _when(slot):
            out.append(f"{name} moved from {_when(was)} to {_when(slot)}.")
        if was["room"] != slot["room"]:
            out.append(f"{name} moved from {was['room'] or 'every room'} to {slot['room'] or 'every room'}.")
        if _names(was) != _names(slot):
            gone = [n for n in _names(was) if n not in _names(slot)]
            came = [n for n in _names(slot) if n not in _names(was)]
            parts = ([f"with {', '.join(came)}"] if came else []) + (
                [f"without {', '.join(gone)}"] if gone else []
            )
            out.append(
                f"{name}: now {' and '.join(parts) if parts else 'with the speakers in another order'}."
            )
        if was["papers"] != slot["papers"]:
            came = [n for n in slot["papers"] if n not in was["papers"]]
            gone = [n for n in was["papers"] if n not in slot["papers"]]
            parts = ([f"{_numbers(came)} added"] if came else []) + (
                [f"{_numbers(gone)} removed"] if gone else []
            )
            out.append(f"{name}: {'; '.join(parts) if parts else 'papers in a new order'}.")
        if was["description"] != slot["description"]:
            out.append(f"{name}: new description.")
    for sid, slot in before.items():
        if sid not in after:
            out.append(f"Removed: {slot['title']} ({_when(slot)}).")
    old_boards = {p["number"]: (p["poster_session"], p["board"]) for p in old["papers"]}
    moved = [
        p
        for p in new["papers"]
        if p["number"] in old_boards and old_boards[p["number"]][0] != p["poster_session"]
    ]
    if moved:
        out.append(
            "Posters moved to another session: "
            + ", ".join(f"#{p['number']} (to session {p['poster_session']})" for p in moved)
            + "."
        )
    return out or ["No change to slots, times, rooms, speakers or papers."]


def latest(workshop) -> Release | None:
    return Release.objects.filter(workshop=workshop).order_by("-number").first()


@transaction.atomic
def release(user, workshop, *, note: str = "") -> Release:
    """Publish the current program as the next version, with the changelog from the previous one."""
    permissions.require(user, "program.manage", workshop)
    Workshop.objects.select_for_update().get(pk=workshop.pk)  # numbers one release at a time
    data = build(workshop)
    if data["date"] is None or not data["slots"]:
        raise ValidationError("there is no program to release yet: set the day and add slots first")
    previous = latest(workshop)
    number = (Release.objects.filter(workshop=workshop).aggregate(m=Max("number"))["m"] or 0) + 1
    changes = changelog(previous.data if previous else None, data)
    data["version"], data["released_at"] = number, timezone.now().isoformat()
    row = Release.objects.create(
        workshop=workshop, number=number, data=data, changes=changes, note=note.strip(), released_by=user
    )
    record(
        "program.released",
        actor=user,
        workshop=workshop,
        obj=row,
        summary=f"program version {number} released ({len(changes)} change{'s' if len(changes) != 1 else ''})",
        version=number,
        changes=changes,
    )
    return row
