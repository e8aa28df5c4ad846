"""Organizers' view of reviewing progress: per paper and per reviewer.

Only papers the organizer oversees (``assignment.view``: not an author, not in conflict) are counted —
in the rows, the totals and the per-reviewer counts — so a conflicted organizer learns nothing about a
paper's reviewers, reviews or scores, not even through a count. A few queries for the whole workshop,
aggregated in Python (one pass over the assignments and one over the reviews).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from confero import permissions
from confero.conflicts.models import Conflict
from confero.matching.models import Assignment
from confero.people.models import Role, User
from confero.submissions.models import DeclaredConflict, Submission

from .models import Review
from .services.reminders import reminder_times
from .services.writing import review_deadline

DISAGREEMENT = 3  # overall scores this far apart mark a paper for discussion


@dataclass
class ReviewerCell:
    label: str
    name: str
    user_id: int
    state: str  # not started / draft / submitted
    overall: int | None = None
    confidence: int | None = None
    late: bool = False
    conflicted: bool = False


@dataclass
class PaperRow:
    submission: Submission
    reviewers: list[ReviewerCell] = field(default_factory=list)
    assigned: int = 0
    submitted: int = 0
    mean: float | None = None
    spread: int | None = None  # highest minus lowest overall score
    stdev: float | None = None
    confidence: float | None = None

    @property
    def complete(self) -> bool:
        return self.assigned > 0 and self.submitted == self.assigned


@dataclass
class ReviewerRow:
    user: User
    assigned: int = 0
    submitted: int = 0
    drafts: int = 0
    late: int = 0  # not submitted although the deadline passed
    submitted_late: int = 0
    reminded_at: object = None

    @property
    def unfinished(self) -> int:
        return self.assigned - self.submitted


def _overseen(user, workshop, *, include_withdrawn: bool = False) -> tuple[list[Submission], int]:
    papers = Submission.objects.filter(workshop=workshop)
    if not include_withdrawn:
        papers = papers.filter(status=Submission.Status.SUBMITTED)
    papers = list(
        papers.only("id", "number", "title", "status", "manager_id", "workshop_id", "withdrawn_at").order_by(
            "number"
        )
    )
    for s in papers:
        s.workshop = workshop  # the permission table reads it; no query per paper
    visible = permissions.allowed(user, "assignment.view", papers)
    return visible, len(papers) - len(visible)


def _conflicts(workshop) -> set[tuple[int, int]]:
    pairs = set(
        Conflict.objects.filter(workshop=workshop, status=Conflict.Status.CONFIRMED).values_list(
            "submission_id", "person_id"
        )
    )
    return pairs | set(
        DeclaredConflict.objects.filter(submission__workshop=workshop).values_list(
            "submission_id", "person_id"
        )
    )


def _reviews(workshop, submission_ids=None) -> dict[tuple[int, int], tuple]:
    rows = Review.objects.filter(submission__workshop=workshop)
    if submission_ids is not None:
        rows = rows.filter(submission_id__in=submission_ids)
    rows = rows.values_list("submission_id", "reviewer_id", "status", "overall", "confidence", "submitted_at")
    return {(s, r): (status, overall, conf, at) for s, r, status, overall, conf, at in rows}


def paper_rows(user, workshop, *, include_withdrawn: bool = False) -> tuple[list[PaperRow], int]:
    """(one row per paper the organizer oversees, how many papers are hidden from them)."""
    papers, hidden = _overseen(user, workshop, include_withdrawn=include_withdrawn)
    return rows_for(workshop, papers), hidden


def rows_for(workshop, papers: list[Submission], *, only_these: bool = False) -> list[PaperRow]:
    """Progress rows of ``papers`` (already checked: the person oversees each). ``only_these`` restricts
    the queries to these papers (for one paper's page) instead of reading the whole workshop once."""
    rows = {s.pk: PaperRow(s) for s in papers}
    ids = list(rows) if only_these else None
    reviews = _reviews(workshop, ids)
    conflicts = _conflicts(workshop)
    deadline = review_deadline(workshop)
    passed = deadline is not None and deadline.has_passed()
    assignments = Assignment.objects.filter(workshop=workshop)
    if ids is not None:
        assignments = assignments.filter(submission_id__in=ids)
    assignments = assignments.values_list(
        "submission_id", "reviewer_id", "label", "reviewer__name", "reviewer__email"
    )
    for sub_id, reviewer_id, label, name, email in assignments.order_by("submission_id", "label"):
        row = rows.get(sub_id)
        if row is None:
            continue
        status, overall, conf, at = reviews.get((sub_id, reviewer_id), (None, None, None, None))
        submitted = status == Review.Status.SUBMITTED
        cell = ReviewerCell(
            label=label,
            name=name or email,
            user_id=reviewer_id,
            state="submitted" if submitted else ("draft" if status else "not started"),
            overall=overall if submitted else None,
            confidence=conf if submitted else None,
            late=bool(deadline) and ((submitted and at > deadline.at) or (not submitted and passed)),
            conflicted=(sub_id, reviewer_id) in conflicts,
        )
        row.reviewers.append(cell)
        row.assigned += 1
        row.submitted += submitted
    for row in rows.values():
        scores = [c.overall for c in row.reviewers if c.overall is not None]
        confidences = [c.confidence for c in row.reviewers if c.confidence is not None]
        if scores:
            row.mean = statistics.fmean(scores)
            row.spread = max(scores) - min(scores)
            row.stdev = statistics.pstdev(scores) if len(scores) > 1 else 0.0
        if confidences:
            row.confidence = statistics.fmean(confidences)
    return list(rows.values())


PAPER_VIEWS = {
    "all": "All papers",
    "incomplete": "Reviews missing",
    "complete": "All reviews in",
    "understaffed": "Fewer reviewers than wanted",
    "disagreement": f"Scores {DISAGREEMENT}+ apart",
    "conflicted": "A reviewer is now in conflict",
}
PAPER_SORTS = {
    "number": ("#", lambda r: r.submission.number),
    "missing": ("Reviews missing", lambda r: (r.submitted - r.assigned, r.submission.number)),
    "mean": ("Mean score", lambda r: (r.mean is None, -(r.mean or 0), r.submission.number)),
    "spread": ("Spread", lambda r: (r.spread is None, -(r.spread or 0), r.submission.number)),
}


def filter_papers(rows: list[PaperRow], *, view: str, q: str, sort: str, wanted: int) -> list[PaperRow]:
    tests = {
        "incomplete": lambda r: r.submitted < r.assigned,
        "complete": lambda r: r.complete,
        "understaffed": lambda r: r.assigned - sum(c.conflicted for c in r.reviewers) < wanted,
        "disagreement": lambda r: (r.spread or 0) >= DISAGREEMENT,
        "conflicted": lambda r: any(c.conflicted for c in r.reviewers),
    }
    if view in tests:
        rows = [r for r in rows if tests[view](r)]
    q = q.strip().lower()
    if q:
        number = q.lstrip("#")
        rows = [
            r
            for r in rows
            if (number.isdigit() and r.submission.number == int(number)) or q in r.submission.title.lower()
        ]
    return sorted(rows, key=PAPER_SORTS.get(sort, PAPER_SORTS["number"])[1])


def reviewer_rows(user, workshop) -> list[ReviewerRow]:
    """One row per PC member or assigned reviewer, counting only papers the organizer oversees."""
    papers, _ = _overseen(user, workshop)
    visible = {s.pk for s in papers}
    reviews = _reviews(workshop)
    deadline = review_deadline(workshop)
    passed = deadline is not None and deadline.has_passed(timezone.now())
    ids = set(Role.objects.filter(workshop=workshop, kind=Role.Kind.PC).values_list("user_id", flat=True))
    assignments = [
        (s, r)
        for s, r in Assignment.objects.filter(workshop=workshop).values_list("submission_id", "reviewer_id")
        if s in visible
    ]
    ids |= {r for _, r in assignments}  # reviewers from outside the PC, if they review a paper shown here
    rows = {u.pk: ReviewerRow(u) for u in User.objects.filter(pk__in=ids).only("id", "name", "email")}
    counts: dict[int, list] = defaultdict(list)
    for sub_id, reviewer_id in assignments:
        counts[reviewer_id].append(sub_id)
    for reviewer_id, subs in counts.items():
        row = rows[reviewer_id]
        for sub_id in subs:
            status, _, _, at = reviews.get((sub_id, reviewer_id), (None, None, None, None))
            row.assigned += 1
            if status == Review.Status.SUBMITTED:
                row.submitted += 1
                row.submitted_late += bool(deadline and at > deadline.at)
            else:
                row.drafts += status == Review.Status.DRAFT
                row.late += passed
    for reviewer_id, at in reminder_times(workshop).items():
        if reviewer_id in rows:
            rows[reviewer_id].reminded_at = at
    return sorted(rows.values(), key=lambda r: ((r.user.name or r.user.email).lower(), r.user.pk))


REVIEWER_VIEWS = {
    "all": "Everyone",
    "unfinished": "Reviews unfinished",
    "late": "Late",
    "idle": "No papers assigned",
}


def filter_reviewers(rows: list[ReviewerRow], *, view: str, q: str) -> list[ReviewerRow]:
    tests = {
        "unfinished": lambda r: r.unfinished > 0,
        "late": lambda r: r.late > 0 or r.submitted_late > 0,
        "idle": lambda r: r.assigned == 0,
    }
    if view in tests:
        rows = [r for r in rows if tests[view](r)]
    q = q.strip().lower()
    if q:
        rows = [r for r in rows if q in (r.user.name or "").lower() or q in r.user.email.lower()]
    return rows
