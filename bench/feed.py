"""Import and ranking time of the paper feed on the founders' shared corpus (../shared/corpus: the JSONL of
262 papers and the three raw listing pages, 533 records in all).

    .venv/bin/python bench/feed.py --repeat 3

Engine: parse + merge of the four files, and ranking of the 262 papers by the eight OS-FMs topics (the
default feed model, TF-IDF, plus matching terms of every pair). Web app: ``services.import_papers`` into a
fresh SQLite database (or ``--database-url``), which parses, merges, stores papers/authors, ranks and stores
the 262 x 8 scores. Best of ``--repeat`` runs; each web run starts from an empty library.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))


def _files():
    paths = [
        SHARED / "corpus" / "daily_papers.jsonl",
        *sorted((SHARED / "corpus" / "listings").glob("*.txt")),
    ]
    return [(p.name, p.read_bytes()) for p in paths]


def _topics():
    return json.loads((SHARED / "workshop" / "os-fms-2025.json").read_text())["topics"]


def engine_run(files, topics) -> dict:
    from confero.engine.feed import TopicQuery, parse_many, rank

    t0 = time.perf_counter()
    result = parse_many(files)
    t1 = time.perf_counter()
    ranking = rank(
        [TopicQuery(t["key"], t["title"], t["scope"]) for t in topics],
        [(p.id, p.title, p.abstract) for p in result.papers],
    )
    for t in range(len(topics)):
        for p in range(len(result.papers)):
            ranking.matching_terms(t, p)
    t2 = time.perf_counter()
    return {"parse_merge": t1 - t0, "rank": t2 - t1, "papers": len(result.papers), "records": result.read}


def web_setup(database_url: str | None):
    os.environ["CONFERO_DATA_DIR"] = tempfile.mkdtemp(prefix="confero-feedbench-")
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confero.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def web_run(files, topics, n: int) -> dict:
    from confero.feed import services
    from confero.workshops.models import Topic, Workshop

    ws = Workshop.objects.create(slug=f"bench-{n}-{time.time_ns()}", name="Bench", acronym="B")
    for i, t in enumerate(topics):
        Topic.objects.create(workshop=ws, key=t["key"], title=t["title"], scope=t["scope"], order=i)
    t0 = time.perf_counter()
    report = services.import_papers(ws, files)
    t1 = time.perf_counter()
    services.rank_library(ws)
    t2 = time.perf_counter()
    return {
        "import_and_rank": t1 - t0,
        "rank_again": t2 - t1,
        "imported": report.imported,
        "merged": report.merged,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a new SQLite file)")
    args = parser.parse_args()
    if not (SHARED / "corpus" / "daily_papers.jsonl").exists():
        print("../shared/corpus is not on this machine", file=sys.stderr)
        return 2
    files, topics = _files(), _topics()
    engine = [engine_run(files, topics) for _ in range(args.repeat)]
    web_setup(args.database_url)
    web = [web_run(files, topics, n) for n in range(args.repeat)]
    best = lambda rows, key: min(r[key] for r in rows)  # noqa: E731
    print(f"records {engine[0]['records']}, papers {engine[0]['papers']}, topics {len(topics)}")
    print(f"engine parse + merge      {best(engine, 'parse_merge'):.3f} s")
    print(f"engine rank + all terms   {best(engine, 'rank'):.3f} s")
    print(f"web import (parse, merge, store, rank, store scores)  {best(web, 'import_and_rank'):.3f} s")
    print(f"web rank again (262 x 8 scores replaced)               {best(web, 'rank_again'):.3f} s")
    print(f"imported {web[0]['imported']}, merged {web[0]['merged']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
