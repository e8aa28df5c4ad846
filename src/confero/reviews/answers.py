"""Reading and checking answers to the review form: one function that turns what a reviewer typed (form
strings) or sent (API values) into the stored answers, question by question.

Stored values: text → str (Markdown), score → int, choice → the choice's value, yes/no → bool. An
unanswered question has no key. Errors name the question (by key, so forms show them next to the field).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError

from .models import ReviewQuestion

Kind = ReviewQuestion.Kind
MAX_TEXT = 20_000
YES = {"yes", "true", "1", "on"}
NO = {"no", "false", "0", "off"}


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_one(question: ReviewQuestion, value: Any) -> Any:
    """The stored form of one answer; raises ValidationError with a message for the person."""
    if question.kind == Kind.TEXT:
        text = str(value).replace("\r\n", "\n").rstrip()
        if len(text) > MAX_TEXT:
            raise ValidationError(f"at most {MAX_TEXT:,} characters (this answer has {len(text):,})")
        return text
    if question.kind == Kind.SCORE:
        try:
            number = int(str(value).strip()) if not isinstance(value, bool) else None
        except ValueError:
            number = None
        if number is None or not question.min_value <= number <= question.max_value:
            raise ValidationError(
                f"choose a whole number from {question.min_value} to {question.max_value} (got {value!r})"
            )
        return number
    if question.kind == Kind.CHOICE:
        values = [str(v) for v, _ in question.choices]
        if str(value) not in values:
            raise ValidationError(f"choose one of: {', '.join(values)} (got {value!r})")
        return str(value)
    if question.kind == Kind.BOOLEAN:
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in YES:
            return True
        if word in NO:
            return False
        raise ValidationError(f"answer yes or no (got {value!r})")
    raise ValidationError(f"unknown question kind {question.kind!r}")


def clean(questions: Iterable[ReviewQuestion], raw: Mapping[str, Any], *, complete: bool) -> dict:
    """All answers of a review. ``complete``: every required question must be answered (submitting);
    otherwise (a draft) missing answers are fine. Unknown keys are refused (they would be lost)."""
    questions = list(questions)
    known = {q.key for q in questions}
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(raw) - known)
    if unknown:
        errors["__all__"] = [f"unknown question(s): {', '.join(unknown)}; the form has: {', '.join(known)}"]
    out: dict[str, Any] = {}
    for q in questions:
        value = raw.get(q.key)
        if _is_empty(value):
            if complete and q.required:
                errors[q.key] = [f"“{q.label}” needs an answer before the review can be submitted"]
            continue
        try:
            out[q.key] = clean_one(q, value)
        except ValidationError as exc:
            errors[q.key] = [f"“{q.label}”: {m}" for m in exc.messages]
    if errors:
        raise ValidationError(errors)
    return out


def columns(questions: Iterable[ReviewQuestion], answers: Mapping[str, Any]) -> dict:
    """The overall score and confidence columns, from the questions with those roles."""
    out = {"overall": None, "confidence": None}
    for q in questions:
        if q.role in ("overall", "confidence") and isinstance(answers.get(q.key), int):
            out[q.role] = answers[q.key]
    return out


def display(question: ReviewQuestion, value: Any) -> str:
    """An answer in words (choice labels, Yes/No, 'n / max'); text answers unchanged (render as Markdown)."""
    if value is None:
        return ""
    if question.kind == Kind.CHOICE:
        return dict((str(v), label) for v, label in question.choices).get(str(value), str(value))
    if question.kind == Kind.BOOLEAN:
        return "Yes" if value else "No"
    if question.kind == Kind.SCORE:
        return f"{value} (of {question.min_value}–{question.max_value})"
    return str(value)
