"""``confero import-corpus FILE... [--format F] --out corpus.jsonl``: arXiv metadata JSON, DBLP XML or
OpenReview notes JSON -> the corpus JSONL that ``confero check-prior --corpus`` reads (id, title,
abstract, authors, venue, year, url, status). Useful to look at, filter or merge corpora."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="corpus files")
    parser.add_argument(
        "--format",
        default="auto",
        choices=["auto", "jsonl", "arxiv", "dblp", "openreview"],
        help="format of the input files (default: guessed from each file)",
    )
    parser.add_argument("--out", required=True, metavar="JSONL", help="where to write the corpus")


def run(args: argparse.Namespace) -> int:
    import json
    import os
    import sys
    import tempfile
    from collections import Counter

    from confero.engine.checks.prior import read_corpus
    from confero.engine.errors import InputError

    folder = os.path.dirname(os.path.abspath(args.out))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write here ({exc.strerror})", path=args.out) from None
    statuses: Counter = Counter()
    seen: set[str] = set()
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for path in args.files:
                for paper in read_corpus(path, args.format):
                    if paper.id in seen:
                        continue
                    seen.add(paper.id)
                    statuses[paper.status] += 1
                    d = paper.to_dict()
                    d.pop("workshop", None)
                    d.pop("source", None)
                    out.write(json.dumps(d, ensure_ascii=False) + "\n")
        os.replace(tmp, args.out)
    except BaseException:
        os.unlink(tmp)
        raise
    detail = ", ".join(f"{n} {s}" for s, n in statuses.most_common())
    print(f"wrote {len(seen)} papers to {args.out} ({detail or 'none'})", file=sys.stderr)
    return 0
