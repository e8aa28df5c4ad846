"""Form helpers shared by every app's views."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def error_messages(exc: Exception) -> list[str]:
    """The human-readable messages of a service error (ValidationError, SubmissionError, PermissionDenied)."""
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    message = getattr(exc, "message", None) or str(exc)
    return [message] if message else []


def apply_errors(form, exc: Exception) -> None:
    """Show a service's error on ``form``: messages for a field the form has go next to that field, all
    others (and errors without a field) at the top of the form. Views call this instead of re-mapping."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return
    form.add_error(None, error_messages(exc))
