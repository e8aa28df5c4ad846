"""Author pages end to end with the Django test client: submit, see, edit, download, withdraw, claim."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from confero.submissions.models import Submission


@pytest.fixture
def form_data(workshop, author, pc_member, upload):
    def make(**over):
        data = {
            "title": "Open weights, open minds",
            "abstract": "We release *everything*.",
            "category": workshop.categories.get(key="short").pk,
            "primary_topic": workshop.topics.all()[0].pk,
            "secondary_topic": "",
            "authors": "Ada Author <author@uni-c.edu>, Uni C\nNora Noaccount <nora@uni-e.edu>",
            "artifacts": "code https://github.com/org/repo Training code\ndata https://huggingface.co/d/x",
            "previously_published": "no",
            "policies_agreed": "on",
            "pdf": upload(main=5),
            f"conflict_{pc_member.pk}": "on",
            f"reason_{pc_member.pk}": "former colleague",
        }
        data.update(over)
        return {k: v for k, v in data.items() if v is not None}

    return make


def test_create_form_shows_choices(client, author, pc_member, workshop):
    client.force_login(author)
    html = client.get(reverse("submissions:create", args=["osfm"])).content.decode()
    assert "Ada Author &lt;author@uni-c.edu&gt;" in html  # prefilled author line
    assert "at most 6 pages of main text" in html and "Rita Reviewer" in html
    assert 'class="countdown"' in html and "AoE" in html


def test_submit_through_the_form(client, author, form_data, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(reverse("submissions:create", args=["osfm"]), form_data(), follow=True)
    assert resp.redirect_chain[-1][0] == "/osfm/submissions/1/"
    html = resp.content.decode()
    assert "Submission #1 received" in html and "5 pages of main text, references from page 6" in html
    sub = Submission.objects.get()
    assert [a.email for a in sub.authors.all()] == ["author@uni-c.edu", "nora@uni-e.edu"]
    assert [(a.kind, a.description) for a in sub.artifacts.all()] == [("code", "Training code"), ("data", "")]
    assert sub.declared_conflicts.get().reason == "former colleague"
    assert sorted(m.to[0] for m in mailoutbox) == ["author@uni-c.edu", "nora@uni-e.edu"]


def test_over_limit_pdf_shows_explanation_next_to_the_field(client, author, form_data, upload):
    client.force_login(author)
    resp = client.post(reverse("submissions:create", args=["osfm"]), form_data(pdf=upload(main=7)))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "more than 6 pages of main text (no References" in html and "limit for Short paper is 6" in html
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    "field,value,needle",
    [
        ("authors", "Ada author@uni-c.edu", "Name &lt;e-mail&gt;, Affiliation"),
        ("authors", "Someone <someone@uni-x.edu>", "Add yourself"),
        ("artifacts", "video https://x.org", "kind one of"),
        ("policies_agreed", None, "This field is required"),
    ],
)
def test_form_errors(client, author, form_data, field, value, needle):
    client.force_login(author)
    data = form_data()
    data.pop(field)
    if value is not None:
        data[field] = value
    resp = client.post(reverse("submissions:create", args=["osfm"]), data)
    assert resp.status_code == 200 and needle in resp.content.decode()
    assert not Submission.objects.exists()


def test_conflict_without_reason(client, author, form_data, pc_member):
    client.force_login(author)
    resp = client.post(
        reverse("submissions:create", args=["osfm"]), form_data(**{f"reason_{pc_member.pk}": ""})
    )
    assert "Give a reason for the conflict with Rita Reviewer" in resp.content.decode()


def test_closed_after_deadline(client, author, workshop):
    workshop.deadlines.filter(kind="submission").update(at=dt.datetime(2020, 1, 1, 11, 59, 59, tzinfo=dt.UTC))
    client.force_login(author)
    resp = client.get(reverse("submissions:create", args=["osfm"]))
    body = resp.content.decode()
    assert resp.status_code == 403 and "31 Dec 2019, 23:59:59 AoE" in body
    assert "Submissions to OS-FMs closed on" in body and "can no longer be changed" not in body


def test_detail_sanitises_markdown_and_shows_history(client, author, submission, make_data):
    from confero.submissions import services

    abstract = (
        "Hello <script>alert(1)</script> [site](https://example.org) [bad](javascript:alert(2)) "
        "<img src=x onerror=alert(3)>"
    )
    services.update_submission(
        submission, user=author, data=make_data(author, abstract=abstract), expected_version=1
    )
    client.force_login(author)
    html = client.get(reverse("submissions:detail", args=["osfm", 1])).content.decode()
    assert "<script>alert(1)" not in html and "onerror" not in html and "javascript:" not in html
    assert 'href="https://example.org"' in html and "noopener" in html
    assert "PDF v1" in html and ">abstract<" in html  # version 2 changed the abstract
    assert 'class="countdown"' in html and "Edit</a>" in html


def test_edit_and_stale_edit(client, author, submission, form_data):
    client.force_login(author)
    url = reverse("submissions:edit", args=["osfm", 1])
    html = client.get(url).content.decode()
    assert "Open data for open models" in html and 'name="version" value="1"' in html
    resp = client.post(url, form_data(version=1, pdf=None, title="Edited once"))
    assert resp.status_code == 302
    resp = client.post(url, form_data(version=1, pdf=None, title="Edited from an old tab"))
    html = resp.content.decode()
    assert resp.status_code == 200 and "changed meanwhile" in html and "See the current version" in html
    assert "Edited from an old tab" in html  # the user's input is kept to copy from
    submission.refresh_from_db()
    assert (submission.version, submission.title) == (2, "Edited once")


def test_failed_upload_in_edit_keeps_everything(client, author, submission, form_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(author)
    with default_storage.open(submission.pdf.name) as fh:
        before = fh.read()
    resp = client.post(
        reverse("submissions:edit", args=["osfm", 1]),
        form_data(version=1, pdf=SimpleUploadedFile("x.pdf", b"")),
    )
    assert "empty" in resp.content.decode()
    fresh = Submission.objects.get(pk=submission.pk)
    assert fresh.version == 1
    with default_storage.open(fresh.pdf.name) as fh:
        assert fh.read() == before


def test_pdf_of_each_version(client, author, submission, make_data, upload):
    from confero.submissions import services

    with default_storage.open(submission.pdf.name) as fh:
        v1 = fh.read()
    new_pdf = upload(main=3)
    services.update_submission(
        submission, user=author, data=make_data(author), pdf=new_pdf, expected_version=1
    )
    client.force_login(author)
    url = reverse("submissions:pdf", args=["osfm", 1])
    resp = client.get(url)
    new_pdf.seek(0)
    assert resp["Content-Type"] == "application/pdf" and b"".join(resp.streaming_content) == new_pdf.read()
    assert b"".join(client.get(url + "?version=1").streaming_content) == v1
    assert client.get(url + "?version=9").status_code == 404
    assert client.get(url + "?version=x").status_code == 404


def test_withdraw_page(client, author, submission):
    client.force_login(author)
    url = reverse("submissions:withdraw", args=["osfm", 1])
    assert client.post(url, {"version": 1}).status_code == 200  # confirmation box not ticked
    resp = client.post(url, {"version": 1, "confirm": "on"}, follow=True)
    assert "was withdrawn" in resp.content.decode()
    submission.refresh_from_db()
    assert submission.status == "withdrawn"


def test_after_deadline_no_edit_button(client, author, submission, workshop):
    workshop.deadlines.filter(kind="submission").update(at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    client.force_login(author)
    html = client.get(reverse("submissions:detail", args=["osfm", 1])).content.decode()
    assert "can no longer be edited" in html and "Edit</a>" not in html
    for resp in (
        client.get(reverse("submissions:edit", args=["osfm", 1])),
        client.post(reverse("submissions:edit", args=["osfm", 1]), {}),
    ):
        # The page says why at once, instead of a form that saving would refuse.
        body = resp.content.decode()
        assert (
            resp.status_code == 403
            and "can no longer be changed" in body
            and "<form" not in body.split("<main")[1]
        )


def test_claim_pages(client, author, submission, make_data, make_user):
    from confero.submissions import services
    from confero.submissions.services import AuthorData

    data = make_data(author, authors=[AuthorData("Ada", author.email), AuthorData("Nora", "nora@uni-e.edu")])
    services.update_submission(submission, user=author, data=data, expected_version=1)
    token = submission.authors.get(email="nora@uni-e.edu").claim_token
    url = reverse("submissions:claim", args=["osfm", token])
    assert client.get(url).status_code == 302  # log in first
    nora = make_user(email="nora@gmail.com", name="Nora")
    client.force_login(nora)
    assert "Link this authorship" in client.get(url).content.decode()
    resp = client.post(url, follow=True)
    assert resp.redirect_chain[-1][0] == "/osfm/submissions/1/"
    assert client.get(url).status_code == 404  # used up
    assert client.get(reverse("submissions:claim", args=["osfm", "nonsense"])).status_code == 404
