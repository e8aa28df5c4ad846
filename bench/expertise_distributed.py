"""Embedding scale-out: one process against local Celery workers, same abstracts, same result?

N synthetic abstracts (bench/expertise_speed.py: real titles, sentences resampled from the bundled field
corpus) are scored with ``minilm`` (N/5 submissions, the rest as 20-publication profiles), first in
one process (``torch`` on all cores), then with the embedding sent to W Celery workers of the engine's
own app (``confero.engine.affinity.distributed``; each worker one process, ``--pool solo``, one torch
thread) through Redis db 5 on 127.0.0.1 (flushed before each run), shared cache included. Both runs
start with empty caches, so every text is embedded. Prints wall time, abstracts/s and whether the two
score matrices are identical bit for bit.

    .venv/bin/python bench/expertise_distributed.py --abstracts 2000 --workers 2
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

BROKER = "redis://127.0.0.1:6379/5"


def records(n: int):
    from expertise_speed import synthetic

    from confero.engine.records import Publication, Reviewer, Submission

    texts = synthetic(n)
    n_sub = n // 5
    subs = [Submission(f"s{i}", t, a) for i, (t, a) in enumerate(texts[:n_sub])]
    pubs = [Publication(f"p{i}", t, a, 2000 + i % 25) for i, (t, a) in enumerate(texts[n_sub:])]
    revs = [Reviewer(f"r{j}", tuple(pubs[j * 20 : (j + 1) * 20])) for j in range((n - n_sub) // 20)]
    return subs, revs


def flush() -> None:
    subprocess.run(["redis-cli", "-n", "5", "flushdb"], check=True, capture_output=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--abstracts", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    from confero.engine.affinity import compute_affinity
    from confero.engine.affinity.cache import clear_memory_cache
    from confero.engine.affinity.distributed import CeleryExecutor
    from confero.engine.affinity.neural import load_sentence_model, resolve_dtype

    subs, revs = records(a.abstracts)
    load_sentence_model(128, False, resolve_dtype("auto"))  # model load not timed (workers load theirs)
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    local, _, _ = compute_affinity(subs, revs, model="minilm")
    t_local = time.perf_counter() - t0
    print(
        f"one process: {t_local:.1f} s, {a.abstracts / t_local:.1f} abstracts/s (load {load:.1f})", flush=True
    )

    flush()
    env = {**os.environ, "CONFERO_ENGINE_BROKER": BROKER, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "confero.engine.affinity.distributed",
                "worker",
                "--pool",
                "solo",
                "--hostname",
                f"bench{i}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for i in range(a.workers)
    ]
    try:
        executor = CeleryExecutor(BROKER, cache_url=BROKER)
        # warm-up: every worker loads its model before the clock starts
        executor.app.control.ping(timeout=5)
        warm = [executor.app.tasks["confero.engine.embed_chunk"].apply_async(
            args=(["warm-up"], {"max_seq_length": 128, "quantize": False, "batch_size": 32,
                                "dtype": resolve_dtype("auto")}, None)) for _ in range(a.workers * 2)]  # fmt: skip
        for w in warm:
            w.get(timeout=300)
        clear_memory_cache()
        flush()
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        remote, _, _ = compute_affinity(subs, revs, model="minilm", cache_url=BROKER, executor=executor)
        t_remote = time.perf_counter() - t0
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            w.wait(timeout=60)
    same = np.array_equal(local, remote)
    diff = float(np.abs(local - remote).max())
    print(
        f"{a.workers} Celery workers: {t_remote:.1f} s, {a.abstracts / t_remote:.1f} abstracts/s (load {load:.1f}); "
        f"identical to one process: {same} (max |difference| {diff:.3g})"
    )
    flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
