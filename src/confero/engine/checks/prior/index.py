"""An index of papers (imported corpora and submissions) for finding near-duplicates fast.

Two MinHash/LSH indexes: one over title + abstract (finds papers whose text overlaps) and one over the
title alone (finds records without an abstract, such as DBLP's, and papers whose abstract was
rewritten). A query's candidates from both are ranked by estimated Jaccard similarity and the best
``max_candidates`` are returned for precise scoring (:mod:`.score`).

The index can be saved to one ``.npz`` file and loaded again; adding papers later (a new submission)
does not rebuild it, and re-adding an id replaces the old record.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable

import numpy as np

from ...errors import InputError
from .minhash import LSHIndex, MinHasher, estimate_jaccard, shingles
from .records import CorpusPaper

FORMAT_VERSION = 1


class PriorIndex:
    def __init__(
        self,
        num_perm: int = 128,
        text_bands: int = 32,
        text_rows: int = 4,
        title_perm: int = 64,
        title_bands: int = 32,
        title_rows: int = 2,
        seed: int = 1,
        max_candidates: int = 30,
    ):
        self.params = {
            "num_perm": num_perm,
            "text_bands": text_bands,
            "text_rows": text_rows,
            "title_perm": title_perm,
            "title_bands": title_bands,
            "title_rows": title_rows,
            "seed": seed,
            "max_candidates": max_candidates,
        }
        if text_bands * text_rows > num_perm or title_bands * title_rows > title_perm:
            raise InputError("bands x rows must not exceed the number of permutations", field="index")
        self.max_candidates = max_candidates
        self._text_hasher = MinHasher(num_perm, seed)
        self._title_hasher = MinHasher(title_perm, seed + 1)
        self._text_lsh = LSHIndex(text_bands, text_rows, seed + 2)
        self._title_lsh = LSHIndex(title_bands, title_rows, seed + 3)
        self.papers: list[CorpusPaper] = []
        self._row: dict[str, int] = {}
        self._removed: set[int] = set()
        # signatures in buffers that grow by doubling, so adding one paper does not copy them all
        self._text_buf = np.zeros((0, num_perm), dtype=np.uint32)
        self._title_buf = np.zeros((0, title_perm), dtype=np.uint32)

    def __len__(self) -> int:
        return len(self.papers) - len(self._removed)

    def __contains__(self, paper_id: str) -> bool:
        return paper_id in self._row

    def get(self, paper_id: str) -> CorpusPaper | None:
        row = self._row.get(paper_id)
        return self.papers[row] if row is not None else None

    @staticmethod
    def _text(paper: CorpusPaper) -> str:
        return f"{paper.title}. {paper.abstract}" if paper.abstract else paper.title

    def _signatures(self, papers: list[CorpusPaper]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        text_sets = [shingles(self._text(p)) for p in papers]
        title_sets = [shingles(p.title) for p in papers]
        return (
            self._text_hasher.signatures(text_sets),
            np.array([len(s) == 0 for s in text_sets], dtype=bool),
            self._title_hasher.signatures(title_sets),
            np.array([len(s) == 0 for s in title_sets], dtype=bool),
        )

    def add(self, papers: Iterable[CorpusPaper], batch: int = 5000, progress: bool = False) -> int:
        """Index ``papers``; an id already in the index replaces the old record. Returns how many."""
        from tqdm import tqdm

        count = 0
        bar = tqdm(desc="indexing", unit=" papers", file=sys.stderr, disable=not progress)
        buffer: list[CorpusPaper] = []
        for paper in papers:
            buffer.append(paper)
            if len(buffer) >= batch:
                count += self._add_batch(buffer)
                bar.update(len(buffer))
                buffer = []
        if buffer:
            count += self._add_batch(buffer)
            bar.update(len(buffer))
        bar.close()
        return count

    def _add_batch(self, papers: list[CorpusPaper]) -> int:
        unique: dict[str, CorpusPaper] = {}
        for p in papers:
            unique[p.id] = p  # the last record of an id wins
        papers = list(unique.values())
        for p in papers:
            if p.id in self._row:
                self._removed.add(self._row[p.id])
        text_sig, text_empty, title_sig, title_empty = self._signatures(papers)
        start = len(self.papers)
        self._text_lsh.add(text_sig, text_empty)
        self._title_lsh.add(title_sig, title_empty)
        self._append(start, text_sig, title_sig)
        self.papers.extend(papers)
        for i, p in enumerate(papers):
            self._row[p.id] = start + i
        return len(papers)

    def remove(self, paper_id: str) -> bool:
        """Forget a paper (e.g. a withdrawn submission). Returns whether it was indexed."""
        row = self._row.pop(paper_id, None)
        if row is None:
            return False
        self._removed.add(row)
        return True

    def _append(self, start: int, text_sig: np.ndarray, title_sig: np.ndarray) -> None:
        need = start + len(text_sig)
        if need > len(self._text_buf):
            size = max(need, 2 * len(self._text_buf), 1024)
            for name in ("_text_buf", "_title_buf"):
                old = getattr(self, name)
                new = np.empty((size, old.shape[1]), dtype=np.uint32)
                new[: len(old)] = old
                setattr(self, name, new)
        self._text_buf[start:need] = text_sig
        self._title_buf[start:need] = title_sig

    def _sigs(self) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.papers)
        return self._text_buf[:n], self._title_buf[:n]

    def candidates(
        self, title: str, abstract: str = "", exclude: Iterable[str] = ()
    ) -> list[tuple[CorpusPaper, float]]:
        """Up to ``max_candidates`` indexed papers likely similar to (title, abstract), with their
        estimated Jaccard similarity (the larger of text and title), best first."""
        query = CorpusPaper("__query__", title or "", abstract or "", source="submission")
        text_sig, text_empty, title_sig, title_empty = self._signatures([query])
        rows = []
        if not text_empty[0]:
            rows.append(self._text_lsh.query(text_sig[0]))
        if not title_empty[0]:
            rows.append(self._title_lsh.query(title_sig[0]))
        if not rows:
            return []
        found = np.unique(np.concatenate(rows))
        skip = set(self._removed) | {self._row[i] for i in exclude if i in self._row}
        if skip:
            found = found[~np.isin(found, np.fromiter(skip, dtype=np.int64))]
        if not len(found):
            return []
        text_sigs, title_sigs = self._sigs()
        est = np.maximum(
            estimate_jaccard(text_sig[0], text_sigs[found]), estimate_jaccard(title_sig[0], title_sigs[found])
        )
        order = np.argsort(-est, kind="stable")[: self.max_candidates]
        return [(self.papers[int(found[i])], float(est[i])) for i in order]

    # ------------------------------------------------------------------------------------- persistence

    def save(self, path: str | os.PathLike) -> None:
        text_sigs, title_sigs = self._sigs()
        papers = json.dumps([p.to_dict() for p in self.papers], ensure_ascii=False).encode("utf-8")
        tmp = f"{path}.tmp.npz"
        np.savez(
            tmp,
            version=np.array(FORMAT_VERSION),
            params=np.frombuffer(json.dumps(self.params).encode(), dtype=np.uint8),
            text_sigs=text_sigs,
            title_sigs=title_sigs,
            removed=np.fromiter(sorted(self._removed), dtype=np.int64),
            papers=np.frombuffer(papers, dtype=np.uint8),
        )
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: str | os.PathLike) -> PriorIndex:
        try:
            data = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise InputError(f"not a Confero prior-publication index ({exc})", path=str(path)) from None
        with data:
            if "version" not in data or int(data["version"]) != FORMAT_VERSION:
                raise InputError("index file of another version; build it again", path=str(path))
            params = json.loads(bytes(data["params"]).decode())
            index = cls(**params)
            papers = [CorpusPaper.from_dict(d) for d in json.loads(bytes(data["papers"]).decode("utf-8"))]
            text_sigs, title_sigs = data["text_sigs"], data["title_sigs"]
            removed = set(data["removed"].tolist())
        index.papers = papers
        index._row = {p.id: i for i, p in enumerate(papers) if i not in removed}
        index._removed = removed
        index._text_buf, index._title_buf = np.array(text_sigs), np.array(title_sigs)
        empty_text = (text_sigs == np.uint32(0xFFFFFFFF)).all(axis=1)
        empty_title = (title_sigs == np.uint32(0xFFFFFFFF)).all(axis=1)
        index._text_lsh.add(text_sigs, empty_text)
        index._title_lsh.add(title_sigs, empty_title)
        return index
