"""Security headers and deployment settings (hardening issue, finding 7)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

SRC = Path(__file__).resolve().parents[2] / "src" / "confero"


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client, workshop):
    for url in ["/", reverse("site:cfp", args=[workshop.slug]), reverse("people:login")]:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "style-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_templates_have_no_inline_script_or_style():
    """The policy forbids them, so a template using one would break silently in the browser."""
    offenders = []
    for path in SRC.rglob("templates/**/*.html"):
        text = path.read_text()
        for pattern in (r"\sstyle=", r"<style", r"<script(?![^>]*\ssrc=)", r"\son[a-z]+=\""):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(SRC)}: {pattern}")
    assert not offenders, offenders


@pytest.mark.django_db
def test_favicon_is_answered(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)


def _check_deploy(tmp_path, **env):
    full = {
        **os.environ,
        "CONFERO_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-0123456789",
        "ALLOWED_HOSTS": "review.example.org",
        **env,
    }
    full.pop("DATABASE_URL", None)
    full.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own process
    return subprocess.run(
        [sys.executable, "-m", "confero.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_behind_https(tmp_path):
    result = _check_deploy(tmp_path, CONFERO_HTTPS="1", CONFERO_BASE_URL="https://review.example.org")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout, result.stdout + result.stderr


def test_deploy_check_says_what_is_missing(tmp_path):
    result = _check_deploy(tmp_path, CONFERO_HTTPS="0", CONFERO_BASE_URL="")
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "confero.W001" in out and "security.W008" in out  # base URL, SSL redirect
