"""Two organizers at once: staging the same paper, releasing at the same time. Runs on SQLite (writers
queue behind BEGIN IMMEDIATE) and PostgreSQL (row locks) alike."""

from __future__ import annotations

import time

import pytest
from django.core import mail

from confero.decisions import services
from confero.decisions.models import Decision, DecisionNotice, DecisionRelease
from confero.people.models import Role
from tests.concurrency import run_together


@pytest.fixture
def two_organizers(workshop, organizer, make_user, author, make_data, upload):
    from confero.phases import services as phases
    from confero.submissions.services import create_submission

    second = make_user(email="cochair@uni-d.edu", name="Cora Cochair")
    Role.objects.create(workshop=workshop, user=second, kind=Role.Kind.ORGANIZER)
    paper = create_submission(workshop=workshop, user=author, data=make_data(author), pdf=upload())
    phases.switch_to(workshop, "decision", actor=None)
    return organizer, second, paper


def _slow(monkeypatch, name):
    real = getattr(services, name)

    def slow(*args, **kwargs):
        time.sleep(0.3)  # hold the lock long enough for the other organizer to queue behind it
        return real(*args, **kwargs)

    monkeypatch.setattr(services, name, slow)


@pytest.mark.django_db(transaction=True)
def test_two_organizers_stage_the_same_paper_at_once(two_organizers, monkeypatch):
    first, second, paper = two_organizers
    _slow(monkeypatch, "_check_version")
    results = run_together(
        [
            lambda u=u, o=o: services.stage(paper, outcome=o, actor=u, expected_version=0)
            for u, o in ((first, "accept"), (second, "reject"))
        ]
    )
    stale = [r for r in results if isinstance(r, services.StaleDecision)]
    saved = [r for r in results if isinstance(r, Decision)]
    assert len(stale) == 1 and len(saved) == 1, results
    d = Decision.objects.get()
    assert d.version == 1 and d.outcome == saved[0].outcome and d.staged_by == saved[0].staged_by


@pytest.mark.django_db(transaction=True)
def test_two_organizers_release_at_once_release_and_mail_once(two_organizers, monkeypatch):
    first, second, paper = two_organizers
    services.stage(paper, outcome="accept", actor=first)
    mail.outbox.clear()  # the submission's receipt
    _slow(monkeypatch, "pending")
    results = run_together([lambda u=u: services.release(paper.workshop, actor=u) for u in (first, second)])
    assert sorted(len(r) for r in results) == [0, 1], results
    assert DecisionRelease.objects.count() == 1 and DecisionNotice.objects.count() == 1
    assert len(mail.outbox) == 1
