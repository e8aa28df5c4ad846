"""What a failure in the middle of storing a submission leaves behind (without killing processes; the
kill -9 version of these checks is bench/crash.py).

- an exception after the PDF was written: no row, no file;
- a crash after the PDF was written (the clean-up never runs): no row, one unreferenced file, which
  sweep-uploads removes;
- mail stored but never handed to delivery: requeue-mail delivers it, once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core import mail as django_mail
from django.core.management import call_command
from django.utils import timezone

from confero.mail.models import OutboxMail
from confero.ops.sweep import sweep
from confero.submissions import services
from confero.submissions.models import Submission, SubmissionVersion

from .conftest import edit

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def _files(settings) -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _fail_after_store(monkeypatch):
    def boom(*args, **kwargs):
        raise Boom("database went away")

    monkeypatch.setattr(services, "_add_version", boom)  # runs after the PDF is stored


def test_exception_after_the_pdf_is_stored_leaves_no_row_and_no_file(settings, submit, author, monkeypatch):
    _fail_after_store(monkeypatch)
    with pytest.raises(Boom):
        submit(author)
    assert Submission.objects.count() == 0 and SubmissionVersion.objects.count() == 0
    assert _files(settings) == set()
    assert OutboxMail.objects.count() == 0  # the receipt was in the same transaction


def test_exception_during_an_edit_with_a_new_pdf_keeps_the_old_version_and_file(
    settings, submit, author, monkeypatch
):
    sub = submit(author)
    before = _files(settings)
    _fail_after_store(monkeypatch)
    with pytest.raises(Boom):
        edit(sub, author, title="Changed", new_pdf=True)
    sub.refresh_from_db()
    assert sub.version == 1 and sub.title == "Open data for open models"
    assert _files(settings) == before == {sub.pdf.name}


def test_crash_between_store_and_commit_leaves_only_a_file_that_sweep_removes(
    settings, submit, author, monkeypatch
):
    """A killed process never runs its clean-up: simulate that by disabling it, then fail mid-way."""
    from confero.submissions import pdfs

    monkeypatch.setattr(pdfs, "discard", lambda name: None)
    _fail_after_store(monkeypatch)
    with pytest.raises(Boom):
        submit(author)
    monkeypatch.undo()
    assert Submission.objects.count() == 0
    (left,) = _files(settings)
    kept = submit(author, title="The next paper")  # gets the same number; the leftover is not in its way
    assert kept.number == 1 and kept.pdf.name != left
    report = sweep(min_age=0)
    assert [x.path.relative_to(settings.MEDIA_ROOT).as_posix() for x in report.removed] == [left]
    assert report.missing == [] and _files(settings) == {kept.pdf.name}


def test_mail_never_handed_to_delivery_is_requeued_and_sent_once(author, capsys):
    lost = OutboxMail.objects.create(to="a@example.org", subject="Receipt", body="...", kind="t")
    fresh = OutboxMail.objects.create(to="b@example.org", subject="Receipt", body="...", kind="t")
    sent = OutboxMail.objects.create(to="c@example.org", subject="Old", body="...", status="sent")
    long_ago = timezone.now() - dt.timedelta(hours=1)
    OutboxMail.objects.filter(pk__in=[lost.pk, sent.pk]).update(created_at=long_ago)
    call_command("requeue_mail")
    assert "queued 1 mail(s) again" in capsys.readouterr().out
    assert [m.to for m in django_mail.outbox] == [["a@example.org"]]
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == "sent" and lost.attempts == 1 and fresh.status == "queued"
    call_command("requeue_mail", "--older-than", "0")  # the young one too; the sent ones never again
    assert sorted(m.to for m in django_mail.outbox) == [["a@example.org"], ["b@example.org"]]


def test_failed_mail_is_retried_only_when_asked(capsys):
    failed = OutboxMail.objects.create(
        to="a@example.org", subject="S", body="...", status="failed", attempts=1
    )
    OutboxMail.objects.filter(pk=failed.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    call_command("requeue_mail")
    assert django_mail.outbox == []
    call_command("requeue_mail", "--failed", "--dry-run")
    assert "would queue 1 mail(s) again" in capsys.readouterr().out
    call_command("requeue_mail", "--failed")
    failed.refresh_from_db()
    assert failed.status == "sent" and len(django_mail.outbox) == 1
