"""MinHash signatures and a banded LSH index, in numpy.

Shingles are the content words of a text (stop words removed, plurals folded, as in the affinity
engine) and the pairs of consecutive content words, hashed to 32 bits with CRC-32. Each of the
``num_perm`` hash functions is a multiply-shift hash ``(a * x + b) >> 32`` with random 64-bit ``a``
(odd) and ``b`` from a seeded generator, so signatures are the same on every machine and run. The
signature of a set is the minimum of each hash function over its shingles (vectorised: hash all
shingles of a batch, then ``np.minimum.reduceat`` per document).

LSH: the signature is cut into ``bands`` bands of ``rows`` values; two documents are candidates when
they agree on all values of at least one band, which happens with probability
``1 - (1 - J**rows)**bands`` for Jaccard similarity ``J``.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from ...affinity.text import tokenize

_HASH_CACHE: dict[str, int] = {}
_EMPTY = np.zeros(0, dtype=np.uint32)
_MAX = np.uint32(0xFFFFFFFF)


def _word_hash(word: str) -> int:
    h = _HASH_CACHE.get(word)
    if h is None:
        h = zlib.crc32(word.encode("utf-8"))
        if len(_HASH_CACHE) < 2_000_000:
            _HASH_CACHE[word] = h
    return h


def shingles(text: str, bigrams: bool = True) -> np.ndarray:
    """Distinct 32-bit shingle hashes of ``text`` (content words and, if ``bigrams``, word pairs)."""
    words = tokenize(text)
    if not words:
        return _EMPTY
    h = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    if bigrams and len(h) > 1:
        pairs = (h[:-1] * np.uint64(0x9E3779B1) + h[1:] * np.uint64(0x85EBCA77) + np.uint64(1)) & np.uint64(
            0xFFFFFFFF
        )
        h = np.concatenate([h, pairs])
    return np.unique(h.astype(np.uint32))


class MinHasher:
    """``signatures(sets)`` -> (n, num_perm) uint32; empty sets get all-max signatures."""

    def __init__(self, num_perm: int = 128, seed: int = 1, chunk: int = 40_000):
        self.num_perm = num_perm
        self.seed = seed
        self.chunk = chunk
        rng = np.random.default_rng(seed)
        self.a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self.b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)

    def signatures(self, sets: Sequence[np.ndarray]) -> np.ndarray:
        n = len(sets)
        out = np.full((n, self.num_perm), _MAX, dtype=np.uint32)
        lengths = np.fromiter((len(s) for s in sets), dtype=np.int64, count=n)
        start = 0
        while start < n:
            stop, total = start, 0
            while stop < n and (total + lengths[stop] <= self.chunk or stop == start):
                total += lengths[stop]
                stop += 1
            idx = np.nonzero(lengths[start:stop])[0] + start
            if len(idx):
                x = np.concatenate([sets[i] for i in idx]).astype(np.uint64)
                with np.errstate(over="ignore"):
                    hashed = (x[:, None] * self.a[None, :] + self.b[None, :]) >> np.uint64(32)
                offsets = np.concatenate([[0], np.cumsum(lengths[idx])[:-1]])
                out[idx] = np.minimum.reduceat(hashed, offsets, axis=0).astype(np.uint32)
            start = stop
        return out


def estimate_jaccard(query: np.ndarray, signatures: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of one signature with each row of ``signatures``."""
    if len(signatures) == 0:
        return np.zeros(0)
    return (signatures == query[None, :]).mean(axis=1)


class LSHIndex:
    """Banded LSH over signatures: ``add(signatures, empty)``, ``query(signature)`` -> row ids.

    Rows are kept in per-band sorted arrays (binary search) plus a small unsorted tail of recent
    additions that is merged when it grows, so adding one submission does not re-sort everything.
    """

    def __init__(self, bands: int, rows: int, seed: int = 7, merge_at: int = 4096):
        self.bands = bands
        self.rows = rows
        self.merge_at = merge_at
        rng = np.random.default_rng(seed)
        self._mult = rng.integers(1, 2**63, size=rows, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self._sorted_keys = np.zeros((bands, 0), dtype=np.uint64)
        self._sorted_ids = np.zeros((bands, 0), dtype=np.int64)
        self._tail_keys = np.zeros((bands, 0), dtype=np.uint64)
        self._tail_ids = np.zeros(0, dtype=np.int64)
        self.size = 0

    def keys(self, signatures: np.ndarray) -> np.ndarray:
        """(bands, n) band keys of ``signatures`` (n, >= bands * rows)."""
        n = len(signatures)
        sig = signatures[:, : self.bands * self.rows].astype(np.uint64).reshape(n, self.bands, self.rows)
        with np.errstate(over="ignore"):
            keys = (sig * self._mult[None, None, :]).sum(axis=2, dtype=np.uint64)
        return keys.T.copy()

    def add(self, signatures: np.ndarray, empty: np.ndarray | None = None) -> None:
        """Add rows ``size .. size + n - 1``; rows marked ``empty`` (no shingles) are never candidates."""
        n = len(signatures)
        ids = np.arange(self.size, self.size + n, dtype=np.int64)
        keep = ~np.asarray(empty, dtype=bool) if empty is not None else np.ones(n, dtype=bool)
        if keep.any():
            self._tail_keys = np.concatenate([self._tail_keys, self.keys(signatures[keep])], axis=1)
            self._tail_ids = np.concatenate([self._tail_ids, ids[keep]])
        self.size += n
        if self._tail_ids.size >= self.merge_at:
            self._merge()

    def _merge(self) -> None:
        keys = np.concatenate([self._sorted_keys, self._tail_keys], axis=1)
        ids = np.concatenate(
            [self._sorted_ids, np.broadcast_to(self._tail_ids, self._tail_keys.shape)], axis=1
        )
        order = np.argsort(keys, axis=1, kind="stable")
        self._sorted_keys = np.take_along_axis(keys, order, axis=1)
        self._sorted_ids = np.take_along_axis(ids, order, axis=1)
        self._tail_keys = np.zeros((self.bands, 0), dtype=np.uint64)
        self._tail_ids = np.zeros(0, dtype=np.int64)

    def query(self, signature: np.ndarray) -> np.ndarray:
        """Ids of rows that share at least one band with ``signature`` (sorted, unique)."""
        keys = self.keys(signature[None, :])[:, 0]
        found = []
        for b in range(self.bands):
            row = self._sorted_keys[b]
            lo, hi = np.searchsorted(row, keys[b], "left"), np.searchsorted(row, keys[b], "right")
            if hi > lo:
                found.append(self._sorted_ids[b, lo:hi])
        if self._tail_ids.size:
            hit = (self._tail_keys == keys[:, None]).any(axis=0)
            found.append(self._tail_ids[hit])
        return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)

    def state(self) -> dict[str, np.ndarray]:
        self._merge()
        return {"keys": self._sorted_keys, "ids": self._sorted_ids, "size": np.array(self.size)}

    def load_state(self, state: dict[str, np.ndarray]) -> None:
        self._sorted_keys, self._sorted_ids = state["keys"], state["ids"]
        self.size = int(state["size"])
