"""Fixtures for the people tests."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def deliver(django_capture_on_commit_callbacks, mailoutbox):
    """``with deliver(): ...`` runs the block and delivers the mail it queued (on-commit hooks)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def link_in(body: str) -> str:
    """The path of the first http(s) link in a mail body."""
    match = re.search(r"https?://[^/\s]+(/\S*)", body)
    assert match, f"no link in mail:\n{body}"
    return match.group(1)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing with the production hasher costs ~0.3 s per password; these tests do not measure it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
