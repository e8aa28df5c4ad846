"""WSGI entry point: ``gunicorn confero.web.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confero.web.settings")
application = get_wsgi_application()
