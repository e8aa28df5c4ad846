"""The review form organizers configure: add, change, remove and reorder questions.

A question that already has answers (in a draft, a submitted review or an old version) keeps them: the
changes that would lose or misread them are refused with the reason — changing its kind or its role,
removing it, narrowing a score range or removing a choice that answers use — and so is widening its
audience (confidential answers were written for fewer readers). Its label, help text, whether it is
required, its order, a wider range and new choices may change at any time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from confero import permissions
from confero.audit.services import record

from ..defaults import default_questions
from ..models import Audience, Review, ReviewQuestion, ReviewVersion

Kind, Role = ReviewQuestion.Kind, ReviewQuestion.Role
RESERVED_KEYS = {"version", "action", "csrfmiddlewaretoken", "parent", "body"}
AUDIENCE_RANK = {Audience.ORGANIZERS: 0, Audience.REVIEWERS: 1, Audience.AUTHORS: 2}


@dataclass
class QuestionData:
    label: str
    kind: str
    key: str = ""
    help_text: str = ""
    required: bool = True
    min_value: int | None = None
    max_value: int | None = None
    choices: list = field(default_factory=list)
    audience: str = Audience.AUTHORS
    role: str = ""


def questions_of(workshop) -> list[ReviewQuestion]:
    """The workshop's review form in order, created from the defaults the first time it is needed."""
    rows = list(ReviewQuestion.objects.filter(workshop=workshop).order_by("position", "id"))
    return rows or ensure_form(workshop)


def ensure_form(workshop) -> list[ReviewQuestion]:
    """Create the default form (:mod:`confero.reviews.defaults`) if the workshop has no questions."""
    with transaction.atomic():
        if not ReviewQuestion.objects.filter(workshop=workshop).exists():
            ReviewQuestion.objects.bulk_create(default_questions(workshop), ignore_conflicts=True)
            record(
                "review_form.default_created",
                workshop=workshop,
                summary="the default review form (OS-FMs guidelines) was created",
            )
    return list(ReviewQuestion.objects.filter(workshop=workshop).order_by("position", "id"))


def answered_values(workshop, key: str) -> list:
    """Every stored answer to question ``key``: drafts, unsubmitted revisions, submitted reviews, versions."""
    return [value for _, value in _answers(workshop, key)]


def answer_count(workshop, key: str) -> int:
    """How many reviews (drafts included) answer question ``key`` now or in an earlier version."""
    return len({review_id for review_id, _ in _answers(workshop, key)})


def _answers(workshop, key: str) -> list[tuple[int, object]]:
    out = []
    rows = Review.objects.filter(submission__workshop=workshop).filter(
        Q(answers__has_key=key) | Q(revision__has_key=key)
    )
    for pk, answers, revision in rows.values_list("pk", "answers", "revision"):
        out += [(pk, a[key]) for a in (answers, revision or {}) if key in a]
    versions = ReviewVersion.objects.filter(review__submission__workshop=workshop, answers__has_key=key)
    out += [(pk, a[key]) for pk, a in versions.values_list("review_id", "answers")]
    return out


def _clean(workshop, data: QuestionData, *, existing: ReviewQuestion | None) -> QuestionData:
    errors: dict[str, list[str]] = {}

    def err(name, message):
        errors.setdefault(name, []).append(message)

    data.label = (data.label or "").strip()
    if not data.label:
        err("label", "a question needs a label")
    elif len(data.label) > 200:
        err("label", "at most 200 characters")
    if existing is None:
        data.key = slugify(data.key or data.label)[:40].strip("-") or "question"
        if data.key in RESERVED_KEYS:
            err("key", f"“{data.key}” is reserved; choose another key")
        elif ReviewQuestion.objects.filter(workshop=workshop, key=data.key).exists():
            err("key", f"the form already has a question with key “{data.key}”; choose another key")
    else:
        data.key = existing.key  # answers are stored under the key: it never changes
    if data.kind not in Kind.values:
        err("kind", f"choose one of: {', '.join(Kind.values)}")
    if data.audience not in Audience.values:
        err("audience", f"choose one of: {', '.join(Audience.values)}")
    if data.role not in Role.values:
        err("role", f"choose one of: {', '.join(v for v in Role.values if v)} or none")
    if data.kind == Kind.SCORE:
        if data.min_value is None or data.max_value is None:
            err("min_value", "a score needs a lowest and a highest value")
        elif data.min_value >= data.max_value:
            err("max_value", f"the highest value must be above the lowest ({data.min_value})")
        elif data.min_value < -100 or data.max_value > 100:
            err("max_value", "scores range within -100…100")
    else:
        data.min_value = data.max_value = None
    if data.kind == Kind.CHOICE:
        values = [str(v) for v, _ in data.choices]
        if len(data.choices) < 2:
            err("choices", "a choice question needs at least two choices, one per line")
        if len(set(values)) != len(values):
            err("choices", "each choice needs its own value")
        if any(not v or not lab for v, lab in data.choices):
            err("choices", "each choice needs a value and a label ('value: label')")
    else:
        data.choices = []
    if data.role in (Role.OVERALL, Role.CONFIDENCE) and data.kind != Kind.SCORE:
        err("role", "the overall score and the confidence must be score questions")
    if data.role == Role.RECOMMENDATION and data.kind not in (Kind.CHOICE, Kind.BOOLEAN):
        err("role", "a recommendation is a choice or a yes/no question")
    if data.role:
        clash = ReviewQuestion.objects.filter(workshop=workshop, role=data.role)
        if existing is not None:
            clash = clash.exclude(pk=existing.pk)
        other = clash.first()
        if other is not None:
            err("role", f"“{other.label}” already has this role; a form has one question per role")
    if errors:
        raise ValidationError(errors)
    return data


def _protect_answers(question: ReviewQuestion, data: QuestionData) -> None:
    """Refuse changes that would lose or misread the answers the question already has."""
    values = answered_values(question.workshop, question.key)
    if not values:
        return
    n = answer_count(question.workshop, question.key)
    had = f"{n} review{'s' if n != 1 else ''} already answer{'s' if n == 1 else ''} it"
    errors: dict[str, str] = {}
    if data.kind != question.kind:
        errors["kind"] = f"{had}: the kind of question cannot change (add a new question instead)"
    elif data.kind == Kind.SCORE:
        outside = [v for v in values if not data.min_value <= v <= data.max_value]
        if outside:
            errors["min_value"] = (
                f"{len(outside)} answer(s) lie outside {data.min_value}–{data.max_value} "
                f"(e.g. {outside[0]}): the range may only grow"
            )
    elif data.kind == Kind.CHOICE:
        kept = {str(v) for v, _ in data.choices}
        lost = sorted({str(v) for v in values} - kept)
        if lost:
            errors["choices"] = f"answers use the choice(s) {', '.join(lost)}: they cannot be removed"
    if data.role != question.role:
        errors["role"] = f"{had}: the role cannot change (review scores are ranked by it)"
    if AUDIENCE_RANK[data.audience] > AUDIENCE_RANK[question.audience]:
        errors["audience"] = (
            f"{had}, written for “{question.get_audience_display()}”: the audience may only get smaller"
        )
    if errors:
        raise ValidationError(errors)


def _fields(data: QuestionData) -> dict:
    return {
        "label": data.label,
        "help_text": data.help_text.strip(),
        "kind": data.kind,
        "required": data.required,
        "min_value": data.min_value,
        "max_value": data.max_value,
        "choices": [[str(v), str(lab)] for v, lab in data.choices],
        "audience": data.audience,
        "role": data.role,
    }


def add_question(workshop, *, actor, data: QuestionData) -> ReviewQuestion:
    permissions.require(actor, "workshop.manage", workshop)
    questions_of(workshop)  # a workshop without a form gets the defaults first
    data = _clean(workshop, data, existing=None)
    with transaction.atomic():
        last = ReviewQuestion.objects.filter(workshop=workshop).order_by("-position").first()
        try:
            with transaction.atomic():
                question = ReviewQuestion.objects.create(
                    workshop=workshop,
                    key=data.key,
                    position=(last.position + 1) if last else 0,
                    **_fields(data),
                )
        except IntegrityError:
            raise ValidationError({"key": f"the form already has a question with key “{data.key}”"}) from None
        record(
            "review_form.question_added",
            actor=actor,
            workshop=workshop,
            obj=question,
            summary=f"review form: added “{question.label}” ({question.get_kind_display()})",
            key=question.key,
        )
    return question


def update_question(question: ReviewQuestion, *, actor, data: QuestionData) -> ReviewQuestion:
    workshop = question.workshop
    permissions.require(actor, "workshop.manage", workshop)
    with transaction.atomic():
        current = ReviewQuestion.objects.select_for_update().get(pk=question.pk)
        data = _clean(workshop, data, existing=current)
        _protect_answers(current, data)
        new = _fields(data)
        changed = sorted(k for k, v in new.items() if getattr(current, k) != v)
        if not changed:
            return current
        for key, value in new.items():
            setattr(current, key, value)
        current.save(update_fields=changed)
        record(
            "review_form.question_changed",
            actor=actor,
            workshop=workshop,
            obj=current,
            summary=f"review form: “{current.label}” changed ({', '.join(changed)})",
            key=current.key,
            changes=changed,
        )
    return current


def delete_question(question: ReviewQuestion, *, actor) -> None:
    workshop = question.workshop
    permissions.require(actor, "workshop.manage", workshop)
    with transaction.atomic():
        current = ReviewQuestion.objects.select_for_update().get(pk=question.pk)
        n = answer_count(workshop, current.key)
        if n:
            raise ValidationError(
                f"“{current.label}” is answered in {n} review{'s' if n != 1 else ''}: it cannot be removed (its answers "
                "would be lost). Make it optional, or change its label, instead."
            )
        if ReviewQuestion.objects.filter(workshop=workshop).count() <= 1:
            raise ValidationError("a review form needs at least one question")
        record(
            "review_form.question_removed",
            actor=actor,
            workshop=workshop,
            obj=current,
            summary=f"review form: removed “{current.label}”",
            key=current.key,
        )
        current.delete()


def move_question(question: ReviewQuestion, *, actor, offset: int) -> None:
    """Move a question ``offset`` places (-1 = up, +1 = down) in the form."""
    workshop = question.workshop
    permissions.require(actor, "workshop.manage", workshop)
    with transaction.atomic():
        rows = list(
            ReviewQuestion.objects.select_for_update().filter(workshop=workshop).order_by("position", "id")
        )
        index = next(i for i, q in enumerate(rows) if q.pk == question.pk)
        target = max(0, min(len(rows) - 1, index + offset))
        if target == index:
            return
        rows.insert(target, rows.pop(index))
        for position, row in enumerate(rows):
            row.position = position
        ReviewQuestion.objects.bulk_update(rows, ["position"])
        record(
            "review_form.question_moved",
            actor=actor,
            workshop=workshop,
            obj=question,
            summary=f"review form: “{question.label}” moved to place {target + 1}",
            key=question.key,
        )
