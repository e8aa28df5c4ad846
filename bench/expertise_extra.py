"""Expertise benchmark: variants of the default that are not models in the registry (all measured, none
kept; see the "Expertise (affinity)" section of docs/benchmarks.md).

Each variant rebuilds the default's two pooled (submission x reviewer) matrices -- TF-IDF and MiniLM
(bfloat16 where supported, 128 word pieces), ``top3`` -- changes one thing, fuses by percentile rank and is
scored like bench/expertise.py (score.py over the 10 profile draws; also each draw's loss, mean and sd):

* ``default``: unchanged (reference);
* ``hubness, centred rows``: each model's pooled matrix minus each submission's mean over reviewers;
* ``hubness, z-scored rows``: the same, divided by the row's standard deviation too;
* ``all-but-the-top``: MiniLM vectors minus their mean and their top 3 principal directions (fitted on
  the bundled corpus + the run), renormalised (Mu & Viswanath 2018);
* ``chunked, mean``: title + abstract cut into windows of whole sentences (each window "title. sentences",
  at most 120 word pieces), a paper's vector is the renormalised mean of its windows' vectors;
* ``chunked, publication max``: the submission's usual vector vs each window of a publication, max;
* ``chunked, both max``: max over all (submission window, publication window) pairs.

    .venv/bin/python bench/expertise_extra.py
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from expertise import DEFAULT_DATA, _score, spec, write_pred  # noqa: E402

from confero.engine.affinity import compute_affinity  # noqa: E402
from confero.engine.affinity.cache import EmbeddingCache  # noqa: E402
from confero.engine.affinity.fusion import fuse  # noqa: E402
from confero.engine.affinity.models import TFIDF  # noqa: E402
from confero.engine.affinity.neural import NeuralEncoder, load_sentence_model  # noqa: E402
from confero.engine.affinity.pooling import ProfileLayout, pool  # noqa: E402
from confero.engine.affinity.text import background_docs  # noqa: E402
from confero.engine.io import read_reviewers, read_submissions  # noqa: E402

CACHE = str(Path(tempfile.gettempdir()) / "confero-bench-cache")
SENTENCE = re.compile(r"(?<=[.!?])\s+")


class Windows:
    """Title + consecutive whole sentences, packed greedily up to ``budget`` word pieces per window."""

    def __init__(self, budget: int = 120):
        self.budget = budget
        self.tokenizer = load_sentence_model(128, False, "float32").tokenizer

    def __call__(self, item) -> list[str]:
        title = item.title
        sentences = [s for s in SENTENCE.split(item.abstract.strip()) if s]
        head = len(self.tokenizer.tokenize(title)) + 1
        out, cur, n = [], [], head
        for s in sentences:
            k = len(self.tokenizer.tokenize(s))
            if cur and n + k > self.budget:
                out.append(cur)
                cur, n = [], head
            cur.append(s)
            n += k
        if cur:
            out.append(cur)
        return [f"{title}. " + " ".join(w) for w in out] or [title]


def window_vectors(encoder, windows, items) -> tuple[np.ndarray, np.ndarray]:
    """All windows' vectors and, for each, the index of its item."""
    per_item = [windows(i) for i in items]
    vecs = encoder.encode([w for ws in per_item for w in ws])
    return vecs, np.repeat(np.arange(len(items)), [len(ws) for ws in per_item])


def group_max(sims: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """Max of the columns of ``sims`` that share an owner: (rows, n_windows) -> (rows, n)."""
    out = np.full((sims.shape[0], n), -np.inf)
    np.maximum.at(out.T, owner, sims.T)
    return out


def neural_sims(variant: str, enc, windows, subs, pubs, background) -> np.ndarray:
    """(n_sub, n_pub) MiniLM similarities for one variant."""
    if variant.startswith("chunked"):
        sv, so = window_vectors(enc, windows, subs)
        pv, po = window_vectors(enc, windows, pubs)
        if variant == "chunked, mean":
            s_mean = np.stack([sv[so == i].mean(0) for i in range(len(subs))])
            p_mean = np.stack([pv[po == i].mean(0) for i in range(len(pubs))])
            s_mean /= np.linalg.norm(s_mean, axis=1, keepdims=True)
            p_mean /= np.linalg.norm(p_mean, axis=1, keepdims=True)
            return s_mean @ p_mean.T
        if variant == "chunked, publication max":
            return group_max(enc.encode([s.text for s in subs]) @ pv.T, po, len(pubs))
        by_sub_window = group_max(sv @ pv.T, po, len(pubs))  # (n_sub_windows, n_pub)
        return group_max(by_sub_window.T, so, len(subs)).T
    s = enc.encode([x.text for x in subs]).astype(np.float64)
    p = enc.encode([x.text for x in pubs]).astype(np.float64)
    if variant == "all-but-the-top":
        x = np.vstack([enc.encode(background), s, p])
        mu = x.mean(0)
        top = np.linalg.svd(x - mu, full_matrices=False)[2][:3]
        s, p = ((v - mu) - ((v - mu) @ top.T) @ top for v in (s, p))
        s, p = (v / np.linalg.norm(v, axis=1, keepdims=True) for v in (s, p))
    return s @ p.T


def centre_rows(m: np.ndarray, valid: np.ndarray, scale: bool) -> np.ndarray:
    cells = m[:, valid]
    out = m - cells.mean(1, keepdims=True)
    return out / np.maximum(cells.std(1, keepdims=True), 1e-12) if scale else out


def variant_scores(variant, enc, windows, subs, reviewers, background):
    pubs = [p for r in reviewers for p in r.publications]
    owner = np.repeat(np.arange(len(reviewers)), [len(r.publications) for r in reviewers])
    layout = ProfileLayout(owner, len(reviewers))
    valid = layout.counts > 0
    lexical, pids, rids = compute_affinity(subs, reviewers, model=spec("tfidf", TFIDF), pooling="top3")
    neural = pool(neural_sims(variant, enc, windows, subs, pubs, background), layout, "top3")
    matrices = [lexical, neural]
    if variant.startswith("hubness"):
        matrices = [centre_rows(m, valid, "z-scored" in variant) for m in matrices]
    return fuse(matrices, valid, "rank"), pids, rids


VARIANTS = (
    "default",
    "hubness, centred rows",
    "hubness, z-scored rows",
    "all-but-the-top",
    "chunked, mean",
    "chunked, publication max",
    "chunked, both max",
)


def main() -> int:
    data = DEFAULT_DATA
    subs = read_submissions(data / "submissions.jsonl")
    enc = NeuralEncoder(cache=EmbeddingCache(CACHE))
    windows = Windows()
    background = [f"{t}. {a}".strip() if a else t for t, a in background_docs()]
    print("| variant (rank fusion, top3) | loss | easy | hard | per-draw loss mean (sd) |")
    print("|---|---|---|---|---|")
    for variant in VARIANTS:
        with tempfile.TemporaryDirectory(prefix="confero-expertise-") as tmp:
            preds = []
            for v in range(1, 11):
                reviewers = read_reviewers(data / "profiles" / f"v{v}.jsonl")
                scores, pids, rids = variant_scores(variant, enc, windows, subs, reviewers, background)
                path = Path(tmp) / f"pred_v{v}.csv"
                write_pred(path, scores, pids, rids)
                preds.append(str(path))
            r = _score(data, preds)
            draws = np.array([_score(data, [p])["loss"] for p in preds])
        print(
            f"| {variant} | {r['loss']:.4f} | {r['easy']:.3f} | {r['hard']:.3f} "
            f"| {draws.mean():.4f} ({draws.std(ddof=1):.4f}) |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
