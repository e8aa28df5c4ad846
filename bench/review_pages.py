"""Reviewing pages at workshop scale, served by gunicorn over real HTTP on localhost.

Builds its own workshop in an empty database: 1,000 submissions, 300 PC members, three reviewers per paper
(3,000 assignments, 10 per reviewer), 70 % of the reviews submitted and 15 % drafts (each submitted review
with its first version), a discussion post on every other paper, and 20 papers the organizer has a conflict
with. Then starts gunicorn (2 workers), logs in as a PC member and as the organizer, and times each page
(server + transfer, no browser rendering): median and 95th percentile.

    .venv/bin/python bench/review_pages.py [--repeat 50] [--markdown] [--database-url postgres://…/confero_bench]
    .venv/bin/python bench/review_pages.py --cpu      # CPU time per request, in-process (test client)

Without --database-url the workshop lives in an SQLite file in a temporary directory. A --database-url must
name a database whose name contains "bench": it is dropped and created again.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_pages import PASSWORD, Session, free_port  # noqa: E402 - the sibling benchmark's HTTP helpers

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
CORPUS = ROOT / "src/confero/engine/affinity/data/daily_papers.jsonl"
SLUG = "bench"
PAPERS, PC, PER_PAPER = 1000, 300, 3
REVIEWER_EMAIL, ORGANIZER_EMAIL = "pc0@bench.example.org", "organizer@bench.example.org"


def fresh_database(url: str) -> None:
    """Drop and create the database named in ``url`` (its name must contain 'bench')."""
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to drop database {name!r}: its name must contain 'bench'")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def build(seed: int = 7) -> dict:
    """Create the workshop; return the paths to time."""
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from confero.matching.models import Assignment
    from confero.people.models import Role, User
    from confero.phases import services as phases
    from confero.reviews.defaults import DEFAULT_QUESTIONS
    from confero.reviews.models import Comment, Review, ReviewVersion
    from confero.reviews.services import questions_of
    from confero.submissions.models import DeclaredConflict, Submission, SubmissionAuthor
    from confero.workshops.models import Deadline, SubmissionCategory, Topic, Workshop

    rng = random.Random(seed)
    now = timezone.now()
    corpus = [json.loads(line) for line in CORPUS.read_text().splitlines() if line.strip()]
    ws = Workshop.objects.create(slug=SLUG, name="Benchmark Workshop", acronym="BENCH", is_published=True)
    topics = [Topic.objects.create(workshop=ws, key=f"t{i}", title=f"Topic {i}", order=i) for i in range(8)]
    category = SubmissionCategory.objects.create(workshop=ws, key="regular", title="Regular", max_pages=9)
    Deadline.objects.create(workshop=ws, kind="submission", at=now - dt.timedelta(days=20))
    Deadline.objects.create(workshop=ws, kind="review", at=now + dt.timedelta(days=5))
    organizer = User.objects.create_user(email=ORGANIZER_EMAIL, password=PASSWORD, name="Olga Organizer")
    reviewer = User.objects.create_user(email=REVIEWER_EMAIL, password=PASSWORD, name="Pat Zero")
    pc = [reviewer] + User.objects.bulk_create(
        User(
            username=f"pc{i}@bench.example.org",
            email=f"pc{i}@bench.example.org",
            name=f"PC Member {i}",
            password="!",
            email_verified=True,
        )
        for i in range(1, PC)
    )
    authors = User.objects.bulk_create(
        User(
            username=f"author{i}@bench.example.org",
            email=f"author{i}@bench.example.org",
            name=f"Author {i}",
            password="!",
            email_verified=True,
        )
        for i in range(PAPERS)
    )
    Role.objects.create(workshop=ws, user=organizer, kind=Role.Kind.ORGANIZER)
    Role.objects.bulk_create(Role(workshop=ws, user=u, kind=Role.Kind.PC) for u in pc)
    papers = Submission.objects.bulk_create(
        Submission(
            workshop=ws,
            number=i + 1,
            title=corpus[i % len(corpus)]["title"][:300],
            abstract=corpus[i % len(corpus)]["abstract"],
            category=category,
            primary_topic=topics[i % 8],
            previously_published=False,
            policies_agreed=True,
            created_by=authors[i],
        )
        for i in range(PAPERS)
    )
    SubmissionAuthor.objects.bulk_create(
        SubmissionAuthor(submission=p, order=1, email=a.email, name=a.name, user=a)
        for p, a in zip(papers, authors, strict=True)
    )
    DeclaredConflict.objects.bulk_create(
        DeclaredConflict(submission=p, person=organizer, reason="same lab") for p in rng.sample(papers, 20)
    )
    questions_of(ws)  # the default form
    assignments = Assignment.objects.bulk_create(
        Assignment(
            workshop=ws,
            submission=p,
            reviewer=pc[(PER_PAPER * i + k) % PC],
            label="ABC"[k],
            origin="matching",
        )
        for i, p in enumerate(papers)
        for k in range(PER_PAPER)
    )
    text = {q["key"]: "Lorem ipsum " * 40 for q in DEFAULT_QUESTIONS if q["kind"] == "text"}
    reviews = []
    mine = [a for a in assignments if a.reviewer_id == reviewer.pk]
    forced = {
        mine[0].pk: 0.80,
        mine[1].pk: 0.0,
    }  # the timed reviewer: a draft on one paper, a review on another
    for a in assignments:
        roll = forced.get(a.pk) if a.pk in forced else rng.random()
        if roll > 0.85:
            continue
        submitted = roll < 0.70
        answers = {
            **text,
            "overall": rng.randint(1, 10),
            "confidence": rng.randint(1, 5),
            "recommendation": "none",
        }
        reviews.append(
            Review(
                assignment=a,
                submission_id=a.submission_id,
                reviewer_id=a.reviewer_id,
                status="submitted" if submitted else "draft",
                submitted_at=now if submitted else None,
                answers=answers,
                overall=answers["overall"],
                confidence=answers["confidence"],
            )
        )
    reviews = Review.objects.bulk_create(reviews)
    ReviewVersion.objects.bulk_create(
        ReviewVersion(
            review=r,
            number=1,
            answers=r.answers,
            overall=r.overall,
            confidence=r.confidence,
            submitted_at=now,
        )
        for r in reviews
        if r.status == "submitted"
    )
    Comment.objects.bulk_create(
        Comment(
            submission=p,
            author=organizer,
            body="Please discuss the *spread* of scores.",
            author_label="Organizer",
        )
        for p in papers[::2]
    )
    phases.switch_to(ws, "discussion", actor=None)
    number = {p.pk: p.number for p in papers}
    form_paper, read_paper = number[mine[0].submission_id], number[mine[1].submission_id]
    return {
        "form_paper": form_paper,
        "read_paper": read_paper,
        "assigned": len(mine),
        "reviews": len(reviews),
    }


def time_pages(base: str, info: dict, repeat: int) -> list[tuple]:
    reviewer, organizer = Session(base), Session(base)
    reviewer.login(REVIEWER_EMAIL)
    organizer.login(ORGANIZER_EMAIL)
    f, r = info["form_paper"], info["read_paper"]
    pages = [
        (f"reviewer: my papers ({info['assigned']})", reviewer, f"/{SLUG}/review/"),
        ("reviewer: review form (a draft)", reviewer, f"/{SLUG}/review/{f}/edit/"),
        ("reviewer: paper, other reviews, discussion", reviewer, f"/{SLUG}/review/{r}/"),
        ("organizer: progress per paper (page 1 of 20)", organizer, f"/{SLUG}/manage/reviews/"),
        (
            "organizer: progress, incomplete by spread",
            organizer,
            f"/{SLUG}/manage/reviews/?view=incomplete&sort=spread",
        ),
        ("organizer: progress per reviewer (300)", organizer, f"/{SLUG}/manage/reviews/reviewers/"),
        ("organizer: one paper's reviews", organizer, f"/{SLUG}/manage/reviews/{r}/"),
    ]
    rows = []
    for label, session, path in pages:
        session.get(path)  # warm-up
        times = []
        for _ in range(repeat):
            status, body, seconds = session.get(path)
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
            times.append(seconds * 1000)
        rows.append((label, path, times, len(body)))
    rows.append(autosave(reviewer, f, repeat))
    return rows


def autosave(session: Session, number: int, repeat: int) -> tuple:
    """The form's autosave POST, each time with the version the previous save returned."""
    import re

    path = f"/{SLUG}/review/{number}/edit/"
    _, page, _ = session.get(path)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    version = int(re.search(rb'name="version" value="(\d+)"', page).group(1))
    times = []
    for i in range(repeat + 1):
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "version": version, "summary": f"draft {i}"}
        )
        request = urllib.request.Request(
            session.base + f"/{SLUG}/review/{number}/autosave/",
            data=data.encode(),
            headers={"Referer": session.base + path},
        )
        t0 = time.perf_counter()
        with session.opener.open(request) as response:
            version = json.loads(response.read())["version"]
        if i:  # the first one is the warm-up
            times.append((time.perf_counter() - t0) * 1000)
    return ("reviewer: autosave a draft (POST)", f"/{SLUG}/review/{number}/autosave/", times, 0)


def cpu_times(info: dict, repeat: int) -> list[tuple]:
    """The same pages through Django's test client in this process: CPU time per request (the server's own
    work, SQLite included; independent of other processes competing for the cores)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from confero.people.models import User

    settings.ALLOWED_HOSTS = ["*"]
    reviewer, organizer = Client(), Client()
    reviewer.force_login(User.objects.get(email=REVIEWER_EMAIL))
    organizer.force_login(User.objects.get(email=ORGANIZER_EMAIL))
    f, r = info["form_paper"], info["read_paper"]
    pages = [
        ("reviewer: my papers", reviewer, f"/{SLUG}/review/"),
        ("reviewer: review form (a draft)", reviewer, f"/{SLUG}/review/{f}/edit/"),
        ("reviewer: paper, other reviews, discussion", reviewer, f"/{SLUG}/review/{r}/"),
        ("organizer: progress per paper", organizer, f"/{SLUG}/manage/reviews/"),
        ("organizer: progress per reviewer", organizer, f"/{SLUG}/manage/reviews/reviewers/"),
        ("organizer: one paper's reviews", organizer, f"/{SLUG}/manage/reviews/{r}/"),
    ]
    rows = []
    for label, client, path in pages:
        client.get(path)  # warm-up
        with CaptureQueriesContext(connection) as queries:
            size = len(client.get(path).content)
        label = f"{label} ({len(queries.captured_queries)} queries)"
        times = []
        for _ in range(repeat):
            t0 = time.process_time()
            if client.get(path).status_code != 200:
                raise SystemExit(f"{path}: not 200")
            times.append((time.process_time() - t0) * 1000)
        rows.append((label, path, times, size))
    return rows


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument(
        "--cpu",
        action="store_true",
        help="time CPU per request in this process (test client) instead of HTTP",
    )
    ap.add_argument(
        "--database-url", default=None, help="a PostgreSQL database to drop and fill (name with 'bench')"
    )
    args = ap.parse_args()
    data_dir = tempfile.mkdtemp(prefix="confero-review-bench-")
    os.environ["CONFERO_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        fresh_database(args.database_url)
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confero.web.settings")
    import django

    django.setup()
    t0 = time.perf_counter()
    info = build()
    print(
        f"built the workshop in {time.perf_counter() - t0:.1f} s ({info['reviews']:,} reviews)",
        file=sys.stderr,
    )
    if args.cpu:
        report(cpu_times(info, args.repeat), args.markdown, unit="CPU ")
        return 0
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "confero.web.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=dict(os.environ),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        rows = time_pages(base, info, args.repeat)
    finally:
        server.terminate()
        server.wait(timeout=10)
    report(rows, args.markdown)
    return 0


def report(rows: list[tuple], markdown: bool, unit: str = "") -> None:
    if markdown:
        print(f"| page | path | median {unit}ms | p95 {unit}ms | bytes |\n|---|---|---:|---:|---:|")
        for label, path, times, size in rows:
            print(f"| {label} | `{path}` | {statistics.median(times):.1f} | {p95(times):.1f} | {size:,} |")
    else:
        for label, _path, times, size in rows:
            print(
                f"{label:46s} median {statistics.median(times):7.1f} {unit}ms  p95 {p95(times):7.1f} {unit}ms"
                f"  {size:>8,} B"
            )


if __name__ == "__main__":
    sys.exit(main())
