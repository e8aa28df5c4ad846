"""Submissions, decisions and reviews in HotCRP's JSON shapes.

Files are shaped like HotCRP's API answers: ``{"ok": true, "papers": [...], "message_list": [...]}``
(``GET /papers``; the ``papers`` list is what HotCRP's ``batch/savepapers.php`` reads) and
``{"ok": true, "reviews": [...], "message_list": [...]}`` (``GET /reviews``). What was left out is a
warning in ``message_list`` (status 1, plain text marked ``<0>``), as HotCRP reports its own. Field
mapping: docs/decisions.md.
"""

from __future__ import annotations

from confero.conflicts.models import Conflict
from confero.decisions.models import Decision, decision_of
from confero.submissions.models import DeclaredConflict

from .scope import Omitted, PaperRow, ReviewRow, Scope

DECISION_NAMES = {
    Decision.Outcome.ACCEPT: "Accepted",
    Decision.Outcome.REJECT: "Rejected",
    Decision.Outcome.DESK_REJECT: "Desk rejected",
}
# Review-object keys HotCRP uses itself; a question with one of these keys is written as "q_<key>".
CORE_REVIEW_KEYS = {
    "object", "pid", "rid", "rtype", "round", "status", "version", "ordinal", "draft", "blind",
    "subreview", "ghost", "reviewer", "reviewer_email", "editable", "format", "hidden_fields",
    "review_token", "modified_at", "modified_at_text", "ratings", "user_rating", "message_list",
}  # fmt: skip


def unix(value) -> int | None:
    return int(value.timestamp()) if value else None


def _split(name: str) -> tuple[str, str]:
    """Given and family name from one "Name Surname" string (the last word is the family name)."""
    parts = name.strip().rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])


def _author(a) -> dict:
    given, family = _split(a.name)
    out = {"email": a.email}
    if given:
        out["given_name"] = given
    if family:
        out["family_name"] = family
    if a.affiliation:
        out["affiliation"] = a.affiliation
    return out


def _status(sub, decision) -> dict:
    if sub.is_withdrawn:
        return {"status": "withdrawn", "withdrawn": True, "withdrawn_at": unix(sub.withdrawn_at)}
    out = {"status": decision.outcome if decision else "submitted", "submitted": True}
    out["submitted_at"] = unix(sub.created_at)
    return out


def paper(row: PaperRow, conflicts: dict[int, list[str]], *, full: bool = True) -> dict:
    sub = row.submission
    decision = decision_of(sub) if row.sees_decision else None
    out = {"object": "paper", "pid": sub.number}
    if full:
        out["title"] = sub.title
        if sub.pdf_sha256:
            out["submission"] = {
                "mimetype": "application/pdf",
                "hash": f"sha2-{sub.pdf_sha256}",
                "size": sub.pdf_size,
                "pages": sub.pdf_pages,
            }
        out["abstract"] = sub.abstract
        if row.authors:
            out["authors"] = [_author(a) for a in row.authors]
        if row.sees_decision:  # conflicts: for organizers who oversee the paper
            out["pc_conflicts"] = {email: True for email in conflicts.get(sub.pk, [])}
        out["topics"] = [t.title for t in (sub.primary_topic, sub.secondary_topic) if t is not None]
    if decision is not None:
        out["decision"] = DECISION_NAMES[decision.outcome]
    out.update(_status(sub, decision))
    if full:
        out["modified_at"] = unix(sub.updated_at)
    return out


def review(row: ReviewRow) -> dict:
    r = row.review
    submitted = r.status == "submitted"
    out = {"object": "review", "pid": r.submission.number, "rid": r.pk, "version": r.version}
    if submitted:
        out["ordinal"] = r.assignment.label
    out["status"] = "complete" if submitted else "draft"
    if not submitted:
        out["draft"] = True
    if row.identity:
        out["reviewer"] = row.shown.reviewer
        out["reviewer_email"] = r.reviewer.email
    out["modified_at"] = unix(r.updated_at)
    for a in row.shown.answers:
        out[f"q_{a.key}" if a.key in CORE_REVIEW_KEYS else a.key] = a.value
    return out


def _conflicts(scope: Scope) -> dict[int, list[str]]:
    found: dict[int, set[str]] = {}
    declared = DeclaredConflict.objects.filter(submission__workshop=scope.workshop)
    confirmed = Conflict.objects.filter(workshop=scope.workshop, status=Conflict.Status.CONFIRMED)
    for qs in (declared, confirmed):
        for sub_id, email in qs.values_list("submission_id", "person__email"):
            found.setdefault(sub_id, set()).add(email)
    return {k: sorted(v) for k, v in found.items()}


def messages(omitted: list[Omitted]) -> list[dict]:
    return [{"status": 1, "message": "<0>" + o.text()} for o in omitted if o]


def document(scope: Scope, what: str) -> tuple[dict, list[Omitted]]:
    """``what``: submissions (full paper objects), decisions (pid, decision, status) or reviews."""
    if what == "reviews":
        rows, omitted = scope.reviews()
        return {"ok": True, "reviews": [review(r) for r in rows], "message_list": messages([omitted])}, [
            omitted
        ]
    papers, hidden = scope.papers()
    _, gone = scope.decisions()
    if what == "decisions":
        shown = [
            paper(r, {}, full=False)
            for r in papers
            if r.sees_decision and decision_of(r.submission) is not None
        ]
        return {"ok": True, "papers": shown, "message_list": messages([gone])}, [gone]
    conflicts = _conflicts(scope)
    doc = {
        "ok": True,
        "papers": [paper(r, conflicts) for r in papers],
        "message_list": messages([hidden, gone]),
    }
    return doc, [hidden, gone]
