"""Organizers' view of reviewing progress: per paper and per reviewer.

Only papers the organizer oversees (``assignment.view``: not an author, not in conflict) are counted —
in the rows, the totals and the per-reviewer counts — so a conflicted organizer learns nothing about a
paper's reviewers, reviews or scores, not even through a count. The numbers come from a few grouped
queries for the whole workshop; who reviews what (names, states, scores) is read only for the rows shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, Max, Min, OuterRef, Q
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
SUBMITTED = Q(review__status=Review.Status.SUBMITTED)


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
    assigned: int = 0
    submitted: int = 0
    conflicted: int = 0  # assigned reviewers now in conflict with the paper
    mean: float | None = None
    spread: int | None = None  # highest minus lowest overall score
    confidence: float | None = None
    reviewers: list[ReviewerCell] = field(default_factory=list)  # filled for the rows shown

    @property
    def complete(self) -> bool:
        return self.assigned > 0 and self.submitted == self.assigned


def overseen(user, workshop, *, include_withdrawn: bool = False) -> tuple[list[Submission], list[int]]:
    """(the papers ``user`` oversees, the ids of the others)."""
    papers = Submission.objects.filter(workshop=workshop)
    if not include_withdrawn:
        papers = papers.filter(status=Submission.Status.SUBMITTED)
    papers = list(
        papers.only("id", "number", "title", "status", "manager_id", "workshop_id").order_by("number")
    )
    for s in papers:
        s.workshop = workshop  # the permission table reads it; no query per paper
    visible = permissions.allowed(user, "assignment.view", papers)
    shown = {s.pk for s in visible}
    return visible, [s.pk for s in papers if s.pk not in shown]


def _in_conflict(workshop):
    """Assignments whose reviewer is now in conflict with the paper (a queryset)."""
    confirmed = Conflict.objects.filter(
        workshop=workshop,
        person=OuterRef("reviewer"),
        submission=OuterRef("submission"),
        status=Conflict.Status.CONFIRMED,
    )
    declared = DeclaredConflict.objects.filter(person=OuterRef("reviewer"), submission=OuterRef("submission"))
    return Assignment.objects.filter(workshop=workshop).filter(Exists(confirmed) | Exists(declared))


def paper_rows(user, workshop, *, include_withdrawn: bool = False) -> tuple[list[PaperRow], int]:
    """(one row per paper the organizer oversees, with its counts and scores; how many are hidden)."""
    papers, hidden = overseen(user, workshop, include_withdrawn=include_withdrawn)
    rows = {s.pk: PaperRow(s) for s in papers}
    numbers = (
        Assignment.objects.filter(workshop=workshop)
        .values("submission_id")
        .annotate(
            assigned=Count("id"),
            submitted=Count("id", filter=SUBMITTED),
            mean=Avg("review__overall", filter=SUBMITTED),
            high=Max("review__overall", filter=SUBMITTED),
            low=Min("review__overall", filter=SUBMITTED),
            confidence=Avg("review__confidence", filter=SUBMITTED),
        )
        .order_by()
    )
    for n in numbers:
        row = rows.get(n["submission_id"])
        if row is None:
            continue
        row.assigned, row.submitted, row.confidence = n["assigned"], n["submitted"], n["confidence"]
        if n["mean"] is not None:
            row.mean, row.spread = n["mean"], n["high"] - n["low"]
    for sub_id in _in_conflict(workshop).values_list("submission_id", flat=True):
        if sub_id in rows:
            rows[sub_id].conflicted += 1
    return list(rows.values()), len(hidden)


def attach_reviewers(workshop, rows: list[PaperRow]) -> None:
    """Fill in who reviews the papers of ``rows`` (already checked: the organizer oversees each)."""
    by_id = {r.submission.pk: r for r in rows}
    deadline = review_deadline(workshop)
    passed = deadline is not None and deadline.has_passed()
    conflicts = set(_in_conflict(workshop).filter(submission_id__in=list(by_id)).values_list("pk", flat=True))
    cells = (
        Assignment.objects.filter(submission_id__in=list(by_id))
        .values_list(
            "pk",
            "submission_id",
            "reviewer_id",
            "label",
            "reviewer__name",
            "reviewer__email",
            "review__status",
            "review__overall",
            "review__confidence",
            "review__submitted_at",
        )
        .order_by("submission_id", "label")
    )
    for pk, sub_id, reviewer_id, label, name, email, status, overall, conf, at in cells:
        submitted = status == Review.Status.SUBMITTED
        by_id[sub_id].reviewers.append(
            ReviewerCell(
                label=label,
                name=name or email,
                user_id=reviewer_id,
                state="submitted" if submitted else ("draft" if status else "not started"),
                overall=overall if submitted else None,
                confidence=conf if submitted else None,
                late=bool(deadline) and ((submitted and at > deadline.at) or (not submitted and passed)),
                conflicted=pk in conflicts,
            )
        )


def paper_row(workshop, submission) -> PaperRow:
    """One paper's row with its reviewers (for the paper's own page; the caller checked the permission)."""
    row = PaperRow(submission)
    attach_reviewers(workshop, [row])
    scores = [c.overall for c in row.reviewers if c.overall is not None]
    confidences = [c.confidence for c in row.reviewers if c.confidence is not None]
    row.assigned = len(row.reviewers)
    row.submitted = sum(c.state == "submitted" for c in row.reviewers)
    row.conflicted = sum(c.conflicted for c in row.reviewers)
    if scores:
        row.mean, row.spread = sum(scores) / len(scores), max(scores) - min(scores)
    if confidences:
        row.confidence = sum(confidences) / len(confidences)
    return row


def _missing(r: PaperRow) -> tuple:
    return (r.submitted - r.assigned, r.submission.number)


def _by_mean(r: PaperRow) -> tuple:
    return (r.mean is None, -(r.mean or 0), r.submission.number)


def _by_spread(r: PaperRow) -> tuple:
    return (r.spread is None, -(r.spread or 0), r.submission.number)


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
    "missing": ("Reviews missing", _missing),
    "mean": ("Mean score", _by_mean),
    "spread": ("Spread", _by_spread),
}


def filter_papers(rows: list[PaperRow], *, view: str, q: str, sort: str, wanted: int) -> list[PaperRow]:
    tests = {
        "incomplete": lambda r: r.submitted < r.assigned,
        "complete": lambda r: r.complete,
        "understaffed": lambda r: r.assigned - r.conflicted < wanted,
        "disagreement": lambda r: (r.spread or 0) >= DISAGREEMENT,
        "conflicted": lambda r: r.conflicted > 0,
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


@dataclass
class Person:
    pk: int
    name: str
    email: str


@dataclass
class ReviewerRow:
    user: Person
    assigned: int = 0
    submitted: int = 0
    drafts: int = 0
    late: int = 0  # not submitted although the deadline passed
    submitted_late: int = 0
    reminded_at: object = None

    @property
    def unfinished(self) -> int:
        return self.assigned - self.submitted


def reviewer_rows(user, workshop) -> list[ReviewerRow]:
    """One row per PC member or assigned reviewer, counting only papers the organizer oversees."""
    _, hidden = overseen(user, workshop)
    visible = Assignment.objects.filter(
        workshop=workshop, submission__status=Submission.Status.SUBMITTED
    ).exclude(submission_id__in=hidden)
    deadline = review_deadline(workshop)
    late_submitted = Q(SUBMITTED, review__submitted_at__gt=deadline.at) if deadline else Q(pk__in=[])
    counts = {
        c["reviewer_id"]: c
        for c in visible.values("reviewer_id")
        .annotate(
            assigned=Count("id"),
            submitted=Count("id", filter=SUBMITTED),
            drafts=Count("id", filter=Q(review__status=Review.Status.DRAFT)),
            submitted_late=Count("id", filter=late_submitted),
        )
        .order_by()
    }
    passed = deadline is not None and deadline.has_passed(timezone.now())
    ids = set(Role.objects.filter(workshop=workshop, kind=Role.Kind.PC).values_list("user_id", flat=True))
    ids |= set(counts)  # reviewers from outside the PC, if they review a paper counted here
    reminded = reminder_times(workshop)
    rows = []
    for pk, name, email in User.objects.filter(pk__in=ids).values_list("pk", "name", "email"):
        c = counts.get(pk, {})
        row = ReviewerRow(
            Person(pk, name, email),
            assigned=c.get("assigned", 0),
            submitted=c.get("submitted", 0),
            drafts=c.get("drafts", 0),
            submitted_late=c.get("submitted_late", 0),
            reminded_at=reminded.get(pk),
        )
        row.late = row.unfinished if passed else 0
        rows.append(row)
    return sorted(rows, key=lambda r: ((r.user.name or r.user.email).lower(), r.user.pk))


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
