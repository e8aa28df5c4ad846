"""confero serve runs gunicorn: several processes answer at once, static files, a clean Ctrl+C, clear
errors for a taken port or bad sizes."""

from __future__ import annotations

import concurrent.futures
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from confero.ops.server import ServerOptions, default_workers


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def test_gunicorn_settings_for_the_defaults():
    s = ServerOptions(host="::1", port=8123).gunicorn_settings()
    assert s["bind"] == ["[::1]:8123"] and s["worker_class"] == "gthread" and s["threads"] == 4
    assert s["workers"] == default_workers() >= 2 and s["preload_app"] is True
    assert ServerOptions(threads=1, workers=3).gunicorn_settings()["worker_class"] == "sync"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "option", [["--workers", "0"], ["--threads", "0"], ["--workers", "65"], ["--timeout", "0"]]
)
def test_bad_sizes_are_refused(option):
    with socket.socket() as held:  # were the option accepted, serving would fail on this port, not hang
        held.bind(("127.0.0.1", 0))
        held.listen()
        with pytest.raises(CommandError, match=option[0]):
            call_command("serve", *option, "--no-migrate", "--port", str(held.getsockname()[1]))


@pytest.mark.django_db
def test_a_taken_port_is_a_clear_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        with pytest.raises(CommandError, match=r"cannot listen on 127\.0\.0\.1:\d+.*choose another --port"):
            call_command("serve", "--port", str(s.getsockname()[1]), "--no-migrate")


@pytest.mark.slow
def test_serve_answers_in_parallel_and_stops_cleanly_on_ctrl_c(tmp_path):
    port = _port()
    env = {**os.environ, "CONFERO_DATA_DIR": str(tmp_path / "data"), "DEBUG": "0"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "confero.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--threads",
            "2",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as in a terminal
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "server did not come up"
                time.sleep(0.3)
        # gunicorn's master is the confero process itself; it starts its workers one after the other,
        # so the first may answer before the second exists
        workers = _children(proc.pid)
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = _children(proc.pid)
        assert len(workers) == 2

        def get(path):
            with urllib.request.urlopen(base + path, timeout=20) as r:
                return r.status, r.headers.get("Content-Type", "")

        paths = ["/", "/accounts/login/", "/static/confero/confero.css", "/accounts/signup/"] * 10
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(get, paths))
        assert {status for status, _ in answers} == {200}
        assert any(ct.startswith("text/css") for _, ct in answers)
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl+C in a terminal signals the whole group
        assert proc.wait(timeout=20) == 0
        out = proc.stdout.read().decode()
        assert "gunicorn, 2 workers x 2 threads" in out and "Traceback" not in out
        time.sleep(0.2)
        assert not [pid for pid in workers if _alive(pid)]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.mark.parametrize("code", [0, 3])
def test_a_finished_worker_leaves_with_its_own_exit_status(code, tmp_path):
    """The worker_exit hook skips the interpreter's teardown but keeps the status gunicorn relies on
    (3 = the worker could not boot: gunicorn then stops instead of restarting it forever)."""
    script = (
        "import django, sys; django.setup()\n"
        "from confero.ops.server import _worker_exit\n"
        f"try:\n    sys.exit({code})\nfinally:\n    _worker_exit(None, None)\n"
    )
    env = {**os.environ, "CONFERO_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "confero.web.settings"}
    env.pop("DATABASE_URL", None)
    assert subprocess.run([sys.executable, "-c", script], env=env).returncode == code
