"""Every state change of reviewing: the review form (:mod:`.questions`), writing reviews (:mod:`.writing`),
the discussion (:mod:`.discussion`) and reminders (:mod:`.reminders`). Views, the API and commands call
these functions, which check permissions, run in one transaction, audit, and queue mail."""

from .discussion import post_comment
from .questions import (
    QuestionData,
    add_question,
    answer_count,
    answered_values,
    delete_question,
    ensure_form,
    move_question,
    questions_of,
    update_question,
)
from .reminders import ReminderResult, send_reminders
from .writing import (
    ReviewClosed,
    StaleReview,
    discard_revision,
    is_late,
    review_deadline,
    revision_closed,
    save_draft,
    submit_review,
)

__all__ = [
    "QuestionData",
    "ReminderResult",
    "ReviewClosed",
    "StaleReview",
    "add_question",
    "answer_count",
    "answered_values",
    "delete_question",
    "discard_revision",
    "ensure_form",
    "is_late",
    "move_question",
    "post_comment",
    "questions_of",
    "review_deadline",
    "revision_closed",
    "save_draft",
    "send_reminders",
    "submit_review",
    "update_question",
]
