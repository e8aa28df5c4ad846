"""Submissions, reviews and decisions as OpenReview (API v2) notes.

The file is shaped like OpenReview's ``GET /notes`` answer, ``{"notes": [...], "count": n}``, plus
Confero's ``omitted`` (the papers left out and why). Field mapping: docs/decisions.md. In short, the
venue id is the workshop's slug; a submission is a note of invitation ``<venue>/-/Submission`` whose
``forum`` is its own id; its reviews (``<venue>/Submission<n>/-/Official_Review``, signed
``<venue>/Submission<n>/Reviewer_<label>``) and decision (``…/-/Decision``, or ``…/-/Desk_Rejection``)
reply to it. Every value is ``{"value": …}``; an answer not meant for authors carries the ``readers``
allowed to see it. Ids are Confero's (``<venue>.<n>``, ``<venue>.<n>.review.A``, ``<venue>.<n>.decision``),
dates are milliseconds since 1970 as in OpenReview.
"""

from __future__ import annotations

from confero.decisions.models import Decision, decision_of
from confero.reviews.models import ReviewQuestion

from .scope import Omitted, PaperRow, ReviewRow, Scope


def ms(value) -> int | None:
    return int(value.timestamp() * 1000) if value else None


class Venue:
    def __init__(self, workshop):
        self.id = workshop.slug
        self.workshop = workshop
        self.chairs = f"{self.id}/Program_Chairs"

    def paper(self, n: int, group: str) -> str:
        return f"{self.id}/Submission{n}/{group}"

    def note_id(self, n: int) -> str:
        return f"{self.id}.{n}"


def _content_key(q: ReviewQuestion) -> str:
    if q.role == ReviewQuestion.Role.OVERALL:
        return "rating"
    if q.role == ReviewQuestion.Role.CONFIDENCE:
        return "confidence"
    return q.key


def submission_note(v: Venue, row: PaperRow) -> dict:
    sub = row.submission
    n = sub.number
    content = {
        "title": {"value": sub.title},
        "abstract": {"value": sub.abstract},
        "keywords": {"value": [t.title for t in (sub.primary_topic, sub.secondary_topic) if t is not None]},
    }
    if row.authors:
        hidden = v.workshop.anonymity == "double-blind"
        readers = {"readers": [v.chairs, v.paper(n, "Authors")]} if hidden else {}
        content["authors"] = {"value": [a.name for a in row.authors], **readers}
        content["authorids"] = {"value": [a.email for a in row.authors], **readers}
    decision = decision_of(sub) if row.sees_decision else None
    released = decision.released_outcome if decision else ""
    if sub.is_withdrawn:
        venueid = f"{v.id}/Withdrawn_Submission"
    elif released == Decision.Outcome.DESK_REJECT:
        venueid = f"{v.id}/Desk_Rejected_Submission"
    elif released == Decision.Outcome.ACCEPT:
        venueid = v.id
    elif released == Decision.Outcome.REJECT:
        venueid = f"{v.id}/Rejected_Submission"
    else:
        venueid = f"{v.id}/Submission"
    content["venueid"] = {"value": venueid}
    content["venue"] = {
        "value": v.workshop.acronym if venueid == v.id else f"Submitted to {v.workshop.acronym}"
    }
    return {
        "id": v.note_id(n),
        "number": n,
        "forum": v.note_id(n),
        "replyto": None,
        "invitations": [f"{v.id}/-/Submission"],
        "domain": v.id,
        "cdate": ms(sub.created_at),
        "mdate": ms(sub.updated_at),
        "signatures": [v.paper(n, "Authors")],
        "readers": [v.chairs, v.paper(n, "Reviewers"), v.paper(n, "Authors")],
        "writers": [v.id, v.paper(n, "Authors")],
        "content": content,
    }


def review_note(v: Venue, row: ReviewRow, questions: dict[str, ReviewQuestion]) -> dict:
    r = row.review
    n = r.submission.number
    signature = v.paper(n, f"Reviewer_{r.assignment.label}")
    content = {}
    for a in row.shown.answers:
        field = {"value": a.value}
        if a.audience == "reviewers":
            field["readers"] = [v.chairs, v.paper(n, "Reviewers"), signature]
        elif a.audience == "organizers":
            field["readers"] = [v.chairs, signature]
        content[_content_key(questions[a.key])] = field
    return {
        "id": f"{v.note_id(n)}.review.{r.assignment.label}",
        "forum": v.note_id(n),
        "replyto": v.note_id(n),
        "invitations": [f"{v.paper(n, '-/Official_Review')}"],
        "domain": v.id,
        "cdate": ms(r.submitted_at or r.created_at),
        "mdate": ms(r.updated_at),
        "signatures": [signature],
        "readers": [v.chairs, v.paper(n, "Reviewers"), v.paper(n, "Authors")],
        "writers": [v.id, signature],
        "content": content,
    }


def decision_note(v: Venue, sub) -> dict:
    d = sub.decision
    n = sub.number
    if d.outcome == Decision.Outcome.DESK_REJECT:
        invitation = v.paper(n, "-/Desk_Rejection")
        content = {
            "title": {"value": "Submission Desk Rejected by Program Chairs"},
            "desk_reject_comments": {"value": d.note},
        }
    else:
        invitation = v.paper(n, "-/Decision")
        content = {
            "title": {"value": "Paper Decision"},
            "decision": {"value": d.get_outcome_display()},
            "comment": {"value": d.note},
        }
    released = d.state == "released"  # authors have it as it stands
    readers = [v.chairs] + ([v.paper(n, "Authors"), v.paper(n, "Reviewers")] if released else [])
    return {
        "id": f"{v.note_id(n)}.decision",
        "forum": v.note_id(n),
        "replyto": v.note_id(n),
        "invitations": [invitation],
        "domain": v.id,
        "cdate": ms(d.staged_at),
        "mdate": ms(d.released_at if released else d.staged_at),
        "signatures": [v.chairs],
        "readers": readers,
        "writers": [v.chairs],
        "content": content,
    }


def notes(scope: Scope, what: str) -> tuple[list[dict], list[Omitted]]:
    """``what``: submissions (each paper's note, then its reviews and decision), reviews or decisions."""
    v = Venue(scope.workshop)
    questions = {q.key: q for q in scope.questions}
    omitted = []
    reviews_by_paper: dict[int, list[dict]] = {}
    if what in ("submissions", "reviews"):
        rows, gone = scope.reviews()
        omitted.append(gone)
        for row in rows:
            if row.review.status == "submitted":  # OpenReview has no draft reviews
                reviews_by_paper.setdefault(row.review.submission.number, []).append(
                    review_note(v, row, questions)
                )
    decisions: dict[int, dict] = {}
    if what in ("submissions", "decisions"):
        subs, gone = scope.decisions()
        omitted.append(gone)
        decisions = {sub.number: decision_note(v, sub) for sub in subs}
    if what == "reviews":
        return [note for n in sorted(reviews_by_paper) for note in reviews_by_paper[n]], omitted
    if what == "decisions":
        return [decisions[n] for n in sorted(decisions)], omitted
    papers, gone = scope.papers()
    omitted.insert(0, gone)
    out = []
    for row in papers:
        n = row.submission.number
        out.append(submission_note(v, row))
        out.extend(reviews_by_paper.get(n, []))
        if n in decisions:
            out.append(decisions[n])
    return out, omitted
