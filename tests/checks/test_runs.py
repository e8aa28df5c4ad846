"""A check run after upload on a real PDF: queued on commit, executed, every result and finding stored
with its audience; a new version is checked again; failures and dead runs are recorded, never silent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from confero.audit.models import AuditEvent
from confero.checks import runner
from confero.checks.models import Audience, CheckRun, Finding
from confero.engine.checks import CHECKS

pytestmark = pytest.mark.django_db


def test_an_upload_is_checked_after_commit_and_everything_is_stored(workshop, author, submit):
    sub = submit(author, workshop)
    run = CheckRun.objects.get(submission=sub)
    assert run.status == "done", run.message
    assert run.version.number == 1 and run.reason == "upload"
    assert run.engine_version.startswith("confero ") and run.started_at and run.finished_at
    assert run.seconds is not None and run.seconds > 0
    assert sorted(run.results.values_list("check_name", flat=True)) == sorted(CHECKS)
    kinds = {(f.check_name, f.kind): f for f in run.findings.all()}
    # planted: the author in the author block and in the metadata, a personal GitHub account
    meta = kinds[("anonymity", "name-in-metadata")]
    assert meta.severity == "error" and meta.identifying and meta.audience == Audience.AUTHORS
    assert "Ada Author" in meta.evidence
    leaks = run.findings.filter(kind="de-anonymising-link")
    leak = next(f for f in leaks if "github.com/adaauthor" in f.link)
    assert leak.severity == "error" and leak.identifying and leak.audience == Audience.AUTHORS
    promised = kinds[("artifacts", "promised-but-missing")]
    assert promised.severity == "warning" and promised.audience == Audience.REVIEWERS
    assert "released upon acceptance" in promised.evidence
    assert ("artifacts", "dataset-link") in kinds
    # scope ran against the workshop's topics and is for organizers only
    scope = run.results.get(check_name="scope")
    assert scope.status in ("ok", "flagged") and len(scope.summary["topics"]) == workshop.topics.count()
    assert set(run.findings.filter(check_name="scope").values_list("audience", flat=True)) == {"organizers"}
    # the openness profile is in the artifacts summary
    openness = {o["item"]: o["state"] for o in run.results.get(check_name="artifacts").summary["openness"]}
    assert openness["weights"] == "promised" and openness["data"] == "found"
    assert AuditEvent.objects.filter(action="checks.done", object_id=str(run.pk)).exists()


def test_an_edit_is_checked_again_on_the_new_version(
    workshop, author, submit, make_data, django_capture_on_commit_callbacks
):
    from confero.submissions.services import update_submission

    sub = submit(author, workshop)
    with django_capture_on_commit_callbacks(execute=True):
        update_submission(
            sub, user=author, data=make_data(author, title="A new title for the paper"), expected_version=1
        )
    runs = list(CheckRun.objects.filter(submission=sub).order_by("id"))
    assert [(r.version.number, r.reason, r.status) for r in runs] == [
        (1, "upload", "done"),
        (2, "edit", "done"),
    ]


def test_no_run_for_a_withdrawal_nor_when_checks_are_off(
    workshop, author, submit, settings, django_capture_on_commit_callbacks
):
    from confero.submissions.services import withdraw_submission

    sub = submit(author, workshop)
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_submission(sub, user=author, expected_version=1)
    assert CheckRun.objects.filter(submission=sub).count() == 1
    settings.CONFERO_CHECKS_ON_UPLOAD = "0"  # as the environment variable would give it
    second = submit(author, workshop, title="Another paper entirely")
    assert not CheckRun.objects.filter(submission=second).exists()


def test_a_failing_engine_marks_the_run_failed_with_the_error(workshop, author, submit, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("pdf parser exploded")

    monkeypatch.setattr(runner, "run_checks", broken)
    sub = submit(author, workshop)
    run = CheckRun.objects.get(submission=sub)
    assert run.status == "failed" and "pdf parser exploded" in run.message and run.finished_at
    assert not run.findings.exists()
    assert AuditEvent.objects.filter(action="checks.failed", object_id=str(run.pk)).exists()


def test_a_missing_pdf_is_could_not_check_with_the_reason(workshop, author, submit, settings):
    settings.CONFERO_CHECKS_ON_UPLOAD = False
    sub = submit(author, workshop)
    version = sub.versions.get()
    default_storage.delete(version.pdf.name)
    run = CheckRun.objects.create(submission=sub, version=version, reason="rerun")
    runner.execute(run.pk)
    run.refresh_from_db()
    assert run.status == "done"
    statuses = dict(run.results.values_list("check_name", "status"))
    for name in ("pages", "artifacts", "anonymity", "format"):
        assert statuses[name] == "could_not_check"
    assert "could not be read" in run.results.get(check_name="format").reason


def test_a_run_claimed_once_only(workshop, author, submit):
    sub = submit(author, workshop)
    run = CheckRun.objects.get(submission=sub)
    n = Finding.objects.filter(run=run).count()
    runner.execute(run.pk)  # already done: nothing happens
    assert Finding.objects.filter(run=run).count() == n


def test_a_run_whose_worker_died_is_marked_failed_when_looked_at(workshop, author, submit, settings):
    settings.CONFERO_CHECKS_ON_UPLOAD = False
    sub = submit(author, workshop)
    run = CheckRun.objects.create(
        submission=sub,
        version=sub.versions.get(),
        reason="upload",
        status="running",
        started_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert runner.looked_at(run).status == "failed"
    assert run.message == runner.DEAD_MESSAGE
    fresh = CheckRun.objects.create(
        submission=sub,
        version=sub.versions.get(),
        reason="upload",
        status="running",
        started_at=timezone.now(),
    )
    assert runner.looked_at(fresh).status == "running"
