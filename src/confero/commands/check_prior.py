"""``confero check-prior --corpus C.jsonl --submissions S.jsonl --out matches.csv``: prior publication
and dual submission, offline.

Indexes the corpora (JSONL, arXiv metadata JSON, DBLP XML, OpenReview notes JSON; ``--corpus`` may be
repeated) and the submissions, then writes one CSV row per (submission, overlapping paper) with the
verdict: published (archival venue), workshop-paper, dual-submission (another submission), preprint
(allowed) or unknown-venue. ``--save-index`` keeps the index for later runs (``--index``) and for
``confero check-pdf --checks prior --index``.
"""

from __future__ import annotations

import argparse

COLUMNS = [
    "submission_id", "match_id", "verdict", "severity", "score", "title_similarity", "abstract_similarity",
    "author_overlap", "match_status", "match_source", "match_venue", "match_year", "match_url",
    "submission_title", "match_title",
]  # fmt: skip


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus", action="append", default=[], metavar="FILE", help="a corpus file (repeatable)"
    )
    parser.add_argument(
        "--corpus-format",
        default="auto",
        choices=["auto", "jsonl", "arxiv", "dblp", "openreview"],
        help="format of the corpus files (default: guessed from each file)",
    )
    parser.add_argument("--index", metavar="NPZ", help="start from an index saved with --save-index")
    parser.add_argument(
        "--save-index", metavar="NPZ", help="save the index of the corpora (not the submissions)"
    )
    parser.add_argument("--submissions", metavar="JSONL", help="submissions JSONL (docs/formats.md)")
    parser.add_argument("--out", metavar="CSV", help="where to write the matches")
    parser.add_argument("--no-dual", action="store_true", help="do not compare submissions with each other")
    parser.add_argument(
        "--min-score",
        type=float,
        default=None,
        metavar="S",
        help="match threshold with abstracts (default 0.4)",
    )
    parser.add_argument(
        "--min-title-score",
        type=float,
        default=None,
        metavar="S",
        help="match threshold on titles alone (default 0.8)",
    )
    parser.add_argument("--progress", action="store_true", help="show progress bars")


def run(args: argparse.Namespace) -> int:
    import sys
    import time
    from collections import Counter

    from tqdm import tqdm

    from confero.engine.checks.prior import (
        MIN_SCORE,
        MIN_TITLE_SCORE,
        CorpusPaper,
        PriorIndex,
        find_matches,
        read_corpus,
    )
    from confero.engine.errors import InputError
    from confero.engine.io import read_submissions

    if not args.submissions and not args.save_index:
        raise InputError(
            "give --submissions (and --out) to check, or --save-index to build an index",
            field="--submissions",
        )
    if args.submissions and not args.out:
        raise InputError("is required with --submissions", field="--out")
    if not args.corpus and not args.index and (args.no_dual or not args.submissions):
        raise InputError("nothing to compare with: give --corpus or --index", field="--corpus")
    min_score = MIN_SCORE if args.min_score is None else args.min_score
    min_title = MIN_TITLE_SCORE if args.min_title_score is None else args.min_title_score
    subs = read_submissions(args.submissions) if args.submissions else []
    start = time.monotonic()
    index = PriorIndex.load(args.index) if args.index else PriorIndex()
    for path in args.corpus:
        n = index.add(read_corpus(path, args.corpus_format), progress=args.progress)
        print(f"indexed {n} papers from {path}", file=sys.stderr)
    print(f"index: {len(index)} papers ({time.monotonic() - start:.1f} s)", file=sys.stderr)
    if args.save_index:
        index.save(args.save_index)
        print(f"saved the index to {args.save_index}", file=sys.stderr)
    if not subs:
        return 0
    if not args.no_dual:
        index.add(
            CorpusPaper(
                id=f"submission:{s.id}",
                title=s.title,
                abstract=s.abstract,
                authors=tuple(a.name for a in s.authors if a.name),
                source="submission",
            )
            for s in subs
        )
    rows, verdicts = [], Counter()
    start = time.monotonic()
    for s in tqdm(subs, desc="checking", unit=" submissions", file=sys.stderr, disable=not args.progress):
        authors = [a.name for a in s.authors if a.name]
        for m in find_matches(
            index, s.title, s.abstract, authors, [f"submission:{s.id}"], min_score, min_title
        ):
            p, sim = m.paper, m.similarity
            verdicts[m.verdict] += 1
            rows.append(
                [
                    s.id, p.id.removeprefix("submission:"), m.verdict, m.severity, f"{sim.score:.4f}", f"{sim.title:.4f}",
                    "" if sim.abstract is None else f"{sim.abstract:.4f}", "" if sim.authors is None else f"{sim.authors:.4f}",
                    p.status, p.source, p.venue, p.year or "", p.url, s.title, p.title,
                ]
            )  # fmt: skip
    elapsed = time.monotonic() - start
    _write_csv(args.out, rows)
    summary = ", ".join(f"{n} {v}" for v, n in verdicts.most_common()) or "no matches"
    print(
        f"{len(subs)} submissions checked in {elapsed:.1f} s ({1000 * elapsed / len(subs):.0f} ms each): {summary}; wrote {args.out}",
        file=sys.stderr,
    )
    return 0


def _write_csv(path: str, rows: list[list]) -> None:
    import csv
    import os
    import tempfile

    from confero.engine.errors import InputError

    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write here ({exc.strerror})", path=path) from None
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    os.replace(tmp, path)
