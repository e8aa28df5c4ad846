"""Issue 6, finding 5 through the submission service and the submit page: over-cap and hostile PDFs are
refused with a message for the author, quickly, and nothing stored changes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hostile_pdfs import many_pages, shared_content_bomb

from confero.submissions import pdfs, services
from confero.submissions.models import Submission, SubmissionVersion
from confero.workshops import services as workshop_services

CAP_MESSAGE = (
    "The PDF has 2,002 pages; this workshop accepts at most 50 pages in total (main text, "
    "references and appendix together). Please upload a shorter PDF."
)


def _file(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("paper.pdf", data, content_type="application/pdf")


def _stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_pdf_over_the_page_cap_is_refused_and_nothing_is_stored(workshop, author, make_data, settings):
    assert workshop.max_pdf_pages == 50  # the default
    with pytest.raises(ValidationError) as exc:
        services.create_submission(
            workshop=workshop, user=author, data=make_data(author), pdf=_file(many_pages(2002, main=1))
        )
    assert exc.value.message_dict == {"pdf": [CAP_MESSAGE]}
    assert not Submission.objects.exists() and _stored_files(settings) == []


def test_an_edit_with_a_pdf_over_the_cap_changes_nothing(submission, author, make_data, settings):
    before = (submission.version, submission.pdf.name, submission.pdf_sha256, submission.pdf_pages)
    files = _stored_files(settings)
    with pytest.raises(ValidationError, match="has 2,002 pages"):
        services.update_submission(
            submission,
            user=author,
            data=make_data(author, title="A new title"),
            pdf=_file(many_pages(2002, main=1)),
            expected_version=1,
        )
    fresh = Submission.objects.get(pk=submission.pk)
    assert (fresh.version, fresh.pdf.name, fresh.pdf_sha256, fresh.pdf_pages) == before
    assert fresh.title == submission.title and SubmissionVersion.objects.filter(submission=fresh).count() == 1
    assert _stored_files(settings) == files


def test_the_organizer_setting_decides_the_cap(workshop, organizer, author, make_data):
    paper = _file(many_pages(55, main=5))
    with pytest.raises(ValidationError, match="has 55 pages; this workshop accepts at most 50 pages"):
        services.create_submission(workshop=workshop, user=author, data=make_data(author), pdf=paper)
    workshop_services.update_workshop(workshop, actor=organizer, max_pdf_pages=60)
    sub = services.create_submission(workshop=workshop, user=author, data=make_data(author), pdf=paper)
    assert (sub.pdf_pages, sub.pdf_main_pages, sub.pdf_references_page) == (55, 5, 6)


def test_reading_stops_at_the_verdict_and_the_stored_fields_say_what_was_found(workshop, author, make_data):
    """References then appendix: the main text is known at the references, the appendix is not looked for."""
    from confero.submissions.samplepdf import make_pdf

    pages = ["Main text."] * 5 + ["References\n[1] x", "A Appendix\nproofs", "more"]
    sub = services.create_submission(
        workshop=workshop, user=author, data=make_data(author), pdf=_file(make_pdf(pages))
    )
    assert (sub.pdf_pages, sub.pdf_main_pages, sub.pdf_references_page, sub.pdf_appendix_page) == (
        8,
        5,
        6,
        None,
    )
    assert pdfs.summary(sub) == "5 pages of main text, references from page 6; 8 pages in total"


def test_a_hostile_pdf_is_stopped_by_the_cpu_limit_and_nothing_is_stored(
    workshop, author, make_data, settings, monkeypatch
):
    monkeypatch.setattr(pdfs, "CHECK_CPU_SECONDS", 1)
    with pytest.raises(ValidationError) as exc:
        services.create_submission(
            workshop=workshop, user=author, data=make_data(author), pdf=_file(shared_content_bomb(pages=20))
        )
    assert exc.value.message_dict["pdf"][0].startswith("The PDF is too complex to check")
    assert not Submission.objects.exists() and _stored_files(settings) == []
    # the database connection the child process inherited still works in the parent
    assert (
        services.create_submission(
            workshop=workshop, user=author, data=make_data(author), pdf=_file(many_pages(8, main=5))
        ).number
        == 1
    )


def test_the_submit_page_shows_the_cap_and_the_refusal(client, workshop, author, pc_member):
    client.force_login(author)
    url = reverse("submissions:create", args=[workshop.slug])
    assert "At most 10 MB and 50 pages in total." in client.get(url).content.decode()
    form = {
        "title": "Open weights, open minds",
        "abstract": "We release everything.",
        "category": workshop.categories.get(key="regular").pk,
        "primary_topic": workshop.topics.all()[0].pk,
        "authors": "Ada Author <author@uni-c.edu>, Uni C",
        "artifacts": "",
        "previously_published": "no",
        "policies_agreed": "on",
        "pdf": _file(many_pages(2002, main=1)),
    }
    resp = client.post(url, form)
    assert resp.status_code == 200
    assert "The PDF has 2,002 pages; this workshop accepts at most 50 pages in total" in resp.content.decode()
    assert not Submission.objects.exists()


def test_the_call_for_papers_states_the_cap(client, workshop):
    html = client.get(reverse("site:cfp", args=[workshop.slug])).content.decode()
    assert "at most 10 MB and 50 pages in total" in html


def test_a_good_pdf_is_stored_once_with_its_hash(workshop, author, make_data, settings):
    import hashlib

    data = many_pages(12, main=5)
    sub = services.create_submission(workshop=workshop, user=author, data=make_data(author), pdf=_file(data))
    with default_storage.open(sub.pdf.name) as fh:
        assert fh.read() == data
    assert sub.pdf_sha256 == hashlib.sha256(data).hexdigest() and sub.pdf_size == len(data)
    assert _stored_files(settings) == [sub.pdf.name]
