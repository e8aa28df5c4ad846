"""Confero's Django project: settings, URLs, WSGI, Celery."""

# Importing the Celery application here makes it the default one in web processes, so tasks queued there
# (mail delivery, matching runs) use all CELERY_* settings, not only the broker URL.
from .celery import app as celery_app  # noqa: E402,F401
