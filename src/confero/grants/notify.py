"""Travel-grant decision mails: organizer-editable wording (confero.mail.templating) for an award and a
decline, queued through the outbox, one per applicant and release (:class:`GrantNotice` is unique per
release and application). A mail says the outcome, the amount and the note — never the answers."""

from __future__ import annotations

import re

from django.urls import reverse

from confero.mail import templating
from confero.mail.services import queue_mail
from confero.web.site import base_url

from .models import GrantApplication, GrantNotice

PLACEHOLDERS = {
    "name": "the applicant's name",
    "number": "the application's number, e.g. G-4",
    "amount": "the amount awarded, with the currency (empty for a decline)",
    "requested": "the amount requested, with the currency",
    "note": "the handlers' note to the applicant",
    "link": "the applicant's travel-grant page",
    "workshop": "the workshop's name",
    "acronym": "the workshop's short name",
}

_SIGNATURE = "\n-- \n{workshop}\n"

KINDS = {
    GrantApplication.Outcome.AWARD: templating.Kind(
        "grant.award",
        "Travel grant awarded",
        PLACEHOLDERS,
        "[{acronym}] Travel grant {number}: {amount} awarded",
        "Dear {name},\n\nwe are glad to tell you that your travel-grant application {number} to {workshop} "
        "is successful: you are awarded {amount} (you asked for {requested}).\n\n{note}\n\n"
        "Your application and this decision are on your travel-grant page:\n{link}\n" + _SIGNATURE,
    ),
    GrantApplication.Outcome.DECLINE: templating.Kind(
        "grant.decline",
        "Travel grant declined",
        PLACEHOLDERS,
        "[{acronym}] Travel grant {number}",
        "Dear {name},\n\nthank you for applying for a travel grant to {workshop}. We received more "
        "requests than our budget allows, and we are sorry that we cannot fund application {number}.\n\n"
        "{note}\n\nYour application is on your travel-grant page:\n{link}\n" + _SIGNATURE,
    ),
}
BY_KEY = {kind.key: kind for kind in KINDS.values()}


def _fmt(amount, currency) -> str:
    return "" if amount is None else f"{amount:,.2f} {currency}"


def values(app: GrantApplication, settings) -> dict[str, str]:
    workshop = app.workshop
    return {
        "name": app.applicant.name or app.applicant.email,
        "number": app.label,
        "amount": _fmt(app.awarded_amount, settings.currency),
        "requested": _fmt(app.requested_amount, settings.currency),
        "note": app.note.strip(),
        "link": base_url() + reverse("grants:mine", args=[workshop.slug]),
        "workshop": workshop.name,
        "acronym": workshop.acronym or workshop.name,
    }


def compose(text: templating.Text, vals: dict[str, str]) -> tuple[str, str]:
    subject = " ".join(templating.render(text.subject, vals).split())
    body = re.sub(r"\n{3,}", "\n\n", templating.render(text.body, vals)).strip() + "\n"
    return subject, body


def send(release, app: GrantApplication, settings) -> GrantNotice:
    """Queue the mail of ``release`` for ``app`` (inside the release's transaction; delivered after commit)."""
    text = templating.current(app.workshop, KINDS[app.outcome])
    subject, body = compose(text, values(app, settings))
    to = app.applicant.email
    mail = queue_mail(to, subject, body, kind="grant", workshop=app.workshop)
    return GrantNotice.objects.create(
        release=release,
        application=app,
        outcome=app.outcome,
        amount=app.awarded_amount,
        recipient=to,
        mail=mail,
    )
