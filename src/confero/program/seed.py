"""The OS-FMs day from the workshop facts (``schedule`` rows ``[start, end, title]``) as slot specs.

Kinds are read from the titles the founders wrote: "Keynote 3: Zhengzhong Liu (Petuum)" is a keynote by
Zhengzhong Liu of Petuum; "Poster session 2" is poster session 2; "Coffee break" a break; and so on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

FACTS = Path(__file__).resolve().parent.parent / "workshops" / "data" / "os-fms-2025.json"

KEYNOTE = re.compile(
    r"^(?P<title>keynote(?:\s+\d+)?)\s*:\s*(?P<name>[^()]+?)\s*(?:\((?P<aff>[^)]*)\))?\s*$", re.I
)
POSTERS = re.compile(r"^poster session\s*(?P<n>\d+)?", re.I)
RULES = [
    (re.compile(r"^registration", re.I), "registration"),
    (re.compile(r"^opening", re.I), "opening"),
    (re.compile(r"^oral", re.I), "orals"),
    (re.compile(r"break\b|^lunch", re.I), "break"),
    (re.compile(r"^panel", re.I), "panel"),
    (re.compile(r"closing|award", re.I), "closing"),
]


@dataclass
class SlotSpec:
    start: dt.time
    end: dt.time
    kind: str
    title: str
    speakers: list[tuple[str, str]] = field(default_factory=list)  # (name, affiliation)
    poster_session: int | None = None


def _time(text: str, where: str) -> dt.time:
    try:
        return dt.datetime.strptime(text.strip(), "%H:%M").time()
    except (ValueError, AttributeError):
        raise ValueError(f"{where}: {text!r} is not a time like 09:30") from None


def slots_from_facts(facts: dict) -> list[SlotSpec]:
    """Slot specs of ``facts["schedule"]``; ValueError naming the row of a malformed entry."""
    rows = facts.get("schedule")
    if not isinstance(rows, list) or not rows:
        raise ValueError("the workshop facts have no 'schedule' list")
    out, posters = [], 0
    for i, row in enumerate(rows):
        where = f"schedule[{i}]"
        if not (isinstance(row, list | tuple) and len(row) == 3 and all(isinstance(x, str) for x in row)):
            raise ValueError(f"{where}: expected [start, end, title]")
        start, end, title = _time(row[0], where), _time(row[1], where), row[2].strip()
        if end <= start:
            raise ValueError(f"{where}: {title!r} ends ({row[1]}) before it starts ({row[0]})")
        keynote, poster = KEYNOTE.match(title), POSTERS.match(title)
        if keynote:
            speaker = (keynote["name"].strip(), (keynote["aff"] or "").strip())
            out.append(SlotSpec(start, end, "keynote", keynote["title"].strip().capitalize(), [speaker]))
        elif poster:
            posters += 1
            number = int(poster["n"]) if poster["n"] else posters
            out.append(SlotSpec(start, end, "posters", title, poster_session=number))
        else:
            kind = next((k for pattern, k in RULES if pattern.search(title)), "other")
            out.append(SlotSpec(start, end, kind, title))
    return out
