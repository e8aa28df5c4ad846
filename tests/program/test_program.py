"""The program builder: seeded from the workshop facts, edited with warnings, released in versions with a
changelog; the public site's read API."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from confero import permissions
from confero.audit.models import AuditEvent
from confero.awards import services as awards
from confero.program import checks, posters, releases, services
from confero.program.models import Program, Slot
from confero.program.seed import FACTS, slots_from_facts
from confero.program.snapshot import build, released_program

DAY = dt.date(2025, 4, 27)
SHARED = Path(__file__).resolve().parents[3] / "shared" / "workshop" / "os-fms-2025.json"


def seeded(workshop, organizer):
    services.seed(organizer, workshop, date=DAY, timezone="Asia/Singapore")
    return Program.objects.get(workshop=workshop)


def slot(workshop, title):
    return Slot.objects.get(workshop=workshop, title__startswith=title)


def test_the_shipped_facts_are_the_founders_facts():
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is not on this machine")
    assert json.loads(FACTS.read_text()) == json.loads(SHARED.read_text())


def test_seed_reads_kinds_and_speakers_from_the_facts(workshop, organizer):
    seeded(workshop, organizer)
    slots = list(Slot.objects.filter(workshop=workshop))
    assert len(slots) == 16
    kinds = [s.kind for s in slots]
    assert kinds.count("keynote") == 6 and kinds.count("posters") == 2 and kinds.count("break") == 3
    assert [s.kind for s in slots[:3]] == ["registration", "opening", "keynote"]
    assert slots[-1].kind == "closing" and any(s.kind == "panel" for s in slots)
    keynote = slot(workshop, "Keynote 3")
    assert (keynote.start, keynote.end) == (dt.time(11, 10), dt.time(11, 40))
    (link,) = keynote.speaker_links.select_related("speaker")
    assert (link.speaker.name, link.speaker.affiliation) == ("Zhengzhong Liu", "Petuum")
    assert [s.poster_session for s in slots if s.kind == "posters"] == [1, 2]
    event = AuditEvent.objects.get(action="program.seeded")
    assert event.data["slots"] == 16
    with pytest.raises(ValidationError, match="already has a program"):
        seeded(workshop, organizer)


def test_malformed_facts_are_named():
    with pytest.raises(ValueError, match=r"schedule\[1\]: '9h' is not a time"):
        slots_from_facts({"schedule": [["08:00", "09:00", "Registration"], ["9h", "10:00", "Opening"]]})
    with pytest.raises(ValueError, match=r"schedule\[0\]: 'X' ends"):
        slots_from_facts({"schedule": [["10:00", "09:00", "X"]]})


def test_the_oral_block_lists_the_chosen_orals_with_their_times(accepted, workshop, organizer):
    for number in (3, 1, 5):
        awards.pick(organizer, accepted["papers"][number], "oral")
    seeded(workshop, organizer)
    orals = next(s for s in build(workshop)["slots"] if s["kind"] == "orals")
    assert orals["papers"] == [3, 1, 5]
    assert [t["start"][11:16] for t in orals["talks"]] == ["10:10", "10:20", "10:30"]
    assert orals["start"] == "2025-04-27T10:10:00+08:00"


def test_warnings_for_overlaps_speaker_clashes_and_short_oral_blocks(accepted, workshop, organizer):
    seeded(workshop, organizer)
    data = build(workshop)
    assert any("poster sessions are not published" in w for w in checks.warnings(data))
    services.save_slot(
        organizer, workshop, slot(workshop, "Keynote 2"), start=dt.time(9, 30), end=dt.time(10, 0)
    )
    biderman = slot(workshop, "Keynote 1").speaker_links.get().speaker
    services.set_speakers(
        organizer, slot(workshop, "Panel"), [(biderman.name, "", "panelist"), ("Ana Lee", "", "moderator")]
    )
    services.save_slot(organizer, workshop, slot(workshop, "Panel"), start=dt.time(9, 20), end=dt.time(9, 35))
    services.set_papers(organizer, slot(workshop, "Oral"), [1, 2, 3, 4])
    posters.solve(organizer, workshop)
    posters.publish(organizer, workshop)
    found = checks.warnings(build(workshop), sessions=2, published=True)
    assert "Keynote 1 and Keynote 2 overlap 09:30–09:40 in Main room." in found
    assert (
        "Stella Biderman speaks in Keynote 1 and is on Panel: how could openness benefit foundation-model research, and how far are we from fully open science? at 09:20–09:35."
        in found
    )
    assert "Oral presentations lasts 30 minutes but has 4 talks of 10 minutes." in found
    assert not any("not published" in w for w in found)


def test_a_poster_presenter_who_also_speaks_at_that_time(accepted, workshop, organizer):
    seeded(workshop, organizer)
    posters.solve(organizer, workshop)
    posters.publish(organizer, workshop)
    data = build(workshop)
    session = next(p["poster_session"] for p in data["papers"] if p["number"] == 4)
    poster_slot = next(s for s in data["slots"] if s["kind"] == "posters" and s["poster_session"] == session)
    keynote = next(s for s in Slot.objects.filter(workshop=workshop, kind="keynote") if s.start.hour >= 11)
    services.set_speakers(organizer, keynote, [("Dee Ford", "Uni D", "speaker")])
    start = dt.datetime.fromisoformat(poster_slot["start"]).time()
    services.save_slot(
        organizer,
        workshop,
        keynote,
        start=start,
        end=(dt.datetime.combine(DAY, start) + dt.timedelta(minutes=20)).time(),
    )
    found = checks.warnings(build(workshop), sessions=2, published=True)
    assert any(w.startswith("Dee Ford speaks in") and "presents a poster in (#4)" in w for w in found), found


def test_slot_edits_are_checked_and_audited(workshop, organizer, pc_member):
    seeded(workshop, organizer)
    opening = slot(workshop, "Opening")
    with pytest.raises(ValidationError, match="end after it starts"):
        services.save_slot(organizer, workshop, opening, end=dt.time(8, 0))
    with pytest.raises(ValidationError, match="which poster session"):
        services.save_slot(
            organizer, workshop, kind="posters", title="Extra posters", start=dt.time(18), end=dt.time(19)
        )
    with pytest.raises(permissions.Denied):
        services.save_slot(pc_member, workshop, opening, title="Hello")
    services.save_slot(organizer, workshop, opening, title="Welcome")
    event = AuditEvent.objects.filter(action="program.slot_changed").latest("id")
    assert event.data["changes"] == {"title": "Welcome"}
    with pytest.raises(ValidationError, match="not accepted papers of this workshop: #7"):
        services.set_papers(organizer, slot(workshop, "Oral"), [7])


def test_releases_are_versioned_with_a_changelog(accepted, workshop, organizer):
    assert released_program(workshop) is None
    seeded(workshop, organizer)
    first = releases.release(organizer, workshop, note="First program")
    assert first.number == 1 and first.changes == ["First release: 16 slots on 2025-04-27 (Asia/Singapore)."]
    services.save_slot(
        organizer, workshop, slot(workshop, "Keynote 6"), start=dt.time(14, 35), end=dt.time(15, 5)
    )
    services.delete_slot(organizer, slot(workshop, "Registration"))
    services.set_speakers(organizer, slot(workshop, "Panel"), [("Ana Lee", "Uni A", "panelist")])
    awards.pick(organizer, accepted["papers"][3], "oral")
    services.fill_orals(organizer, slot(workshop, "Oral"))
    second = releases.release(organizer, workshop)
    assert second.number == 2
    assert second.changes == [
        "Oral presentations: #3 added.",
        "Keynote 6 moved from 14:30–15:00 to 14:35–15:05.",
        "Panel: how could openness benefit foundation-model research, and how far are we from fully open science?: now with Ana Lee.",
        "Removed: Registration (08:00–09:00).",
    ]
    data = released_program(workshop)
    assert data["version"] == 2 and len(data["slots"]) == 15
    assert AuditEvent.objects.filter(action="program.released").count() == 2
    third = releases.release(organizer, workshop)
    assert third.changes == ["No change to slots, times, rooms, speakers or papers."]


def test_nothing_to_release(workshop, organizer):
    with pytest.raises(ValidationError, match="no program to release"):
        releases.release(organizer, workshop)
