"""Sweeping what an interrupted upload left behind, and finding files the database misses.

A submission's PDF is written to storage inside the database transaction that records it (services in
confero.submissions); when the transaction fails the file is removed again. A process killed in between
(kill -9, out of memory, power loss) leaves a file that no row points to. Django's temporary upload files
(FILE_UPLOAD_TEMP_DIR) are left behind the same way. Neither is ever visible to anyone; this removes them.

Files younger than ``min_age`` are kept: a request still in flight writes its file before it commits.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from .files import referenced_files

DEFAULT_MIN_AGE = 3600  # seconds; far above the longest request (gunicorn timeout 60 s)


@dataclass
class Leftover:
    path: Path
    size: int
    age: float  # seconds since last modification
    kind: str  # "unreferenced upload" or "temporary upload"


@dataclass
class SweepReport:
    removed: list[Leftover] = field(default_factory=list)
    too_young: list[Leftover] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (storage name, row)
    referenced: int = 0

    @property
    def removed_bytes(self) -> int:
        return sum(x.size for x in self.removed)


def _files(root: Path):
    if root.is_dir():
        yield from (p for p in root.rglob("*") if p.is_file() or p.is_symlink())


def temp_upload_dir() -> Path | None:
    temp = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    return Path(temp) if temp else None


def sweep(
    *, min_age: float = DEFAULT_MIN_AGE, dry_run: bool = False, now: float | None = None
) -> SweepReport:
    media = Path(settings.MEDIA_ROOT)
    now = time.time() if now is None else now
    # List the files first, then ask which are referenced: a file written after the listing is not
    # considered at all, and one listed but committed meanwhile is younger than min_age.
    candidates = []
    for path in _files(media):
        st = path.lstat()
        candidates.append(Leftover(path, st.st_size, now - st.st_mtime, "unreferenced upload"))
    temp = temp_upload_dir()
    if temp is not None and temp.resolve() != media.resolve():
        for path in _files(temp):
            if ".upload" in path.name:  # Django names them tmpXXXX.upload[.ext]
                st = path.lstat()
                candidates.append(Leftover(path, st.st_size, now - st.st_mtime, "temporary upload"))
    refs = referenced_files()
    report = SweepReport(referenced=len(refs))
    for item in candidates:
        if item.kind == "unreferenced upload" and item.path.relative_to(media).as_posix() in refs:
            continue
        if item.age < min_age:
            report.too_young.append(item)
            continue
        if not dry_run:
            try:
                item.path.unlink()
            except FileNotFoundError:
                continue
        report.removed.append(item)
    if not dry_run:
        _remove_empty_dirs(media, now - min_age)
    for name, row in sorted(refs.items()):
        if not (media / name).is_file():
            report.missing.append((name, row))
    return report


def _remove_empty_dirs(root: Path, older_than: float) -> None:
    """Empty directories untouched since ``older_than`` (an upload in flight may have just made one)."""
    if not root.is_dir():
        return
    for d in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        try:
            if d.stat().st_mtime < older_than:
                d.rmdir()  # only succeeds when empty
        except OSError:
            pass
