"""Extra mail headers are stored with the mail and delivered; anything else is refused before storing."""

from __future__ import annotations

import pytest
from django.core import mail as django_mail

from confero.mail.models import OutboxMail
from confero.mail.services import queue_mail


def test_headers_are_delivered(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail("a@x.example", "Hi", "Body", headers={"List-Unsubscribe": "<https://x.example/u/1/>"})
    [sent] = django_mail.outbox
    assert sent.extra_headers == {"List-Unsubscribe": "<https://x.example/u/1/>"}
    assert OutboxMail.objects.get().headers == {"List-Unsubscribe": "<https://x.example/u/1/>"}


@pytest.mark.parametrize(
    "headers, message",
    [
        ({"Bcc": "spy@x.example"}, "not allowed: Bcc"),
        ({"List-Unsubscribe": "<https://x>\r\nBcc: spy@x.example"}, "one line"),
    ],
)
def test_unknown_or_multiline_headers_are_refused_and_nothing_is_stored(db, headers, message):
    with pytest.raises(ValueError, match=message):
        queue_mail("a@x.example", "Hi", "Body", headers=headers)
    assert not OutboxMail.objects.exists()
