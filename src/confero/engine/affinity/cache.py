"""Embedding cache keyed by the content hash of the text (never by a paper or reviewer id).

Two layers: an in-process dictionary shared by every cache of the process (so after a run, calls such
as ``closest_publications`` find the run's embeddings) and a persistent store that survives between
runs: a SQLite file in ``cache_dir`` (standard library, safe for concurrent readers, one transaction per
batch) for one machine, or a Redis database (``cache_url="redis://host:6379/5"``) that several machines
share, e.g. the coordinator and the Celery workers of a distributed run (docs/affinity.md).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import numpy as np

from ..errors import InputError

_MEMORY: dict[str, np.ndarray] = {}  # process-wide; keys include the encoder settings


def clear_memory_cache() -> None:
    """Forget the process-wide in-memory embeddings (the persistent stores are untouched)."""
    _MEMORY.clear()


class EmbeddingCache:
    """Maps ``content_hash(text, namespace)`` -> float32 vector of a fixed dimension."""

    def __init__(
        self,
        cache_dir: str | os.PathLike | None = None,
        max_memory_items: int = 100_000,
        cache_url: str | None = None,
    ):
        self.cache_dir = cache_dir
        self.cache_url = cache_url
        self.max_memory_items = max_memory_items
        self._memory = _MEMORY
        self._db: sqlite3.Connection | None = None
        self._redis = None
        if cache_url is not None:
            self._redis = _connect_redis(cache_url)
        if cache_dir is not None:
            path = Path(cache_dir)
            try:
                path.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(path / "embeddings.sqlite3")
                self._db.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
                self._db.commit()
            except (OSError, sqlite3.Error) as exc:
                raise InputError(f"cannot use cache directory ({exc})", path=str(cache_dir)) from None
        self.hits = 0
        self.misses = 0

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        found = {k: self._memory[k] for k in keys if k in self._memory}
        missing = [k for k in dict.fromkeys(keys) if k not in found]
        if missing and self._redis is not None:
            for start in range(0, len(missing), 500):
                part = missing[start : start + 500]
                for key, blob in zip(part, self._redis.mget([_REDIS_PREFIX + k for k in part]), strict=True):
                    if blob is not None:
                        vec = np.frombuffer(blob, dtype=np.float32)
                        found[key] = vec
                        self._remember(key, vec)
            missing = [k for k in missing if k not in found]
        if missing and self._db is not None:
            for start in range(0, len(missing), 500):
                part = missing[start : start + 500]
                marks = ",".join("?" * len(part))
                for key, blob in self._db.execute(f"SELECT key, vec FROM emb WHERE key IN ({marks})", part):
                    vec = np.frombuffer(blob, dtype=np.float32)
                    found[key] = vec
                    self._remember(key, vec)
        self.hits += sum(1 for k in keys if k in found)
        self.misses += sum(1 for k in keys if k not in found)
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        for key, vec in items.items():
            self._remember(key, np.asarray(vec, dtype=np.float32))
        if self._redis is not None and items:
            pipe = self._redis.pipeline(transaction=False)
            for k, v in items.items():
                pipe.set(_REDIS_PREFIX + k, np.asarray(v, dtype=np.float32).tobytes())
            pipe.execute()
        if self._db is not None and items:
            rows = [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()]
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO emb (key, vec) VALUES (?, ?)", rows)

    def _remember(self, key: str, vec: np.ndarray) -> None:
        if len(self._memory) >= self.max_memory_items:
            self._memory.pop(next(iter(self._memory)))
        self._memory[key] = vec

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._redis is not None:
            self._redis.close()
            self._redis = None


_REDIS_PREFIX = "confero:emb:"


def _connect_redis(url: str):
    """A Redis client for ``url`` (redis:// or rediss://), checked with a ping."""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise InputError("must be a redis:// URL", field="cache_url")
    import redis  # comes with celery[redis]

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5)
        client.ping()
    except (redis.RedisError, ValueError) as exc:
        raise InputError(f"cannot use the Redis cache {url} ({exc})", field="cache_url") from None
    return client
