"""Which stored files the database points to: every non-empty value of every FileField of every model.

Confero never changes a stored file: a new PDF version is a new file, so "referenced" is the whole truth
about what must be kept (and backed up); anything else under MEDIA_ROOT is a leftover.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.apps import apps
from django.db import models


def file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


def referenced_files(using: str = "default") -> dict[str, str]:
    """Storage name -> the first row that points to it, e.g. ``submissions.Submission 12 pdf``."""
    refs: dict[str, str] = {}
    for model, field in file_fields():
        rows = model._base_manager.using(using).exclude(**{field.name: ""}).exclude(**{field.name: None})
        for pk, name in rows.values_list("pk", field.name).order_by("pk").iterator():
            refs.setdefault(name, f"{model._meta.label} {pk} {field.name}")
    return refs


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def safe_media_path(media_root: Path, name: str) -> Path:
    """The path of storage name ``name`` under media_root; ValueError for names that leave it."""
    if (
        not name
        or name.startswith(("/", "\\"))
        or "\\" in name
        or any(p in ("", ".", "..") for p in name.split("/"))
    ):
        raise ValueError(f"unsafe file name {name!r}")
    return media_root / name
