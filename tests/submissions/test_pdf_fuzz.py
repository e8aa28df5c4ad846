"""Property-based tests (hypothesis) of the upload path with damaged PDFs: the service and the submit page
never fail with a traceback or an HTTP 500; a refusal is a field error on "pdf" that says what is wrong,
and nothing stored changes (rows, versions, files, queued mails). CONFERO_FUZZ_EXAMPLES scales the
number of examples (each test here runs a fifth of it: 30 by default)."""

from __future__ import annotations

import hashlib
import os

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from pdf_mutations import REFUSAL, mutated_pdfs

from confero.mail.models import OutboxMail
from confero.submissions import services
from confero.submissions.models import Submission, SubmissionVersion

EXAMPLES = max(10, int(os.environ.get("CONFERO_FUZZ_EXAMPLES", "150")) // 5)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def _state(media_root) -> tuple:
    files = sorted(str(p) for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
    rows = list(Submission.objects.order_by("pk").values_list("pk", "version", "pdf", "pdf_sha256", "title"))
    return rows, SubmissionVersion.objects.count(), OutboxMail.objects.count(), files


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("paper.pdf", data, content_type="application/pdf")


def _refused(exc: ValidationError) -> None:
    assert list(exc.message_dict) == ["pdf"], exc.message_dict
    (message,) = exc.message_dict["pdf"]
    assert REFUSAL.match(message), message
    event("refused")


def _stored_as_uploaded(sub, data: bytes) -> None:
    with default_storage.open(sub.pdf.name) as fh:
        assert fh.read() == data
    assert sub.pdf_sha256 == hashlib.sha256(data).hexdigest() and sub.pdf_size == len(data)
    assert sub.pdf_pages >= 1 and 0 <= sub.pdf_main_pages <= 6
    event("accepted")


@FUZZ
@given(data=mutated_pdfs())
def test_creating_with_a_damaged_pdf(workshop, author, make_data, settings, data):
    before = _state(settings.MEDIA_ROOT)
    try:
        sub = services.create_submission(
            workshop=workshop, user=author, data=make_data(author), pdf=_upload(data)
        )
    except ValidationError as exc:
        _refused(exc)
        assert _state(settings.MEDIA_ROOT) == before
    else:
        _stored_as_uploaded(sub, data)


@FUZZ
@given(data=mutated_pdfs())
def test_editing_with_a_damaged_pdf(submission, author, make_data, settings, data):
    current = Submission.objects.get(pk=submission.pk)
    before = _state(settings.MEDIA_ROOT)
    try:
        new = services.update_submission(
            current, user=author, data=make_data(author), pdf=_upload(data), expected_version=current.version
        )
    except ValidationError as exc:
        _refused(exc)
        assert _state(settings.MEDIA_ROOT) == before
    else:
        _stored_as_uploaded(new, data)


@FUZZ
@given(data=mutated_pdfs())
def test_the_submit_page_with_a_damaged_pdf(client, workshop, author, settings, data):
    client.force_login(author)
    before = _state(settings.MEDIA_ROOT)
    form = {
        "title": "Open weights, open minds",
        "abstract": "We release everything.",
        "category": workshop.categories.get(key="short").pk,
        "primary_topic": workshop.topics.all()[0].pk,
        "authors": "Ada Author <author@uni-c.edu>, Uni C",
        "artifacts": "",
        "previously_published": "no",
        "policies_agreed": "on",
        "pdf": _upload(data),
    }
    response = client.post(reverse("submissions:create", args=[workshop.slug]), form)  # a 500 would raise
    if response.status_code == 302:
        event("accepted")
        return
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["pdf"], errors
    assert REFUSAL.match(errors["pdf"][0]) or errors["pdf"][0] == "The submitted file is empty.", errors
    assert _state(settings.MEDIA_ROOT) == before
    event("refused")
