"""E-mail backends for delivery tests."""

from __future__ import annotations

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class FlakyBackend(BaseEmailBackend):
    """Refuses the first ``failures`` messages (a server that is down), then delivers to mail.outbox."""

    failures = 0
    tried = 0

    def send_messages(self, messages):
        FlakyBackend.tried += 1
        if FlakyBackend.tried <= FlakyBackend.failures:
            raise ConnectionRefusedError(111, "Connection refused")
        mail.outbox.extend(messages)
        return len(messages)
