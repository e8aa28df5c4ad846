"""The backup archive: one uncompressed tar file.

    manifest.json          format, Confero version, time, database vendor, migrations, counts, and the
                           size and SHA-256 of every other member
    database.json.gz       every row of every model (Django's JSON serialization: portable between
                           SQLite and PostgreSQL), sessions excepted
    media/<name>           every file a row points to, under its storage name

PDFs are already compressed, so the tar itself is not (only the database dump is gzipped).
"""

from __future__ import annotations

import functools
import hashlib
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path

FORMAT = "confero-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.json.gz"
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    """A backup or restore problem, with a message that names the file and what is wrong."""


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r:") as tar:
            info = tar.getmember(MANIFEST)
            raw = tar.extractfile(info).read()
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except KeyError:
        raise BackupError(f"{path}: not a Confero backup ({MANIFEST} is missing)") from None
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{path}: not a readable tar archive ({exc})") from None
    try:
        manifest = json.loads(raw)
    except ValueError as exc:
        raise BackupError(f"{path}: {MANIFEST} is not valid JSON ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: not a Confero backup (format {manifest.get('format')!r})")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path}: backup format version {manifest.get('format_version')} is not supported "
            f"(this Confero reads version {FORMAT_VERSION})"
        )
    return manifest


def verify(path: Path, manifest: dict, extract_to: Path | None = None) -> None:
    """Check every member against the manifest (present, size, SHA-256; nothing extra, no unsafe names).
    With ``extract_to``, also write each checked member there (only regular files, under their names)."""
    expected = {m["name"]: m for m in manifest["members"]}
    seen: set[str] = set()
    with tarfile.open(path, "r:") as tar:
        for info in tar:
            if info.name == MANIFEST:
                continue
            where = f"{path}: {info.name}"
            if info.name not in expected:
                raise BackupError(f"{where}: not listed in the manifest")
            if not info.isreg():
                raise BackupError(f"{where}: not a regular file")
            if info.name in seen:
                raise BackupError(f"{where}: appears twice")
            _check_name(info.name, where)
            want = expected[info.name]
            h = hashlib.sha256()
            out = None
            if extract_to is not None:
                target = extract_to / info.name
                target.parent.mkdir(parents=True, exist_ok=True)
                out = target.open("wb")
            try:
                src = tar.extractfile(info)
                for block in iter(functools.partial(src.read, 1 << 20), b""):
                    h.update(block)
                    if out is not None:
                        out.write(block)
            finally:
                if out is not None:
                    out.close()
            if info.size != want["size"] or h.hexdigest() != want["sha256"]:
                raise BackupError(
                    f"{where}: checksum mismatch (manifest: {want['size']} bytes, sha256 {want['sha256'][:16]}...; "
                    f"archive: {info.size} bytes, sha256 {h.hexdigest()[:16]}...). The archive is damaged."
                )
            seen.add(info.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"{path}: {missing[0]}: listed in the manifest but missing from the archive")


def _check_name(name: str, where: str) -> None:
    parts = name.split("/")
    if name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts):
        raise BackupError(f"{where}: unsafe file name in the archive")
