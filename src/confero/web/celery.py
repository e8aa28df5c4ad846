"""Celery application. Used only when CELERY_BROKER_URL is set; otherwise tasks run inline.

Start a worker with ``celery -A confero.web.celery worker``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confero.web.settings")
app = Celery("confero")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
