"""Delivery through a real SMTP server on localhost (aiosmtpd), not only Django's locmem outbox."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from confero.mail import services
from confero.mail.models import OutboxMail

pytestmark = pytest.mark.django_db


class Inbox(Message):
    """Collects every message the server accepts."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "OS-FMs <osfms@example.org>"
    yield inbox
    controller.stop()


def test_queued_mail_reaches_a_real_smtp_server(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail = services.queue_mail(
            "author@uni-c.edu", "Submission received: Open data", "Dear author,\nthank you. — Ünïcode ok"
        )
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["To"] == "author@uni-c.edu"
    assert received["From"] == "OS-FMs <osfms@example.org>"
    assert received["Subject"] == "Submission received: Open data"
    assert "Ünïcode ok" in received.get_payload(decode=True).decode(received.get_content_charset())
    mail.refresh_from_db()
    assert mail.status == OutboxMail.Status.SENT and mail.attempts == 1 and mail.sent_at is not None


def test_unreachable_server_keeps_the_mail_with_its_error_and_retry_delivers_it(settings, smtp_server):
    smtp_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = _free_port()  # nothing listens here
    settings.EMAIL_TIMEOUT = 5
    mail = OutboxMail.objects.create(to="pc@uni-b.edu", subject="Invitation", body="Join the PC")
    assert services.deliver_now(mail.pk) == OutboxMail.Status.FAILED
    mail.refresh_from_db()
    assert mail.status == OutboxMail.Status.FAILED and mail.attempts == 1
    assert "ConnectionRefusedError" in mail.error
    assert smtp_server.messages == []

    settings.EMAIL_PORT = smtp_port
    assert services.deliver_now(mail.pk) == OutboxMail.Status.SENT
    mail.refresh_from_db()
    assert mail.attempts == 2 and mail.error == ""
    assert [m["Subject"] for m in smtp_server.messages] == ["Invitation"]
    # a sent mail is never sent twice
    assert services.deliver_now(mail.pk) == OutboxMail.Status.SENT
    assert len(smtp_server.messages) == 1
