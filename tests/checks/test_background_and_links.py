"""The check job for real in the background (its own thread and database connection, committed data),
and the link checker: only when enabled by a setting, against a local HTTP server."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from confero.checks.models import CheckRun

from .conftest import leaky_pdf, pdf_upload


class Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args):
        pass

    def _answer(self):
        Handler.hits.append(self.path)
        code = 200 if self.path == "/ok" else 404
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer


@pytest.fixture
def server():
    Handler.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _data(make_data, author, server):
    return make_data(
        author,
        artifacts=[("code", f"{server}/ok", "code"), ("data", f"{server}/gone", "data")],
    )


@pytest.mark.django_db
def test_links_are_visited_only_when_enabled(
    workshop, author, make_data, checks_on, server, django_capture_on_commit_callbacks
):
    from confero.submissions.services import create_submission

    with django_capture_on_commit_callbacks(execute=True):
        sub = create_submission(
            workshop=workshop, user=author, data=_data(make_data, author, server), pdf=pdf_upload(leaky_pdf())
        )
    run = CheckRun.objects.get(submission=sub)
    assert run.status == "done" and not run.link_check and Handler.hits == []
    assert "not run" in run.results.get(check_name="artifacts").summary["link_check"]

    checks_on.CONFERO_CHECKS_LINKS = True
    checks_on.CONFERO_CHECKS_LINK_TIMEOUT = 2
    checks_on.CONFERO_CHECKS_LINK_INTERVAL = 0
    # a PDF's links must not make the server probe its own network: refused without the test-only setting
    from confero.checks import runner

    assert runner.link_checker().allow_private is False
    checks_on.CONFERO_CHECKS_LINKS_ALLOW_PRIVATE = True
    new = CheckRun.objects.create(submission=sub, version=sub.versions.get(), reason="rerun")
    runner.execute(new.pk)
    new.refresh_from_db()
    assert new.status == "done" and new.link_check
    assert {"/ok", "/gone"} <= set(Handler.hits)
    broken = new.findings.get(kind="link-broken")
    assert broken.link.endswith("/gone") and broken.severity == "warning" and broken.audience == "authors"
    assert not new.findings.filter(kind="link-broken", link__endswith="/ok").exists()


@pytest.mark.django_db(transaction=True)
def test_after_upload_the_run_goes_to_a_background_thread(workshop, author, make_data, checks_on):
    from confero.submissions.services import create_submission

    checks_on.CONFERO_CHECKS_INLINE = False
    sub = create_submission(
        workshop=workshop, user=author, data=make_data(author), pdf=pdf_upload(leaky_pdf())
    )
    end = time.monotonic() + 120
    run = None
    while time.monotonic() < end:
        run = CheckRun.objects.filter(submission=sub, status__in=["done", "failed"]).first()
        if run:
            break
        time.sleep(0.1)
    assert run is not None and run.status == "done", run and run.message
    assert run.worker and str(threading.get_ident()) not in run.worker.split(":")[-1]
    assert run.findings.filter(kind="name-in-metadata").exists()
