"""create_submission: numbering, storage, authors, roles, receipts, validation, nothing stored on error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from confero.audit.models import AuditEvent
from confero.people.models import Role
from confero.submissions import services
from confero.submissions.models import Submission, SubmissionVersion
from confero.submissions.samplepdf import make_pdf
from confero.submissions.services import AuthorData


def _create(workshop, user, data, pdf, **kw):
    return services.create_submission(workshop=workshop, user=user, data=data, pdf=pdf, **kw)


def test_create_stores_everything(
    workshop, author, make_user, make_data, upload, pc_member, mailoutbox, django_capture_on_commit_callbacks
):
    coauthor = make_user(email="co@uni-d.edu", name="Cora Coauthor")
    data = make_data(
        author,
        authors=[
            AuthorData("Ada Author", "author@uni-c.edu", "Uni C"),
            AuthorData("Cora Coauthor", "CO@Uni-D.edu", "Uni D"),
            AuthorData("Nora Noaccount", "nora@uni-e.edu", ""),
        ],
        secondary_topic=workshop.topics.all()[1],
        conflicts=[(pc_member, "same lab 2023")],
    )
    pdf = upload(main=6, refs=2)
    with django_capture_on_commit_callbacks(execute=True):
        sub = _create(workshop, author, data, pdf)
    sub.refresh_from_db()
    assert (sub.number, sub.version, sub.status) == (1, 1, "submitted")
    assert (sub.pdf_pages, sub.pdf_main_pages, sub.pdf_references_page) == (8, 6, 7)
    assert sub.pdf.name.startswith("submissions/osfm/1/v1-") and sub.pdf.name.endswith(".pdf")
    pdf.seek(0)
    with default_storage.open(sub.pdf.name) as fh:
        assert fh.read() == pdf.read()
    rows = list(sub.authors.all())
    assert [a.email for a in rows] == ["author@uni-c.edu", "co@uni-d.edu", "nora@uni-e.edu"]
    assert [a.user for a in rows] == [author, coauthor, None]
    assert set(
        Role.objects.filter(workshop=workshop, kind="author").values_list("user__email", flat=True)
    ) == {"author@uni-c.edu", "co@uni-d.edu"}
    assert [(c.person, c.reason) for c in sub.declared_conflicts.all()] == [(pc_member, "same lab 2023")]
    assert [(a.kind, a.url) for a in sub.artifacts.all()] == [("code", "https://github.com/org/repo")]
    v = SubmissionVersion.objects.get(submission=sub)
    assert (v.number, v.action, v.created_by, v.pdf.name) == (1, "created", author, sub.pdf.name)
    assert v.snapshot["title"] == "Open data for open models"
    assert AuditEvent.objects.filter(action="submission.created", object_id=str(sub.pk)).count() == 1
    # one receipt per author; only the author without an account gets a claim link, with their own token
    assert sorted(m.to[0] for m in mailoutbox) == ["author@uni-c.edu", "co@uni-d.edu", "nora@uni-e.edu"]
    by_to = {m.to[0]: m for m in mailoutbox}
    assert "Submission #1 received" in by_to["author@uni-c.edu"].subject
    assert "6 pages of main text, references from page 7" in by_to["author@uni-c.edu"].body
    assert "/osfm/submissions/1/" in by_to["author@uni-c.edu"].body
    assert "/claim/" not in by_to["author@uni-c.edu"].body
    assert f"/osfm/claim/{rows[2].claim_token}/" in by_to["nora@uni-e.edu"].body
    assert rows[0].claim_token not in by_to["nora@uni-e.edu"].body


def test_numbers_are_per_workshop(workshop, author, make_data, upload):
    from confero.workshops.models import SubmissionCategory, Topic, Workshop

    a = _create(workshop, author, make_data(author), upload())
    b = _create(workshop, author, make_data(author, title="Second"), upload())
    other = Workshop.objects.create(slug="other", name="Other", acronym="O")
    cat = SubmissionCategory.objects.create(workshop=other, key="s", title="S", max_pages=4)
    topic = Topic.objects.create(workshop=other, key="t", title="T")
    c = _create(other, author, make_data(author, category=cat, primary_topic=topic), upload(main=3))
    assert (a.number, b.number, c.number) == (1, 2, 1)
    assert c.pdf.name.startswith("submissions/other/1/v1-")


def test_submitter_must_be_an_author(workshop, author, make_data, upload):
    data = make_data(author, authors=[AuthorData("Someone Else", "else@uni-x.edu")])
    with pytest.raises(ValidationError) as exc:
        _create(workshop, author, data, upload())
    assert "Add yourself (author@uni-c.edu)" in exc.value.message_dict["authors"][0]
    assert not Submission.objects.exists()


def test_submitter_matches_case_insensitively(workshop, author, make_data, upload):
    data = make_data(author, authors=[AuthorData("Ada", "Author@UNI-C.edu")])
    sub = _create(workshop, author, data, upload())
    assert sub.authors.get().user == author


def test_unverified_user_cannot_submit(workshop, make_user, make_data, upload):
    user = make_user(email="new@uni-x.edu", verified=False)
    with pytest.raises(ValidationError, match="Verify your e-mail"):
        _create(workshop, user, make_data(user), upload())


@pytest.mark.parametrize(
    "override,field",
    [
        ({"title": "  "}, "title"),
        ({"abstract": ""}, "abstract"),
        ({"policies_agreed": False}, "policies_agreed"),
        ({"authors": []}, "authors"),
        ({"artifacts": [("code", "not a url", "")]}, "artifacts"),
        ({"artifacts": [("video", "https://x.org", "")]}, "artifacts"),
    ],
)
def test_field_errors(workshop, author, make_data, upload, override, field):
    with pytest.raises(ValidationError) as exc:
        _create(workshop, author, make_data(author, **override), upload())
    assert field in exc.value.message_dict


def test_duplicate_author_emails(workshop, author, make_data, upload):
    data = make_data(
        author, authors=[AuthorData("Ada", author.email), AuthorData("Ada 2", author.email.upper())]
    )
    with pytest.raises(ValidationError, match="listed twice"):
        _create(workshop, author, data, upload())


def test_topics_must_belong_to_the_workshop_and_differ(workshop, author, make_data, upload):
    from confero.workshops.models import Topic, Workshop

    other = Workshop.objects.create(slug="other", name="Other", acronym="O")
    foreign = Topic.objects.create(workshop=other, key="t", title="T")
    with pytest.raises(ValidationError) as exc:
        _create(workshop, author, make_data(author, primary_topic=foreign), upload())
    assert "primary_topic" in exc.value.message_dict
    t = workshop.topics.all()[0]
    with pytest.raises(ValidationError) as exc:
        _create(workshop, author, make_data(author, primary_topic=t, secondary_topic=t), upload())
    assert "secondary_topic" in exc.value.message_dict


def test_conflicts_only_with_pc_and_organizers_and_need_a_reason(
    workshop, author, make_user, pc_member, organizer, make_data, upload
):
    stranger = make_user(email="stranger@uni-x.edu")
    with pytest.raises(ValidationError, match="not a PC member or organizer"):
        _create(workshop, author, make_data(author, conflicts=[(stranger, "friend")]), upload())
    with pytest.raises(ValidationError, match="Give a reason"):
        _create(workshop, author, make_data(author, conflicts=[(pc_member, " ")]), upload())
    sub = _create(
        workshop,
        author,
        make_data(author, conflicts=[(pc_member, "advisor"), (organizer, "co-author")]),
        upload(),
    )
    assert sub.declared_conflicts.count() == 2


def test_pdf_is_required(workshop, author, make_data):
    with pytest.raises(ValidationError) as exc:
        _create(workshop, author, make_data(author), None)
    assert "pdf" in exc.value.message_dict


def test_over_limit_pdf_is_refused_with_explanation_and_nothing_stored(
    workshop, author, make_data, upload, settings
):
    with pytest.raises(ValidationError) as exc:
        _create(workshop, author, make_data(author), upload(main=7, refs=2))  # short papers: 6 pages
    msg = exc.value.message_dict["pdf"][0]
    assert "more than 6 pages of main text (no References, Bibliography or Appendix heading on pages" in msg
    assert "The limit for Short paper is 6 pages" in msg
    assert not Submission.objects.exists()
    assert not (settings.MEDIA_ROOT / "submissions").exists()


@pytest.mark.parametrize(
    "content,needle",
    [
        (b"", "empty"),
        (b"just text", "not a PDF"),
        (make_pdf(["a"] * 3)[:-200], "damaged or incomplete"),
    ],
)
def test_bad_files_are_refused(workshop, author, make_data, content, needle):
    with pytest.raises(ValidationError, match=needle):
        _create(workshop, author, make_data(author), SimpleUploadedFile("p.pdf", content))
    assert not Submission.objects.exists()


def test_size_limit_checked_before_reading(workshop, author, make_data):
    class Huge:
        size = 11_000_000

        def read(self, *a):
            raise AssertionError("must not be read")

    with pytest.raises(ValidationError, match="the limit is 10 MB"):
        _create(workshop, author, make_data(author), Huge())


def test_not_open_yet_and_deadline(workshop, author, make_data, upload):
    opens = workshop.deadlines.get(kind="submission_open").at
    closes = workshop.deadlines.get(kind="submission").at.replace(microsecond=0)
    workshop.deadlines.filter(kind="submission").update(at=closes)
    with pytest.raises(services.NotOpenYet, match="open on"):
        _create(workshop, author, make_data(author), upload(), now=opens - dt.timedelta(seconds=1))
    with pytest.raises(services.DeadlinePassed, match="AoE"):
        _create(workshop, author, make_data(author), upload(), now=closes + dt.timedelta(seconds=1))
    assert _create(workshop, author, make_data(author), upload(), now=closes).number == 1
