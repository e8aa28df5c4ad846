"""Everything an installation holds, as JSON: every row of every model (sessions excepted) and the
SHA-256 of the bytes of every file a row points to. Two installations hold the same data exactly when
``describe()`` returns the same value (pks and timestamps included).

    python tests/ops/state.py          # with the installation's CONFERO_DATA_DIR / DATABASE_URL set
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path


def describe() -> dict:
    from django.apps import apps
    from django.conf import settings

    from confero.ops.files import referenced_files

    rows = {}
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if model._meta.label == "sessions.Session" or model._meta.proxy:
            continue
        fields = [f for f in model._meta.concrete_fields]
        rows[model._meta.label] = [
            {f.attname: _value(getattr(obj, f.attname)) for f in fields}
            for obj in model._base_manager.order_by("pk")
        ]
        for m2m in model._meta.many_to_many:
            rows[f"{model._meta.label}.{m2m.name}"] = [
                [obj.pk, sorted(getattr(obj, m2m.name).values_list("pk", flat=True))]
                for obj in model._base_manager.order_by("pk")
            ]
    media = Path(settings.MEDIA_ROOT)
    files = {
        name: hashlib.sha256((media / name).read_bytes()).hexdigest() if (media / name).is_file() else None
        for name in sorted(referenced_files())
    }
    return {"rows": rows, "files": files}


def _value(v):
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if isinstance(v, (dict, list)):
        return json.loads(json.dumps(v, sort_keys=True))
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confero.web.settings")
    import django

    django.setup()
    json.dump(describe(), sys.stdout, sort_keys=True)
