"""Embedding on Celery workers gives exactly the single-process result (real Redis, real worker).

A private redis-server (random port, no persistence) and a real ``celery worker`` process of the
engine's own Celery app (no Django settings) are started for the module; the scores of a run whose
embeddings all come from the worker are compared bit for bit with a single-process run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time

import numpy as np
import pytest

from confero.engine.affinity import compute_affinity
from confero.engine.affinity.cache import EmbeddingCache, clear_memory_cache
from confero.engine.affinity.neural import neural_available
from confero.engine.affinity.text import background_docs
from confero.engine.records import Publication, Reviewer, Submission

pytestmark = [
    pytest.mark.embeddings,
    pytest.mark.slow,
    pytest.mark.skipif(not neural_available(), reason="needs pip install 'confero[embeddings]'"),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    env = {**os.environ, "CONFERO_ENGINE_BROKER": url}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the engine's Celery app must not need Django
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "confero.engine.affinity.distributed", "worker",
         "--pool", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "WARNING"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        yield url
    finally:
        worker.terminate()
        redis.terminate()
        worker.wait(timeout=30)
        redis.wait(timeout=30)


def _records():
    docs = [d for d in background_docs() if d[1]][:60]
    subs = [Submission(f"s{i}", t, a) for i, (t, a) in enumerate(docs[:20])]
    pubs = [Publication(f"p{i}", t, a, 2020) for i, (t, a) in enumerate(docs[20:])]
    revs = [Reviewer(f"r{j}", tuple(pubs[j * 8 : (j + 1) * 8])) for j in range(5)]
    return subs, revs


def test_workers_give_the_single_process_result(broker):
    from confero.engine.affinity.distributed import CeleryExecutor

    subs, revs = _records()
    clear_memory_cache()
    local, pids, rids = compute_affinity(subs, revs, model="default")
    clear_memory_cache()
    executor = CeleryExecutor(broker, cache_url=broker, timeout=300)
    remote, pids2, rids2 = compute_affinity(subs, revs, model="default", cache_url=broker, executor=executor)
    assert (pids2, rids2) == (pids, rids)
    assert np.array_equal(local, remote)  # bit for bit
    # the worker filled the shared cache: a new coordinator finds every text there and sends no task
    shared = EmbeddingCache(cache_url=broker)
    assert shared._redis.dbsize() >= len(subs) + sum(len(r.publications) for r in revs)
    clear_memory_cache()

    class NoWork:
        def map_chunks(self, chunks, settings):
            assert not chunks, "everything should come from the shared cache"
            return iter(())

    again, _, _ = compute_affinity(subs, revs, model="default", cache_url=broker, executor=NoWork())
    assert np.array_equal(again, local)
