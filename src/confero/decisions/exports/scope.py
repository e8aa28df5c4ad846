"""What one organizer may export: every row goes through the permission table, and what is left out is
counted so the export can say so.

- submissions: ``submission.view``; author names and e-mails only with ``submission.view_authors``;
- reviews: ``review.view`` per review; answers by ``permissions.audiences``; reviewer names and e-mails
  only with ``review.view_identity`` (otherwise "Reviewer A/B/C");
- decisions: ``decision.view_staged`` (organizers who oversee the paper);
- assignments: ``assignment.view``.

The workshop is shared by every row, so the running phase is looked up once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from confero import permissions
from confero.matching.models import Assignment
from confero.reviews.models import Review
from confero.submissions.models import Submission, SubmissionAuthor

from ..answers import ShownReview, questions, shown
from ..models import decision_of

REASON = (
    "you are an author of them or have a conflict of interest with them (or, as their author, you see "
    "only what was released to authors)"
)


@dataclass
class Omitted:
    """Rows left out of an export: the papers they belong to (never how many rows, which could tell a
    conflicted organizer how many reviews a paper has)."""

    what: str
    numbers: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.numbers)

    def text(self) -> str:
        if not self.numbers:
            return ""
        listed = ", ".join(f"#{n}" for n in self.numbers)
        return f"the {self.what} of {len(self.numbers)} paper(s) ({listed}) are left out: {REASON}"

    def as_json(self) -> dict:
        return {"what": self.what, "papers": self.numbers, "reason": REASON if self.numbers else ""}


@dataclass
class PaperRow:
    submission: Submission
    authors: list  # SubmissionAuthor rows, empty when the exporter may not see author names
    sees_decision: bool


@dataclass
class ReviewRow:
    review: Review
    shown: ShownReview
    identity: bool  # may see who wrote it


class Scope:
    def __init__(self, workshop, actor):
        permissions.require(actor, "submission.export", workshop)
        self.workshop, self.actor = workshop, actor
        self.questions = questions(workshop)
        self._papers = list(
            workshop.submissions.select_related(
                "decision__staged_by", "manager", "primary_topic", "secondary_topic"
            )
            .prefetch_related(Prefetch("authors", queryset=SubmissionAuthor.objects.order_by("order")))
            .order_by("number")
        )
        for sub in self._papers:
            sub.workshop = workshop
        self._by_id = {sub.pk: sub for sub in self._papers}

    def can(self, action: str, obj) -> bool:
        return permissions.can(self.actor, action, obj)

    def papers(self) -> tuple[list[PaperRow], Omitted]:
        rows, omitted = [], Omitted("submissions")
        for sub in self._papers:
            if not self.can("submission.view", sub):
                omitted.numbers.append(sub.number)
                continue
            authors = list(sub.authors.all()) if self.can("submission.view_authors", sub) else []
            rows.append(PaperRow(sub, authors, self.can("decision.view_staged", sub)))
        return rows, omitted

    def decisions(self) -> tuple[list[Submission], Omitted]:
        """Papers with a decision the exporter may see (staged or released)."""
        rows, omitted = [], Omitted("decisions")
        for sub in self._papers:
            if self.can("decision.view_staged", sub):
                if decision_of(sub) is not None:
                    rows.append(sub)
            else:
                omitted.numbers.append(sub.number)
        return rows, omitted

    def reviews(self) -> tuple[list[ReviewRow], Omitted]:
        rows, hidden = [], set()
        queryset = (
            Review.objects.filter(submission__workshop=self.workshop)
            .select_related("assignment", "reviewer")
            .order_by("submission__number", "assignment__label")
        )
        for review in queryset:
            review.submission = self._by_id[review.submission_id]
            audiences = permissions.audiences(self.actor, review)
            if not audiences:
                hidden.add(review.submission.number)
                continue
            identity = self.can("review.view_identity", review)
            name = (review.reviewer.name or review.reviewer.email) if identity else ""
            rows.append(ReviewRow(review, shown(review, audiences, self.questions, reviewer=name), identity))
        return rows, Omitted("reviews", sorted(hidden))

    def assignments(self) -> tuple[list[Assignment], Omitted]:
        rows, hidden = [], set()
        queryset = (
            Assignment.objects.filter(workshop=self.workshop)
            .select_related("reviewer")
            .order_by("submission__number", "label")
        )
        reviews = dict(
            Review.objects.filter(submission__workshop=self.workshop).values_list("assignment_id", "status")
        )
        for a in queryset:
            a.submission = self._by_id[a.submission_id]
            if not self.can("assignment.view", a.submission):
                hidden.add(a.submission.number)
                continue
            a.review_status = reviews.get(a.pk, "not started")
            rows.append(a)
        return rows, Omitted("assignments", sorted(hidden))
