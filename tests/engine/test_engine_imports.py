"""The engine never imports Django, and its Celery app (distributed embedding) needs no Django settings.

One nuance, measured: kombu (Celery's messaging library) opportunistically imports
``django.utils.functional`` when Django is installed, to serialise Django's lazy strings. That is the
library's own optional integration: no settings, no apps, no database. So the engine modules are
checked for *any* Django import, and the Celery app module for anything beyond ``django.utils``.
"""

from __future__ import annotations

import ast
import os
import pkgutil
import subprocess
import sys

import confero.engine

CELERY_APP = "confero.engine.affinity.distributed"


def _django_modules_after_importing(names: list[str]) -> list[str]:
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return ast.literal_eval(out.stdout.strip())  # a printed list of module names


def test_no_engine_module_imports_django():
    names = [m.name for m in pkgutil.walk_packages(confero.engine.__path__, "confero.engine.")]
    assert CELERY_APP in names and "confero.engine.assign.reduction" in names
    assert _django_modules_after_importing([n for n in names if n != CELERY_APP]) == []


def test_engine_celery_app_needs_no_django_settings():
    loaded = _django_modules_after_importing([CELERY_APP])
    assert all(m == "django" or m.startswith("django.utils") for m in loaded), loaded
    assert "django.conf" not in loaded and "django.apps" not in loaded and "django.db" not in loaded
