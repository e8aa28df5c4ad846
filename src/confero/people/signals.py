"""After log-in, remind people whose e-mail address is not verified (they may look around, not submit)."""

from __future__ import annotations

from django.contrib import messages
from django.dispatch import Signal
from django.urls import reverse
from django.utils.html import format_html

# Sent (inside the transaction) when an account's e-mail address becomes verified; ``user`` is the account.
# Other apps react without people/ importing them (submissions links unclaimed author rows).
email_verified = Signal()


def remind_unverified(sender, request, user, **kwargs) -> None:
    if request is None or getattr(user, "email_verified", True) or not hasattr(request, "_messages"):
        return
    messages.warning(
        request,
        format_html(
            "Your e-mail address {} is not verified yet, so you cannot submit. Open the link we e-mailed you, "
            'or <a href="{}">send a new one</a>.',
            user.email,
            reverse("people:resend_verification"),
        ),
    )
