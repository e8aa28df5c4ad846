"""Decision mails: what they carry (only what authors may read), editable wording with placeholders, the
preview equal to what is sent, and delivery through a real SMTP server."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from confero import permissions
from confero.decisions import notify, services
from confero.decisions.models import DecisionNotice
from confero.mail import templating
from confero.mail.models import MailTemplate, OutboxMail
from tests.mail.test_smtp_delivery import smtp_server  # noqa: F401 - the local SMTP server fixture

from .conftest import FOR_AUTHORS, FOR_ORGANIZERS, FOR_REVIEWERS

pytestmark = pytest.mark.django_db

REVIEWER_TRACES = ["Reviewer Done", "reviewer_done@", "Reviewer Draft", "reviewer-draft", "Pc Conflicted"]


def _stage_and_release(people, paper, workshop, capture, outcome="accept", note="See you in Singapore."):
    services.stage(paper, outcome=outcome, note=note, actor=people["manager"])
    with capture(execute=True):
        return services.release(workshop, actor=people["manager"])


def test_decision_mails_carry_only_what_authors_may_read(
    reviewed, workshop, phase, django_capture_on_commit_callbacks
):
    people, paper = reviewed
    phase("decision")
    _stage_and_release(people, paper, workshop, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        body = message.body
        assert f"{FOR_AUTHORS} A" in body and "Reviewer A" in body
        assert "Overall: 7 (scale 1–10)" in body and "Confidence: 4 (scale 1–5)" in body
        assert "See you in Singapore." in body
        assert "/osfm/submissions/1/decision/" in body
        # drafts are not reviews yet; other audiences' answers and reviewer identities never appear
        assert "Reviewer B" not in body and "Reviewer C" not in body
        for secret in [FOR_REVIEWERS, FOR_ORGANIZERS, *REVIEWER_TRACES]:
            assert secret not in body and secret not in message.subject
        assert message.subject == "[OS-FMs] #1 accepted: Open data for open models"
    names = {m.to[0]: m.body.split("\n")[0] for m in mail.outbox}
    coauthor = paper.authors.get(email="coauthor@coauthor.example.org")
    assert names[coauthor.email] == f"Dear {coauthor.name},"


def test_desk_rejection_mail_has_no_reviews(reviewed, workshop, phase, django_capture_on_commit_callbacks):
    people, paper = reviewed
    phase("reviewing")
    _stage_and_release(
        people, paper, workshop, django_capture_on_commit_callbacks, "desk_reject", "Not anonymized."
    )
    body = mail.outbox[0].body
    assert "rejected without review" in body and "Not anonymized." in body
    assert FOR_AUTHORS not in body and "desk-rejected" in mail.outbox[0].subject


def test_organizers_word_the_mail_and_the_preview_is_what_is_sent(
    reviewed, workshop, phase, django_capture_on_commit_callbacks
):
    people, paper = reviewed
    phase("decision")
    kind = notify.KINDS["accept"]
    templating.save(
        workshop,
        kind,
        subject="{acronym}: good news for #{number}",
        body="Hello {name},\n\n{title} by {authors}: {decision}.\n{note}\n\n{reviews}\n\n{{not a placeholder}}\n",
        actor=people["organizer"],
    )
    services.stage(paper, outcome="accept", note="Bring a poster.", actor=people["manager"])
    preview = notify.preview(paper, actor=people["manager"])
    assert preview["subject"] == "OS-FMs: good news for #1"
    names = ", ".join(a.name for a in paper.authors.order_by("order"))
    assert f"by {names}: Accept." in preview["body"]
    assert "{not a placeholder}" in preview["body"] and FOR_AUTHORS in preview["body"]
    with django_capture_on_commit_callbacks(execute=True):
        services.release(workshop, actor=people["manager"])
    sent = next(m for m in mail.outbox if m.to[0] == preview["to"])
    assert (sent.subject, sent.body) == (preview["subject"], preview["body"])


def test_templates_with_unknown_placeholders_are_refused_with_the_line(reviewed, workshop):
    people, _ = reviewed
    kind = notify.KINDS["reject"]
    with pytest.raises(ValidationError) as err:
        templating.save(
            workshop,
            kind,
            subject="About {tittle}",
            body="Dear {name},\n\nsee {reviewz} and { here",
            actor=people["organizer"],
        )
    messages = err.value.message_dict
    assert "line 1: unknown placeholder {tittle}" in messages["subject"][0]
    assert any("line 3: unknown placeholder {reviewz}" in m for m in messages["body"])
    assert any("line 3: a lone '{'" in m for m in messages["body"])
    assert not MailTemplate.objects.exists()
    with pytest.raises(permissions.Denied):
        templating.save(workshop, kind, subject="x", body="y", actor=people["reviewer_done"])


def test_previews_are_for_organizers_who_oversee_the_paper(reviewed, phase):
    people, paper = reviewed
    for role in ("org_conflicted", "org_author", "reviewer_done", "author"):
        with pytest.raises(permissions.Denied):
            notify.preview(paper, actor=people[role])


def test_decision_mails_reach_a_real_smtp_server(
    reviewed,
    workshop,
    phase,
    smtp_server,  # noqa: F811 - the fixture imported above
    django_capture_on_commit_callbacks,
):
    people, paper = reviewed
    phase("decision")
    _stage_and_release(people, paper, workshop, django_capture_on_commit_callbacks)
    received = {m["To"]: m for m in smtp_server.messages}
    assert set(received) == {
        "author@author.example.org",
        "coauthor@coauthor.example.org",
        "org_author@org-author.example.org",
    }
    message = received["author@author.example.org"]
    text = message.get_payload(decode=True).decode(message.get_content_charset())
    assert message["Subject"] == "[OS-FMs] #1 accepted: Open data for open models"
    assert f"{FOR_AUTHORS} A" in text and "Reviewer A" in text
    for secret in [FOR_REVIEWERS, FOR_ORGANIZERS, *REVIEWER_TRACES]:
        assert secret not in text
    assert set(OutboxMail.objects.filter(kind="decision").values_list("status", flat=True)) == {"sent"}
    assert all(n.mail.status == "sent" for n in DecisionNotice.objects.select_related("mail"))
