"""Runs in the background for real (own threads and processes, committed data): the thread started
after commit with its heartbeat, a worker process frozen mid-run (as after a server restart) noticed as
dead, and two organizers publishing at once. On SQLite and PostgreSQL alike."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from confero.bidding import jobs
from confero.mail.models import OutboxMail
from confero.matching import pipeline, publish, services
from confero.matching.models import Assignment, MatchingRun
from confero.matching.params import RunParams
from tests.concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(predicate, timeout=120.0, every=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out")


def test_a_run_goes_to_a_thread_after_commit_and_beats_while_the_engine_works(
    workshop, organizer, papers, committee, monkeypatch
):
    papers(6)
    committee(5)
    monkeypatch.setattr(jobs, "HEARTBEAT_SECONDS", 0.1)
    real_solve = pipeline.Job.solve

    def slow_solve(job):
        job.step("solving", 55)
        time.sleep(1.5)  # the engine thinking: only the heartbeat thread writes meanwhile
        real_solve(job)

    monkeypatch.setattr(pipeline.Job, "solve", slow_solve)
    run = services.start_run(organizer, workshop, RunParams(per_paper=2, min_areas=0))
    solving = wait_for(lambda: MatchingRun.objects.filter(pk=run.pk, stage__startswith="Solving").first())
    assert solving.worker.startswith("thread ")
    beats = {solving.heartbeat_at}
    wait_for(
        lambda: beats.add(MatchingRun.objects.get(pk=run.pk).heartbeat_at) or len(beats) >= 4, timeout=10
    )
    done = wait_for(lambda: MatchingRun.objects.filter(pk=run.pk, status__in=["done", "failed"]).first())
    assert done.status == "done", done.message


def _child_env(tmp_data) -> dict:
    db = connection.settings_dict  # the test database
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "CONFERO_DATA_DIR": str(tmp_data)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


WORKER = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'confero.web.settings'); django.setup();"
    "from confero.matching.tasks import run_matching; import sys; run_matching.run(int(sys.argv[1]))"
)


def test_a_worker_that_dies_mid_run_leaves_a_failed_run_that_can_be_rerun(
    workshop, organizer, papers, committee, settings, tmp_path, run_now
):
    """A worker process frozen mid-run (SIGSTOP: no heartbeat, like a server that went away) is found
    dead by the next look at the run, and the run is re-run."""
    papers(8)
    committee(6)
    settings.CONFERO_JOB_STALE_SECONDS = 2
    frozen = None
    for _attempt in range(3):  # the worker may finish before it is caught running: try again
        run = MatchingRun.objects.create(
            workshop=workshop, created_by=organizer, params=RunParams(per_paper=2, min_areas=0).to_json()
        )
        child = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(run.pk)],
            env=_child_env(settings.DATA_DIR),
            stderr=subprocess.PIPE,
        )
        try:
            wait_for(
                lambda r=run, c=child: (
                    MatchingRun.objects.get(pk=r.pk).status != "queued" or c.poll() is not None
                ),
                timeout=120,
                every=0.01,
            )
            if MatchingRun.objects.get(pk=run.pk).status == "running":
                child.send_signal(signal.SIGSTOP)
                if MatchingRun.objects.get(pk=run.pk).status == "running":
                    frozen = run
                    break
            child.wait(timeout=120)
        finally:
            if frozen is None:
                child.kill()
        assert MatchingRun.objects.get(pk=run.pk).status == "done", child.stderr.read().decode()
    assert frozen is not None, "the worker always finished before it could be frozen"
    try:
        assert services.looked_at(MatchingRun.objects.get(pk=frozen.pk)).status == "running"  # beat recently
        time.sleep(2.5)
        dead = services.looked_at(MatchingRun.objects.get(pk=frozen.pk))
        assert dead.status == "failed" and dead.message == services.DEAD_MESSAGE
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    again = services.rerun(organizer, dead)
    wait_for(lambda: MatchingRun.objects.get(pk=again.pk).status in ("done", "failed"))
    assert MatchingRun.objects.get(pk=again.pk).status == "done"


def test_two_organizers_publishing_at_once_publish_once_and_mail_once(
    workshop, organizer, make_user, papers, committee, monkeypatch
):
    from confero.people.models import Role

    papers(6)
    members = committee(5)
    second = make_user(email="second@uni-o.edu", name="Second Organizer")
    Role.objects.create(workshop=workshop, user=second, kind="organizer")
    run = services.start_run(organizer, workshop, RunParams(per_paper=2, min_areas=0))
    wait_for(lambda: MatchingRun.objects.get(pk=run.pk).status in ("done", "failed"))
    real = publish._blocked

    def slow_checks(*args, **kwargs):
        out = real(*args, **kwargs)
        time.sleep(0.3)  # hold the lock while the other organizer presses the button
        return out

    monkeypatch.setattr(publish, "_blocked", slow_checks)
    results = run_together(
        [lambda u=u: publish.publish(u, MatchingRun.objects.get(pk=run.pk)) for u in (organizer, second)]
    )
    assert all(isinstance(r, publish.Published) for r in results), results
    assert sorted(r.already for r in results) == [False, True]
    assert Assignment.objects.count() == 12
    reviewers = set(Assignment.objects.values_list("reviewer__email", flat=True))
    sent = list(OutboxMail.objects.filter(kind="assignment.published").values_list("to", flat=True))
    assert sorted(sent) == sorted(reviewers)
    assert len(members) >= len(reviewers)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")
def test_with_a_broker_the_run_goes_to_a_celery_worker(
    workshop, organizer, papers, committee, settings, tmp_path
):
    papers(6)
    committee(5)
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    env = {**_child_env(settings.DATA_DIR), "CELERY_BROKER_URL": url, "CONFERO_AFFINITY_MODEL": "tfidf"}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "confero.web.celery",
            "worker",
            "--pool",
            "solo",
            "--concurrency",
            "1",
            "--loglevel",
            "warning",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        from confero.web.celery import app

        settings.CELERY_BROKER_URL = url
        settings.CELERY_TASK_ALWAYS_EAGER = False
        app.conf.broker_url = url
        app.conf.task_always_eager = False
        run = services.start_run(organizer, workshop, RunParams(per_paper=2, min_areas=0))
        done = wait_for(
            lambda: MatchingRun.objects.filter(pk=run.pk, status__in=["done", "failed"]).first(), timeout=180
        )
        assert done.status == "done", done.message
        assert done.worker.startswith("celery task "), done.worker
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        redis.terminate()
        worker.wait(timeout=30)
        redis.wait(timeout=30)
