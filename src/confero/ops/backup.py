"""``confero backup``: the database and every file it points to, consistent with each other.

Consistency: the database is read in one snapshot (SQLite in WAL mode: one read transaction; PostgreSQL:
one REPEATABLE READ, READ ONLY transaction), and the files are
the ones that snapshot points to. Confero never changes or deletes a stored file (a new PDF version is a
new file), so every file the snapshot points to is still there when it is copied. Writers are never
blocked. The archive is written to ``OUT.partial`` and renamed when complete.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction

from .archive import DATABASE, FORMAT, FORMAT_VERSION, MANIFEST, MEDIA_PREFIX, BackupError
from .files import referenced_files, safe_media_path

EXCLUDED_MODELS = ["sessions"]  # logins are not data; restoring them would only revive old sessions


@dataclass
class BackupResult:
    path: Path
    size: int = 0
    objects: int = 0
    files: int = 0
    file_bytes: int = 0
    missing: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


class _HashingReader(io.RawIOBase):
    def __init__(self, fh):
        self.fh, self.sha = fh, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = self.fh.readinto(b)
        if n:
            self.sha.update(memoryview(b)[:n])
        return n


@contextlib.contextmanager
def database_snapshot():
    """Run the body in one read-only snapshot of the database, without blocking writers.

    SQLite (WAL): a deferred read transaction (BEGIN, then a first read fixes the snapshot); PostgreSQL:
    REPEATABLE READ, READ ONLY. Inside an already open transaction (tests), that transaction is used."""
    conn = connections["default"]
    if conn.in_atomic_block:
        yield
    elif conn.vendor == "sqlite":
        conn.ensure_connection()
        with conn.cursor() as cur:
            cur.execute("BEGIN DEFERRED")
            try:
                cur.execute("SELECT count(*) FROM sqlite_master")  # the snapshot starts at the first read
                yield
            finally:
                cur.execute("ROLLBACK")  # nothing was written
    else:
        with transaction.atomic():
            if conn.vendor == "postgresql":
                with conn.cursor() as cur:
                    cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder without its rounding of times to milliseconds: a backup keeps them exactly."""

    def default(self, o):
        if isinstance(o, (dt.datetime, dt.time)):
            return o.isoformat()
        return super().default(o)


def backed_up_models(alias: str = "default") -> list:
    conn = connections[alias]
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in EXCLUDED_MODELS and not m._meta.proxy and m._meta.can_migrate(conn)
    ]


def dump_database(path: Path, alias: str = "default") -> None:
    """Every row of every model (Django's JSON fixture format, gzipped); loaddata reads it back."""
    from django.core import serializers

    def rows():
        for model in backed_up_models(alias):
            yield from (
                model._base_manager.using(alias).order_by(model._meta.pk.name).iterator(chunk_size=2000)
            )

    with gzip.open(path, "wt", encoding="utf-8") as fh:
        serializers.serialize("json", rows(), stream=fh, cls=_ExactEncoder)


def applied_migrations(alias: str) -> dict[str, str]:
    """For each app, the last applied migration (what restore migrates an empty database to)."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    applied = set(loader.applied_migrations)
    targets = {}
    for node in sorted(applied):
        if node not in loader.graph.nodes:
            continue
        later = [c for c in loader.graph.node_map[node].children if c.key[0] == node[0] and c.key in applied]
        if not later:
            targets[node[0]] = node[1]
    return targets


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
    tar.addfile(info, io.BytesIO(data))


def create_backup(out: Path, *, allow_missing: bool = False, progress: bool = False) -> BackupResult:
    """Write a backup archive to ``out`` (see archive.py for the layout)."""
    t0 = time.perf_counter()
    out = Path(out)
    if out.is_dir():
        out = out / f"confero-backup-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}.tar"
    if out.exists():
        raise BackupError(f"{out}: already exists; choose a new name (backups are never overwritten)")
    out.parent.mkdir(parents=True, exist_ok=True)
    media = Path(settings.MEDIA_ROOT)
    result = BackupResult(path=out)
    members: list[dict] = []
    partial = out.with_name(out.name + ".partial")
    with tempfile.TemporaryDirectory(prefix=".confero-backup-", dir=out.parent) as tmp:
        work = Path(tmp)
        dump = work / DATABASE
        alias = "default"
        with database_snapshot():
            dump_database(dump, alias)
            refs = referenced_files(using=alias)
            counts = {m._meta.label: m._base_manager.using(alias).count() for m in backed_up_models(alias)}
            migrations = applied_migrations(alias)
            vendor = connections[alias].vendor
        result.objects = sum(counts.values())
        for name, row in sorted(refs.items()):
            if not safe_media_path(media, name).is_file():
                result.missing.append((name, row))
        if result.missing and not allow_missing:
            name, row = result.missing[0]
            raise BackupError(
                f"{len(result.missing)} file(s) the database points to are missing, e.g. {media / name} "
                f"({row}); nothing was written. Run `confero sweep-uploads --dry-run` for the list, or "
                "pass --allow-missing to back up the rest."
            )
        missing = {name for name, _ in result.missing}
        names = [n for n in sorted(refs) if n not in missing]
        try:
            with (
                open(partial, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:", format=tarfile.PAX_FORMAT) as tar,
            ):
                data = dump.read_bytes()
                _add_bytes(tar, DATABASE, data)
                members.append(
                    {"name": DATABASE, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                )
                from tqdm import tqdm

                for name in tqdm(names, desc="files", unit="file", disable=not progress or None):
                    path = safe_media_path(media, name)
                    st = path.stat()
                    info = tarfile.TarInfo(MEDIA_PREFIX + name)
                    info.size, info.mtime, info.mode = st.st_size, int(st.st_mtime), 0o644
                    with path.open("rb") as fh:
                        reader = _HashingReader(fh)
                        tar.addfile(info, io.BufferedReader(reader))
                    members.append({"name": info.name, "size": st.st_size, "sha256": reader.sha.hexdigest()})
                    result.files += 1
                    result.file_bytes += st.st_size
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "confero_version": _version(),
                    "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "database_vendor": vendor,
                    "migrations": migrations,
                    "counts": counts,
                    "missing_files": [{"name": n, "row": r} for n, r in result.missing],
                    "members": members,
                }
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1).encode())
                tar.close()
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, out)
        except BaseException:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise
    result.size = out.stat().st_size
    result.seconds = time.perf_counter() - t0
    return result


def _version() -> str:
    from confero import __version__

    return __version__


__all__ = ["BackupResult", "create_backup", "database_snapshot"]
