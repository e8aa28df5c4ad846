"""Where a check run computes: everything heavy in the low-priority child, the database in the parent;
the process warms up once so that children do not import the checks' libraries again."""

from __future__ import annotations

import os

import pytest

from confero.checks import prior, runner
from confero.checks.models import CheckRun

from .conftest import ABSTRACT, TITLE

pytestmark = pytest.mark.django_db


def test_the_prior_comparison_runs_in_the_child_not_in_the_web_process(
    monkeypatch, workshop, other_workshop, author, make_user, submit
):
    # Found by the deadline-rush bench: indexing every submission in the web worker's thread took
    # ~0.1 s of CPU per run at 300 submissions and slowed every request of that worker.
    real = prior.compare

    def compare(*args, **kwargs):
        result = real(*args, **kwargs)
        result.summary["pid"] = os.getpid()
        return result

    monkeypatch.setattr(prior, "compare", compare)
    submit(make_user(email="first@uni-x.edu"), other_workshop, title=TITLE, abstract=ABSTRACT)
    sub = submit(author, workshop, title=TITLE, abstract=ABSTRACT)
    run = CheckRun.objects.get(submission=sub)
    result = run.results.get(check_name="prior")
    assert result.summary["pid"] != os.getpid()
    assert result.summary["submissions"] == 1  # the other workshop's paper, read in the parent
    assert run.findings.filter(kind="dual-submission").exists()


def test_warm_up_runs_the_checks_once_per_process(monkeypatch):
    calls = []
    monkeypatch.setattr(runner, "_warmed", False)
    monkeypatch.setattr(runner, "_engine_part", lambda *a: calls.append(a) or [])
    runner.warm_up()
    runner.warm_up()
    assert len(calls) == 1
    data, ctx, inputs, authors = calls[0]
    assert data.startswith(b"%PDF") and ctx.topics and inputs.submissions and authors


def test_warm_up_runs_the_real_engine_without_a_failure(monkeypatch, caplog):
    monkeypatch.setattr(runner, "_warmed", False)
    with caplog.at_level("WARNING", logger="confero.checks.runner"):
        runner.warm_up()  # the real engine on a blank page (a failure would only be logged)
    assert runner._warmed and not caplog.records
