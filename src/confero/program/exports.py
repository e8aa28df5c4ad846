"""Exports of a program snapshot (:mod:`.snapshot`): iCalendar (RFC 5545), frab schedule XML (what
pretalx and Indico schedules are consumed as), CSV and JSON. Each takes the snapshot dict, so the public
site can serve the released program with the same functions."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
import xml.etree.ElementTree as ET

from django.utils.text import slugify

FORMATS = {
    "ics": ("text/calendar; charset=utf-8", "ics"),
    "xml": ("application/xml; charset=utf-8", "xml"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json", "json"),
}
PLENARY = "Plenary"


def _at(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso)


def title_of(slot: dict) -> str:
    """ "Keynote 1: Stella Biderman (EleutherAI)" for a keynote with a speaker; the title otherwise."""
    if slot["kind"] == "keynote" and slot["speakers"]:
        who = ", ".join(
            f"{s['name']} ({s['affiliation']})" if s["affiliation"] else s["name"] for s in slot["speakers"]
        )
        return f"{slot['title']}: {who}"
    return slot["title"]


def details(slot: dict, papers: dict[int, dict]) -> str:
    """The slot's description with its papers (talk times for orals, boards for posters), as plain text."""
    lines = [slot["description"]] if slot["description"] else []
    talks = {t["number"]: t for t in slot.get("talks", [])}
    for number in slot["papers"]:
        paper = papers.get(number, {"title": "", "authors": [], "board": None})
        authors = ", ".join(paper["authors"])
        if number in talks:
            prefix = f"{_at(talks[number]['start']):%H:%M} "
        elif paper.get("board"):
            prefix = f"Board {paper['board']}: "
        else:
            prefix = ""
        lines.append(f"{prefix}#{number} {paper['title']}" + (f" — {authors}" if authors else ""))
    panel = [s["name"] for s in slot["speakers"] if slot["kind"] != "keynote"]
    if panel:
        lines.append("With " + ", ".join(panel))
    return "\n".join(lines)


# --- iCalendar --------------------------------------------------------------------------------------


def _ical_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545, 3.1)."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(iso: str) -> str:
    return _at(iso).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def ical(data: dict) -> str:
    papers = {p["number"]: p for p in data["papers"]}
    slug = data["workshop"]["slug"]
    stamp = (
        _utc(data["released_at"])
        if data.get("released_at")
        else dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Confero//Workshop program//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ical_text(data['workshop']['acronym'] + ' program')}",
        f"X-WR-TIMEZONE:{data['timezone']}",
    ]
    for slot in data["slots"]:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{slug}-slot-{slot['id']}@confero",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(slot['start'])}",
            f"DTEND:{_utc(slot['end'])}",
            f"SUMMARY:{_ical_text(title_of(slot))}",
            f"CATEGORIES:{_ical_text(slot['kind_label'])}",
            f"SEQUENCE:{data.get('version') or 0}",
        ]
        if slot["room"]:
            lines.append(f"LOCATION:{_ical_text(slot['room'])}")
        text = details(slot, papers)
        if text:
            lines.append(f"DESCRIPTION:{_ical_text(text)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


# --- frab schedule XML ------------------------------------------------------------------------------


def _sub(parent, tag: str, text=None, **attrs):
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = str(text)
    return element


def _duration(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def frab(data: dict, generator_version: str = "") -> str:
    papers = {p["number"]: p for p in data["papers"]}
    ws = data["workshop"]
    root = ET.Element("schedule")
    _sub(root, "generator", name="confero", version=generator_version or "0")
    _sub(root, "version", str(data.get("version") or "draft"))
    conference = _sub(root, "conference")
    _sub(conference, "title", ws["name"])
    _sub(conference, "acronym", ws["acronym"] or ws["slug"])
    _sub(conference, "start", data["date"])
    _sub(conference, "end", data["date"])
    _sub(conference, "days", 1)
    _sub(conference, "timeslot_duration", "00:05")
    _sub(conference, "time_zone_name", data["timezone"])
    if ws.get("website", "").startswith(("http://", "https://")):
        _sub(conference, "base_url", ws["website"])
    slots = sorted(data["slots"], key=lambda s: (s["start"], s["id"]))
    day = _sub(root, "day", index=1, date=data["date"])
    if slots:
        day.set("start", min(s["start"] for s in slots))
        day.set("end", max(s["end"] for s in slots))
    room_names = [r["name"] for r in data["rooms"]]
    if any(s["room"] is None for s in slots):
        room_names.append(PLENARY)
    for name in room_names:
        in_room = [s for s in slots if (s["room"] or PLENARY) == name]
        if not in_room:
            continue
        room = _sub(day, "room", name=name)
        for slot in in_room:
            _event(room, slot, name, papers, ws["slug"])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _event(room, slot: dict, room_name: str, papers: dict, workshop_slug: str) -> None:
    start, end = _at(slot["start"]), _at(slot["end"])
    guid = uuid.uuid5(uuid.NAMESPACE_URL, f"confero:{workshop_slug}:slot:{slot['id']}")
    event = _sub(room, "event", id=slot["id"], guid=guid)
    _sub(event, "date", slot["start"])
    _sub(event, "start", f"{start:%H:%M}")
    _sub(event, "duration", _duration(int((end - start).total_seconds() // 60)))
    _sub(event, "room", room_name)
    _sub(event, "slug", f"{workshop_slug}-{slot['id']}-{slugify(slot['title'])[:50]}")
    _sub(event, "title", title_of(slot))
    _sub(event, "subtitle", "")
    _sub(event, "track", slot["kind_label"])
    _sub(event, "type", slot["kind"])
    _sub(event, "language", "en")
    _sub(event, "abstract", slot["description"])
    _sub(event, "description", details(slot, papers))
    persons = _sub(event, "persons")
    seen = set()
    for speaker in slot["speakers"]:
        _sub(persons, "person", speaker["name"], id=speaker["id"])
        seen.add(speaker["name"])
    for number in slot["papers"] if slot["kind"] == "orals" else []:
        paper = papers.get(number)
        for name in (
            [paper["presenter"]] if paper and paper["presenter"] else paper["authors"] if paper else []
        ):
            if name not in seen:
                _sub(persons, "person", name)
                seen.add(name)
    _sub(event, "links")


# --- CSV and JSON -----------------------------------------------------------------------------------

CSV_HEADER = [
    "date",
    "start",
    "end",
    "timezone",
    "kind",
    "title",
    "room",
    "speakers",
    "papers",
    "description",
]


def table(data: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for slot in data["slots"]:
        writer.writerow(
            [
                data["date"],
                f"{_at(slot['start']):%H:%M}",
                f"{_at(slot['end']):%H:%M}",
                data["timezone"],
                slot["kind"],
                title_of(slot),
                slot["room"] or "",
                "; ".join(s["name"] for s in slot["speakers"]),
                " ".join(f"#{n}" for n in slot["papers"]),
                slot["description"],
            ]
        )
    return out.getvalue()


def as_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render(data: dict, fmt: str, generator_version: str = "") -> str:
    if fmt == "ics":
        return ical(data)
    if fmt == "xml":
        return frab(data, generator_version)
    if fmt == "csv":
        return table(data)
    if fmt == "json":
        return as_json(data)
    raise ValueError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
