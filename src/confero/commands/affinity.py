"""``confero affinity``: score every reviewer's expertise for every submission.

Writes ``reviewer_id,paper_id,score`` (one row per pair, higher = more expert) to ``--out`` as CSV or
Parquet, or the dense matrix as NumPy ``.npz`` (the extension decides), ready for ``confero assign``. Models, pooling and the cache are described in docs/affinity.md.
"""

from __future__ import annotations

import argparse
import sys
import warnings

# Kept in sync with confero.engine.affinity.MODELS (a test checks); listed here so --help stays light.
MODEL_NAMES = ("default", "tfidf", "bm25", "minilm", "tfidf+minilm-zscore")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--submissions", required=True, metavar="S.jsonl", help="submissions JSONL")
    parser.add_argument("--reviewers", required=True, metavar="R.jsonl", help="reviewers JSONL")
    parser.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="output: scores.csv, scores.parquet (reviewer_id,paper_id,score rows) or scores.npz (dense matrix)",
    )
    parser.add_argument(
        "--model",
        default="default",
        metavar="NAME",
        help=f"one of {', '.join(MODEL_NAMES)} (default: default = TF-IDF + MiniLM, rank-fused; TF-IDF alone "
        "with a warning when the embeddings extra is not installed)",
    )
    parser.add_argument(
        "--pooling",
        default=None,
        metavar="SPEC",
        help="how a reviewer's publication similarities become one score: mean, max, topK (e.g. top3), "
        "softmax:T, recency:H (default: top3)",
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="keep embeddings here between runs (keyed by the content hash of each text)",
    )
    parser.add_argument(
        "--cache-url",
        metavar="redis://HOST:PORT/DB",
        help="keep embeddings in this Redis database (shared by several machines, e.g. Celery workers)",
    )
    parser.add_argument(
        "--celery",
        metavar="redis://HOST:PORT/DB",
        help="embed on Celery workers listening on this broker (see docs/affinity.md, 'Scale-out')",
    )
    parser.add_argument("--no-progress", action="store_true", help="do not show progress bars on stderr")


def run(args: argparse.Namespace) -> int:
    from confero.engine.affinity import DEFAULT_POOLING, AffinityFallbackWarning, compute_affinity
    from confero.engine.affinity.pooling import parse_pooling
    from confero.engine.errors import InputError
    from confero.engine.io import read_reviewers, read_submissions
    from confero.engine.matrix_io import score_format, write_scores

    models = _known_models()
    if args.model not in models:
        raise InputError(f"unknown model {args.model!r}; known models: {', '.join(models)}", field="--model")
    score_format(args.out)  # an unknown extension fails before any work
    pooling = args.pooling or DEFAULT_POOLING
    try:
        parse_pooling(pooling)
    except InputError as exc:
        raise InputError(exc.reason, field="--pooling") from None
    executor = None
    if args.celery:
        from confero.engine.affinity.distributed import CeleryExecutor

        executor = CeleryExecutor(args.celery, cache_url=args.cache_url)
    submissions = read_submissions(args.submissions)
    reviewers = read_reviewers(args.reviewers)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AffinityFallbackWarning)
        scores, paper_ids, reviewer_ids = compute_affinity(
            submissions,
            reviewers,
            model=args.model,
            pooling=pooling,
            cache_dir=args.cache_dir,
            progress=not args.no_progress,
            cache_url=args.cache_url,
            executor=executor,
        )
    for w in caught:
        if issubclass(w.category, AffinityFallbackWarning):
            print(f"confero affinity: warning: {w.message}", file=sys.stderr)
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    n = write_scores(args.out, scores, paper_ids, reviewer_ids)
    empty = sum(1 for r in reviewers if not r.publications)
    note = f"; {empty} reviewer(s) without publications scored 0" if empty else ""
    print(
        f"confero affinity: wrote {n} scores ({len(submissions)} submissions x {len(reviewers)} reviewers, "
        f"model {args.model}, pooling {pooling}){note} to {args.out}",
        file=sys.stderr,
    )
    return 0


def _known_models() -> tuple[str, ...]:
    from confero.engine.affinity import MODELS

    return tuple(MODELS)
