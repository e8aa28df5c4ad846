"""``confero restore``: an installation back from a backup archive (see archive.py, backup.py).

Order: check the archive completely (every member against the manifest's SHA-256) while unpacking it
next to the media directory; only then touch the installation. The database is migrated to the schema the
backup was made with, loaded in one transaction, then migrated to this Confero's schema; the media
directory is swapped in by a rename. Refuses to restore into an installation that holds anything unless
``force`` is given (then the database is emptied and the old media directory is kept aside).
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from .archive import DATABASE, MEDIA_PREFIX, BackupError, read_manifest, verify
from .files import referenced_files, safe_media_path

# Rows that `migrate` creates by itself: not a sign that the installation holds data.
AUTOMATIC = {"contenttypes.ContentType", "auth.Permission", "sessions.Session"}


@dataclass
class RestoreResult:
    objects: int = 0
    files: int = 0
    file_bytes: int = 0
    replaced_media: Path | None = None
    seconds: float = 0.0
    manifest: dict = field(default_factory=dict)


def installation_contents() -> tuple[dict[str, int], int]:
    """(rows per model that has any, number of files under MEDIA_ROOT)."""
    conn = connections[DEFAULT_DB_ALIAS]
    tables = set(conn.introspection.table_names())
    rows = {}
    for model in apps.get_models():
        label = model._meta.label
        if label in AUTOMATIC or model._meta.proxy or model._meta.db_table not in tables:
            continue
        n = model._base_manager.count()
        if n:
            rows[label] = n
    media = Path(settings.MEDIA_ROOT)
    files = sum(1 for p in media.rglob("*") if p.is_file()) if media.is_dir() else 0
    return rows, files


def _migrate_to(targets: dict[str, str]) -> None:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    graph = executor.loader.graph
    unknown = [f"{app}.{name}" for app, name in targets.items() if (app, name) not in graph.nodes]
    if unknown:
        raise BackupError(
            f"the backup was made with a newer Confero: migration {unknown[0]} is unknown here. "
            "Install that Confero version (or newer) and restore again."
        )
    plan_targets = list(targets.items())
    executor.migrate(plan_targets, plan=executor.migration_plan(plan_targets))


def restore_backup(path: Path, *, force: bool = False) -> RestoreResult:
    t0 = time.perf_counter()
    path = Path(path)
    manifest = read_manifest(path)
    rows, files = installation_contents()
    if (rows or files) and not force:
        what = ", ".join(f"{n} {label}" for label, n in sorted(rows.items())[:4]) or "no database rows"
        raise BackupError(
            f"this installation is not empty ({what}; {files} file(s) in {settings.MEDIA_ROOT}). Restore into "
            "an empty installation (a new CONFERO_DATA_DIR / DATABASE_URL), or pass --force to replace "
            "everything it holds."
        )
    media = Path(settings.MEDIA_ROOT)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    staging = media.parent / f".restore-{stamp}"
    result = RestoreResult(manifest=manifest)
    try:
        verify(path, manifest, extract_to=staging)  # raises BackupError naming the bad member
        conn = connections[DEFAULT_DB_ALIAS]
        if rows:
            call_command("flush", interactive=False, verbosity=0)
        _migrate_to(manifest["migrations"])
        from django.contrib.contenttypes.models import ContentType

        with transaction.atomic():
            ContentType.objects.all().delete()  # and permissions: the backup has them with their ids
            call_command("loaddata", str(staging / DATABASE), verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)  # to this Confero's schema
        conn.close()
        staged_media = staging / MEDIA_PREFIX.rstrip("/")
        staged_media.mkdir(exist_ok=True)
        if media.exists():
            if files:
                result.replaced_media = media.parent / f"media.replaced-{stamp}"
                media.rename(result.replaced_media)
            else:
                shutil.rmtree(media)
        staged_media.rename(media)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.objects = sum(manifest.get("counts", {}).values())
    members = [m for m in manifest["members"] if m["name"].startswith(MEDIA_PREFIX)]
    result.files, result.file_bytes = len(members), sum(m["size"] for m in members)
    absent = [n for n in referenced_files() if not safe_media_path(media, n).is_file()]
    expected_absent = {m["name"] for m in manifest.get("missing_files", [])}
    unexpected = [n for n in absent if n not in expected_absent]
    if unexpected:
        raise BackupError(
            f"after the restore, {len(unexpected)} referenced file(s) are missing, e.g. {unexpected[0]}"
        )
    result.seconds = time.perf_counter() - t0
    return result
