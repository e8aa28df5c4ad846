"""Reviews as one reader may read them: each answer shown only to the audiences its question allows.

Everything that shows review text outside the review form — the organizers' decision page, the authors'
decision page, the decision e-mails and the exports — goes through :func:`shown`, with the audiences
the permission table grants the reader (``permissions.audiences``) or, for e-mails to authors, exactly
``{"authors"}``. Reviewers are named by their assignment label (Reviewer A, B, C) unless the reader may
see identities.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from confero.reviews.models import Review, ReviewQuestion

AUTHORS = frozenset({"authors"})


@dataclass
class Answer:
    key: str
    label: str
    kind: str
    audience: str
    value: object
    text: str  # how the value reads (a score with its scale, a choice's label, yes/no, the text)


@dataclass
class ShownReview:
    review: Review
    label: str  # "Reviewer A"
    answers: list[Answer] = field(default_factory=list)
    reviewer: str = ""  # the reviewer's name, only for readers who may see identities


def questions(workshop) -> list[ReviewQuestion]:
    return list(ReviewQuestion.objects.filter(workshop=workshop).order_by("position", "id"))


def _value(review: Review, question: ReviewQuestion):
    value = (review.answers or {}).get(question.key)
    if value in (None, "") and question.role == ReviewQuestion.Role.OVERALL:
        value = review.overall
    if value in (None, "") and question.role == ReviewQuestion.Role.CONFIDENCE:
        value = review.confidence
    return value


def _text(question: ReviewQuestion, value) -> str:
    if question.kind == ReviewQuestion.Kind.SCORE:
        return f"{value} (scale {question.min_value}–{question.max_value})"
    if question.kind == ReviewQuestion.Kind.CHOICE:
        labels = {str(v): label for v, label in (question.choices or [])}
        return labels.get(str(value), str(value))
    if question.kind == ReviewQuestion.Kind.BOOLEAN:
        return "Yes" if value in (True, "true", "yes", "on", 1) else "No"
    return str(value)


def shown(review: Review, audiences, qs: list[ReviewQuestion], *, reviewer: str = "") -> ShownReview:
    """``review`` with only the answers whose question's audience is in ``audiences`` (empty answers are
    left out)."""
    label = review.assignment.label if review.assignment_id else "?"
    out = ShownReview(review=review, label=f"Reviewer {label}", reviewer=reviewer)
    for q in qs:
        if q.audience not in audiences:
            continue
        value = _value(review, q)
        if value in (None, ""):
            continue
        out.answers.append(Answer(q.key, q.label, q.kind, q.audience, value, _text(q, value)))
    return out


def submitted_reviews(submission):
    return (
        Review.objects.filter(submission=submission, status=Review.Status.SUBMITTED)
        .select_related("assignment", "reviewer", "submission__workshop")
        .order_by("assignment__label")
    )


def for_authors(submission, qs: list[ReviewQuestion] | None = None) -> list[ShownReview]:
    """The submitted reviews of ``submission`` as authors receive them: author-audience answers only,
    reviewers as Reviewer A/B/C."""
    qs = questions(submission.workshop) if qs is None else qs
    return [shown(r, AUTHORS, qs) for r in submitted_reviews(submission)]


def as_text(reviews: list[ShownReview]) -> str:
    """Plain text of reviews for an e-mail."""
    if not reviews:
        return "(no reviews)"
    parts = []
    for r in reviews:
        lines = [r.label, "-" * len(r.label)]
        for a in r.answers:
            if a.kind == ReviewQuestion.Kind.TEXT:
                lines += [f"{a.label}:", a.text.strip(), ""]
            else:
                lines.append(f"{a.label}: {a.text}")
        parts.append("\n".join(lines).rstrip())
    return "\n\n".join(parts)
