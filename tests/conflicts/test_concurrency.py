"""Two organizers deciding the same pair at once, and a decision during a detection run: the first
decision stands, the second is told; nothing is lost. Runs on SQLite and PostgreSQL (threads, real
transactions)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from confero.audit.models import AuditEvent
from confero.conflicts import detection, services
from confero.conflicts.models import Conflict
from confero.people.models import Role

from .conftest import YEAR

pytestmark = pytest.mark.django_db(transaction=True)


def parallel(funcs, stagger: float = 0.0):
    results = [None] * len(funcs)
    barrier = threading.Barrier(len(funcs))

    def worker(i, fn):
        try:
            barrier.wait()
            time.sleep(stagger * i)
            results[i] = fn()
        except Exception as exc:  # collected for the assertions
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, fn)) for i, fn in enumerate(funcs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.fixture
def two_organizers(workshop, committee, make_user):
    second = make_user(email="second@uni-z.edu", name="Second Organizer")
    Role.objects.create(workshop=workshop, user=second, kind=Role.Kind.ORGANIZER)
    return committee["olga"], second


def test_two_organizers_decide_the_same_pair(workshop, committee, two_organizers):
    detection.run_detection(workshop, actor=two_organizers[0], reference_year=YEAR)
    row = Conflict.objects.get(status="potential")
    results = parallel(
        [
            lambda who=who, status=status: services.decide(
                Conflict.objects.get(pk=row.pk), status, actor=who, expected="potential"
            )
            for who, status in zip(two_organizers, ["confirmed", "dismissed"], strict=True)
        ]
    )
    won = [r for r in results if isinstance(r, Conflict)]
    lost = [r for r in results if isinstance(r, services.AlreadyDecided)]
    assert len(won) == 1 and len(lost) == 1, results
    final = Conflict.objects.get(pk=row.pk)
    assert final.status == won[0].status and final.decided_by == won[0].decided_by
    assert f"already marked it {final.status}" in lost[0].messages[0]
    assert AuditEvent.objects.filter(action__in=["conflict.confirmed", "conflict.dismissed"]).count() == 1


def test_a_decision_during_detection_is_kept(workshop, committee, two_organizers, monkeypatch):
    olga, second = two_organizers
    detection.run_detection(workshop, actor=olga, reference_year=YEAR)
    row = Conflict.objects.get(status="potential")
    real_record = detection.record

    def slow_record(*args, **kwargs):  # hold the detection transaction open while the decision comes in
        time.sleep(0.5)
        return real_record(*args, **kwargs)

    monkeypatch.setattr(detection, "record", slow_record)
    results = parallel(
        [
            lambda: detection.run_detection(workshop, actor=olga, reference_year=YEAR),
            lambda: services.decide(
                Conflict.objects.get(pk=row.pk), "dismissed", actor=second, expected="potential"
            ),
        ],
        stagger=0.2,
    )
    assert isinstance(results[0], detection.DetectionReport), results
    assert isinstance(results[1], Conflict), results
    assert Conflict.objects.get(pk=row.pk).status == "dismissed"
    detection.run_detection(workshop, actor=olga, reference_year=YEAR)  # and again, later
    assert Conflict.objects.get(pk=row.pk).status == "dismissed"
