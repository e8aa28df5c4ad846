"""Time per submission of the web check job (confero.checks.runner.execute): the engine's checks on the
stored PDF, prior publication against every other submission and an imported corpus, and storing the
results and findings.

    .venv/bin/python bench/checks_web.py [--papers 262] [--corpus 20000] [--measure 30]

Builds a temporary SQLite installation (CONFERO_DATA_DIR in /tmp): an OS-FMs-like workshop (its eight
topics with their scope text from ../shared/workshop/os-fms-2025.json), ``--papers`` submissions from
../shared/corpus/daily_papers.jsonl with real PDFs (title, abstract, body pages, references; made with
confero.submissions.samplepdf), and a corpus of ``--corpus`` papers (the field papers repeated with
synthetic ids and venues; imported through confero.checks.services.import_corpus). Then runs the check
job on ``--measure`` submissions, one after another in one warm process (as the background thread or a
Celery worker does), and prints wall and CPU seconds per run (median, p90, max), the prior check's part,
and the one-time costs (first run, building the corpus index).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _setup(args):
    tmp = tempfile.mkdtemp(prefix="confero-bench-checks-")
    os.environ["CONFERO_DATA_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confero.web.settings")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["CONFERO_CHECKS_ON_UPLOAD"] = "0"  # the bench runs the job itself
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    return tmp


def _workshop():
    import datetime as dt

    from django.utils import timezone

    from confero.people.models import User
    from confero.workshops.models import Deadline, SubmissionCategory, Topic, Workshop

    facts = json.loads((SHARED / "workshop" / "os-fms-2025.json").read_text())
    ws = Workshop.objects.create(slug="osfm", name=facts["name"], acronym="OS-FMs", is_published=True)
    for i, t in enumerate(facts["topics"]):
        Topic.objects.create(workshop=ws, key=t["key"], title=t["title"], scope=t.get("scope", ""), order=i)
    SubmissionCategory.objects.create(workshop=ws, key="regular", title="Regular", max_pages=9)
    now = timezone.now()
    Deadline.objects.create(workshop=ws, kind=Deadline.Kind.SUBMISSION_OPEN, at=now - dt.timedelta(days=1))
    Deadline.objects.create(workshop=ws, kind=Deadline.Kind.SUBMISSION, at=now + dt.timedelta(days=10))
    user = User.objects.create_user(email="bench@uni.example", password=None, name="Bench Author")
    user.email_verified = True
    user.save()
    return ws, user


def _papers() -> list[dict]:
    rows = [json.loads(x) for x in (SHARED / "corpus" / "daily_papers.jsonl").read_text().splitlines() if x]
    return [r for r in rows if r.get("title") and r.get("abstract")]


def _submit(ws, user, papers, n):
    import textwrap

    from django.core.files.base import ContentFile

    from confero.submissions.data import AuthorData, SubmissionData
    from confero.submissions.samplepdf import make_pdf
    from confero.submissions.services import create_submission

    category, topics = ws.categories.get(), list(ws.topics.all())
    for i in range(n):
        p = papers[i % len(papers)]
        title = p["title"] if i < len(papers) else f"{p['title']} (variant {i})"
        body = "\n".join(textwrap.wrap(p["abstract"], 90))
        pages = [f"{title}\nAnonymous authors\nAbstract\n{body}"]
        pages += [f"{i + 1} Section\n{body}\nCode will be released upon acceptance." for i in range(6)]
        pages += ["References\n[1] A. Author. A paper. 2024."]
        data = SubmissionData(
            title=title[:300],
            abstract=p["abstract"],
            category=category,
            primary_topic=topics[i % len(topics)],
            secondary_topic=None,
            authors=[
                AuthorData(user.name, user.email, "Uni"),
                AuthorData(f"Author {i}", f"a{i}@uni.example", ""),
            ],
            artifacts=[("code", f"https://github.com/org/repo{i}", "code")],
            conflicts=[],
            previously_published=False,
            policies_agreed=True,
        )
        create_submission(workshop=ws, user=user, data=data, pdf=ContentFile(make_pdf(pages), name="p.pdf"))


def _corpus(ws, user, papers, size, tmp):
    from confero.checks import prior, services

    venues = ["arXiv", "ICML", "NeurIPS", "ICLR Workshop", "TMLR"]
    path = Path(tmp) / "corpus.jsonl"
    with path.open("w") as fh:
        for i in range(size):
            p = papers[i % len(papers)]
            words = p["title"].split()
            title = " ".join(words[i % 3 :] + [f"v{i}"]) if i >= len(papers) else p["title"]
            row = {"id": f"c{i}", "title": title, "abstract": p["abstract"][i % 40 :], "authors": [f"X {i}"]}
            fh.write(json.dumps({**row, "venue": venues[i % len(venues)], "year": 2020 + i % 5}) + "\n")
    from confero.people.models import Role

    Role.objects.get_or_create(workshop=ws, user=user, kind=Role.Kind.ORGANIZER)
    t = time.perf_counter()
    services.import_corpus(ws, actor=user, paths=[str(path)], fmt="jsonl", name="bench")
    stored = time.perf_counter() - t
    t = time.perf_counter()
    prior.build_corpus_index(ws)
    return stored, time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--papers", type=int, default=262, help="submissions in the installation")
    ap.add_argument("--corpus", type=int, default=20000, help="papers in the imported corpus (0: none)")
    ap.add_argument("--measure", type=int, default=30, help="check runs to time")
    args = ap.parse_args()
    tmp = _setup(args)
    from confero.checks.models import CheckRun
    from confero.checks.runner import execute
    from confero.submissions.models import Submission

    ws, user = _workshop()
    papers = _papers()
    t = time.perf_counter()
    _submit(ws, user, papers, args.papers)
    print(f"{args.papers} submissions created in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    if args.corpus:
        stored, indexed = _corpus(ws, user, papers, args.corpus, tmp)
        print(f"corpus of {args.corpus} papers: stored in {stored:.1f} s, index built in {indexed:.1f} s")
    walls, cpus, prior_s = [], [], []
    subs = list(Submission.objects.filter(workshop=ws).order_by("number")[: args.measure + 1])
    for k, sub in enumerate(subs):
        run = CheckRun.objects.create(submission=sub, version=sub.versions.get(), reason="rerun")
        w, c = time.perf_counter(), time.process_time()
        execute(run.pk)
        wall, cpu = time.perf_counter() - w, time.process_time() - c
        run.refresh_from_db()
        assert run.status == "done", run.message
        if k == 0:
            print(f"first run (imports, models, corpus index load): {wall:.2f} s wall")
            continue
        walls.append(wall)
        cpus.append(cpu)
        prior_s.append(run.results.get(check_name="prior").summary["seconds"])

    def stats(xs):
        xs = sorted(xs)
        return f"median {statistics.median(xs):.2f} s, p90 {xs[int(0.9 * (len(xs) - 1))]:.2f} s, max {xs[-1]:.2f} s"

    print(f"check job per submission ({len(walls)} runs, warm): wall {stats(walls)}; CPU {stats(cpus)}")
    print(
        f"  of which prior publication (vs {args.papers - 1} submissions + {args.corpus} corpus papers): "
        f"{stats(prior_s)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
