"""Who has not received or not acted: mail status per recipient, opened (the author came to the decision
page), acted (accepted papers: a new version saved after the release); and the mail template pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from confero.decisions import selectors, services
from confero.mail.models import MailTemplate, OutboxMail

pytestmark = pytest.mark.django_db


@pytest.fixture
def released(reviewed, workshop, phase, django_capture_on_commit_callbacks):
    people, paper = reviewed
    phase("decision")
    services.stage(paper, outcome="accept", actor=people["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        services.release(workshop, actor=people["manager"])
    phase("released")
    return people, paper


def _by_address(workshop, user, show=""):
    rows, counts = selectors.notices(workshop, user, show=show)
    return {r.to: r for r in rows}, counts


def test_received_opened_and_acted(client, released, workshop, make_data):
    from confero.submissions.services import AuthorData, grant_extension, update_submission

    people, paper = released
    manager = people["manager"]
    rows, counts = _by_address(workshop, manager)
    assert len(rows) == 3 and all(r.received for r in rows.values())
    assert counts == {"": 3, "not_received": 0, "not_opened": 3, "not_acted": 3}

    # a delivery that failed shows up with its error
    failed = rows["coauthor@coauthor.example.org"].notice.mail
    OutboxMail.objects.filter(pk=failed.pk).update(
        status="failed", error="SMTPRecipientsRefused: no such user"
    )
    rows, counts = _by_address(workshop, manager, show="not_received")
    assert list(rows) == ["coauthor@coauthor.example.org"] and counts["not_received"] == 1
    client.force_login(manager)
    assert "no such user" in client.get("/osfm/manage/decisions/notices/?show=not_received").content.decode()

    # the author opens the decision page: opened
    client.force_login(people["author"])
    assert client.get("/osfm/submissions/1/decision/").status_code == 200
    rows, _ = _by_address(workshop, manager)
    assert rows["author@author.example.org"].notice.opened_at is not None
    assert rows["coauthor@coauthor.example.org"].notice.opened_at is None

    # ... and saves a new version of the accepted paper: acted
    author = people["author"]
    data = make_data(
        author,
        title="Open data for open models (final)",
        authors=[AuthorData(a.name, a.email, a.affiliation) for a in paper.authors.order_by("order")],
        conflicts=[(people["org_conflicted"], "former advisor")],
    )
    # after the submission phase authors edit through an extension (the camera-ready upload)
    grant_extension(
        paper,
        organizer=people["organizer"],
        until=timezone.now() + dt.timedelta(days=20),
        reason="camera-ready",
    )
    paper.refresh_from_db()
    update_submission(paper, user=author, data=data, expected_version=paper.version)
    rows, counts = _by_address(workshop, manager)
    assert all(r.acted for r in rows.values()) and counts["not_acted"] == 0


def test_conflicted_organizers_see_no_rows_of_the_paper(released, workshop):
    people, _ = released
    for role in ("org_conflicted", "org_author"):
        rows, counts = selectors.notices(workshop, people[role])
        assert rows == [] and counts[""] == 0


def test_missing_mails_are_sent_once(client, released, workshop, django_capture_on_commit_callbacks):
    from confero.submissions.models import SubmissionAuthor

    people, paper = released
    SubmissionAuthor.objects.create(submission=paper, order=9, email="late@uni-x.org", name="Late Author")
    mail.outbox.clear()
    client.force_login(people["organizer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/osfm/manage/decisions/notices/send-missing/")
        client.post("/osfm/manage/decisions/notices/send-missing/")
    assert [m.to for m in mail.outbox] == [["late@uni-x.org"]]


def test_the_template_page_previews_saves_and_resets(client, reviewed, workshop, phase):
    people, paper = reviewed
    phase("decision")
    services.stage(paper, outcome="reject", note="Sorry.", actor=people["manager"])
    client.force_login(people["organizer"])
    url = "/osfm/manage/decisions/mails/decision.reject/"
    html = client.get(url).content.decode()
    assert "Decision on #1: Open data for open models" in html and "Sorry." in html  # the preview
    data = {"subject": "Hi {name}", "body": "Paper {number}: {decision}\n{reviews}", "paper": "1"}
    html = client.post(url, {**data, "action": "preview"}).content.decode()
    first = paper.authors.order_by("order").first()
    assert f"Hi {first.name}" in html and "Paper 1: Reject" in html and not MailTemplate.objects.exists()
    bad = client.post(url, {**data, "body": "{oops}", "action": "save"}).content.decode()
    assert "unknown placeholder {oops}" in bad and not MailTemplate.objects.exists()
    assert client.post(url, {**data, "action": "save"}).status_code == 302
    assert MailTemplate.objects.get().subject == "Hi {name}"
    assert client.post(url, {**data, "action": "reset"}).status_code == 302
    assert not MailTemplate.objects.exists()
    # an organizer with a conflict is not offered the paper, so sees no preview of its reviews
    client.force_login(people["org_conflicted"])
    html = client.get(url + "?paper=1").content.decode()
    assert "No paper you may see" in html and "Sorry." not in html
