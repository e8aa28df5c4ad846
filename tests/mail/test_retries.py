"""Mail delivery retries (hardening issue, finding 9): Celery really retries with backoff, nothing is lost
when a broker or an attempt dies, and ``confero send-mail`` sends what is due."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from confero.mail import services, tasks
from confero.mail.models import OutboxMail

from .backends import FlakyBackend

pytestmark = pytest.mark.django_db
Status = OutboxMail.Status


@pytest.fixture
def celery_local(monkeypatch):
    """Run the task locally with Celery's retry machinery (``apply`` re-runs it on Retry) instead of
    propagating the Retry as the web app's eager mode does."""
    monkeypatch.setitem(tasks.deliver.app.conf, "task_eager_propagates", False)


@pytest.fixture
def flaky(settings, mailoutbox):
    settings.EMAIL_BACKEND = f"{FlakyBackend.__module__}.FlakyBackend"
    FlakyBackend.tried = 0

    def fail(n: int):
        FlakyBackend.failures = n
        return mailoutbox

    return fail


def _mail(**kw) -> OutboxMail:
    return OutboxMail.objects.create(to="pc@uni-b.edu", subject="Invitation", body="Join", **kw)


def test_backoff_doubles_and_is_capped():
    assert [services.backoff(n).total_seconds() / 60 for n in range(1, 6)] == [1, 2, 4, 8, 16]
    assert services.backoff(30) == services.MAX_DELAY


def test_the_celery_task_retries_until_the_server_answers(flaky, celery_local):
    outbox = flaky(2)
    mail = _mail()
    result = tasks.deliver.apply(args=[mail.pk])  # Celery's own retry machinery, run locally
    assert result.get() == Status.SENT
    mail.refresh_from_db()
    assert mail.status == Status.SENT and mail.attempts == 3 and len(outbox) == 1


def test_the_celery_task_gives_up_after_max_attempts_and_keeps_the_error(flaky, celery_local):
    outbox = flaky(10_000)
    mail = _mail()
    tasks.deliver.apply(args=[mail.pk])
    mail.refresh_from_db()
    assert mail.status == Status.FAILED and mail.attempts == services.MAX_ATTEMPTS
    assert mail.next_attempt_at is None and "ConnectionRefusedError" in mail.error
    assert outbox == []


def test_a_failure_schedules_the_next_attempt(flaky):
    flaky(1)
    mail = _mail()
    before = timezone.now()
    assert services.deliver_now(mail.pk) == Status.FAILED
    mail.refresh_from_db()
    assert (
        before + dt.timedelta(seconds=59) <= mail.next_attempt_at <= timezone.now() + dt.timedelta(seconds=61)
    )


def test_send_due_sends_what_is_due_and_nothing_else(flaky):
    outbox = flaky(0)
    now = timezone.now()
    due_retry = _mail(status=Status.FAILED, attempts=1, next_attempt_at=now - dt.timedelta(seconds=1))
    later = _mail(status=Status.FAILED, attempts=1, next_attempt_at=now + dt.timedelta(minutes=5))
    given_up = _mail(status=Status.FAILED, attempts=services.MAX_ATTEMPTS, next_attempt_at=None)
    lost = _mail()  # queued, but its dispatch never happened (broker down, process killed)
    OutboxMail.objects.filter(pk=lost.pk).update(created_at=now - dt.timedelta(minutes=5))
    fresh = _mail()  # queued a moment ago: its own dispatch is still on the way
    dead_claim = _mail(status=Status.SENDING, claimed_at=now - dt.timedelta(minutes=30))
    live_claim = _mail(status=Status.SENDING, claimed_at=now)
    out = StringIO()
    call_command("send_mail", stdout=out)
    status = dict(OutboxMail.objects.values_list("pk", "status"))
    assert status[due_retry.pk] == status[lost.pk] == status[dead_claim.pk] == Status.SENT
    assert status[later.pk] == status[given_up.pk] == Status.FAILED
    assert status[fresh.pk] == Status.QUEUED and status[live_claim.pk] == Status.SENDING
    assert len(outbox) == 3
    assert "sent 3, failed 0" in out.getvalue() and "released 1" in out.getvalue()


def test_a_claimed_mail_is_not_sent_twice(flaky):
    outbox = flaky(0)
    mail = _mail(status=Status.SENDING, claimed_at=timezone.now())
    assert services.deliver_now(mail.pk) == Status.SENDING  # another attempt holds it
    assert outbox == []


def test_an_unreachable_broker_leaves_the_mail_queued_not_a_500(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    settings.CELERY_TASK_ALWAYS_EAGER = False

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    monkeypatch.setattr(tasks.deliver, "delay", down)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        mail = services.queue_mail("a@b.org", "Receipt", "Thanks")
    mail.refresh_from_db()
    assert mail.status == Status.QUEUED
