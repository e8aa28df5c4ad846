"""What a failure in the middle of storing a submission leaves behind (without killing processes; the
kill -9 version of these checks is bench/crash.py).

- an exception after the PDF was written: no row, no file;
- a crash after the PDF was written (the clean-up never runs): no row, one unreferenced file, which
  sweep-uploads removes.

(Mail that a crash left undelivered: tests/mail/test_retries.py, ``confero send-mail``.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

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
