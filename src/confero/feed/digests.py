"""E-mail digests of new library papers, without an account.

- Subscribing stores an unconfirmed row and mails a signed confirmation link (double opt-in); nothing
  else is ever sent to an unconfirmed address. Subscribing again re-sends the link at most once an hour
  and never says whether the address was subscribed already.
- Every digest carries a signed one-click unsubscribe link (no log-in, no expiry).
- :func:`send_digests` (Celery beat hourly, or ``confero send-digests`` from cron) mails each due
  subscriber the listed papers of their topics added since their last digest that they have not received;
  a paper is recorded per subscriber when its digest is queued, so it is never sent to them twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from confero.audit.services import record
from confero.mail.services import queue_template
from confero.web.site import absolute

from .models import LibraryPaper, SentPaper, Subscriber, TopicScore
from .services import settings_of

log = logging.getLogger(__name__)
CONFIRM_MAX_AGE = 7 * 24 * 3600
RESEND_AFTER = dt.timedelta(hours=1)
PERIOD = {"daily": dt.timedelta(days=1), "weekly": dt.timedelta(days=7)}
SLACK = dt.timedelta(minutes=30)  # a job running a little early still sends the day's digest
MAX_PAPERS = 50

_confirm = signing.TimestampSigner(salt="confero.feed.confirm")
_unsubscribe = signing.Signer(salt="confero.feed.unsubscribe")


def confirm_url(sub: Subscriber) -> str:
    return absolute(reverse("feed:confirm", args=[sub.workshop.slug, _confirm.sign(sub.token)]))


def unsubscribe_url(sub: Subscriber) -> str:
    return absolute(reverse("feed:unsubscribe", args=[sub.workshop.slug, _unsubscribe.sign(sub.token)]))


def subscribe(workshop, email: str, frequency: str, topics) -> Subscriber:
    """Create or update a pending subscription and mail the confirmation link."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter an e-mail address."}) from None
    if frequency not in PERIOD:
        raise ValidationError({"frequency": "Choose daily or weekly."})
    topics = [t for t in topics if t.workshop_id == workshop.pk]
    if not topics:
        raise ValidationError({"topics": "Choose at least one topic."})
    if not settings_of(workshop).published:
        raise ValidationError("The reading list is not published.")
    now = timezone.now()
    with transaction.atomic():
        sub, _ = Subscriber.objects.select_for_update().get_or_create(
            workshop=workshop, email=email, defaults={"frequency": frequency}
        )
        if sub.confirm_sent_at and now - sub.confirm_sent_at < RESEND_AFTER:
            return sub  # no mail bombing through this form
        sub.pending = {"frequency": frequency, "topics": [t.pk for t in topics]}
        sub.confirm_sent_at = now
        sub.save(update_fields=["pending", "confirm_sent_at"])
        queue_template(
            email,
            "feed/mail/confirm.txt",
            {"workshop": workshop, "url": confirm_url(sub), "topics": topics, "frequency": frequency},
            kind="feed.confirm",
            workshop=workshop,
        )
        record(
            "feed.subscription_requested",
            workshop=workshop,
            obj=sub,
            summary=f"digest subscription requested by {email}",
        )
    return sub


def _by_token(workshop, signed: str, signer, max_age=None) -> Subscriber | None:
    try:
        token = signer.unsign(signed, max_age=max_age) if max_age else signer.unsign(signed)
    except signing.BadSignature:
        return None
    return Subscriber.objects.filter(workshop=workshop, token=token).first()


def confirm(workshop, signed: str) -> Subscriber | None:
    """Follow the mailed link (valid a week): the subscription asked for takes effect. None if the link
    is bad, expired or not this workshop's, or nothing is waiting for confirmation."""
    sub = _by_token(workshop, signed, _confirm, CONFIRM_MAX_AGE)
    if sub is None:
        return None
    if not sub.pending:
        return sub if sub.active else None
    with transaction.atomic():
        sub = Subscriber.objects.select_for_update().get(pk=sub.pk)
        pending = sub.pending or {}
        if pending.get("frequency") in PERIOD:
            sub.frequency = pending["frequency"]
        topics = list(workshop.topics.filter(pk__in=pending.get("topics") or []))
        if topics:
            sub.topics.set(topics)
        sub.pending = {}
        sub.confirmed_at = sub.confirmed_at if sub.active else timezone.now()
        sub.unsubscribed_at = None
        sub.save(update_fields=["frequency", "pending", "confirmed_at", "unsubscribed_at"])
        record("feed.subscribed", workshop=workshop, obj=sub, summary=f"{sub.email} confirmed the digest")
    return sub


def unsubscribe(workshop, signed: str) -> Subscriber | None:
    sub = _by_token(workshop, signed, _unsubscribe)
    if sub is None:
        return None
    if sub.unsubscribed_at is None:
        with transaction.atomic():
            sub.unsubscribed_at = timezone.now()
            sub.pending = {}
            sub.save(update_fields=["unsubscribed_at", "pending"])
            record("feed.unsubscribed", workshop=workshop, obj=sub, summary=f"{sub.email} unsubscribed")
    return sub


def is_due(sub: Subscriber, now: dt.datetime) -> bool:
    last = sub.last_digest_at or sub.confirmed_at
    return sub.active and last is not None and now - last >= PERIOD[sub.frequency] - SLACK


def papers_for(sub: Subscriber, now: dt.datetime) -> list[tuple[LibraryPaper, list]]:
    """(paper, [topic titles]) of the listed, visible papers of the subscriber's topics added since the
    last digest (for the first: one period before confirming) and never sent to them, closest first."""
    since = sub.last_digest_at or (sub.confirmed_at - PERIOD[sub.frequency])
    per_topic = settings_of(sub.workshop).per_topic
    topic_ids = list(sub.topics.values_list("pk", flat=True))
    rows = (
        TopicScore.objects.filter(
            topic_id__in=topic_ids,
            paper__workshop=sub.workshop,
            paper__hidden=False,
            paper__added_at__gt=since,
            paper__added_at__lte=now,
        )
        .filter(models_q_listed(per_topic))
        .exclude(paper__in=SentPaper.objects.filter(subscriber=sub).values("paper"))
        .select_related("paper", "topic")
        .order_by("rank")
    )
    out: dict[int, tuple[LibraryPaper, list]] = {}
    for row in rows:
        entry = out.setdefault(row.paper_id, (row.paper, []))
        entry[1].append(row.topic.title)
    return list(out.values())[:MAX_PAPERS]


def models_q_listed(per_topic: int):
    from django.db.models import Q

    return Q(rank__lte=per_topic) | Q(paper__pinned=True)


def send_digest(sub_id: int, now: dt.datetime | None = None) -> int:
    """Queue one subscriber's digest if due; returns the number of papers mailed (0: nothing new)."""
    now = now or timezone.now()
    with transaction.atomic():
        sub = (
            Subscriber.objects.select_for_update(skip_locked=True)
            .select_related("workshop")
            .filter(pk=sub_id)
            .first()
        )
        if sub is None or not is_due(sub, now) or not settings_of(sub.workshop).published:
            return 0
        papers = papers_for(sub, now)
        sub.last_digest_at = now
        sub.save(update_fields=["last_digest_at"])
        if not papers:
            return 0
        unsubscribe = unsubscribe_url(sub)
        mail = queue_template(
            sub.email,
            "feed/mail/digest.txt",
            {
                "workshop": sub.workshop,
                "papers": papers,
                "frequency": sub.get_frequency_display().lower(),
                "unsubscribe_url": unsubscribe,
                "list_url": absolute(reverse("feed:reading_list", args=[sub.workshop.slug])),
            },
            kind="feed.digest",
            workshop=sub.workshop,
            # One-click unsubscribe in the mail client (RFC 8058): it POSTs to the same signed link.
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        SentPaper.objects.bulk_create([SentPaper(subscriber=sub, paper=p, mail=mail) for p, _ in papers])
    return len(papers)


def send_digests(now: dt.datetime | None = None) -> dict[str, int]:
    """Queue every due digest. Returns counts: ``mailed`` subscribers and ``papers`` sent."""
    now = now or timezone.now()
    counts = {"mailed": 0, "papers": 0, "checked": 0}
    ids = Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True).values_list(
        "pk", flat=True
    )
    for sub_id in list(ids):
        counts["checked"] += 1
        n = send_digest(sub_id, now)
        if n:
            counts["mailed"] += 1
            counts["papers"] += n
    return counts
