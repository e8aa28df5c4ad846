"""Import decisions from CSV: ``number, outcome[, note]`` per line, staged through the same service as
the decision page (so the same permission rules hold), all or nothing.

Accepted files:
- with a header row naming the columns: ``number`` (or ``paper``/``paper_number``/``pid``), ``outcome``
  (or ``decision``) and optionally ``note`` (or ``comment``); other columns are ignored, so Confero's own
  decisions export can be edited and imported again;
- without a header: number, outcome, note in that order (OpenReview's decision upload file).
Outcomes: accept, reject, desk reject, in any case, with ``-``/``_``/space, "Accepted", "Rejected",
"Desk rejected", and OpenReview's "Accept (Oral)"/"Accept (Poster)". Where a line has no note cell
the staged note stays as it is; an empty note cell clears it.

A dry run reports, line by line, what would change; applying does the same and stages the changes in one
transaction — one error anywhere (named by file, line and field) and nothing is staged.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from confero import permissions
from confero.audit.services import record
from confero.submissions.models import Submission

from . import services
from .models import Decision

MAX_BYTES = 2 * 1024 * 1024
HEADERS = {
    "number": "number", "paper": "number", "paper_number": "number", "pid": "number", "id": "number",
    "outcome": "outcome", "decision": "outcome", "note": "note", "comment": "note",
}  # fmt: skip
OUTCOME_WORDS = {
    "accept": "accept", "accepted": "accept",
    "reject": "reject", "rejected": "reject",
    "desk_reject": "desk_reject", "desk_rejected": "desk_reject", "deskreject": "desk_reject",
}  # fmt: skip


@dataclass
class Line:
    line: int
    number: int
    outcome: str
    note: str | None  # None: the file has no note column (the staged note is kept)
    change: str = ""  # "new", "change", "same"
    before: str = ""  # the staged outcome before, if any
    error: str = ""


@dataclass
class Plan:
    filename: str
    lines: list[Line] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def changes(self) -> list[Line]:
        return [x for x in self.lines if x.change in ("new", "change") and not x.error]

    @property
    def ok(self) -> bool:
        return not self.errors


def outcome_of(text: str) -> str | None:
    word = re.sub(r"\(.*\)", "", text).strip().lower()
    word = re.sub(r"[\s\-]+", "_", word)
    return OUTCOME_WORDS.get(word)


def parse(data: bytes, filename: str) -> tuple[list[Line], list[str]]:
    """Lines of the file, and the errors found reading it (each naming file, line and field)."""
    if len(data) > MAX_BYTES:
        return [], [f"{filename}: the file is larger than {MAX_BYTES // 1024 // 1024} MB"]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [f"{filename}: not UTF-8 text (byte {exc.start}); save the file as UTF-8 CSV"]
    rows = list(csv.reader(io.StringIO(text)))
    columns = {"number": 0, "outcome": 1, "note": 2}
    start = 0
    if rows and rows[0] and not rows[0][0].strip().lstrip("#").isdigit():
        names = [HEADERS.get(c.strip().lower()) for c in rows[0]]
        if "number" not in names or "outcome" not in names:
            return [], [
                f"{filename}, line 1: a header row needs a 'number' and an 'outcome' (or 'decision') "
                f"column; found {', '.join(repr(c) for c in rows[0])}"
            ]
        columns = {name: i for i, name in reversed(list(enumerate(names))) if name}
        start = 1
    lines, errors, seen = [], [], {}
    for index, row in enumerate(rows[start:], start=start + 1):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i].strip() if i < len(row) else None) for name, i in columns.items()}
        raw_number = (cells["number"] or "").lstrip("#")
        if not raw_number.isdigit():
            errors.append(f"{filename}, line {index}, number: {cells['number']!r} is not a paper number")
            continue
        outcome = outcome_of(cells["outcome"] or "")
        if outcome is None:
            errors.append(
                f"{filename}, line {index}, outcome: {cells['outcome']!r} is not an outcome "
                "(accept, reject or desk reject)"
            )
            continue
        number = int(raw_number)
        if number in seen:
            errors.append(f"{filename}, line {index}, number: #{number} is already on line {seen[number]}")
            continue
        seen[number] = index
        lines.append(Line(index, number, outcome, cells.get("note")))  # None: no note given, keep it
    if not lines and not errors:
        errors.append(f"{filename}: no decisions found (expected lines of number, outcome[, note])")
    return lines, errors


def plan(workshop, actor, data: bytes, filename: str) -> Plan:
    """What importing ``data`` would change (nothing is stored)."""
    permissions.require(actor, "decision.list", workshop)
    result = Plan(filename)
    result.lines, result.errors = parse(data, filename)
    subs = {
        s.number: s
        for s in Submission.objects.filter(workshop=workshop, number__in=[x.number for x in result.lines])
    }
    decisions = {d.submission_id: d for d in Decision.objects.filter(submission__in=subs.values())}
    for x in result.lines:
        sub = subs.get(x.number)
        if sub is None:
            x.error = f"there is no paper #{x.number}"
        else:
            sub.workshop = workshop
            current = decisions.get(sub.pk)
            reason = permissions.why_not(actor, services.action_for(x.outcome), sub)
            if current is not None and current.outcome != x.outcome and not reason:
                reason = permissions.why_not(actor, services.action_for(current.outcome), sub)
            if reason:
                x.error = reason
            elif sub.is_withdrawn:
                x.error = "the paper was withdrawn"
            else:
                note = x.note if x.note is not None else (current.note if current else "")
                x.note = note
                x.before = current.outcome if current else ""
                if current is None:
                    x.change = "new"
                elif (current.outcome, current.note) == (x.outcome, note):
                    x.change = "same"
                else:
                    x.change = "change"
        if x.error:
            result.errors.append(f"{filename}, line {x.line}, #{x.number}: {x.error}")
    return result


@transaction.atomic
def apply(workshop, actor, data: bytes, filename: str) -> Plan:
    """Stage every change of the file, or nothing when any line is wrong (ValidationError listing them)."""
    result = plan(workshop, actor, data, filename)
    if not result.ok:
        raise ValidationError(result.errors)
    subs = {s.number: s for s in Submission.objects.filter(workshop=workshop)}
    for x in result.changes:
        services.stage(subs[x.number], outcome=x.outcome, note=x.note or "", actor=actor)
    record(
        "decisions.imported",
        actor=actor,
        workshop=workshop,
        summary=f"{len(result.changes)} decision(s) staged from {filename}",
        filename=filename,
        numbers=[x.number for x in result.changes],
    )
    return result
