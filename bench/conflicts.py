"""Benchmark ``find_conflicts`` on a synthetic, seeded instance.

Default size: 10,000 submissions x 3 authors, 7,000 reviewers x 20 publications (2-5 authors each).
People come from a pool of 40,000 with names drawn from 400 given x 2,500 family names (so homonyms
exist), 800 institutions (each with a name variant and an e-mail domain with sub-domains), 30 % webmail
addresses, 10 % of publication author names written "Last, First" and 10 % with initials. Co-authors are
drawn from the same research community, so some submission authors are reviewers' co-authors.

    .venv/bin/python bench/conflicts.py                 # engine only
    .venv/bin/python bench/conflicts.py --cli           # also the whole command (read JSONL, write CSVs)
    .venv/bin/python bench/conflicts.py --papers 2000 --reviewers 1000   # smaller
    .venv/bin/python bench/conflicts.py --papers 5000 --reviewers 3500 --gc-running   # GC not paused
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from confero.engine.conflicts import count_by_kind, find_conflicts
from confero.engine.records import Affiliation, Author, Publication, Reviewer, Submission

WEBMAIL = ["gmail.com", "qq.com", "163.com", "outlook.com", "hotmail.com", "yahoo.com", "proton.me"]
SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "su",
    "ren",
    "ta",
    "vo",
    "ne",
    "li",
    "an",
    "chi",
    "zo",
    "bel",
    "mar",
    "tin",
    "ros",
    "el",
)


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def make_instance(n_papers: int, n_reviewers: int, pubs_per_reviewer: int, seed: int = 0):
    rng = random.Random(seed)
    given = sorted({_word(rng, 2) for _ in range(600)})[:400]
    family = sorted({_word(rng, 3) for _ in range(4000)})[:2500]
    institutions = []
    for i in range(800):
        base = _word(rng, 3).lower()
        name = rng.choice([f"University of {base.capitalize()}", f"{base.capitalize()} University",
                           f"{base.capitalize()} Institute of Technology"])  # fmt: skip
        institutions.append((name, f"{base}{i}.edu"))
    n_people = max(40_000, 3 * n_reviewers)
    communities = 200
    people = []
    for i in range(n_people):
        g, f = rng.choice(given), rng.choice(family)
        inst = rng.randrange(len(institutions))
        if rng.random() < 0.3:
            email = f"{g}.{f}{i}@{rng.choice(WEBMAIL)}".lower()
        else:
            sub = rng.choice(["", "cs.", "mail.", "eecs."])
            email = f"{g[0]}{f}{i}@{sub}{institutions[inst][1]}".lower()
        people.append({"given": g, "family": f, "inst": inst, "email": email, "community": i % communities})
    by_community = [[] for _ in range(communities)]
    for i, p in enumerate(people):
        by_community[p["community"]].append(i)

    def written(p: dict) -> str:
        r = rng.random()
        if r < 0.1:
            return f"{p['family']}, {p['given']}"
        if r < 0.2:
            return f"{p['given'][0]}. {p['family']}"
        return f"{p['given']} {p['family']}"

    submissions = []
    for k in range(n_papers):
        community = by_community[rng.randrange(communities)]
        authors = tuple(
            Author(f"{p['given']} {p['family']}", p["email"], institutions[p["inst"]][0])
            for p in (people[i] for i in rng.sample(community, 3))
        )
        submissions.append(Submission(f"p{k}", f"Paper {k}", "Abstract.", authors))
    reviewers = []
    for r in range(n_reviewers):
        me = people[r]
        community = by_community[me["community"]]
        pubs = []
        for j in range(pubs_per_reviewer):
            others = [people[i] for i in rng.sample(community, rng.randint(1, 4))]
            names = [written(me), *(written(o) for o in others)]
            rng.shuffle(names)
            pubs.append(Publication(f"r{r}-{j}", f"Publication {r}.{j}", year=rng.randint(2005, 2025),
                                    authors=tuple(names)))  # fmt: skip
        inst_name, domain = institutions[me["inst"]]
        reviewers.append(
            Reviewer(
                f"r{r}",
                tuple(pubs),
                name=f"{me['given']} {me['family']}",
                emails=(me["email"],),
                affiliations=(Affiliation(inst_name, domain, 2018, None),),
            )
        )
    return submissions, reviewers


def _to_jsonl(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")


def run_cli(submissions, reviewers, year: int) -> tuple[float, float]:
    from confero.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _to_jsonl(tmp / "s.jsonl", ({"id": s.id, "title": s.title, "abstract": s.abstract,
                                     "authors": [a.__dict__ for a in s.authors]} for s in submissions))  # fmt: skip
        _to_jsonl(
            tmp / "r.jsonl",
            (
                {
                    "id": r.id,
                    "name": r.name,
                    "emails": list(r.emails),
                    "affiliations": [a.__dict__ for a in r.affiliations],
                    "publications": [{**p.__dict__, "authors": list(p.authors)} for p in r.publications],
                }
                for r in reviewers
            ),
        )
        t0, c0 = time.perf_counter(), time.process_time()
        code = main(["conflicts", "--submissions", str(tmp / "s.jsonl"), "--reviewers", str(tmp / "r.jsonl"),
                     "--out", str(tmp / "c.csv"), "--reference-year", str(year)])  # fmt: skip
        elapsed = time.perf_counter() - t0, time.process_time() - c0
        assert code == 0
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--reviewers", type=int, default=7_000)
    parser.add_argument("--pubs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cli", action="store_true", help="also time the whole command on JSONL files")
    parser.add_argument(
        "--gc-running",
        action="store_true",
        help="keep the cyclic GC running (to measure what pausing it saves)",
    )
    args = parser.parse_args()
    if args.gc_running:
        import contextlib

        from confero.engine import conflicts as engine_conflicts

        engine_conflicts._gc_paused = contextlib.nullcontext

    t0 = time.perf_counter()
    submissions, reviewers = make_instance(args.papers, args.reviewers, args.pubs, args.seed)
    n_authors = sum(len(s.authors) for s in submissions)
    n_pub_authors = sum(len(p.authors) for r in reviewers for p in r.publications)
    print(f"instance: {len(submissions)} submissions ({n_authors} authors), {len(reviewers)} reviewers, "
          f"{n_pub_authors} publication author names; built in {time.perf_counter() - t0:.1f}s")  # fmt: skip
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times, cpu_times = [], []
    conflicts = None
    for _ in range(args.repeat):
        conflicts = None  # free the previous result before measuring again
        from confero.engine.names import normalize_institution, parse_name

        parse_name.cache_clear()  # every repeat pays for normalisation
        normalize_institution.cache_clear()
        t0, c0 = time.perf_counter(), time.process_time()
        conflicts = find_conflicts(submissions, reviewers, coauthor_years=3, reference_year=2025)
        times.append(time.perf_counter() - t0)
        cpu_times.append(time.process_time() - c0)
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    certain = sum(c.certain for c in conflicts)
    print(f"find_conflicts: wall best {min(times):.2f}s / median {sorted(times)[len(times) // 2]:.2f}s, CPU best "
          f"{min(cpu_times):.2f}s over {args.repeat} runs; peak RSS growth {(rss1 - rss0) / 1024:.0f} MB")  # fmt: skip
    print(f"pairs: {len(conflicts)} ({certain} certain, {len(conflicts) - certain} potential) of "
          f"{len(submissions) * len(reviewers):,} possible")  # fmt: skip
    print("by reason:", ", ".join(f"{k} {v}" for k, v in sorted(count_by_kind(conflicts).items())))
    if args.cli:
        wall, cpu = run_cli(submissions, reviewers, 2025)
        print(f"confero conflicts (read JSONL + detect + write CSVs): wall {wall:.2f}s, CPU {cpu:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
