"""Exports of the reviewing cycle for organizers, each filtered through the permission table.

``build(what, fmt, workshop=…, actor=…)`` is used by the organizers' download page and by
``confero export reviews|scores|decisions|assignments|submissions --as EMAIL`` alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import hotcrp, native, openreview
from .scope import Omitted, Scope

FORMATS = {
    "reviews": ["csv", "json", "openreview", "hotcrp"],
    "scores": ["csv", "json"],
    "decisions": ["csv", "json", "openreview", "hotcrp"],
    "assignments": ["csv", "json"],
    "submissions": ["openreview", "hotcrp"],
}
DESCRIPTIONS = {
    "reviews": "one row per review: answers you may read, scores, reviewer (names when you may see them)",
    "scores": "one row per paper: number of reviews, overall scores and confidence, decision",
    "decisions": "staged and released decisions (number, outcome, note first: the import reads these)",
    "assignments": "one row per assignment: paper, reviewer, origin, review status",
    "submissions": "papers with their reviews and decisions in another system's shape",
}
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8"}
JSON_TYPE = "application/json; charset=utf-8"


@dataclass
class Export:
    text: str
    content_type: str
    filename: str
    omitted: list[Omitted]

    def omitted_text(self) -> str:
        return "; ".join(o.text() for o in self.omitted if o)


def build(what: str, fmt: str, *, workshop, actor) -> Export:
    if what not in FORMATS:
        raise ValueError(f"unknown export {what!r}; exports are {', '.join(FORMATS)}")
    if fmt not in FORMATS[what]:
        raise ValueError(f"{what} can be exported as {', '.join(FORMATS[what])}, not {fmt!r}")
    scope = Scope(workshop, actor)
    ext = "csv" if fmt == "csv" else "json"
    name = f"{workshop.slug}-{what}" + ("" if fmt in ("csv", "json") else f"-{fmt}") + f".{ext}"
    if fmt in ("csv", "json"):
        table = native.BUILDERS[what](scope)
        text = table.csv() if fmt == "csv" else table.json(workshop, actor)
        return Export(text, CONTENT_TYPES.get(fmt, JSON_TYPE), name, [table.omitted])
    if fmt == "openreview":
        notes, omitted = openreview.notes(scope, what)
        doc = {"notes": notes, "count": len(notes), "omitted": [o.as_json() for o in omitted if o]}
        return Export(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", JSON_TYPE, name, omitted)
    doc, omitted = hotcrp.document(scope, what)
    return Export(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", JSON_TYPE, name, omitted)
