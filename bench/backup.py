"""Backup and restore of the OS-FMs demo: time, size, and an exact round trip.

    .venv/bin/python bench/backup.py [--repeat 3] [--pg-url postgres://postgres@127.0.0.1:5432]

Loads the demo (60 submissions with PDFs, ~150 people, audit log, outbox) into a fresh SQLite data
directory, then ``confero backup`` and ``confero restore`` into (a) a new SQLite data directory and (b) a
new PostgreSQL database (cross-database), and (c) back up the PostgreSQL copy and restore it into SQLite.
Each restored installation is backed up again and its database dump and files are compared with the
original's (same rows, same bytes). Then --large submissions with ~5 MB PDFs are added and one backup and
one restore (SQLite) are timed again. Times are wall-clock medians of --repeat runs of the whole command
(process start included). Prints markdown.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def env_for(data_dir: Path, database_url: str | None) -> dict:
    env = {**os.environ, "CONFERO_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def confero(env: dict, *args: str) -> float:
    t0 = time.perf_counter()
    out = subprocess.run([str(BIN / "confero"), *args], env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"confero {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
    return time.perf_counter() - t0


def psql(pg: str, sql: str) -> None:
    subprocess.run(["psql", f"{pg}/postgres", "-q", "-c", sql], check=True, capture_output=True)


def contents(archive: Path) -> tuple[dict, dict]:
    """(rows keyed by (model, pk) with fields normalised, files name -> sha256) of a backup archive."""
    with tarfile.open(archive) as tar:
        rows = json.loads(gzip.decompress(tar.extractfile("database.json.gz").read()))
        manifest = json.loads(tar.extractfile("manifest.json").read())
    files = {m["name"]: m["sha256"] for m in manifest["members"] if m["name"].startswith("media/")}
    return {(r["model"], json.dumps(r["pk"])): r["fields"] for r in rows}, files


def add_large_submissions(env: dict, work: Path, n: int) -> None:
    """n more submissions, each with its own ~5 MB PDF (bench/rush.py's paper), through the services."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from rush import make_base_pdf

    pdf = work / "large-base.pdf"
    make_base_pdf(pdf, 5_000_000)
    code = f"""
import django
django.setup()
from pathlib import Path
from django.core.files.base import ContentFile
from confero.people.models import User
from confero.submissions.services import AuthorData, SubmissionData, create_submission
from confero.workshops.models import Workshop
from rush_client import pdf_for

base = Path({str(pdf)!r}).read_bytes()
ws = Workshop.objects.get(slug="os-fms-2025")
category, topics = ws.categories.get(key="regular"), list(ws.topics.all())
for i in range({n}):
    u = User.objects.create_user(email=f"large{{i}}@bench.example", password=None, name=f"Large {{i}}", email_verified=True)
    data = SubmissionData(
        title=f"Large paper {{i}}", abstract="A large paper. " * 20, category=category, primary_topic=topics[0],
        authors=[AuthorData(u.name, u.email, "Bench University")], policies_agreed=True,
    )
    create_submission(workshop=ws, user=u, data=data, pdf=ContentFile(pdf_for(base, 10_000 + i), name="paper.pdf"))
"""
    subprocess.run(
        [sys.executable, "-c", code],
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "confero.web.settings",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONPATH": str(Path(__file__).resolve().parent),
        },
        check=True,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    ap.add_argument(
        "--large", type=int, default=200, help="then add this many 5 MB PDFs and measure again (0: skip)"
    )
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="confero-backup-bench-"))
    pg_db = f"confero_backup_bench_{os.getpid()}"
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    source = env_for(work / "source", None)
    confero(source, "demo", "--no-serve", "--password", "bench-password-1")
    rows = []
    try:
        times = []
        for k in range(args.repeat):
            times.append(confero(source, "backup", str(work / f"demo-{k}.tar")))
        archive = work / "demo-0.tar"
        original = contents(archive)
        manifest = json.loads(tarfile.open(archive).extractfile("manifest.json").read())
        n_rows, n_files = sum(manifest["counts"].values()), len(original[1])
        file_bytes = sum(m["size"] for m in manifest["members"] if m["name"].startswith("media/"))
        rows.append(("backup (SQLite)", statistics.median(times), archive.stat().st_size, "-"))
        targets = [
            ("restore into a new SQLite installation", None),
            ("restore into a new PostgreSQL database", "pg"),
        ]
        for label, kind in targets:
            times, same = [], True
            for k in range(args.repeat):
                url = None
                if kind == "pg":
                    psql(args.pg_url, f"DROP DATABASE IF EXISTS {pg_db}")
                    psql(args.pg_url, f"CREATE DATABASE {pg_db}")
                    url = f"{args.pg_url}/{pg_db}"
                target = env_for(work / f"restored-{kind}-{k}", url)
                times.append(confero(target, "restore", str(archive)))
                again = work / f"again-{kind}-{k}.tar"
                confero(target, "backup", str(again))
                same = same and contents(again) == original
                if kind == "pg" and k == args.repeat - 1:  # PostgreSQL -> SQLite as well
                    back = env_for(work / "back-to-sqlite", None)
                    t = confero(back, "restore", str(again))
                    confero(back, "backup", str(work / "back.tar"))
                    rows.append(
                        (
                            "restore the PostgreSQL copy's backup into SQLite",
                            t,
                            None,
                            contents(work / "back.tar") == original,
                        )
                    )
            rows.insert(len(rows) - (1 if kind == "pg" else 0), (label, statistics.median(times), None, same))
        if args.large:
            add_large_submissions(source, work, args.large)
            t = confero(source, "backup", str(work / "large.tar"))
            large = contents(work / "large.tar")
            big = json.loads(tarfile.open(work / "large.tar").extractfile("manifest.json").read())
            big_bytes = sum(m["size"] for m in big["members"] if m["name"].startswith("media/"))
            label = f"demo + {args.large} submissions with 5 MB PDFs ({big_bytes / 1e9:.2f} GB of PDFs)"
            rows.append((f"backup, {label}", t, (work / "large.tar").stat().st_size, "-"))
            target = env_for(work / "restored-large", None)
            t = confero(target, "restore", str(work / "large.tar"))
            confero(target, "backup", str(work / "large-again.tar"))
            rows.append(
                (f"restore into SQLite, {label}", t, None, contents(work / "large-again.tar") == large)
            )
    finally:
        psql(args.pg_url, f"DROP DATABASE IF EXISTS {pg_db}")
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"Measured {time.strftime('%Y-%m-%d')} with `.venv/bin/python bench/backup.py --repeat {args.repeat}`, "
        f"load average {load} before. The demo: {n_rows:,} database rows, {n_files} PDFs "
        f"({file_bytes / 1e6:.2f} MB).\n"
    )
    print("| step | median s | archive size | identical after a round trip |")
    print("|---|---:|---:|---|")
    for label, seconds, size, same in rows:
        size_s = f"{size / 1e6:.2f} MB" if size else ""
        same_s = same if isinstance(same, str) else ("yes" if same else "NO")
        print(f"| {label} | {seconds:.2f} | {size_s} | {same_s} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
