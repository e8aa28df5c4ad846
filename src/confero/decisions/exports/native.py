"""Confero's own export shapes: reviews, scores, decisions and assignments as CSV or JSON.

JSON files are one object: ``{"workshop", "exported_at", "exported_by", "omitted", "<what>": [...]}``
(``omitted`` names the papers whose rows were left out and why). CSV files have a header row and one row
per record; what was left out is said by the page, the command (on stderr) and the ``X-Confero-Omitted``
response header. Cells a spreadsheet would run as a formula get a leading apostrophe (as in the
submissions export).
"""

from __future__ import annotations

import statistics

from confero.submissions.exports import iso_utc

from ..models import decision_of
from .scope import Scope
from .tables import Table


def reviews(scope: Scope) -> Table:
    rows, omitted = scope.reviews()
    keys = [q.key for q in scope.questions]
    columns = ["number", "title", "reviewer", "reviewer_name", "reviewer_email", "status"]
    columns += ["overall", "confidence", "submitted_at", "updated_at", *keys]
    records = []
    for row in rows:
        r = row.review
        answers = {a.key: a.value for a in row.shown.answers}
        records.append(
            {
                "number": r.submission.number,
                "title": r.submission.title,
                "reviewer": row.shown.label,
                "reviewer_name": row.shown.reviewer or None,
                "reviewer_email": r.reviewer.email if row.identity else None,
                "status": r.status,
                "overall": r.overall,
                "confidence": r.confidence,
                "submitted_at": iso_utc(r.submitted_at),
                "updated_at": iso_utc(r.updated_at),
                "answers": answers,
                **{k: answers.get(k) for k in keys},
            }
        )
    json_records = [{k: v for k, v in rec.items() if k not in keys} for rec in records]
    return Table("reviews", columns, records, omitted, json_records=json_records)


def scores(scope: Scope) -> Table:
    """One row per paper: the submitted reviews' overall scores and confidences."""
    rows, omitted = scope.reviews()
    by_paper: dict[int, list] = {}
    for row in rows:
        if row.review.status == "submitted":
            by_paper.setdefault(row.review.submission_id, []).append(row.review)
    papers, _ = scope.papers()
    columns = ["number", "title", "reviews", "overall_mean", "overall_min", "overall_max", "overall_scores"]
    columns += ["confidence_mean", "decision", "decision_state"]
    records = []
    hidden = set(omitted.numbers)
    for paper in papers:
        sub = paper.submission
        if sub.number in hidden:
            continue
        got = by_paper.get(sub.pk, [])
        overall = [r.overall for r in got if r.overall is not None]
        confidence = [r.confidence for r in got if r.confidence is not None]
        decision = decision_of(sub) if paper.sees_decision else None
        records.append(
            {
                "number": sub.number,
                "title": sub.title,
                "reviews": len(got),
                "overall_mean": round(statistics.fmean(overall), 2) if overall else None,
                "overall_min": min(overall) if overall else None,
                "overall_max": max(overall) if overall else None,
                "overall_scores": overall,
                "confidence_mean": round(statistics.fmean(confidence), 2) if confidence else None,
                "decision": decision.outcome if decision else None,
                "decision_state": decision.state if decision else None,
            }
        )
    return Table("scores", columns, records, omitted)


def decisions(scope: Scope) -> Table:
    """Staged and released decisions. The first three columns (number, outcome, note) are what the
    decision import reads, so an edited export can be imported again."""
    subs, omitted = scope.decisions()
    columns = ["number", "outcome", "note", "title", "state", "staged_by", "staged_at"]
    columns += ["released_outcome", "released_note", "released_at", "manager"]
    records = []
    for sub in subs:
        d = sub.decision
        records.append(
            {
                "number": sub.number,
                "outcome": d.outcome,
                "note": d.note,
                "title": sub.title,
                "state": d.state,
                "staged_by": d.staged_by.email if d.staged_by else None,
                "staged_at": iso_utc(d.staged_at),
                "released_outcome": d.released_outcome or None,
                "released_note": d.released_note if d.released_outcome else None,
                "released_at": iso_utc(d.released_at),
                "manager": sub.manager.email if sub.manager else None,
            }
        )
    return Table("decisions", columns, records, omitted)


def assignments(scope: Scope) -> Table:
    rows, omitted = scope.assignments()
    columns = ["number", "title", "reviewer", "reviewer_name", "reviewer_email", "origin"]
    columns += ["review_status", "created_at"]
    records = [
        {
            "number": a.submission.number,
            "title": a.submission.title,
            "reviewer": f"Reviewer {a.label}",
            "reviewer_name": a.reviewer.name,
            "reviewer_email": a.reviewer.email,
            "origin": a.origin,
            "review_status": a.review_status,
            "created_at": iso_utc(a.created_at),
        }
        for a in rows
    ]
    return Table("assignments", columns, records, omitted)


BUILDERS = {"reviews": reviews, "scores": scores, "decisions": decisions, "assignments": assignments}
