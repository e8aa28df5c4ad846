"""The link checker against a real local HTTP server (the only network the tests use)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from confero.engine.checks.linkcheck import LinkChecker


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *args):  # keep test output quiet
        pass

    def _answer(self, body: bool) -> None:
        path = self.path
        Handler.hits[path] = Handler.hits.get(path, 0) + 1
        if path == "/ok":
            self._send(200, body=body)
        elif path == "/redirect":
            self._send(301, {"Location": "/ok"})
        elif path == "/redirect-chain":
            self._send(302, {"Location": "/redirect"})
        elif path == "/loop-a":
            self._send(302, {"Location": "/loop-b"})
        elif path == "/loop-b":
            self._send(302, {"Location": "/loop-a"})
        elif path.startswith("/hops/"):
            n = int(path.rsplit("/", 1)[1])
            self._send(302, {"Location": f"/hops/{n + 1}"})
        elif path == "/gone":
            self._send(404, body=body)
        elif path == "/error":
            self._send(500, body=body)
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, body=body)
        elif path == "/limited":
            if Handler.hits[path] == 1:
                self._send(429, {"Retry-After": "1"})
            else:
                self._send(200, body=body)
        elif path == "/always-limited":
            self._send(429, {"Retry-After": "0"})
        elif path == "/to-personal":
            self._send(302, {"Location": "https://github.com/janedoe/repo"})
        else:
            self._send(404, body=body)

    def _send(self, code, headers=None, body=True):
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body and self.command == "GET":
            self.wfile.write(b"ok")

    def do_HEAD(self):
        if self.path == "/no-head":
            Handler.hits["HEAD /no-head"] = Handler.hits.get("HEAD /no-head", 0) + 1
            self._send(405, body=False)
            return
        self._answer(False)

    def do_GET(self):
        if self.path == "/no-head":
            self._send(200)
            return
        self._answer(True)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def checker():
    return LinkChecker(timeout=0.5, per_host_interval=0.0, allow_private=True, max_retry_after=2)


def test_ok_redirect_and_broken(server, checker):
    assert checker.check(f"{server}/ok").status == "ok"
    st = checker.check(f"{server}/redirect-chain")
    assert (st.status, st.hops, st.final_url) == ("redirected", 2, f"{server}/ok")
    assert checker.check(f"{server}/gone").status == "broken"
    assert checker.check(f"{server}/gone").code == 404
    assert checker.check(f"{server}/error").status == "server-error"


def test_redirect_loops_and_too_many_hops(server, checker):
    assert checker.check(f"{server}/loop-a").message == "redirect loop"
    st = checker.check(f"{server}/hops/0")
    assert (st.status, st.message) == ("too-many-redirects", "too many redirects")


def test_timeout(server, checker):
    st = checker.check(f"{server}/slow")
    assert st.status == "timeout"
    assert st.elapsed < 1.4


def test_rate_limit_waits_as_asked_then_succeeds(server, checker):
    start = time.monotonic()
    st = checker.check(f"{server}/limited")
    assert st.status == "ok"
    assert time.monotonic() - start >= 0.9  # waited for Retry-After: 1
    assert checker.check(f"{server}/always-limited").status == "rate-limited"


def test_head_refused_then_get(server, checker):
    Handler.hits.pop("HEAD /no-head", None)
    assert checker.check(f"{server}/no-head").status == "ok"
    assert Handler.hits["HEAD /no-head"] == 1


def test_unreachable_and_invalid(checker):
    assert checker.check("http://127.0.0.1:9/x").status == "unreachable"  # discard port: refused
    assert checker.check("ftp://example.org/x").status == "invalid"


def test_private_addresses_refused_by_default(server):
    st = LinkChecker(timeout=0.5).check(f"{server}/ok")
    assert st.status == "refused"
    assert "private or local" in st.message


def test_check_all_spaces_requests_to_one_host(server):
    checker = LinkChecker(timeout=0.5, per_host_interval=0.2, allow_private=True)
    start = time.monotonic()
    out = checker.check_all([f"{server}/ok", f"{server}/gone", f"{server}/ok"])
    assert set(out) == {f"{server}/ok", f"{server}/gone"}
    assert time.monotonic() - start >= 0.2  # two requests to one host, 0.2 s apart (+ GET retry of 404)
