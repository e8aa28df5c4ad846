"""Two tabs (or devices) saving the same review at once: one save wins, the other is told — never a silent
overwrite. Threads with their own connections, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import time

import pytest

from confero.reviews import services
from confero.reviews.models import Review
from confero.reviews.services import writing
from tests.concurrency import run_together

from .conftest import FULL


def _slow_writes(monkeypatch):
    real = writing._check_revisable

    def slow(*args, **kwargs):
        time.sleep(0.3)  # hold the lock so the other save queues behind it
        return real(*args, **kwargs)

    monkeypatch.setattr(writing, "_check_revisable", slow)


@pytest.mark.django_db(transaction=True)
def test_two_tabs_saving_the_same_draft(team, monkeypatch):
    rita = team.reviewers["A"]
    services.save_draft(team.paper, user=rita, answers={"summary": "start"}, expected_version=0)
    _slow_writes(monkeypatch)
    texts = ["from the laptop", "from the phone"]
    results = run_together(
        [
            lambda t=t: services.save_draft(team.paper, user=rita, answers={"summary": t}, expected_version=1)
            for t in texts
        ]
    )
    stale = [r for r in results if isinstance(r, services.StaleReview)]
    saved = [r for r in results if isinstance(r, Review)]
    assert len(stale) == 1 and len(saved) == 1, results
    fresh = Review.objects.get()
    assert fresh.version == 2 and fresh.answers["summary"] == saved[0].answers["summary"]


@pytest.mark.django_db(transaction=True)
def test_two_tabs_starting_the_review_at_once(team):
    rita = team.reviewers["A"]
    results = run_together(
        [
            lambda: services.save_draft(
                team.paper, user=rita, answers={"summary": "one"}, expected_version=0
            ),
            lambda: services.submit_review(team.paper, user=rita, answers=FULL, expected_version=0),
        ]
    )
    assert sum(isinstance(r, services.StaleReview) for r in results) == 1, results
    assert Review.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_submit_and_autosave_race(team, monkeypatch):
    rita = team.reviewers["A"]
    services.save_draft(team.paper, user=rita, answers={"summary": "start"}, expected_version=0)
    _slow_writes(monkeypatch)
    results = run_together(
        [
            lambda: services.submit_review(team.paper, user=rita, answers=FULL, expected_version=1),
            lambda: services.save_draft(
                team.paper, user=rita, answers={"summary": "typing"}, expected_version=1
            ),
        ]
    )
    assert sum(isinstance(r, services.StaleReview) for r in results) == 1, results
    review = Review.objects.get()
    winner = next(r for r in results if isinstance(r, Review))
    assert review.answers == winner.answers and review.version == 2
    assert review.versions.count() == (1 if review.status == "submitted" else 0)
