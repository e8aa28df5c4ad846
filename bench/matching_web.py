"""A whole matching run from the web service layer, and the run's result page, at workshop scale.

Creates its own data in a new workshop (default 1,000 submissions x 300 PC members with 20 publications
each, 8 research areas, ~1 % confirmed conflicts plus author-declared ones, ~20 bids per member), then:

1. a cold run: no embedding cached yet (every text is embedded);
2. ``--runs`` runs after one abstract changed: embeddings come from the content-hash cache (one new
   text), the affinity is scored again, conflicts + bids + the 2-area rule + the engine's solver;
3. one run with nothing changed (the affinity matrix itself is reused);
4. p50/p95 of the result page (and its plot, the run list, a conflicted organizer's view) served by
   Django in this process (server time; each request opens its database connection, CONN_MAX_AGE=0).

Runs go through ``services.start_run`` and the real background path (a thread started after commit);
"end to end" is from that call until the run is DONE with its plot drawn.

    .venv/bin/python bench/matching_web.py --database-url postgres://postgres@127.0.0.1:5432/confero_matchbench
    .venv/bin/python bench/matching_web.py --papers 200 --members 60      # quick, SQLite

The database must exist (it is migrated; each bench run adds a new workshop). ``--data-dir`` keeps the
embedding cache between bench runs (default: a new temporary directory, so the first run is cold).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "daily_papers.jsonl"
AREAS = ["nlp", "vision", "ml-theory", "systems", "data", "evaluation", "agents", "multimodal"]


def setup(args) -> None:
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="confero-matchbench-")
    os.environ["CONFERO_DATA_DIR"] = data_dir
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confero.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    if args.model:
        settings.CONFERO_AFFINITY_MODEL = args.model
    call_command("migrate", verbosity=0)


class Texts:
    """Unique, field-like texts: sentences of the shared corpus of ML abstracts, drawn with a seed."""

    def __init__(self, seed: int):
        import json

        papers = [json.loads(line) for line in CORPUS.read_text().splitlines() if line.startswith("{")]
        self.titles = [p["title"] for p in papers if p.get("title")]
        self.sentences = [
            s.strip() for p in papers for s in (p.get("abstract") or "").split(". ") if len(s.strip()) > 40
        ]
        self.rng = random.Random(seed)

    def title(self, n: int) -> str:
        words = self.rng.choice(self.titles).split()
        return " ".join(words[: self.rng.randint(min(4, len(words)), len(words))]) + f" ({n})"

    def abstract(self, k: int) -> str:
        return ". ".join(self.rng.sample(self.sentences, k)) + "."


def make_data(args):
    """The workshop, its papers, PC (publications, areas, loads), conflicts and bids (bulk inserts)."""
    from confero.bidding.models import Bid
    from confero.committee.models import CommitteeMember, Publication
    from confero.conflicts.models import Conflict
    from confero.people.models import Role, User
    from confero.phases import services as phases
    from confero.submissions.models import DeclaredConflict, Submission, SubmissionAuthor
    from confero.workshops.models import ResearchArea, SubmissionCategory, Topic, Workshop

    rng = random.Random(args.seed)
    texts = Texts(args.seed)
    slug = f"bench-{int(time.time())}"
    ws = Workshop.objects.create(slug=slug, name="Matching bench", acronym="MB", is_published=True)
    topic = Topic.objects.create(workshop=ws, key="t", title="Topic")
    category = SubmissionCategory.objects.create(workshop=ws, key="c", title="Paper", max_pages=9)
    areas = [ResearchArea.objects.create(workshop=ws, key=k, name=k, order=i) for i, k in enumerate(AREAS)]
    organizer = User.objects.create_user(email=f"org@{slug}.example", password="x", name="Bench Organizer")
    conflicted = User.objects.create_user(email=f"org2@{slug}.example", password="x", name="Conflicted Org")
    for user in (organizer, conflicted):
        Role.objects.create(workshop=ws, user=user, kind=Role.Kind.ORGANIZER)
    members = User.objects.bulk_create(
        [
            User(
                email=f"pc{j}@inst{j % 97}.{slug}.example",
                username=f"pc{j}@inst{j % 97}.{slug}.example",
                name=f"Member {j:03d}",
                email_verified=True,
            )
            for j in range(args.members)
        ]
    )
    Role.objects.bulk_create([Role(workshop=ws, user=m, kind=Role.Kind.PC) for m in members])
    CommitteeMember.objects.bulk_create(
        [CommitteeMember(workshop=ws, user=m, max_load=args.max_load) for m in members], ignore_conflicts=True
    )
    CommitteeMember.objects.filter(workshop=ws).update(max_load=args.max_load)
    through = User.research_areas.through
    through.objects.bulk_create(
        [
            through(user_id=m.pk, researcharea_id=a.pk)
            for m in members
            for a in rng.sample(areas, rng.randint(1, args.areas_per_member))
        ]
    )
    Publication.objects.bulk_create(
        [
            Publication(
                user=m,
                title=texts.title(j * 100 + k),
                abstract=texts.abstract(5),
                year=2015 + k % 10,
                external_id=f"{slug}-{j}-{k}",
            )
            for j, m in enumerate(members)
            for k in range(args.pubs)
        ],
        batch_size=2000,
    )
    subs = Submission.objects.bulk_create(
        [
            Submission(
                workshop=ws,
                number=i + 1,
                title=texts.title(i),
                abstract=texts.abstract(7),
                category=category,
                primary_topic=topic,
                previously_published=False,
                policies_agreed=True,
                created_by=organizer,
            )
            for i in range(args.papers)
        ],
        batch_size=1000,
    )
    SubmissionAuthor.objects.bulk_create(
        [
            SubmissionAuthor(
                submission=s, order=k, email=f"a{s.number}-{k}@lab.example", name=f"Author {s.number}-{k}"
            )
            for s in subs
            for k in range(rng.randint(1, 4))
        ],
        batch_size=2000,
    )
    pairs = {
        (rng.randrange(len(subs)), rng.randrange(len(members)))
        for _ in range(len(subs) * len(members) // 100)
    }
    pairs = sorted(pairs)
    half = len(pairs) // 2
    Conflict.objects.bulk_create(
        [
            Conflict(
                workshop=ws,
                submission=subs[p],
                person=members[r],
                origin="detected",
                status="confirmed",
                kinds=["institution"],
            )
            for p, r in pairs[:half]
        ],
        batch_size=2000,
    )
    DeclaredConflict.objects.bulk_create(
        [
            DeclaredConflict(submission=subs[p], person=members[r], reason="colleague")
            for p, r in pairs[half:]
        ],
        batch_size=2000,
    )
    DeclaredConflict.objects.bulk_create(  # the conflicted organizer cannot see 5 % of the papers
        [DeclaredConflict(submission=s, person=conflicted, reason="advisor") for s in subs[::20]]
    )
    blocked = set(pairs)
    bids = {}
    for r in range(len(members)):
        for p in rng.sample(range(len(subs)), min(args.bids, len(subs))):
            if (p, r) not in blocked:
                bids[(p, r)] = rng.choice([2, 1, 1, -1, -2])
    Bid.objects.bulk_create(
        [Bid(workshop=ws, submission=subs[p], reviewer=members[r], value=v) for (p, r), v in bids.items()],
        batch_size=2000,
    )
    phases.switch_to(ws, "bidding", actor=None)
    return ws, organizer, conflicted, subs, len(pairs), len(bids)


def run_once(ws, organizer, params) -> tuple[float, object]:
    from confero.matching import services
    from confero.matching.models import MatchingRun

    t0 = time.perf_counter()
    run = services.start_run(organizer, ws, params)
    while True:
        run = MatchingRun.objects.get(pk=run.pk)
        if run.status not in ("queued", "running"):
            break
        time.sleep(0.05)
    if run.status != "done":
        raise SystemExit(f"run {run.pk} {run.status}: {run.message}")
    from confero.matching import plots

    while not plots.path(run, frozenset(), 0).exists():  # the job draws the plot after saving
        time.sleep(0.05)
    return time.perf_counter() - t0, run


def time_pages(client, urls: dict, repeat: int) -> dict:
    out = {}
    for name, url in urls.items():
        client.get(url)  # warm-up
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        times.sort()
        out[name] = (statistics.median(times), times[int(0.95 * (len(times) - 1))], max(times), len(body))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--database-url", default=None, help="an existing database (migrated here); default SQLite"
    )
    ap.add_argument("--data-dir", default=None, help="keep the embedding cache here between bench runs")
    ap.add_argument("--papers", type=int, default=1000)
    ap.add_argument("--members", type=int, default=300)
    ap.add_argument("--pubs", type=int, default=20, help="publications per member")
    ap.add_argument("--areas-per-member", type=int, default=1, help="each member has 1..N of 8 areas")
    ap.add_argument("--max-load", type=int, default=12)
    ap.add_argument("--bids", type=int, default=20, help="bids per member")
    ap.add_argument("--objective", default="optimal")
    ap.add_argument("--model", default=None, help="affinity model (default: the settings' default)")
    ap.add_argument("--runs", type=int, default=3, help="warm runs (one abstract changed before each)")
    ap.add_argument("--page-repeat", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    setup(args)
    from django.test import Client
    from django.urls import reverse

    from confero.bidding import affinity
    from confero.matching.params import RunParams

    load_before = os.getloadavg()
    t0 = time.perf_counter()
    ws, organizer, conflicted, subs, n_conflicts, n_bids = make_data(args)
    print(
        f"data: {len(subs)} papers, {args.members} members x {args.pubs} publications, {n_conflicts} conflicts, "
        f"{n_bids} bids, in {time.perf_counter() - t0:.1f} s",
        flush=True,
    )
    params = RunParams(objective=args.objective, per_paper=3, min_areas=2, default_max_load=args.max_load)
    was_cached = (affinity.cache_dir() / "embeddings.sqlite3").exists()
    first = (
        "first run (embeddings already cached in --data-dir)"
        if was_cached
        else "cold run (every text embedded)"
    )
    cold, run = run_once(ws, organizer, params)
    print(
        f"{first} {run.pk}: {cold:.1f} s  {run.report['timings']}  model {run.affinity.used}"
        f"{' (fell back)' if run.affinity.fell_back else ''}",
        flush=True,
    )
    warm = []
    for i in range(args.runs):
        sub = subs[i]
        sub.abstract += f" We also report result {i}."
        sub.save(update_fields=["abstract", "updated_at"])
        seconds, run = run_once(ws, organizer, params)
        warm.append((seconds, run))
        print(
            f"warm run {run.pk} (one abstract changed): {seconds:.2f} s  {run.report['timings']}", flush=True
        )
    same, same_run = run_once(ws, organizer, params)
    print(
        f"run {same_run.pk} (nothing changed, matrix reused): {same:.2f} s  {same_run.report['timings']}",
        flush=True,
    )
    rep = run.report
    print(
        f"quality: {rep['assignments']} pairs, total affinity {rep['total_affinity']:.2f}, "
        f"{rep['papers_below_min_areas']} papers below 2 areas, gap {rep.get('gap')}",
        flush=True,
    )

    client = Client()
    client.force_login(organizer)
    slug = ws.slug
    result = reverse("matching:run", args=[slug, run.pk])
    pages = time_pages(
        client,
        {
            "result page (page 1 of the pairs)": result,
            "result page, page 20": result + "?page=20",
            "result page, search": result + "?q=Member 01",
            "plot (cached PNG)": reverse("matching:plot", args=[slug, run.pk]),
            "runs list": reverse("matching:index", args=[slug]),
        },
        args.page_repeat,
    )
    other = Client()
    other.force_login(conflicted)
    pages.update(
        time_pages(
            other,
            {"result page, conflicted organizer (50 papers hidden)": result},
            args.page_repeat,
        )
    )
    from confero.people.models import User

    member = Client()
    member.force_login(User.objects.filter(roles__workshop=ws, roles__kind="pc").order_by("pk").first())
    bids = reverse("bidding:index", args=[slug])
    pages.update(
        time_pages(
            member,
            {
                "PC member: bidding page (all papers, best match first)": bids,
                "PC member: bidding search": bids + "?q=model",
            },
            args.page_repeat,
        )
    )
    matrix = affinity.latest(ws)
    warm_times = sorted(s for s, _ in warm)
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    db = "PostgreSQL" if args.database_url else "SQLite"
    print()
    print(
        f"### {len(subs)} submissions x {args.members} PC members on {db} ({args.objective}, 3 per paper, "
        f">= 2 areas, model {matrix.used})"
    )
    print()
    print("| measure | seconds |")
    print("|---|---:|")
    print(f"| {first} | {cold:.1f} |")
    print(f"| warm run, one abstract changed (median of {len(warm)}) | {statistics.median(warm_times):.2f} |")
    print(f"| run with nothing changed (affinity matrix reused) | {same:.2f} |")
    from confero.matching.pipeline import STAGES

    median_run = sorted(warm, key=lambda w: w[0])[len(warm) // 2][1] if warm else run
    for key in STAGES:  # (the report's JSON may not keep the order)
        print(f"| stage of the median warm run: {key} | {median_run.report['timings'].get(key, 0):.2f} |")
    print()
    print(f"| page | p50 ms | p95 ms | max ms | bytes |  ({args.page_repeat} requests each)")
    print("|---|---:|---:|---:|---:|")
    for name, (p50, p95, mx, size) in pages.items():
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {mx:.1f} | {size:,} |")
    print()
    print(
        f"Load average before: {load_before[0]:.1f}, {load_before[1]:.1f}, {load_before[2]:.1f}; after: {uptime}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
