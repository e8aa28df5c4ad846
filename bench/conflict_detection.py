"""Conflict detection from the web app's database: ``confero.conflicts.detection.run_detection`` on a
generated workshop (default 1,000 submissions x 3 authors, 300 PC members x 20 publications), and the
organizers' queue and committee pages at that size.

The people, institutions, e-mail addresses (30 % webmail) and co-authorships come from
``bench/conflicts.py``'s seeded generator (homonyms, "Last, First" and initials in publication lists).

    .venv/bin/python bench/conflict_detection.py                       # SQLite in a temporary directory
    .venv/bin/python bench/conflict_detection.py --database-url postgres://postgres@127.0.0.1:5432/confero_detbench
        # (that database is dropped and created afresh)

Measured per run: reading the database into engine records, the engine, writing the merge (one
transaction), and the total (wall and CPU time of this process; on a shared machine compare CPU times). "First run" starts from an empty conflicts table; "re-run" merges into the
rows of a previous run (the idempotent path organizers take after profile changes).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _generator():
    spec = importlib.util.spec_from_file_location("bench_conflicts", HERE / "conflicts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_instance


def _fresh_postgres(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _load(n_papers: int, n_reviewers: int, pubs: int, seed: int):
    from confero.committee.models import Publication
    from confero.people.models import Affiliation, Role, User
    from confero.submissions.models import Submission, SubmissionAuthor
    from confero.workshops.models import ResearchArea, SubmissionCategory, Topic, Workshop

    submissions, reviewers = _generator()(n_papers, n_reviewers, pubs, seed)
    ws = Workshop.objects.create(slug="bench", name="Bench Workshop", acronym="BW", is_published=True)
    topic = Topic.objects.create(workshop=ws, key="t", title="Topic")
    category = SubmissionCategory.objects.create(workshop=ws, key="c", title="Paper", max_pages=9)
    area = ResearchArea.objects.create(workshop=ws, key="ml", name="ML")
    organizer = User.objects.create_user(
        email="organizer@bench.example", password="x", name="Bench Organizer"
    )
    Role.objects.create(workshop=ws, user=organizer, kind=Role.Kind.ORGANIZER)
    users = User.objects.bulk_create(
        [User(email=r.emails[0], username=r.emails[0], name=r.name, email_verified=True) for r in reviewers],
        batch_size=500,
    )
    Role.objects.bulk_create([Role(workshop=ws, user=u, kind=Role.Kind.PC) for u in users], batch_size=500)
    User.research_areas.through.objects.bulk_create(
        [User.research_areas.through(user_id=u.pk, researcharea_id=area.pk) for u in users]
    )
    Affiliation.objects.bulk_create(
        [
            Affiliation(user=u, institution=a.name, email_domain=a.domain, start_year=a.start, end_year=a.end)
            for u, r in zip(users, reviewers, strict=True)
            for a in r.affiliations
        ],
        batch_size=1000,
    )
    Publication.objects.bulk_create(
        [
            Publication(
                user=u, title=p.title, year=p.year, authors=list(p.authors), external_id=p.id, source="bibtex"
            )
            for u, r in zip(users, reviewers, strict=True)
            for p in r.publications
        ],
        batch_size=2000,
    )
    subs = Submission.objects.bulk_create(
        [
            Submission(
                workshop=ws,
                number=i + 1,
                title=s.title,
                abstract=s.abstract,
                category=category,
                primary_topic=topic,
                previously_published=False,
                policies_agreed=True,
                created_by=organizer,
            )  # fmt: skip
            for i, s in enumerate(submissions)
        ],
        batch_size=1000,
    )
    SubmissionAuthor.objects.bulk_create(
        [
            SubmissionAuthor(submission=row, order=k, name=a.name, email=a.email, affiliation=a.affiliation)
            for row, s in zip(subs, submissions, strict=True)
            for k, a in enumerate(s.authors)
        ],
        batch_size=2000,
    )
    return ws, organizer


def _page_ms(client, url: str, repeat: int) -> tuple[float, float, float, int]:
    """Median and max wall ms, median CPU ms of this process (the server side: Django's test client runs
    the view in-process, no HTTP), bytes."""
    from confero import permissions

    walls, cpus, size = [], [], 0
    for _ in range(repeat + 1):  # one warm-up
        permissions.forget()  # as a new request would: facts loaded again
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(url)
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
    return statistics.median(walls[1:]), max(walls[1:]), statistics.median(cpus[1:]), size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=1000)
    ap.add_argument("--reviewers", type=int, default=300)
    ap.add_argument("--pubs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--database-url", default=None, help="a PostgreSQL database to (re)create and use")
    args = ap.parse_args()

    os.environ["CONFERO_DATA_DIR"] = tempfile.mkdtemp(prefix="confero-detbench-")
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        _fresh_postgres(args.database_url)
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confero.web.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from confero.conflicts.detection import run_detection
    from confero.conflicts.models import Conflict

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    ws, organizer = _load(args.papers, args.reviewers, args.pubs, args.seed)
    print(f"database: {connection.vendor}; loaded {args.papers} submissions x {args.reviewers} PC members "
          f"({args.pubs} publications each) in {time.perf_counter() - t0:.1f} s")  # fmt: skip

    def timed():
        t, c = time.perf_counter(), time.process_time()
        report = run_detection(ws, actor=organizer, reference_year=2025)
        return report, time.perf_counter() - t, time.process_time() - c

    rows = {"first run": [], "re-run": []}
    report = None
    for _ in range(args.repeat):
        Conflict.objects.filter(workshop=ws).delete()
        report, total, cpu = timed()
        rows["first run"].append(
            (report.seconds_reading, report.seconds_engine, report.seconds_writing, total, cpu)
        )
    print(f"pairs found: {report.pairs_found} ({report.new_confirmed} confirmed, {report.new_potential} potential) "
          f"of {args.papers * (args.reviewers + 1):,} possible")  # fmt: skip
    for _ in range(args.repeat):
        report, total, cpu = timed()
        rows["re-run"].append(
            (report.seconds_reading, report.seconds_engine, report.seconds_writing, total, cpu)
        )
    assert report.new_confirmed == report.new_potential == report.removed == 0

    print(
        "\n| run | reading DB s | engine s | writing s | total wall s (median / max) | total CPU s (median) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, values in rows.items():
        med = [statistics.median(v[i] for v in values) for i in range(5)]
        worst = max(v[3] for v in values)
        print(
            f"| {name} | {med[0]:.2f} | {med[1]:.2f} | {med[2]:.2f} | {med[3]:.2f} / {worst:.2f} | {med[4]:.2f} |"
        )

    client = Client()
    client.force_login(organizer)
    print("\n| page | wall median ms | wall max ms | CPU median ms | bytes |")
    print("|---|---:|---:|---:|---:|")
    for label, url in [
        ("conflict queue (to review, 50 per page)", f"/{ws.slug}/manage/conflicts/"),
        ("conflict queue (confirmed)", f"/{ws.slug}/manage/conflicts/?status=confirmed"),
        ("committee page (all members)", f"/{ws.slug}/manage/committee/"),
    ]:
        median, worst, cpu, size = _page_ms(client, url, args.repeat)
        print(f"| {label} | {median:.0f} | {worst:.0f} | {cpu:.0f} | {size:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
