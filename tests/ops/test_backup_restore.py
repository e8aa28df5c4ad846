"""confero backup / restore: into an empty installation (SQLite and PostgreSQL, across the two), every
row, version and PDF byte for byte; damaged archives and non-empty targets are refused with a clear error."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from confero.submissions.models import Submission, SubmissionVersion

from .conftest import edit
from .state import describe

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("CONFERO_TEST_PG", "postgres://postgres@127.0.0.1:5432")


@pytest.fixture
def installation(workshop, author, organizer, make_user, submit, settings):
    """A workshop with three submissions: one edited twice (new PDF, then title only), one withdrawn."""
    from confero.submissions.services import withdraw_submission

    a = submit(author, "First paper", coauthor="co@uni-d.edu")
    a = edit(a, author, title="First paper, revised", new_pdf=True)
    a = edit(a, author, title="First paper, final", new_pdf=False)
    other = make_user(email="other@uni-e.edu", name="Otto Other")
    submit(other, "Second paper")
    c = submit(author, "Third paper")
    withdraw_submission(c, user=author, expected_version=c.version)
    assert SubmissionVersion.objects.count() == 6
    return settings


def _env(data_dir: Path, database_url: str | None) -> dict:
    env = {**os.environ, "CONFERO_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "confero.web.settings"}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _confero(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "confero.cli", *args], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"confero {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def _state(env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, str(ROOT / "tests/ops/state.py")], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture
def pg_database():
    """An empty PostgreSQL database for a restored installation (dropped afterwards)."""
    psycopg = pytest.importorskip("psycopg")
    name = f"confero_restore_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {PG}: {exc}")
    admin.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{PG}/{name}"
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def _round_trip(installation, tmp_path, database_url):
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive))
    source = describe()
    target = _env(tmp_path / "restored", database_url)
    out = _confero(target, "restore", str(archive)).stdout
    assert "Restored" in out and "files" in out
    restored = _state(target)
    assert restored["rows"]["submissions.Submission"] == source["rows"]["submissions.Submission"]
    assert (
        restored["rows"]["submissions.SubmissionVersion"] == source["rows"]["submissions.SubmissionVersion"]
    )
    assert restored == source  # every other row too, with the same ids and times
    # PDFs byte for byte: every version's file, read from both media directories
    names = [v.pdf.name for v in SubmissionVersion.objects.all()]
    assert len(set(names)) == 4  # three first versions and one new PDF
    for name in names:
        assert (tmp_path / "restored" / "media" / name).read_bytes() == (
            Path(installation.MEDIA_ROOT) / name
        ).read_bytes()
    return target


def test_restore_into_an_empty_sqlite_installation(installation, tmp_path):
    target = _round_trip(installation, tmp_path, None)
    # the restored installation works: new rows get new ids (sequences follow the loaded data)
    code = (
        "import django; django.setup();"
        "from confero.people.models import User;"
        "print(User.objects.create_user(email='new@x.example', password=None, name='N').pk)"
    )
    out = subprocess.run([sys.executable, "-c", code], env=target, capture_output=True, text=True, check=True)
    assert int(out.stdout) > max(r["id"] for r in describe()["rows"]["people.User"])


def test_restore_into_an_empty_postgresql_installation(installation, tmp_path, pg_database):
    target = _round_trip(installation, tmp_path, pg_database)
    code = (
        "import django; django.setup();"
        "from confero.audit.models import AuditEvent;"
        "print(AuditEvent.objects.create(action='x').pk)"
    )
    out = subprocess.run([sys.executable, "-c", code], env=target, capture_output=True, text=True, check=True)
    assert int(out.stdout) > max(r["id"] for r in describe()["rows"]["audit.AuditEvent"])


def test_restore_refuses_a_non_empty_installation_unless_forced(installation, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive))
    target = _env(tmp_path / "restored", None)
    _confero(target, "restore", str(archive))
    again = _confero(target, "restore", str(archive), check=False)
    assert again.returncode != 0 and "not empty" in again.stderr and "--force" in again.stderr
    forced = _confero(target, "restore", "--force", str(archive))
    assert "previous media directory was kept" in forced.stdout
    assert _state(target) == describe()
    assert list((tmp_path / "restored").glob("media.replaced-*"))


def _rewrite(archive: Path, damaged: Path, change) -> None:
    with tarfile.open(archive) as src, tarfile.open(damaged, "w") as dst:
        for info in src:
            data = src.extractfile(info).read()
            data, info = change(info, data)
            if info is not None:
                info.size = len(data)
                dst.addfile(info, io.BytesIO(data))


def test_a_damaged_file_is_named_and_nothing_is_restored(installation, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive))
    victim = f"media/{Submission.objects.get(number=2).pdf.name}"

    def flip(info, data):
        if info.name == victim:
            data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
        return data, info

    _rewrite(archive, tmp_path / "damaged.tar", flip)
    target = _env(tmp_path / "restored", None)
    proc = _confero(target, "restore", str(tmp_path / "damaged.tar"), check=False)
    assert proc.returncode != 0
    assert f"{victim}: checksum mismatch" in proc.stderr and "damaged" in proc.stderr
    media = tmp_path / "restored" / "media"
    assert not media.exists() or not any(media.rglob("*"))
    assert not list((tmp_path / "restored").glob(".restore-*"))  # the unpacked copy is gone too
    db = tmp_path / "restored" / "confero.sqlite3"
    if db.exists():  # the archive is checked before the database is touched: not even migrated
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone() == (0,)


def test_a_member_missing_from_the_archive_is_named(installation, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive))
    victim = f"media/{Submission.objects.get(number=3).pdf.name}"
    _rewrite(
        archive, tmp_path / "short.tar", lambda info, data: (data, None if info.name == victim else info)
    )
    proc = _confero(_env(tmp_path / "restored", None), "restore", str(tmp_path / "short.tar"), check=False)
    assert proc.returncode != 0 and f"{victim}: listed in the manifest but missing" in proc.stderr


def test_not_a_backup(tmp_path):
    bogus = tmp_path / "notes.tar"
    bogus.write_bytes(b"hello")
    with pytest.raises(CommandError, match="not a readable tar archive"):
        call_command("restore", str(bogus))


def test_backup_refuses_when_a_referenced_file_is_missing(installation, tmp_path):
    name = Submission.objects.get(number=2).pdf.name
    (Path(installation.MEDIA_ROOT) / name).unlink()
    with pytest.raises(CommandError, match=f"missing, e.g. .*{name}"):
        call_command("backup", str(tmp_path / "b.tar"))
    assert not (tmp_path / "b.tar").exists() and not list(tmp_path.glob("*.partial"))
    call_command("backup", str(tmp_path / "b.tar"), "--allow-missing")
    with tarfile.open(tmp_path / "b.tar") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert [m["name"] for m in manifest["missing_files"]] == [name]


def test_backup_never_overwrites_and_takes_only_referenced_files(installation, tmp_path):
    leftover = Path(installation.MEDIA_ROOT) / "submissions/osfm/99/v1-00000000.pdf"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"%PDF- an interrupted upload")
    archive = tmp_path / "b.tar"
    call_command("backup", str(archive))
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "media/submissions/osfm/99/v1-00000000.pdf" not in names
    assert len([n for n in names if n.startswith("media/")]) == 4
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(archive))
