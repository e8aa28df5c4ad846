"""``confero posters --papers P.jsonl [--sessions 2] --out plan.csv``: split papers into poster sessions.

Each line of the JSONL file is one accepted paper::

    {"id": "4", "topic": "open-datasets", "presenters": [{"id": "ana", "name": "Ana Lee"}, "bo@uni.edu"],
     "session": 1, "oral": true, "title": "…"}

``presenters`` lists the people who may stand at the poster (a name or e-mail as a string, or an object
with ``id`` and ``name``); ``session`` pins the paper (optional); ``oral`` and ``title`` are carried
through. Writes ``paper_id,session,board,topic,oral,presenters`` (CSV) and prints the sessions' sizes and
topic mix. Exit status 1 when no split exists, with the people, papers and rule that prevent it.
"""

from __future__ import annotations

import argparse

from confero.commands import non_negative_int

HEADER = ("paper_id", "session", "board", "topic", "oral", "presenters")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--papers", required=True, metavar="P.jsonl", help="accepted papers (JSONL)")
    parser.add_argument("--out", required=True, metavar="plan.csv", help="the split (CSV)")
    parser.add_argument("--sessions", type=non_negative_int, default=2, metavar="N", help="default 2")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=60.0,
        metavar="S",
        help="solver time limit in seconds (default 60)",
    )
    parser.add_argument("--seed", type=non_negative_int, default=0, help="solver seed (default 0)")


def read_papers(path: str):
    """(papers, names) from the JSONL file; InputError names the line and field of a problem."""
    import json

    from confero.engine.errors import InputError
    from confero.engine.posters import PosterPaper

    papers, names, seen = [], {}, {}
    try:
        handle = open(path, encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=path) from None
    with handle:
        for line, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise InputError(f"not valid JSON ({exc.msg})", path=path, line=line) from None

            def bad(field, message, line=line):
                return InputError(message, path=path, line=line, field=field)

            if not isinstance(obj, dict):
                raise bad(None, "each line must be a JSON object")
            pid = obj.get("id")
            if isinstance(pid, bool) or not isinstance(pid, str | int) or not str(pid).strip():
                raise bad("id", "is required (a string or a number)")
            pid = str(pid).strip()
            if pid in seen:
                raise bad("id", f"duplicate paper id {pid!r} (first on line {seen[pid]})")
            seen[pid] = line
            presenters = []
            raw_presenters = obj.get("presenters", [])
            if not isinstance(raw_presenters, list):
                raise bad("presenters", "must be a list")
            for i, item in enumerate(raw_presenters):
                if isinstance(item, str) and item.strip():
                    person, name = item.strip().lower(), item.strip()
                elif (
                    isinstance(item, dict)
                    and isinstance(item.get("id"), str | int)
                    and str(item["id"]).strip()
                ):
                    person = str(item["id"]).strip()
                    name = str(item.get("name") or person)
                else:
                    raise bad(f"presenters[{i}]", "must be a name or an object with an 'id'")
                presenters.append(person)
                names.setdefault(person, name)
            session = obj.get("session")
            if session is not None and (isinstance(session, bool) or not isinstance(session, int)):
                raise bad("session", f"must be a session number, got {session!r}")
            topic = obj.get("topic", "")
            if not isinstance(topic, str):
                raise bad("topic", "must be a string")
            papers.append(
                PosterPaper(
                    id=pid,
                    topic=topic.strip(),
                    presenters=tuple(presenters),
                    session=session,
                    oral=bool(obj.get("oral", False)),
                )
            )
    return papers, names


def run(args: argparse.Namespace) -> int:
    import csv
    import sys

    from confero.engine.errors import InputError
    from confero.engine.io import atomic_output
    from confero.engine.posters import PosterInfeasible, solve

    if args.time_limit <= 0:
        raise InputError("must be positive", field="--time-limit")
    papers, names = read_papers(args.papers)
    for paper in papers:
        if paper.session is not None and not 1 <= paper.session <= args.sessions:
            line = next(i for i, p in enumerate(papers, 1) if p.id == paper.id)
            raise InputError(
                f"pinned to session {paper.session} but there are {args.sessions}",
                path=args.papers,
                line=line,
                field="session",
            )
    try:
        plan = solve(papers, args.sessions, names=names, time_limit=args.time_limit, seed=args.seed)
    except PosterInfeasible as exc:
        print("confero posters: no split into sessions exists:", file=sys.stderr)
        for reason in exc.reasons:
            print(f"  - {reason}", file=sys.stderr)
        return 1
    by_id = {p.id: p for p in papers}
    with atomic_output(args.out, newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for session in range(1, args.sessions + 1):
            for pid in plan.papers_in(session):
                paper = by_id[pid]
                writer.writerow(
                    (
                        pid,
                        session,
                        plan.board_of[pid],
                        paper.topic,
                        int(paper.oral),
                        ";".join(paper.presenters),
                    )
                )
    print(
        f"{len(papers)} papers in {args.sessions} sessions ({plan.status}, {plan.seconds:.2f} s): {args.out}"
    )
    topics = sorted({p.topic for p in papers})
    print("session  papers  " + "  ".join(t or "(no topic)" for t in topics))
    for session in range(1, args.sessions + 1):
        ids = set(plan.papers_in(session))
        counts = [sum(1 for p in papers if p.id in ids and p.topic == t) for t in topics]
        print(
            f"{session:>7}  {len(ids):>6}  "
            + "  ".join(f"{c:>{len(t or '(no topic)')}}" for c, t in zip(counts, topics, strict=True))
        )
    return 0
