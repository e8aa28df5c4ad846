"""Form helpers shared by every app's views."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def error_messages(exc: Exception) -> list[str]:
    """The human-readable messages of a service error (ValidationError, SubmissionError, PermissionDenied)."""
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    message = getattr(exc, "message", None) or str(exc)
    return [message] if message else []


def apply_errors(form, exc: Exception, request=None) -> None:
    """Show a service's error: messages for a field ``form`` has go next to that field, the others at the
    top of the form — or, when there is no form, as page messages of ``request``. Views call this instead
    of re-mapping errors themselves."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        pairs = list(exc.message_dict.items())
    else:
        pairs = [(None, error_messages(exc))]
    for field, messages in pairs:
        if form is not None:
            form.add_error(field if field in form.fields else None, messages)
        elif request is not None:
            from django.contrib import messages as flash

            for message in messages:
                flash.error(request, message)
        else:
            raise ValueError("apply_errors needs a form or a request") from exc
