"""What the public site shows, read from the other apps' public read APIs only.

- papers: :mod:`confero.camera.published` (accepted, released, camera-ready and consented; reviews only
  where organizers chose open reviewing and the authors agreed);
- the program: :func:`confero.program.snapshot.released_program` (the latest release), with every paper
  that is not published removed (:func:`public_program`), so a paper whose authors did not consent is
  absent from the day view and the iCal file too;
- people: organizer and PC roles, as each person chose to be listed (``Role.listing``).

Nothing here reads drafts, staged decisions, reviews or reviewer identities directly.
"""

from __future__ import annotations

import copy
import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify

from confero.program.snapshot import released_program
from confero.workshops import timezones

#: The openness badges of a paper: artifact kind (camera.CameraArtifact.Kind) -> badge.
OPEN_KINDS = {"code": "Code", "data": "Data", "checkpoint": "Weights"}


def papers(workshop) -> list:
    """The published papers of ``workshop`` (camera.published), by number."""
    from confero.camera.published import published_papers

    return sorted(published_papers(workshop), key=lambda p: p.number)


def paper(workshop, number: int):
    from confero.camera.published import published_paper

    return published_paper(workshop, number)


# --- topics, search -----------------------------------------------------------------------------------


@dataclass
class TopicPage:
    key: str
    title: str
    papers: list = field(default_factory=list)


def topic_key(title: str) -> str:
    return slugify(title) or "topic"


def topic_pages(workshop, published: list) -> list[TopicPage]:
    """The workshop's topics in call-for-papers order (keys from the workshop), then any other topic a
    paper names; each with its papers."""
    pages: dict[str, TopicPage] = {}
    by_title: dict[str, str] = {}
    for topic in workshop.topics.all():
        pages[topic.key] = TopicPage(topic.key, topic.title)
        by_title[topic.title.casefold()] = topic.key
        by_title[topic.key.casefold()] = topic.key
    for p in published:
        for name in p.topics:
            key = by_title.get(str(name).casefold())
            if key is None:
                key = topic_key(str(name))
                pages.setdefault(key, TopicPage(key, str(name)))
                by_title[str(name).casefold()] = key
            if p not in pages[key].papers:
                pages[key].papers.append(p)
    return list(pages.values())


def search(published: list, query: str) -> list:
    """Papers whose title, authors or abstract contain every word of ``query`` (case-insensitive)."""
    words = [w.casefold() for w in query.split() if w.strip()]
    if not words:
        return list(published)
    out = []
    for p in published:
        haystack = " ".join([p.title, p.abstract, *map(str, p.authors)]).casefold()
        if all(w in haystack for w in words):
            out.append(p)
    return out


def openness(p) -> list[dict]:
    """One badge per kind of openness: whether an artifact of that kind was found."""
    kinds = {str(kind).casefold() for kind, _url, _label in p.artifacts}
    return [{"kind": k, "label": label, "found": k in kinds} for k, label in OPEN_KINDS.items()]


def artifacts(p) -> list[dict]:
    """The paper's artifact links with the kind in words (only http(s) links: a URL is shown as a link)."""
    from confero.camera.models import CameraArtifact

    names = dict(CameraArtifact.Kind.choices)
    return [
        {"kind": names.get(kind, str(kind).title()), "url": url, "label": label}
        for kind, url, label in p.artifacts
        if str(url).startswith(("https://", "http://"))
    ]


# --- the program --------------------------------------------------------------------------------------


def public_program(workshop, published: list | None = None) -> dict | None:
    """The latest released program with every paper that is not published removed, and the published
    ones under their final (camera-ready) title, authors and abstract; None before the first release."""
    data = released_program(workshop)
    if data is None:
        return None
    final = {p.number: p for p in (papers(workshop) if published is None else published)}
    data = copy.deepcopy(data)
    data["papers"] = [p for p in data["papers"] if p["number"] in final]
    for p in data["papers"]:
        p.update(title=final[p["number"]].title, abstract=final[p["number"]].abstract)
        p["authors"] = list(final[p["number"]].authors)
    for slot in data["slots"]:
        slot["papers"] = [n for n in slot["papers"] if n in final]
        slot["talks"] = [t for t in slot.get("talks", []) if t["number"] in final]
    return data


def _offset(at: dt.datetime) -> str:
    z = at.strftime("%z")  # +0800
    return f"UTC{z[:3]}:{z[3:]}" if z else "UTC"


def _local(iso: str, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.fromisoformat(iso).astimezone(tz)


def day_view(data: dict, now: dt.datetime | None = None) -> dict:
    """The released program as rows for the day view, with "now" and "next" when ``now`` is on the day.

    ``now`` None: no now/next (the static export, which cannot know when it is read)."""
    tz = zoneinfo.ZoneInfo(data["timezone"])
    papers_by_number = {p["number"]: p for p in data["papers"]}
    rows = []
    for slot in sorted(data["slots"], key=lambda s: (s["start"], s["end"], s["id"])):
        start, end = _local(slot["start"], tz), _local(slot["end"], tz)
        talks = {t["number"]: _local(t["start"], tz) for t in slot.get("talks", [])}
        rows.append(
            {
                **slot,
                "start_at": start,
                "end_at": end,
                "start_hm": f"{start:%H:%M}",
                "end_hm": f"{end:%H:%M}",
                "items": [
                    {**papers_by_number[n], "talk_hm": f"{talks[n]:%H:%M}" if n in talks else ""}
                    for n in slot["papers"]
                    if n in papers_by_number
                ],
                "is_now": False,
                "is_next": False,
            }
        )
    day = dt.date.fromisoformat(data["date"])
    state = None
    if now is not None:
        local_now = now.astimezone(tz)
        if local_now.date() < day:
            state = "before"
        elif local_now.date() > day or (rows and local_now >= max(r["end_at"] for r in rows)):
            state = "after"
        else:
            state = "during"
            for r in rows:
                r["is_now"] = r["start_at"] <= local_now < r["end_at"]
            upcoming = [r for r in rows if r["start_at"] > local_now]
            if upcoming:
                first = min(r["start_at"] for r in upcoming)
                for r in upcoming:
                    r["is_next"] = r["start_at"] == first
    return {
        "date": day,
        "date_label": f"{day:%A} {day.day} {day:%B %Y}",
        "timezone": data["timezone"],
        "tz_label": timezones.label(data["timezone"]),
        "utc_offset": _offset(dt.datetime.combine(day, dt.time(12), tzinfo=tz)),
        "version": data.get("version"),
        "released_at": dt.datetime.fromisoformat(data["released_at"]) if data.get("released_at") else None,
        "rows": rows,
        "state": state,
        "now": [r for r in rows if r["is_now"]],
        "next": [r for r in rows if r["is_next"]],
    }


def now() -> dt.datetime:
    """The moment "now/next" is computed for (tests replace it)."""
    return timezone.now()


def speakers(data: dict) -> list[dict]:
    """Keynote speakers, panelists and moderators of the released program, in order of their first slot,
    each with their slots."""
    info = {s["id"]: s for s in data["speakers"]}
    tz = zoneinfo.ZoneInfo(data["timezone"])
    out: dict[int, dict] = {}
    for slot in sorted(data["slots"], key=lambda s: (s["start"], s["id"])):
        for person in slot["speakers"]:
            entry = out.setdefault(
                person["id"],
                {
                    "id": person["id"],
                    "name": person["name"],
                    "affiliation": person["affiliation"],
                    "bio": info.get(person["id"], {}).get("bio", ""),
                    "url": info.get(person["id"], {}).get("url", ""),
                    "kind": slot["kind"],
                    "slots": [],
                },
            )
            entry["slots"].append(
                {
                    "id": slot["id"],
                    "title": slot["title"],
                    "kind_label": slot["kind_label"],
                    "role": person["role"],
                    "when": f"{_local(slot['start'], tz):%H:%M}–{_local(slot['end'], tz):%H:%M}",
                }
            )
    keynotes = [s for s in out.values() if s["kind"] == "keynote"]
    return keynotes + [s for s in out.values() if s["kind"] != "keynote"]
