"""The exports parse: iCalendar read back with the ``icalendar`` library, frab XML checked against the rules
written from the format's schema (tests/program/frab_rules.py), CSV and JSON read back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
import zoneinfo

import icalendar
import pytest

from confero.awards import services as awards
from confero.program import exports, posters, releases, services
from confero.program.models import Slot
from confero.program.snapshot import build

from .frab_rules import problems

DAY = dt.date(2025, 4, 27)
SG = zoneinfo.ZoneInfo("Asia/Singapore")


@pytest.fixture
def program(accepted, workshop, organizer):
    for number in (3, 1, 5):
        awards.pick(organizer, accepted["papers"][number], "oral")
    services.seed(organizer, workshop, date=DAY, timezone="Asia/Singapore")
    panel = Slot.objects.get(workshop=workshop, kind="panel")
    services.set_speakers(organizer, panel, [("Zoë Ñúñez; “quoted”, with commas", "Uni, Ltd", "moderator")])
    posters.solve(organizer, workshop)
    posters.publish(organizer, workshop)
    return releases.release(organizer, workshop).data


def test_ical_parses_back(program):
    text = exports.ical(program)
    assert text.endswith("\r\n") and all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 16 == len({str(e["UID"]) for e in events})
    by_summary = {str(e["SUMMARY"]): e for e in events}
    keynote = by_summary["Keynote 1: Stella Biderman (EleutherAI)"]
    assert keynote.decoded("DTSTART") == dt.datetime(2025, 4, 27, 9, 10, tzinfo=SG)
    assert keynote.decoded("DTEND") == dt.datetime(2025, 4, 27, 9, 40, tzinfo=SG)
    assert str(keynote["LOCATION"]) == "Main room"
    orals = by_summary["Oral presentations"]
    description = str(orals["DESCRIPTION"]).splitlines()
    assert description == [
        "10:10 #3 Paper 3 on open models — Bo Chen",
        "10:20 #1 Paper 1 on open models — Ana Lee, Cy Diaz",
        "10:30 #5 Paper 5 on open models — Eve Gold",
    ]
    panel = next(e for s, e in by_summary.items() if s.startswith("Panel"))
    assert "Zoë Ñúñez; “quoted”, with commas" in str(panel["DESCRIPTION"])  # escaping and folding survive
    posters_one = by_summary["Poster session 1"]
    assert str(posters_one["DESCRIPTION"]).startswith("Board 1: #")
    assert int(keynote["SEQUENCE"]) == 1


def test_frab_xml_follows_the_schema_rules(program):
    text = exports.frab(program, "0.1.0")
    assert problems(text) == []
    root = ET.fromstring(text)
    assert root.findtext("conference/title") == "Open Science for Foundation Models"
    assert root.findtext("conference/time_zone_name") == "Asia/Singapore"
    events = root.findall("day/room/event")
    assert len(events) == 16
    orals = next(e for e in events if e.findtext("type") == "orals")
    assert (orals.findtext("start"), orals.findtext("duration")) == ("10:10", "00:30")
    assert orals.findtext("date") == "2025-04-27T10:10:00+08:00"
    assert [p.text for p in orals.findall("persons/person")] == ["Bo Chen", "Ana Lee", "Cy Diaz", "Eve Gold"]
    keynote = next(e for e in events if e.findtext("title").startswith("Keynote 1"))
    assert keynote.findtext("room") == "Main room" and keynote.find("persons/person").get("id")
    assert root.find("day").get("start") == "2025-04-27T08:00:00+08:00"


def test_the_rules_catch_broken_documents(program):
    good = exports.frab(program)
    broken = good.replace("<subtitle />", "", 1).replace("<start>08:00</start>", "<start>8h</start>", 1)
    found = problems(broken)
    assert any("has 0 <subtitle>" in p for p in found) and any("start '8h'" in p for p in found)
    first_guid = ET.fromstring(good).find("day/room/event").get("guid")
    second_guid = ET.fromstring(good).findall("day/room/event")[1].get("guid")
    assert any("guid must be a unique UUID" in p for p in problems(good.replace(second_guid, first_guid)))
    assert problems("<schedule><conference/></schedule>")[0].startswith("R1")


def test_slots_in_every_room_go_to_a_plenary_room(program, workshop, organizer):
    opening = Slot.objects.get(workshop=workshop, kind="opening")
    services.save_slot(organizer, workshop, opening, room=None)
    text = exports.frab(build(workshop))
    assert problems(text) == []
    assert [r.get("name") for r in ET.fromstring(text).findall("day/room")] == ["Main room", "Plenary"]


def test_csv_and_json(program):
    rows = list(csv.DictReader(io.StringIO(exports.table(program))))
    assert len(rows) == 16 and list(rows[0]) == exports.CSV_HEADER
    orals = next(r for r in rows if r["kind"] == "orals")
    assert (orals["start"], orals["end"], orals["papers"]) == ("10:10", "10:40", "#3 #1 #5")
    assert json.loads(exports.as_json(program)) == program
    with pytest.raises(ValueError, match="unknown format"):
        exports.render(program, "pdf")
