"""Digest subscriptions: double opt-in, signed one-click unsubscribe, due-ness, never the same paper twice,
and delivery through a real SMTP server."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from confero.feed import digests, services
from confero.feed.models import LibraryPaper, SentPaper, Subscriber

pytestmark = pytest.mark.django_db


def _link(body: str, name: str) -> str:
    return re.search(r"https?://\S+/reading-list/" + name + r"/\S+/", body).group(0)


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def published(demo_library, scoped):
    return scoped


def _subscribe(
    client, ws, email="reader@lab.example", topics=("open-compute-efficiency",), frequency="daily"
):
    ids = [t.pk for t in ws.topics.filter(key__in=topics)]
    return client.post(
        reverse("feed:subscribe", args=[ws.slug]), {"email": email, "frequency": frequency, "topics": ids}
    )


def test_double_opt_in_then_a_digest_then_nothing_twice(
    client, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _subscribe(client, published)
    assert response.status_code == 200 and b"Check your inbox" in response.content
    sub = Subscriber.objects.get(email="reader@lab.example")
    assert not sub.active
    # nothing is sent before confirmation, whatever the time
    assert digests.send_digests(timezone.now() + dt.timedelta(days=3))["mailed"] == 0
    [confirm_mail] = mail.outbox
    url = _path(_link(confirm_mail.body, "confirm"))
    assert (
        client.get(url).status_code == 200 and not Subscriber.objects.get(pk=sub.pk).active
    )  # GET: a button
    assert b"Subscribed" in client.post(url).content
    sub.refresh_from_db()
    assert sub.active and list(sub.topics.values_list("key", flat=True)) == ["open-compute-efficiency"]

    now = timezone.now() + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        counts = digests.send_digests(now)
    assert counts["mailed"] == 1 and counts["papers"] > 0
    digest = mail.outbox[-1]
    assert digest.to == ["reader@lab.example"] and "new paper" in digest.subject
    assert "Quantization-Aware Distillation" in digest.body  # the closest demo paper of the topic
    sent = SentPaper.objects.filter(subscriber=sub).count()
    assert sent == counts["papers"]

    # the next day: no new paper, no mail; a paper added later is sent once
    assert digests.send_digests(now + dt.timedelta(days=1))["mailed"] == 0
    services.import_papers(
        published,
        [
            (
                "new.jsonl",
                b'{"id": "n1", "title": "Pruning and Quantization for Efficient Attention Memory", '
                b'"abstract": "We compress models with distillation, quantization and efficient attention."}',
            )
        ],
    )
    LibraryPaper.objects.filter(source_id="n1").update(added_at=now + dt.timedelta(hours=30))  # added "later"
    with django_capture_on_commit_callbacks(execute=True):
        counts = digests.send_digests(now + dt.timedelta(days=2, minutes=1))
    assert counts["papers"] == 1 and "Pruning and Quantization" in mail.outbox[-1].body
    assert digests.send_digests(now + dt.timedelta(days=10))["papers"] == 0
    assert SentPaper.objects.filter(subscriber=sub).count() == sent + 1

    # one click on the signed link unsubscribes, without logging in
    unsubscribe = _path(_link(mail.outbox[-1].body, "unsubscribe"))
    assert b"Unsubscribed" in client.get(unsubscribe).content
    sub.refresh_from_db()
    assert sub.unsubscribed_at is not None and not sub.active


def test_hidden_papers_are_never_mailed(client, published, django_capture_on_commit_callbacks):
    sub = Subscriber.objects.create(workshop=published, email="r@x.example", frequency="weekly")
    sub.topics.set(published.topics.filter(key="open-compute-efficiency"))
    sub.confirmed_at = timezone.now()
    sub.save()
    LibraryPaper.objects.filter(workshop=published, title__startswith="Quantization-Aware").update(
        hidden=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        digests.send_digests(timezone.now() + dt.timedelta(days=7))
    assert mail.outbox and "Quantization-Aware" not in mail.outbox[-1].body


def test_tampered_expired_or_foreign_links_do_nothing(
    client, published, other_workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, published)
    url = _path(_link(mail.outbox[0].body, "confirm"))
    signed = url.rstrip("/").rsplit("/", 1)[1]
    assert client.post(url.replace(signed, signed[:-2] + "xx")).status_code == 404
    other = reverse("feed:confirm", args=[other_workshop.slug, signed])
    assert client.post(other).status_code == 404  # another workshop's URL: not found there
    import time
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=time.time() + 8 * 24 * 3600):
        assert client.post(url).status_code == 404  # a week old: expired
    assert client.post(url).status_code == 200
    bad_unsubscribe = reverse("feed:unsubscribe", args=[published.slug, signed])  # a confirm signature
    assert client.get(bad_unsubscribe).status_code == 404
    assert Subscriber.objects.get().unsubscribed_at is None


def test_subscribing_again_within_the_hour_sends_no_second_mail(
    client, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, published)
        _subscribe(client, published, topics=("open-agents",))
    assert len(mail.outbox) == 1


def test_no_subscription_to_an_unpublished_reading_list(client, scoped):
    assert _subscribe(client, scoped).status_code == 404
    assert not Subscriber.objects.exists()


def test_send_digests_command(published):
    out = io.StringIO()
    call_command("send_digests", stdout=out)
    assert "mailed 0 digest(s)" in out.getvalue()


def test_the_beat_schedule_has_the_digest_job():
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["feed-send-digests"]["task"] == "confero.feed.tasks.send_digests"
    from confero.feed.tasks import send_digests

    assert send_digests.name == "confero.feed.tasks.send_digests"


def test_a_digest_reaches_a_real_smtp_server(published, smtp_server, django_capture_on_commit_callbacks):
    sub = Subscriber.objects.create(workshop=published, email="reader@lab.example", frequency="daily")
    sub.topics.set(published.topics.filter(key__in=["open-agents", "open-evaluation"]))
    sub.confirmed_at = timezone.now()
    sub.save()
    with django_capture_on_commit_callbacks(execute=True):
        counts = digests.send_digests(timezone.now() + dt.timedelta(days=1))
    assert counts["mailed"] == 1
    [received] = smtp_server.messages
    assert received["To"] == "reader@lab.example"
    body = received.get_payload(decode=True).decode(received.get_content_charset())
    assert "Tool-Using Agents that Learn from Interaction Logs" in body
    assert "/osfm/reading-list/unsubscribe/" in body
    # The mail client's one-click unsubscribe (RFC 8058) points at the same signed link, and works by POST.
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = received["List-Unsubscribe"].strip("<>")
    assert "/osfm/reading-list/unsubscribe/" in link and link.split("/osfm/")[1] in body
    from django.test import Client

    assert (
        Client().post("/osfm/" + link.split("/osfm/")[1], {"List-Unsubscribe": "One-Click"}).status_code
        == 200
    )
    sub.refresh_from_db()
    assert sub.unsubscribed_at is not None
