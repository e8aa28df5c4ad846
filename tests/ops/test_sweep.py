"""confero sweep-uploads: files of interrupted uploads go, referenced files stay, missing ones are named."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from confero.ops.sweep import sweep

pytestmark = pytest.mark.django_db


def _age(path: Path, seconds: float) -> None:
    t = time.time() - seconds
    os.utime(path, (t, t))


def _media_files(settings) -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _orphan(settings, name: str, age: float) -> Path:
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 half written")
    _age(path, age)
    return path


def test_old_unreferenced_files_are_removed_referenced_and_young_ones_kept(settings, submit, author, capsys):
    sub = submit(author)
    for f in Path(settings.MEDIA_ROOT).rglob("*.pdf"):
        _age(f, 7200)  # referenced files are kept whatever their age
    old = _orphan(settings, "submissions/osfm/2/v1-deadbeef.pdf", 7200)
    young = _orphan(settings, "submissions/osfm/3/v1-cafef00d.pdf", 10)
    call_command("sweep_uploads")
    out = capsys.readouterr().out
    assert f"removed {old}" in out and "unreferenced upload" in out
    assert "removed 1 file(s)" in out and "kept 1 unreferenced file(s)" in out and "0 missing" in out
    assert _media_files(settings) == {sub.pdf.name, young.relative_to(settings.MEDIA_ROOT).as_posix()}
    assert not old.parent.exists() or any(old.parent.iterdir()) is False


def test_dry_run_removes_nothing(settings, submit, author, capsys):
    submit(author)
    before = _media_files(settings)
    old = _orphan(settings, "submissions/osfm/9/v1-deadbeef.pdf", 7200)
    call_command("sweep_uploads", "--dry-run")
    assert f"would remove {old}" in capsys.readouterr().out
    assert _media_files(settings) == before | {"submissions/osfm/9/v1-deadbeef.pdf"}


def test_every_version_pdf_counts_as_referenced(settings, submit, author):
    from .conftest import edit

    sub = submit(author)
    v1 = sub.pdf.name
    sub = edit(sub, author, title="A better title", new_pdf=True)
    assert sub.pdf.name != v1
    for f in Path(settings.MEDIA_ROOT).rglob("*"):
        _age(f, 7200)
    report = sweep(min_age=0)
    assert report.removed == [] and report.missing == []
    assert _media_files(settings) == {v1, sub.pdf.name}


def test_stale_temporary_uploads_are_removed(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads-tmp"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    stale = settings.FILE_UPLOAD_TEMP_DIR / "tmpab12cd.upload.pdf"
    stale.write_bytes(b"x" * 1000)
    _age(stale, 7200)
    fresh = settings.FILE_UPLOAD_TEMP_DIR / "tmpzz99yy.upload.pdf"
    fresh.write_bytes(b"y")
    other = settings.FILE_UPLOAD_TEMP_DIR / "notes.txt"  # not Django's: never touched
    other.write_text("keep")
    _age(other, 7200)
    report = sweep()
    assert [(x.path, x.kind) for x in report.removed] == [(stale, "temporary upload")]
    assert fresh.exists() and other.exists() and not stale.exists()


def test_missing_referenced_file_is_named_and_fails_the_command(settings, submit, author, capsys):
    sub = submit(author)
    (Path(settings.MEDIA_ROOT) / sub.pdf.name).unlink()
    with pytest.raises(CommandError, match="1 file"):
        call_command("sweep_uploads")
    err = capsys.readouterr().err
    assert f"MISSING {sub.pdf.name}" in err and f"submissions.Submission {sub.pk} pdf" in err


def test_negative_min_age_is_refused():
    with pytest.raises(CommandError, match="--min-age"):
        call_command("sweep_uploads", "--min-age", "-1")
