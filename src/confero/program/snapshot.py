"""The program as data: what a release stores, what the exports write and what the public site reads.

``build(workshop)`` gives the current draft; :func:`released_program` the latest release (None before
the first). The shape (all times ISO 8601 with the program's UTC offset)::

    {"workshop": {"slug", "name", "acronym", "venue", "website"},
     "version": 3 | None, "released_at": "…" | None,
     "date": "2025-04-27", "timezone": "Asia/Singapore", "oral_minutes": 10,
     "rooms": [{"id", "name"}],
     "speakers": [{"id", "name", "affiliation", "bio", "url"}],
     "papers": [{"number", "title", "abstract", "authors": [names], "topic", "presenter", "oral", "award",
                 "poster_session", "board"}],
     "slots": [{"id", "kind", "kind_label", "title", "description", "start", "end", "room",
                "speakers": [{"id", "name", "affiliation", "role"}],
                "papers": [number, …],            # oral block: in order; poster session: by board
                "talks": [{"number", "start", "end"}],  # oral block: each talk's time
                "poster_session": 1 | None}]}
"""

from __future__ import annotations

import datetime as dt

from confero.awards.selectors import accepted, marks

from .models import PosterPlan, PosterSpot, Program, Release, Room, Slot, Speaker
from .presenters import presenters


def released_program(workshop) -> dict | None:
    """The latest released program of ``workshop`` (the public site's read API), or None."""
    release = Release.objects.filter(workshop=workshop).order_by("-number").first()
    return release.data if release else None


def _papers(workshop) -> list[dict]:
    papers = list(accepted(workshop).select_related("primary_topic").prefetch_related("authors"))
    people = presenters(p.pk for p in papers)
    spots = {s.submission_id: s for s in PosterSpot.objects.filter(workshop=workshop)}
    plan = PosterPlan.objects.filter(workshop=workshop).first()
    published = plan is not None and plan.published_at is not None
    chosen = marks(workshop)
    out = []
    for p in papers:
        who, source = people[p.pk]
        spot = spots.get(p.pk) if published else None
        out.append(
            {
                "number": p.number,
                "title": p.title,
                "abstract": p.abstract,
                "authors": [a.name for a in p.authors.all()],
                "topic": p.primary_topic.title,
                "presenter": who[0].name if len(who) == 1 and source != "all authors" else None,
                "oral": "oral" in chosen.get(p.pk, set()),
                "award": "award" in chosen.get(p.pk, set()),
                "poster_session": spot.session if spot else None,
                "board": spot.board if spot else None,
            }
        )
    return out


def build(workshop) -> dict:
    program = Program.objects.filter(workshop=workshop).first()
    papers = _papers(workshop)
    by_session: dict[int, list[dict]] = {}
    for paper in papers:
        if paper["poster_session"]:
            by_session.setdefault(paper["poster_session"], []).append(paper)
    slots = []
    if program is not None:
        rows = (
            Slot.objects.filter(workshop=workshop)
            .select_related("room")
            .prefetch_related("speaker_links__speaker", "paper_links__submission")
        )
        for slot in rows:
            start, end = program.at(slot.start), program.at(slot.end)
            numbers, talks = [], []
            if slot.kind == Slot.Kind.ORALS:
                numbers = [link.submission.number for link in slot.paper_links.all()]
                for i, number in enumerate(numbers):
                    talk = start + dt.timedelta(minutes=program.oral_minutes * i)
                    talks.append(
                        {
                            "number": number,
                            "start": talk.isoformat(),
                            "end": (talk + dt.timedelta(minutes=program.oral_minutes)).isoformat(),
                        }
                    )
            elif slot.kind == Slot.Kind.POSTERS:
                numbers = [
                    p["number"]
                    for p in sorted(by_session.get(slot.poster_session, []), key=lambda p: p["board"])
                ]
            slots.append(
                {
                    "id": slot.pk,
                    "kind": slot.kind,
                    "kind_label": slot.get_kind_display(),
                    "title": slot.title,
                    "description": slot.description,
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "room": slot.room.name if slot.room else None,
                    "speakers": [
                        {
                            "id": link.speaker.pk,
                            "name": link.speaker.name,
                            "affiliation": link.speaker.affiliation,
                            "role": link.role,
                        }
                        for link in slot.speaker_links.all()
                    ],
                    "papers": numbers,
                    "talks": talks,
                    "poster_session": slot.poster_session,
                }
            )
    return {
        "workshop": {
            "slug": workshop.slug,
            "name": workshop.name,
            "acronym": workshop.acronym,
            "venue": workshop.venue,
            "website": workshop.website,
        },
        "version": None,
        "released_at": None,
        "date": program.date.isoformat() if program else None,
        "timezone": program.timezone if program else None,
        "oral_minutes": program.oral_minutes if program else None,
        "rooms": [{"id": r.pk, "name": r.name} for r in Room.objects.filter(workshop=workshop)],
        "speakers": [
            {"id": s.pk, "name": s.name, "affiliation": s.affiliation, "bio": s.bio, "url": s.url}
            for s in Speaker.objects.filter(workshop=workshop)
        ],
        "papers": papers,
        "slots": slots,
    }
