"""The confero entry point stays light; serve's argument checks."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_importing_the_cli_does_not_import_django():
    code = (
        "import sys, confero.cli; "
        "heavy = [m for m in ('django', 'numpy', 'sklearn', 'torch') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_confero_help_lists_demo_and_serve():
    out = subprocess.run(
        [sys.executable, "-m", "confero.cli", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "demo" in out and "serve" in out


@pytest.mark.django_db
def test_serve_rejects_a_bad_port():
    with pytest.raises(CommandError):
        call_command("serve", port=0, no_migrate=True)


@pytest.mark.django_db
def test_demo_rejects_a_short_password():
    with pytest.raises(CommandError):
        call_command("demo", "--no-serve", "--password", "short")


@pytest.mark.slow
def test_serve_migrates_and_serves_pages_and_static_files_with_debug_off(tmp_path):
    import os
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "CONFERO_DATA_DIR": str(tmp_path / "data"), "DEBUG": "0"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "confero.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    assert r.status == 200 and "No workshop is published" in r.read().decode()
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "server did not come up"
                time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/confero/confero.css", timeout=5) as r:
            assert r.status == 200 and r.headers["Content-Type"].startswith("text/css")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
