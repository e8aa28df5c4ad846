"""Two handlers at once: awarding (the budget is never exceeded) and releasing (one mail per applicant).
Runs on SQLite (writers queue behind BEGIN IMMEDIATE) and PostgreSQL (the settings row is locked with
SELECT … FOR UPDATE)."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from confero.grants import selectors, services
from confero.grants.models import GrantApplication, GrantNotice
from confero.grants.services import decisions
from tests.concurrency import run_together


def _slow(monkeypatch, name):
    real = getattr(decisions, name)  # patched where stage() looks it up

    def slow(*args, **kwargs):
        result = real(*args, **kwargs)
        time.sleep(0.3)  # between reading the committed total and saving: the race window
        return result

    monkeypatch.setattr(decisions, name, slow)


@pytest.mark.django_db(transaction=True)
def test_two_handlers_awarding_at_once_cannot_exceed_the_budget(
    handler, second_handler, applicants, monkeypatch
):
    a, b, _ = applicants  # ask 500 and 400; the budget is 1,000
    services.stage(applicants[2], handler, outcome="award", amount="300")  # 700 left: 500 or 400, not both
    _slow(monkeypatch, "committed_total")
    results = run_together(
        [
            lambda: services.stage(
                GrantApplication.objects.get(pk=a.pk), handler, outcome="award", amount="500"
            ),
            lambda: services.stage(
                GrantApplication.objects.get(pk=b.pk), second_handler, outcome="award", amount="400"
            ),
        ]
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    saved = [r for r in results if isinstance(r, GrantApplication)]
    assert len(refused) == 1 and len(saved) == 1, results
    assert "over budget" in refused[0].message_dict["amount"][0]
    assert selectors.budget(a.workshop).committed <= Decimal("1000")
    assert selectors.budget(a.workshop).committed in (Decimal("800.00"), Decimal("700.00"))


@pytest.mark.django_db(transaction=True)
def test_two_handlers_releasing_at_once_mail_each_applicant_once(
    handler, second_handler, applicants, monkeypatch
):
    for app in applicants:
        services.stage(app, handler, outcome="decline")
    mail.outbox.clear()
    real = decisions.pending

    def slow(*args, **kwargs):
        rows = real(*args, **kwargs)
        time.sleep(0.3)
        return rows

    monkeypatch.setattr(decisions, "pending", slow)
    workshop = applicants[0].workshop
    results = run_together([lambda u=u: services.release(workshop, u) for u in (handler, second_handler)])
    assert sum(r is not None for r in results) == 1, results
    assert GrantNotice.objects.count() == 3 and len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.applicant.email for a in applicants)
