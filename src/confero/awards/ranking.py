"""The ranking of accepted papers for orals and awards: review scores, confidence, recommendations, votes.

Only papers the person may ``award.view`` appear (a conflicted organizer or an author-organizer does not
see the paper at all). Scores come from submitted reviews: the mean overall score, the mean weighted by
each reviewer's confidence, and the answers to the review form's recommendation question.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from confero import permissions
from confero.reviews.models import Review, ReviewQuestion

from .models import Kind, Pick, Vote
from .selectors import accepted

NEGATIVE = {"", "no", "none", "false", "0", "not", "neither"}


@dataclass
class Row:
    paper: object
    reviews: int = 0
    mean: float | None = None
    weighted: float | None = None
    confidence: float | None = None
    recommended: int = 0
    answers: Counter = field(default_factory=Counter)
    voters: dict = field(default_factory=lambda: {Kind.ORAL: [], Kind.AWARD: []})
    mine: set = field(default_factory=set)
    picked: set = field(default_factory=set)

    @property
    def buttons(self):
        """(kind, voted, picked) for the page's buttons."""
        return [(kind, kind in self.mine, kind in self.picked) for kind in (Kind.ORAL, Kind.AWARD)]

    @property
    def sort_key(self):
        return (
            -(self.weighted if self.weighted is not None else float("-inf")),
            -self.recommended,
            -(self.mean if self.mean is not None else float("-inf")),
            self.paper.number,
        )


def recommendation_question(workshop):
    return ReviewQuestion.objects.filter(workshop=workshop, role=ReviewQuestion.Role.RECOMMENDATION).first()


def _answer_label(question, value) -> tuple[str, bool]:
    """(how to show an answer, whether it recommends the paper)."""
    if isinstance(value, bool):
        return ("yes" if value else "no"), value
    if question is not None and question.kind == "choice":
        labels = {str(v): str(label) for v, label in question.choices}
        text = labels.get(str(value), str(value))
        return text, str(value).strip().lower() not in NEGATIVE
    if isinstance(value, int | float):
        middle = None
        if question is not None and question.min_value is not None and question.max_value is not None:
            middle = (question.min_value + question.max_value) / 2
        return str(value), value > (middle if middle is not None else 0)
    text = str(value).strip()
    return text, text.lower() not in NEGATIVE


def ranking(user, workshop) -> list[Row]:
    papers = permissions.allowed(user, "award.view", accepted(workshop).select_related("primary_topic"))
    rows = {p.pk: Row(paper=p) for p in papers}
    question = recommendation_question(workshop)
    scores: dict[int, list] = {pk: [] for pk in rows}
    reviews = Review.objects.filter(submission_id__in=rows, status=Review.Status.SUBMITTED)
    for submission_id, overall, confidence, answers in reviews.values_list(
        "submission_id", "overall", "confidence", "answers"
    ):
        row = rows[submission_id]
        row.reviews += 1
        if overall is not None:
            scores[submission_id].append((overall, confidence))
        if question is not None and answers.get(question.key) not in (None, ""):
            label, positive = _answer_label(question, answers[question.key])
            row.answers[label] += 1
            row.recommended += int(positive)
    for pk, pairs in scores.items():
        if not pairs:
            continue
        row = rows[pk]
        row.mean = sum(o for o, _ in pairs) / len(pairs)
        weighted = [(o, c) for o, c in pairs if c]
        total = sum(c for _, c in weighted)
        row.weighted = sum(o * c for o, c in weighted) / total if total else row.mean
        confidences = [c for _, c in pairs if c is not None]
        row.confidence = sum(confidences) / len(confidences) if confidences else None
    for vote in Vote.objects.filter(submission_id__in=rows).select_related("voter"):
        rows[vote.submission_id].voters[vote.kind].append(vote.voter.name or vote.voter.email)
        if vote.voter_id == user.pk:
            rows[vote.submission_id].mine.add(vote.kind)
    for submission_id, kind in Pick.objects.filter(submission_id__in=rows).values_list(
        "submission_id", "kind"
    ):
        rows[submission_id].picked.add(kind)
    return sorted(rows.values(), key=lambda r: r.sort_key)
