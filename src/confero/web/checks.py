"""Deployment checks of Confero's own settings (``confero manage check --deploy``)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def base_url_is_set(app_configs, **kwargs):
    if settings.BASE_URL:
        return []
    return [
        Warning(
            "CONFERO_BASE_URL is not set: links in e-mails use the address of the request that caused "
            "the mail (or http://127.0.0.1:8000 from commands and workers).",
            hint="Set CONFERO_BASE_URL to the public address, e.g. https://review.example.org.",
            id="confero.W001",
        )
    ]
