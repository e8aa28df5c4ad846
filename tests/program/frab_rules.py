"""Checks of a frab schedule XML document, written from the published schema of the format
(the C3VOC ``schedule.xml.xsd``, which pretalx, frab and Indico exports are validated against).

Each rule below cites what the schema says; :func:`problems` returns every violation in words.

R1  The root is <schedule>; its children are, in order: an optional <generator> (attributes name,
    version), a required <version>, a required <conference>, then one or more <day>.
R2  <conference> has exactly one <title> and one <acronym>; optionally at most one each of <start>, <end>
    (xs:date), <days> (integer), <timeslot_duration> (duration), <base_url> (http or https URI),
    <time_zone_name>; nothing else.
R3  <day> has attributes date (xs:date), start and end (dateTime with a zone: Z or ±hh:mm), index
    (positive integer, unique among days); its children are <room> only.
R4  <room> may have a name attribute; its children are <event> only.
R5  <event> has attributes id (positive integer, unique in the document) and guid (a UUID, unique);
    its children appear at most once each, in any order: required room, title, subtitle, type, date
    (dateTime with a zone), start (hh:mm or hh:mm:ss), duration (h:mm, hh:mm or with seconds), abstract,
    slug (unique in the document), track; optional logo, persons, language, description, recording,
    links, attachments, video_download_url, url (http or https); nothing else.
R6  <persons> holds <person> elements with text and an optional positive integer id.
R7  <links> holds <link> elements with an optional href.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

DURATION = re.compile(r"^([0-9]{1,2}:[0-9]{2})$|^([0-9]{1,2}:[0-9]{2}:[0-9]{1,2})$")
START = re.compile(r"^([0-2][0-9]:[0-5][0-9])$|^([0-2][0-9]:[0-5][0-9]:[0-5][0-9])$")
UUID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
ZONED = re.compile(r".+(Z|\+[0-9]{1,2}:[0-9]{2}|-[0-9]{1,2}:[0-9]{2})$")
HTTP = re.compile(r"^https?://")
EVENT_REQUIRED = {
    "room",
    "title",
    "subtitle",
    "type",
    "date",
    "start",
    "duration",
    "abstract",
    "slug",
    "track",
}
EVENT_OPTIONAL = {
    "logo",
    "persons",
    "language",
    "description",
    "recording",
    "links",
    "attachments",
    "video_download_url",
    "url",
}
CONFERENCE_OPTIONAL = {"start", "end", "days", "timeslot_duration", "base_url", "time_zone_name"}


def _is_date(text) -> bool:
    try:
        dt.date.fromisoformat(text or "")
        return True
    except ValueError:
        return False


def _is_zoned(text) -> bool:
    try:
        dt.datetime.fromisoformat(text or "")
    except ValueError:
        return False
    return bool(ZONED.match(text))


def _positive(text) -> bool:
    return bool(text) and text.isdigit() and int(text) > 0


def problems(xml: str) -> list[str]:
    out: list[str] = []
    root = ET.fromstring(xml)
    if root.tag != "schedule":
        return [f"R1: root is <{root.tag}>, not <schedule>"]
    tags = [c.tag for c in root]
    body = tags[1:] if tags[:1] == ["generator"] else tags
    if body[:2] != ["version", "conference"] or not body[2:] or set(body[2:]) != {"day"}:
        out.append(f"R1: children of <schedule> are {tags}")
    conference = root.find("conference")
    if conference is not None:
        names = [c.tag for c in conference]
        for required in ("title", "acronym"):
            if names.count(required) != 1:
                out.append(f"R2: <conference> has {names.count(required)} <{required}>")
        for name in set(names) - {"title", "acronym"}:
            if name not in CONFERENCE_OPTIONAL:
                out.append(f"R2: <conference> may not have <{name}>")
            elif names.count(name) > 1:
                out.append(f"R2: <conference> has <{name}> twice")
        for name in ("start", "end"):
            if conference.find(name) is not None and not _is_date(conference.findtext(name)):
                out.append(f"R2: <{name}> is not a date")
        if conference.find("days") is not None and not conference.findtext("days").isdigit():
            out.append("R2: <days> is not an integer")
        if conference.find("timeslot_duration") is not None and not DURATION.match(
            conference.findtext("timeslot_duration")
        ):
            out.append("R2: <timeslot_duration> is not a duration")
        if conference.find("base_url") is not None and not HTTP.match(conference.findtext("base_url")):
            out.append("R2: <base_url> is not an http(s) URI")
    ids, guids, slugs, indexes = set(), set(), set(), set()
    for day in root.findall("day"):
        if "date" in day.attrib and not _is_date(day.get("date")):
            out.append(f"R3: day date {day.get('date')!r}")
        for attr in ("start", "end"):
            if attr in day.attrib and not _is_zoned(day.get(attr)):
                out.append(f"R3: day {attr} {day.get(attr)!r} has no zone")
        if "index" in day.attrib:
            if not _positive(day.get("index")) or day.get("index") in indexes:
                out.append(f"R3: day index {day.get('index')!r}")
            indexes.add(day.get("index"))
        for room in day:
            if room.tag != "room":
                out.append(f"R3: <day> may not hold <{room.tag}>")
                continue
            for event in room:
                if event.tag != "event":
                    out.append(f"R4: <room> may not hold <{event.tag}>")
                    continue
                out += _event(event, ids, guids, slugs)
    return out


def _event(event, ids, guids, slugs) -> list[str]:
    out = []
    eid, guid = event.get("id"), event.get("guid")
    where = f"event {eid}"
    if not _positive(eid) or eid in ids:
        out.append(f"R5: {where}: id must be a unique positive integer")
    if not guid or not UUID.match(guid) or guid in guids:
        out.append(f"R5: {where}: guid must be a unique UUID")
    ids.add(eid)
    guids.add(guid)
    names = [c.tag for c in event]
    for name in EVENT_REQUIRED:
        if names.count(name) != 1:
            out.append(f"R5: {where}: has {names.count(name)} <{name}>")
    for name in set(names) - EVENT_REQUIRED:
        if name not in EVENT_OPTIONAL:
            out.append(f"R5: {where}: may not have <{name}>")
        elif names.count(name) > 1:
            out.append(f"R5: {where}: <{name}> twice")
    if not _is_zoned(event.findtext("date")):
        out.append(f"R5: {where}: date {event.findtext('date')!r} is not a dateTime with a zone")
    if not START.match(event.findtext("start") or ""):
        out.append(f"R5: {where}: start {event.findtext('start')!r}")
    if not DURATION.match(event.findtext("duration") or ""):
        out.append(f"R5: {where}: duration {event.findtext('duration')!r}")
    slug = event.findtext("slug")
    if slug in slugs:
        out.append(f"R5: {where}: slug {slug!r} is not unique")
    slugs.add(slug)
    if event.find("url") is not None and not HTTP.match(event.findtext("url")):
        out.append(f"R5: {where}: url is not http(s)")
    for person in event.findall("persons/*"):
        if person.tag != "person" or ("id" in person.attrib and not _positive(person.get("id"))):
            out.append(f"R6: {where}: bad <{person.tag}> in <persons>")
    for link in event.findall("links/*"):
        if link.tag != "link":
            out.append(f"R7: {where}: bad <{link.tag}> in <links>")
    return out
