"""What a person may read of reviews and discussions — every row filtered by the permission table.

- :func:`my_assignments`: a reviewer's papers with the state of their review;
- :func:`readable_reviews`: the reviews of a paper the person may read, each with only the answers meant
  for them (:func:`confero.permissions.audiences`) and the reviewer shown as "Reviewer B" unless the
  person may know who it is;
- :func:`thread`: the discussion of a paper as a tree of the posts the person may read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from confero import permissions
from confero.matching.models import Assignment

from . import answers as answer_rules
from .models import Comment, Review, ReviewQuestion, ReviewVersion
from .services.questions import questions_of


class State:
    NOT_STARTED = "not started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    REVISING = "submitted, changes not submitted"


def state_of(review: Review | None) -> str:
    if review is None:
        return State.NOT_STARTED
    if review.status == Review.Status.DRAFT:
        return State.DRAFT
    return State.REVISING if review.revision is not None else State.SUBMITTED


@dataclass
class AssignedPaper:
    assignment: Assignment
    submission: object
    review: Review | None
    state: str


def my_assignments(user, workshop) -> list[AssignedPaper]:
    """The papers ``user`` reviews in ``workshop`` (not those they are now in conflict with), by number."""
    rows = list(
        Assignment.objects.filter(workshop=workshop, reviewer=user)
        .select_related("submission", "review")
        .only(
            "label",
            "submission__id",
            "submission__number",
            "submission__title",
            "submission__status",
            "submission__workshop_id",
            "submission__manager_id",
            "review__id",
            "review__status",
            "review__revision",
            "review__updated_at",
            "review__submitted_at",
            "review__version",
        )
        .order_by("submission__number")
    )
    for a in rows:
        a.submission.workshop = workshop
    allowed = {s.pk for s in permissions.allowed(user, "review.workspace", [a.submission for a in rows])}
    out = []
    for a in rows:
        if a.submission_id in allowed:
            review = getattr(a, "review", None)
            out.append(AssignedPaper(a, a.submission, review, state_of(review)))
    return out


@dataclass
class Answer:
    question: ReviewQuestion
    value: object
    text: str  # the value in words (choice labels, Yes/No); Markdown for text questions

    @property
    def is_text(self) -> bool:
        return self.question.kind == ReviewQuestion.Kind.TEXT


@dataclass
class ReadableReview:
    review: Review
    label: str  # "Reviewer B"
    identity: str  # the reviewer's name, only for people who may know it
    own: bool
    answers: list[Answer] = field(default_factory=list)
    versions: list = field(default_factory=list)


def answers_for(questions, stored: dict, audiences: set[str]) -> list[Answer]:
    return [
        Answer(q, stored[q.key], answer_rules.display(q, stored[q.key]))
        for q in questions
        if q.audience in audiences and q.key in stored
    ]


def readable_reviews(user, submission, *, with_versions: bool = False) -> list[ReadableReview]:
    """The reviews of ``submission`` ``user`` may read (drafts only for their writer and overseers)."""
    workshop = submission.workshop
    reviews = Review.objects.filter(submission=submission).select_related("assignment", "reviewer")
    if with_versions:
        reviews = reviews.prefetch_related(Prefetch("versions", ReviewVersion.objects.order_by("-number")))
    reviews = list(reviews.order_by("assignment__label"))
    questions = questions_of(workshop)
    out = []
    for review in reviews:
        review.submission = submission
        audiences = permissions.audiences(user, review)
        if not audiences:
            continue
        identity = ""
        if permissions.can(user, "review.view_identity", review):
            identity = review.reviewer.name or review.reviewer.email
        item = ReadableReview(
            review=review,
            label=f"Reviewer {review.assignment.label}",
            identity=identity,
            own=review.reviewer_id == getattr(user, "pk", None),
            answers=answers_for(questions, review.answers, audiences),
        )
        if with_versions:
            item.versions = [(v, answers_for(questions, v.answers, audiences)) for v in review.versions.all()]
        out.append(item)
    return out


@dataclass
class Post:
    comment: Comment
    label: str  # "Reviewer B" / "Organizer"; "(you)" added for the reader's own posts
    identity: str  # the author's name, for people who may see reviewer identities
    replies: list = field(default_factory=list)


def thread(user, submission) -> list[Post]:
    """The posts of the paper's discussion ``user`` may read, as a tree (oldest first at each level)."""
    comments = list(
        Comment.objects.filter(submission=submission).select_related("author").order_by("created_at", "id")
    )
    for c in comments:
        c.submission = submission
    readable = [c for c in comments if permissions.can(user, "comment.view", c)]
    sees_identities = permissions.can(user, "assignment.view", submission)
    posts = {}
    for c in readable:
        label = c.author_label or "Organizer"
        if c.author_id == getattr(user, "pk", None):
            label += " (you)"
        identity = (c.author.name or c.author.email) if sees_identities else ""
        posts[c.pk] = Post(c, label, identity)
    roots = []
    for c in readable:
        parent = posts.get(c.parent_id)
        (parent.replies if parent is not None else roots).append(posts[c.pk])
    return roots


def count_posts(posts: list[Post]) -> int:
    return sum(1 + count_posts(p.replies) for p in posts)
