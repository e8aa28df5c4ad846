"""Expertise (affinity) benchmark: quality on the expertise-dev half, throughput and memory.

Quality: for each model x pooling, score the 33 researchers' rated papers with each of the 10 profile
draws (profiles/v1..v10.jsonl), write one PRED file per draw to a temporary directory and run the
benchmark's own score.py on the 10 files (it averages them), and on each file alone for the spread over
the draws (the sd column). Lower loss is better; 0.5 = constant. Variants that are not registry models
(hubness corrections, chunked abstracts, ...) are in bench/expertise_extra.py.

    .venv/bin/python bench/expertise.py                   # quality grid, prints a markdown table
    .venv/bin/python bench/expertise.py --speed           # throughput + peak memory, 10,000 abstracts
    .venv/bin/python bench/expertise.py --update-docs     # also rewrites the section in docs/benchmarks.md

The data is read from ../shared/benchmarks/expertise-dev (or --data); nothing is copied into the repo.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from confero.engine.affinity import compute_affinity  # noqa: E402
from confero.engine.affinity.models import BM25, MINILM, TFIDF, Component, ModelSpec  # noqa: E402
from confero.engine.io import read_reviewers, read_submissions  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "expertise-dev"
POOLINGS = ("mean", "max", "top2", "top3", "top5", "softmax:0.05", "recency:3")


def spec(name: str, *components: Component, fusion: str = "zscore") -> ModelSpec:
    return ModelSpec(name, name, tuple(components), fusion=fusion)


def tfidf(**params) -> Component:
    return Component("tfidf", "lexical", {"weighting": "tfidf", **params})


def minilm(**params) -> Component:
    return Component("minilm", "neural", params)


# (label, model spec, poolings) -- the main grid, then ablations at one pooling.
def variants(quick: bool) -> list[tuple[str, ModelSpec, tuple[str, ...]]]:
    main = [
        ("tfidf", spec("tfidf", TFIDF)),
        ("bm25", spec("bm25", BM25)),
        ("minilm (bfloat16, 128 pieces)", spec("minilm", MINILM)),
        ("default (rank fusion tfidf+minilm)", spec("default", TFIDF, MINILM, fusion="rank")),
        ("tfidf+minilm-zscore (z-score fusion)", spec("zscore", TFIDF, MINILM)),
        ("publication-level z-score tfidf+minilm", spec("pub", TFIDF, MINILM, fusion="publication")),
    ]
    out = [(label, s, POOLINGS) for label, s in main]
    if quick:
        return out
    one = ("mean", "top3")
    out += [
        ("tfidf, title weight 1", spec("t1", tfidf(title_weight=1)), one),
        ("tfidf, no background IDF", spec("nobg", tfidf(background=False)), one),
        ("tfidf, + bigrams", spec("bi", tfidf(bigrams=True)), one),
        (
            "minilm float32, 256 pieces (reference)",
            spec("f256", minilm(dtype="float32", max_seq_length=256)),
            one,
        ),
        ("minilm float32, 128 pieces", spec("f128", minilm(dtype="float32")), one),
        ("minilm bfloat16, 256 pieces", spec("b256", minilm(max_seq_length=256)), one),
        ("minilm int8, 128 pieces, batch 32", spec("m128q", minilm(quantize=True)), one),
        ("minilm int8, 128 pieces, batch 1", spec("m128q1", minilm(quantize=True, batch_size=1)), one),
        ("rank fusion bm25+minilm", spec("bm25+minilm", BM25, MINILM, fusion="rank"), one),
        ("minilm, titles only", spec("mt", minilm(field="title")), one),
        (
            "rank fusion tfidf+minilm+minilm-titles",
            spec("title3", TFIDF, MINILM, minilm(field="title"), fusion="rank"),
            one,
        ),
        ("tfidf + Rocchio feedback (3 nearest, beta 0.75)", spec("prf", tfidf(prf_k=3)), one),
        (
            "rank fusion tfidf-Rocchio+minilm",
            spec("prf+minilm", tfidf(prf_k=3), MINILM, fusion="rank"),
            one,
        ),
        ("LSA 100 dims of tfidf", spec("lsa", tfidf(lsa=100)), one),
        (
            "rank fusion tfidf+minilm+LSA",
            spec("lsa3", TFIDF, MINILM, tfidf(lsa=100), fusion="rank"),
            one,
        ),
    ]
    return out


def write_pred(path: Path, scores, paper_ids, reviewer_ids) -> None:
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["reviewer_id", "paper_id", "score"])
        for j, rid in enumerate(reviewer_ids):
            for i, pid in enumerate(paper_ids):
                w.writerow([rid, pid, repr(float(scores[i, j]))])


def evaluate(data: Path, model: ModelSpec, pooling: str, cache_dir: str, per_draw: bool = True) -> dict:
    """Loss/easy/hard averaged over the 10 draws (score.py); with ``per_draw`` also each draw's loss."""
    subs = read_submissions(data / "submissions.jsonl")
    with tempfile.TemporaryDirectory(prefix="confero-expertise-") as tmp:
        preds = []
        for v in range(1, 11):
            reviewers = read_reviewers(data / "profiles" / f"v{v}.jsonl")
            scores, pids, rids = compute_affinity(
                subs, reviewers, model=model, pooling=pooling, cache_dir=cache_dir
            )
            path = Path(tmp) / f"pred_v{v}.csv"
            write_pred(path, scores, pids, rids)
            preds.append(str(path))
        res = _score(data, preds)
        draws = [_score(data, [p])["loss"] for p in preds] if per_draw else []
    if per_draw:
        res["draws"] = draws
    return res


def _score(data: Path, preds: list[str]) -> dict:
    res = subprocess.run(
        [sys.executable, str(data / "score.py"), str(data / "ratings.csv"), *preds],
        capture_output=True,
        text=True,
        check=True,
    )
    m = re.search(r"loss=([\d.]+) easy=([\d.]+) hard=([\d.]+)", res.stdout)
    return {"loss": float(m.group(1)), "easy": float(m.group(2)), "hard": float(m.group(3))}


def quality_table(data: Path, cache_dir: str, quick: bool, only: str | None = None) -> str:
    lines = [
        "| model | pooling | loss | easy | hard | per-draw loss sd |",
        "|---|---|---|---|---|---|",
    ]
    for label, model, poolings in variants(quick):
        if only and only not in label:
            continue
        for pooling in poolings:
            r = evaluate(data, model, pooling, cache_dir)
            sd = float(np.std(r["draws"], ddof=1))
            line = f"| {label} | {pooling} | {r['loss']:.4f} | {r['easy']:.3f} | {r['hard']:.3f} | {sd:.4f} |"
            print(line, flush=True)
            lines.append(line)
    return "\n".join(lines)


def update_docs(kind: str, table: str, command: str) -> None:
    """Replace the table between ``<!-- expertise-KIND:start -->`` and ``:end -->`` in docs/benchmarks.md."""
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8")
    start, end = f"<!-- expertise-{kind}:start -->", f"<!-- expertise-{kind}:end -->"
    if start not in text or end not in text:
        raise SystemExit(f"{path}: markers {start} ... {end} not found in the Expertise section")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    stamp = time.strftime("%Y-%m-%d", time.gmtime())
    body = f"{start}\nMeasured {stamp} with `{command}`:\n\n{table}\n{end}"
    path.write_text(head + body + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache-dir", default=os.path.join(tempfile.gettempdir(), "confero-bench-cache"))
    parser.add_argument("--quick", action="store_true", help="main grid only, no ablations")
    parser.add_argument("--only", metavar="TEXT", help="only the variants whose label contains TEXT")
    parser.add_argument("--speed", action="store_true", help="measure throughput and peak memory instead")
    parser.add_argument(
        "--update-docs", action="store_true", help="rewrite the section in docs/benchmarks.md"
    )
    args = parser.parse_args(argv)
    started = time.time()
    if args.speed:
        from expertise_speed import speed_table

        table = speed_table()
    else:
        table = quality_table(args.data, args.cache_dir, args.quick, args.only)
    print(f"\n{table}\n\n({time.time() - started:.0f} s)")
    if args.update_docs:
        if args.only or args.quick:
            raise SystemExit("--update-docs needs the full run (no --only / --quick)")
        command = ".venv/bin/python bench/expertise.py" + (" --speed" if args.speed else "")
        update_docs("speed" if args.speed else "quality", table, command + " --update-docs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
