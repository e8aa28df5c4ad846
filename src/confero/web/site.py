"""The address of this installation, for links in e-mails.

``CONFERO_BASE_URL`` wins when the operator sets it (production behind a proxy must). Otherwise the links
point to the server that is answering the request that causes the mail — the scheme, host and port the
browser used (the host is checked against ``ALLOWED_HOSTS`` by Django before it is trusted) — so the demo
on ``--port 8080`` mails links to port 8080. Outside a request (commands, workers) the fallback is
``http://127.0.0.1:8000``.
"""

from __future__ import annotations

import contextvars

from django.conf import settings

FALLBACK = "http://127.0.0.1:8000"
_request_base: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "confero_request_base", default=None
)


def base_url() -> str:
    """Scheme, host and port, without a trailing slash."""
    return settings.BASE_URL or _request_base.get() or FALLBACK


def absolute(path: str) -> str:
    return base_url() + path


class RequestBaseUrlMiddleware:
    """Remember the address of the current request while it is being answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            base = f"{request.scheme}://{request.get_host()}"
        except Exception:  # DisallowedHost: Django answers 400 itself; mails fall back
            base = None
        token = _request_base.set(base)
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)
