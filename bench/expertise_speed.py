"""Throughput and peak memory of ``compute_affinity`` on 10,000 synthetic abstracts.

The abstracts are resampled from the bundled field corpus (src/confero/engine/affinity/data): each one
has a real title and sentences drawn from real abstracts up to a real abstract's length, so lengths and
vocabulary look like the field's. 10,000 abstracts = 2,000 submissions + 400 reviewers x 20
publications. Each model runs in a fresh process without a disk cache (so everything is embedded),
and reports wall time, CPU time and peak resident memory (ru_maxrss). The machine may be shared:
the 1-minute load average is printed next to each figure.

    .venv/bin/python bench/expertise.py --speed
    .venv/bin/python bench/expertise_speed.py --worker minilm 10000   # one measurement, JSON
    .venv/bin/python bench/expertise_speed.py 0.1                     # the table at 1/10 of the sizes
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))

# (label, model, encoder overrides, number of abstracts): the alternatives only on 2,000 to save time.
SPEED_MODELS = (
    ("tfidf", "tfidf", {}, 10_000),
    ("bm25", "bm25", {}, 10_000),
    ("minilm (bfloat16, 128 pieces: the default)", "minilm", {}, 10_000),
    ("default (tfidf + minilm)", "default", {}, 10_000),
    ("minilm float32, 128 pieces", "minilm", {"dtype": "float32"}, 2_000),
    ("minilm float32, 256 pieces", "minilm", {"dtype": "float32", "max_seq_length": 256}, 2_000),
    ("minilm int8, 128 pieces, batch 32", "minilm", {"quantize": True}, 2_000),
)


def synthetic(n: int, seed: int = 0) -> list[tuple[str, str]]:
    from confero.engine.affinity.text import background_docs

    docs = [d for d in background_docs() if d[1]]
    sentences = [s.strip() for _, a in docs for s in re.split(r"(?<=[.!?])\s+", a) if len(s.split()) > 3]
    lengths = [len(a.split()) for _, a in docs]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        target, words, parts = rng.choice(lengths), 0, []
        while words < target:
            s = rng.choice(sentences)
            parts.append(s)
            words += len(s.split())
        out.append((rng.choice(docs)[0], " ".join(parts)))
    return out


def worker(model: str, n: int, params: dict) -> dict:
    from confero.engine.affinity import compute_affinity
    from confero.engine.affinity.models import Component, ModelSpec, get_model
    from confero.engine.records import Publication, Reviewer, Submission

    texts = synthetic(n)
    n_sub = n // 5
    subs = [Submission(f"s{i}", t, a) for i, (t, a) in enumerate(texts[:n_sub])]
    pubs = [Publication(f"p{i}", t, a, 2000 + i % 25) for i, (t, a) in enumerate(texts[n_sub:])]
    reviewers = [Reviewer(f"r{j}", tuple(pubs[j * 20 : (j + 1) * 20])) for j in range((n - n_sub) // 20)]
    spec = get_model(model)
    if params:
        comps = tuple(Component(c.name, c.kind, {**c.params, **params}) for c in spec.components)
        spec = ModelSpec(spec.name, spec.description, comps, spec.fusion, spec.weights)
    load = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    scores, _, _ = compute_affinity(subs, reviewers, model=spec)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "model": model,
        "abstracts": n,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "abstracts_per_s": round(n / wall, 1),
        "abstracts_per_s_2cores_cpu": round(n / (cpu / 2), 1),
        "peak_rss_mb": round(peak_mb),
        "load_1min": round(max(load, os.getloadavg()[0]), 1),
        "shape": list(scores.shape),
    }


def speed_table(scale: float = 1.0) -> str:
    lines = [
        "| model | abstracts | wall s | abstracts/s (wall) | CPU s | abstracts/s (2 cores x CPU time) "
        "| peak RSS MB | load avg |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, model, params, n in SPEED_MODELS:
        n = max(100, int(n * scale))
        cmd = [sys.executable, __file__, "--worker", model, str(n), json.dumps(params)]
        res = subprocess.run(cmd, capture_output=True, text=True, check=True)
        r = json.loads(res.stdout.strip().splitlines()[-1])
        line = (
            f"| {label} | {r['abstracts']:,} | {r['wall_s']} | {r['abstracts_per_s']} | {r['cpu_s']} "
            f"| {r['abstracts_per_s_2cores_cpu']} | {r['peak_rss_mb']} | {r['load_1min']} |"
        )
        print(line, flush=True)
        lines.append(line)
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--worker":
        extra = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
        print(json.dumps(worker(sys.argv[2], int(sys.argv[3]), extra)))
    else:
        print(speed_table(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0))
