"""update_submission: versions, kept PDFs, receipts, refused uploads leave everything as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from confero.submissions import services
from confero.submissions.models import Submission
from confero.submissions.samplepdf import make_pdf
from confero.submissions.services import AuthorData


def _pdf_bytes(sub) -> bytes:
    with default_storage.open(sub.pdf.name) as fh:
        return fh.read()


def _files(settings) -> set[str]:
    root = settings.MEDIA_ROOT / "submissions"
    return {str(p.relative_to(root)) for p in root.rglob("*.pdf")}


def test_edit_creates_version_and_keeps_old_pdf(
    submission, author, make_data, upload, mailoutbox, django_capture_on_commit_callbacks
):
    old_name, old_bytes = submission.pdf.name, _pdf_bytes(submission)
    mailoutbox.clear()
    data = make_data(author, title="A better title")
    with django_capture_on_commit_callbacks(execute=True):
        sub = services.update_submission(
            submission, user=author, data=data, pdf=upload(main=4), expected_version=1
        )
    assert sub.version == 2 and sub.title == "A better title"
    assert sub.pdf.name.startswith("submissions/osfm/1/v2-") and sub.pdf.name != old_name
    assert sub.pdf_main_pages == 4
    versions = list(sub.versions.order_by("number"))
    assert [(v.number, v.action) for v in versions] == [(1, "created"), (2, "edited")]
    assert versions[1].changes == ["title", "pdf"] and versions[1].created_by == author
    assert versions[0].pdf.name == old_name
    with default_storage.open(old_name) as fh:
        assert fh.read() == old_bytes  # the first version's file is kept
    assert len(mailoutbox) == 1
    assert "updated (version 2)" in mailoutbox[0].subject
    assert "Changed: title, PDF" in mailoutbox[0].body


def test_no_change_saves_no_version(
    submission, author, make_data, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sub = services.update_submission(submission, user=author, data=make_data(author), expected_version=1)
    assert sub.version == 1 and sub.versions.count() == 1 and not mailoutbox


def test_same_pdf_again_is_no_change(submission, author, make_data):
    with default_storage.open(submission.pdf.name) as fh:
        same = SimpleUploadedFile("again.pdf", fh.read())
    sub = services.update_submission(
        submission, user=author, data=make_data(author), pdf=same, expected_version=1
    )
    assert sub.version == 1


def test_stale_version_is_refused_and_nothing_changes(submission, author, make_data):
    services.update_submission(
        submission, user=author, data=make_data(author, title="First edit"), expected_version=1
    )
    with pytest.raises(services.StaleVersion, match="changed meanwhile") as exc:
        services.update_submission(
            submission, user=author, data=make_data(author, title="Second edit"), expected_version=1
        )
    assert "version 2" in exc.value.message
    submission.refresh_from_db()
    assert (submission.title, submission.version) == ("First edit", 2)


def _encrypted() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["x"] * 3))))
    writer.encrypt(user_password="pw", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["encrypted", "truncated", "empty", "not-pdf", "over-limit", "broken"])
def test_refused_upload_leaves_submission_unchanged(submission, author, make_data, settings, kind):
    content = {
        "encrypted": _encrypted,
        "truncated": lambda: make_pdf(["a"] * 4)[:300],
        "empty": lambda: b"",
        "not-pdf": lambda: b"%!PS-Adobe-3.0 a postscript file",
        "over-limit": lambda: make_pdf(["a"] * 8),
        "broken": lambda: b"%PDF-1.5\nnot really\n%%EOF",
    }[kind]()
    before_bytes, before_files = _pdf_bytes(submission), _files(settings)
    with pytest.raises(ValidationError) as exc:
        services.update_submission(
            submission,
            user=author,
            data=make_data(author, title="Changed too"),
            pdf=SimpleUploadedFile("new.pdf", content),
            expected_version=1,
        )
    assert "pdf" in exc.value.message_dict
    fresh = Submission.objects.get(pk=submission.pk)
    assert (fresh.version, fresh.title, fresh.pdf.name) == (1, submission.title, submission.pdf.name)
    assert _pdf_bytes(fresh) == before_bytes
    assert _files(settings) == before_files
    assert fresh.versions.count() == 1


def test_category_change_checks_the_stored_pdf(workshop, author, make_data, upload):
    regular = workshop.categories.get(key="regular")
    sub = services.create_submission(
        workshop=workshop, user=author, data=make_data(author, category=regular), pdf=upload(main=8)
    )
    with pytest.raises(ValidationError) as exc:
        services.update_submission(sub, user=author, data=make_data(author), expected_version=1)  # short: 6
    assert "8 pages of main text" in exc.value.message_dict["category"][0]
    sub = services.update_submission(
        sub, user=author, data=make_data(author), pdf=upload(main=6), expected_version=1
    )
    assert (sub.category.key, sub.version) == ("short", 2)


def test_authors_keep_links_and_tokens_when_reordered(submission, author, make_data):
    data = make_data(author, authors=[AuthorData("Nora", "nora@uni-e.edu"), AuthorData("Ada", author.email)])
    sub = services.update_submission(submission, user=author, data=data, expected_version=1)
    nora_token = sub.authors.get(email="nora@uni-e.edu").claim_token
    data.authors.reverse()
    sub = services.update_submission(sub, user=author, data=data, expected_version=2)
    rows = list(sub.authors.all())
    assert [(r.order, r.email, r.user) for r in rows] == [
        (1, author.email, author),
        (2, "nora@uni-e.edu", None),
    ]
    assert rows[1].claim_token == nora_token
    assert sub.versions.get(number=3).changes == ["authors"]


def test_editor_cannot_remove_themselves(submission, author, make_data):
    data = make_data(author, authors=[AuthorData("Nora", "nora@uni-e.edu")])
    with pytest.raises(ValidationError, match="Add yourself"):
        services.update_submission(submission, user=author, data=data, expected_version=1)


def test_only_authors_and_organizers_edit(submission, author, make_user, pc_member, organizer, make_data):
    for user in (make_user(email="x@uni-x.edu"), pc_member):
        with pytest.raises(PermissionDenied):
            services.update_submission(
                submission, user=user, data=make_data(author, title="Hijack"), expected_version=1
            )
    sub = services.update_submission(
        submission, user=organizer, data=make_data(author, title="Typo fixed"), expected_version=1
    )
    assert sub.version == 2 and sub.versions.get(number=2).created_by == organizer


def test_deadline_applies_to_authors_not_organizers(submission, author, organizer, make_data, workshop):
    deadline = workshop.deadlines.get(kind="submission").at
    late = deadline + dt.timedelta(seconds=1)
    with pytest.raises(services.DeadlinePassed, match="AoE"):
        services.update_submission(
            submission, user=author, data=make_data(author, title="Late"), expected_version=1, now=late
        )
    sub = services.update_submission(
        submission,
        user=author,
        data=make_data(author, title="Just in time"),
        expected_version=1,
        now=deadline,
    )
    assert sub.version == 2
    sub = services.update_submission(
        sub, user=organizer, data=make_data(author, title="Org fix"), expected_version=2, now=late
    )
    assert sub.version == 3


def test_data_is_not_mutated(submission, author, make_data):
    data = make_data(author, title="  Spaced   title ")
    copy = dataclasses.replace(data)
    services.update_submission(submission, user=author, data=data, expected_version=1)
    assert data == copy


def test_organizer_who_is_an_author_follows_the_deadline(workshop, organizer, make_data, upload):
    sub = services.create_submission(
        workshop=workshop, user=organizer, data=make_data(organizer), pdf=upload()
    )
    late = workshop.deadlines.get(kind="submission").at + dt.timedelta(seconds=1)
    with pytest.raises(services.DeadlinePassed):
        services.update_submission(
            sub,
            user=organizer,
            data=make_data(organizer, title="Late own edit"),
            expected_version=1,
            now=late,
        )
    with pytest.raises(ValidationError, match="Add yourself"):
        services.update_submission(
            sub,
            user=organizer,
            data=make_data(organizer, authors=[AuthorData("X", "x@y.org")]),
            expected_version=1,
        )
