"""The organizer's review progress pages, served by gunicorn over real HTTP on localhost: p50 and p95.

Builds the workshop of bench/review_pages.py (its ``build``: three reviewers per paper, 70 % of the reviews
submitted, 15 % drafts, a discussion post on every other paper, 20 papers the organizer has a conflict with)
at the size asked, starts gunicorn (2 workers), logs in as the organizer and times each progress view
(server + transfer, no browser rendering).

    .venv/bin/python bench/progress.py [--papers 1000] [--pc 300] [--repeat 50] [--markdown]
                                       [--database-url postgres://…/confero_progress_bench]

Without --database-url the workshop lives in an SQLite file in a temporary directory. A --database-url must
name a database whose name contains "bench": it is dropped and created again.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import review_pages as rp  # noqa: E402 - the sibling benchmark builds the workshop
from web_pages import Session, free_port  # noqa: E402


def pages(papers: int, pc: int) -> list[tuple[str, str]]:
    s = rp.SLUG
    return [
        (f"progress per paper, page 1 ({papers:,} papers)", f"/{s}/manage/reviews/"),
        ("progress per paper, page 10", f"/{s}/manage/reviews/?page=10"),
        ("progress, reviews missing, by spread", f"/{s}/manage/reviews/?view=incomplete&sort=spread"),
        ("progress, search by title word", f"/{s}/manage/reviews/?q=model"),
        (f"progress per reviewer ({pc:,})", f"/{s}/manage/reviews/reviewers/"),
    ]


def time_pages(base: str, papers: int, pc: int, repeat: int) -> list[tuple]:
    organizer = Session(base)
    organizer.login(rp.ORGANIZER_EMAIL)
    rows = []
    for label, path in pages(papers, pc):
        organizer.get(path)  # warm-up
        times = []
        for _ in range(repeat):
            status, body, seconds = organizer.get(path)
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
            times.append(seconds * 1000)
        rows.append((label, path, times, len(body)))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=1000)
    ap.add_argument("--pc", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--database-url", default=None, help="a PostgreSQL database to drop and fill ('bench')")
    args = ap.parse_args()
    if args.papers < 20 or args.pc < 2 * rp.PER_PAPER:
        raise SystemExit("use at least 20 papers and 6 PC members")
    rp.PAPERS, rp.PC = args.papers, args.pc
    os.environ["CONFERO_DATA_DIR"] = tempfile.mkdtemp(prefix="confero-progress-bench-")
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        rp.fresh_database(args.database_url)
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confero.web.settings")
    import django

    django.setup()
    t0 = time.perf_counter()
    info = rp.build()
    print(f"built in {time.perf_counter() - t0:.1f} s ({info['reviews']:,} reviews)", file=sys.stderr)
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = subprocess.Popen(
        [str(rp.VENV_BIN / "gunicorn"), "confero.web.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        env=dict(os.environ),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        rows = time_pages(base, args.papers, args.pc, args.repeat)
    finally:
        server.terminate()
        server.wait(timeout=10)
    db = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"{args.papers:,} papers × {args.pc:,} PC members, {db}, {args.repeat} requests per page; "
        f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
        file=sys.stderr,
    )
    rp.report(rows, args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
