"""Lexical models: TF-IDF and BM25 weighting of title + abstract words, compared by cosine similarity.

Inverse document frequencies are fitted on a background corpus (the bundled field corpus, see
data/README.md) together with every text of the run, so a word shared by most ML papers ("model",
"training") weighs little while a specific one ("merging", "mixture-of-experts") weighs a lot.
Titles can count more than abstract words (``title_weight``): a title is the author's own summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from .text import background_docs, tokenize

Doc = tuple[str, str]  # (title, abstract)
_OOV_BUCKETS = 1 << 18


def _analyze(doc: Doc, title_weight: int, bigrams: bool) -> list[str]:
    title, abstract = doc
    out: list[str] = []
    for part, times in ((title, title_weight), (abstract, 1)):
        words = tokenize(part)
        grams = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)] if bigrams else words
        out.extend(grams * times)
    return out


class LexicalEncoder:
    """sklearn-style: ``fit(docs)`` learns the vocabulary and IDF, ``transform(docs)`` gives unit rows.

    ``weighting`` is ``"tfidf"`` (sublinear tf x smoothed idf) or ``"bm25"`` (saturated tf with length
    normalisation x Robertson idf). Documents are ``(title, abstract)`` pairs.
    """

    def __init__(
        self,
        weighting: str = "tfidf",
        title_weight: int = 2,
        bigrams: bool = False,
        background: bool = True,
        k1: float = 1.2,
        b: float = 0.75,
        lsa: int = 0,
        prf_k: int = 0,
        prf_beta: float = 0.75,
    ):
        self.weighting = weighting
        self.title_weight = title_weight
        self.bigrams = bigrams
        self.background = background
        self.k1 = k1
        self.b = b
        self.lsa = lsa
        self.prf_k = prf_k
        self.prf_beta = prf_beta

    def _counts(self, docs: Sequence[Doc], fit: bool):
        """Term counts as CSR. Words unseen at fit time go to hashed extra columns (idf of df=0)."""
        import zlib

        from scipy.sparse import csr_matrix

        analyzed = [Counter(_analyze(d, self.title_weight, self.bigrams)) for d in docs]
        if fit:
            vocab: dict[str, int] = {}
            for counts in analyzed:
                for term in counts:
                    vocab.setdefault(term, len(vocab))
            self.vocabulary_ = vocab
        vocab, width = self.vocabulary_, len(self.vocabulary_)
        indptr, indices, data = [0], [], []
        for counts in analyzed:
            for term, n in counts.items():
                col = vocab.get(term)
                indices.append(col if col is not None else width + zlib.crc32(term.encode()) % _OOV_BUCKETS)
                data.append(n)
            indptr.append(len(indices))
        shape = (len(analyzed), width + _OOV_BUCKETS)
        m = csr_matrix((np.asarray(data, np.float64), np.asarray(indices, np.int64), indptr), shape=shape)
        m.sum_duplicates()
        return m

    def fit(self, docs: Sequence[Doc]) -> LexicalEncoder:
        corpus = list(docs)
        if self.background:
            corpus += list(background_docs())
        counts = self._counts(corpus, fit=True)
        n = counts.shape[0]
        df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
        df[len(self.vocabulary_) :] = 0.0
        if self.weighting == "bm25":
            self.idf_ = np.log1p((n - df + 0.5) / (df + 0.5))
        else:
            self.idf_ = np.log((1.0 + n) / (1.0 + df)) + 1.0
        lengths = np.asarray(counts.sum(axis=1)).ravel()
        self.avg_length_ = float(lengths.mean()) if n else 1.0
        if self.lsa:
            from sklearn.decomposition import TruncatedSVD

            self.svd_ = None
            weighted = self._weigh(counts)
            k = min(self.lsa, weighted.shape[0] - 1)
            if k >= 1:
                self.svd_ = TruncatedSVD(k, algorithm="randomized", n_iter=7, random_state=0)
                self.svd_.fit(weighted)
        return self

    def transform(self, docs: Sequence[Doc]):
        weighted = self._weigh(self._counts(docs, fit=False))
        if not self.lsa:
            return weighted
        if self.svd_ is None:
            return np.zeros((weighted.shape[0], 1))
        z = self.svd_.transform(weighted)
        return z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)

    def expand(self, queries, pool):
        """Rocchio pseudo-relevance feedback: each query row plus ``prf_beta`` x the mean of its
        ``prf_k`` most similar rows of ``pool``, renormalised (unit rows in, unit rows out)."""
        from scipy.sparse import csr_matrix, diags

        k = min(self.prf_k, pool.shape[0])
        if k < 1 or queries.shape[0] == 0:
            return queries
        rows = []
        pool_t = pool.T.tocsc()
        for start in range(0, queries.shape[0], 256):
            sims = (queries[start : start + 256] @ pool_t).toarray()
            top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
            rows.append(np.sort(top, axis=1))
        top = np.vstack(rows)
        n = queries.shape[0]
        avg = csr_matrix(
            (np.full(n * k, self.prf_beta / k), top.ravel(), np.arange(0, n * k + 1, k)),
            shape=(n, pool.shape[0]),
        )
        out = (queries + avg @ pool).tocsr()
        norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
        return (diags(1.0 / np.where(norms > 0, norms, 1.0)) @ out).tocsr()

    def _weigh(self, counts):
        from scipy.sparse import diags

        tf = counts.copy()
        if self.weighting == "bm25":
            lengths = np.asarray(counts.sum(axis=1)).ravel()
            row_len = np.repeat(lengths, np.diff(counts.indptr))
            denom = tf.data + self.k1 * (1.0 - self.b + self.b * row_len / max(self.avg_length_, 1e-9))
            tf.data = tf.data * (self.k1 + 1.0) / denom
        else:
            tf.data = 1.0 + np.log(tf.data)
        tf = tf.multiply(self.idf_[None, :]).tocsr()
        norms = np.sqrt(np.asarray(tf.multiply(tf).sum(axis=1)).ravel())
        return (diags(1.0 / np.where(norms > 0, norms, 1.0)) @ tf).tocsr()
