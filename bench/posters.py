"""Benchmark the poster-session solver (``confero.engine.posters.solve``) on generated, seeded instances.

An instance has N accepted papers over 8 topics of uneven size (the largest ~4x the smallest), each paper
with 1-4 presenters (50/30/15/5 %); 40 % of presenter places go to a person who already presents another
paper, so many people present two papers. A hidden split into the sessions is drawn first and people are
only reused across its sessions, so every instance has a clash-free split (the solver does not see the
hidden one). ``--infeasible overload`` then gives one person one paper more than there are sessions, and
``--infeasible ring`` links sessions+1 papers pairwise through new people, to time the diagnosis instead.

    .venv/bin/python bench/posters.py                       # 60, 500 and 2,000 papers, 3 runs each
    .venv/bin/python bench/posters.py --papers 2000 --repeat 5
    .venv/bin/python bench/posters.py --infeasible ring     # time to name the obstacle
    .venv/bin/python bench/posters.py --sessions 3          # three sessions
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

from confero.engine.posters import PosterInfeasible, PosterPaper, papers_by_person, solve

TOPICS = [f"topic-{i}" for i in range(8)]
TOPIC_WEIGHTS = [8, 6, 5, 4, 4, 3, 2, 2]
PRESENTERS = [1, 2, 3, 4]
PRESENTER_WEIGHTS = [50, 30, 15, 5]


def make_instance(n: int, sessions: int = 2, seed: int = 0, reuse: float = 0.4) -> list[PosterPaper]:
    rng = random.Random(seed)
    hidden = [i % sessions for i in range(n)]
    rng.shuffle(hidden)
    used: dict[str, set[int]] = {}
    open_for: list[list[str]] = [[] for _ in range(sessions)]  # people who may still take a paper in s
    papers = []
    for i in range(n):
        s = hidden[i]
        chosen: list[str] = []
        for _ in range(rng.choices(PRESENTERS, PRESENTER_WEIGHTS)[0]):
            person = None
            while open_for[s] and rng.random() < reuse:
                j = rng.randrange(len(open_for[s]))
                candidate = open_for[s][j]
                open_for[s][j] = open_for[s][-1]
                open_for[s].pop()
                if s not in used[candidate] and candidate not in chosen:
                    person = candidate
                    break
            if person is None:
                person = f"person-{len(used)}"
                used[person] = set()
            used[person].add(s)
            chosen.append(person)
            for other in range(sessions):
                if other not in used[person] and len(used[person]) < sessions:
                    open_for[other].append(person)
        topic = rng.choices(TOPICS, TOPIC_WEIGHTS)[0]
        papers.append(PosterPaper(id=str(i + 1), topic=topic, presenters=tuple(chosen)))
    return papers


def make_infeasible(n: int, sessions: int = 2, seed: int = 0, kind: str = "overload") -> list[PosterPaper]:
    """The same instance made infeasible: ``overload`` gives one new person ``sessions + 1`` papers;
    ``ring`` links ``sessions + 1`` random papers pairwise through new people (each presenting two of
    them), so no person has too many papers but the papers need one session more than there are."""
    papers = make_instance(n, sessions, seed)
    rng = random.Random(seed + 1)
    chosen = rng.sample(range(n), sessions + 1)
    extra: dict[int, list[str]] = {i: [] for i in chosen}
    if kind == "overload":
        for i in chosen:
            extra[i].append("Ana Lee")
    else:
        for a in range(len(chosen)):
            for b in range(a + 1, len(chosen)):
                extra[chosen[a]].append(f"link-{a}-{b}")
                extra[chosen[b]].append(f"link-{a}-{b}")
    for i, people in extra.items():
        p = papers[i]
        papers[i] = PosterPaper(p.id, p.topic, p.presenters + tuple(people), p.label, p.session, p.oral)
    return papers


def describe(papers: list[PosterPaper]) -> str:
    by_person = papers_by_person(papers)
    several = sum(1 for ids in by_person.values() if len(ids) > 1)
    return f"{len(papers)} papers, {len(by_person)} presenters, {several} present two or more"


def run(n: int, repeat: int, sessions: int, time_limit: float, infeasible: str | None) -> None:
    papers = make_infeasible(n, sessions, kind=infeasible) if infeasible else make_instance(n, sessions)
    print(describe(papers))
    times, plan = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            plan = solve(papers, sessions, time_limit=time_limit, topic_order=TOPICS)
        except PosterInfeasible as exc:
            times.append(time.perf_counter() - started)
            print(f"  infeasible in {times[-1]:.3f} s: {exc.reasons[0]}")
            continue
        times.append(time.perf_counter() - started)
        print(
            f"  {plan.status} in {times[-1]:.3f} s: sizes {plan.sizes}, objective {plan.objective} "
            f"(bound {plan.bound}), topic spreads {sorted(plan.topic_spread.values(), reverse=True)}"
        )
    print(f"  median {statistics.median(times):.3f} s, best {min(times):.3f} s over {repeat} runs")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--papers", type=int, action="append", help="instance size (repeatable)")
    parser.add_argument("--sessions", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument(
        "--infeasible",
        choices=["overload", "ring"],
        help="overload: one person presents sessions+1 papers; ring: sessions+1 papers pairwise linked",
    )
    args = parser.parse_args(argv)
    solve(make_instance(4), 2)  # the first call imports OR-Tools (~0.5-1 s); not counted below
    for n in args.papers or [60, 500, 2000]:
        run(n, args.repeat, args.sessions, args.time_limit, args.infeasible)
    return 0


if __name__ == "__main__":
    sys.exit(main())
