"""Warnings about the draft program: overlapping slots in one room, people due in two places at once,
oral blocks too short for their talks, poster slots without a published session. Warnings, not errors:
organizers may mean it (e.g. a break that overlaps a poster session on purpose)."""

from __future__ import annotations

from itertools import combinations

from confero.engine.posters import words


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _people(slot: dict, papers: dict[int, dict]) -> dict[str, tuple[str, str]]:
    """casefolded name -> (name, what they do in the slot)."""
    out = {}
    for s in slot["speakers"]:
        out[_key(s["name"])] = (s["name"], "speaks in" if s["role"] != "panelist" else "is on")
    verb = "gives a talk in" if slot["kind"] == "orals" else "presents a poster in"
    for number in slot["papers"]:
        paper = papers.get(number)
        if paper is None:
            continue
        names = [paper["presenter"]] if paper["presenter"] else paper["authors"]
        for name in names:
            out.setdefault(_key(name), (name, f"{verb} (#{number})"))
    return out


def _hm(iso: str) -> str:
    return iso[11:16]


def warnings(data: dict, *, sessions: int | None = None, published: bool = False) -> list[str]:
    """``data`` is a snapshot (:func:`confero.program.snapshot.build`)."""
    out = []
    papers = {p["number"]: p for p in data["papers"]}
    slots = sorted(data["slots"], key=lambda s: (s["start"], s["end"]))
    for a, b in combinations(slots, 2):
        if not (a["start"] < b["end"] and b["start"] < a["end"]):
            continue
        span = f"{_hm(max(a['start'], b['start']))}–{_hm(min(a['end'], b['end']))}"
        if a["room"] is None or b["room"] is None or a["room"] == b["room"]:
            where = f"in {a['room'] or b['room']}" if (a["room"] or b["room"]) else "(both in every room)"
            out.append(f"{a['title']} and {b['title']} overlap {span} {where}.")
        people_a, people_b = _people(a, papers), _people(b, papers)
        for key in sorted(set(people_a) & set(people_b)):
            name, what_a = people_a[key]
            out.append(f"{name} {what_a} {a['title']} and {people_b[key][1]} {b['title']} at {span}.")
    minutes = data.get("oral_minutes") or 0
    for slot in slots:
        if slot["kind"] == "orals":
            length = _minutes(slot)
            need = minutes * len(slot["papers"])
            if need > length:
                out.append(
                    f"{slot['title']} lasts {length} minutes but has {len(slot['papers'])} talks of {minutes} minutes."
                )
            if not slot["papers"]:
                out.append(f"{slot['title']} has no papers yet (choose the orals, then fill the block).")
        if slot["kind"] == "posters":
            if sessions is not None and slot["poster_session"] > sessions:
                out.append(
                    f"{slot['title']} shows poster session {slot['poster_session']}, but there are {sessions}."
                )
            elif not published:
                out.append(f"{slot['title']}: the poster sessions are not published yet.")
    listed = [s["poster_session"] for s in slots if s["kind"] == "posters"]
    if sessions and published:
        unshown = [str(n) for n in range(1, sessions + 1) if n not in listed]
        if unshown:
            out.append(f"No slot shows poster session {words(unshown)}.")
    return out


def _minutes(slot: dict) -> int:
    def at(iso):
        return int(iso[11:13]) * 60 + int(iso[14:16])

    return at(slot["end"]) - at(slot["start"])
