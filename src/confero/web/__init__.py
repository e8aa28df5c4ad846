"""Confero's Django project: settings, URLs, WSGI, Celery."""
