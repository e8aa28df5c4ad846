"""Rank papers against a call's topics with the engine's affinity: each topic (title + scope) is a query
scored like a submission, each paper like a one-publication reviewer profile. Matching terms come from
the lexical model's weights: the words the topic and the paper share, heaviest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..records import Publication, Reviewer, Submission

DEFAULT_MODEL = "tfidf"


@dataclass(frozen=True)
class TopicQuery:
    key: str
    title: str
    scope: str = ""


@dataclass
class Ranking:
    """``scores[t, p]``: affinity of paper ``paper_ids[p]`` to topic ``topic_keys[t]``."""

    scores: np.ndarray
    topic_keys: list[str]
    paper_ids: list[str]
    model: str
    fell_back: bool = False
    _encoder: object = None
    _topic_vecs: object = None
    _paper_vecs: object = None
    _terms: list[str] | None = None

    def order(self, t: int) -> np.ndarray:
        """Paper indices for topic ``t``, best first (ties by input order)."""
        return np.argsort(-self.scores[t], kind="stable")

    def best_topic(self) -> np.ndarray:
        """For each paper, the index of its closest topic."""
        return np.argmax(self.scores, axis=0) if self.scores.size else np.zeros(0, dtype=int)

    def matching_terms(self, t: int, p: int, k: int = 6) -> list[str]:
        """The ``k`` words topic ``t`` and paper ``p`` share that weigh most in their similarity."""
        if self._encoder is None:
            return []
        q, d = self._topic_vecs, self._paper_vecs
        qi = q.indices[q.indptr[t] : q.indptr[t + 1]]
        qd = q.data[q.indptr[t] : q.indptr[t + 1]]
        di = d.indices[d.indptr[p] : d.indptr[p + 1]]
        dd = d.data[d.indptr[p] : d.indptr[p + 1]]
        cols, a, b = np.intersect1d(qi, di, assume_unique=True, return_indices=True)
        if not cols.size:
            return []
        top = np.argsort(-(qd[a] * dd[b]), kind="stable")[:k]
        return [self._terms[c] for c in cols[top] if c < len(self._terms)]


def rank(
    topics: Sequence[TopicQuery],
    papers: Sequence[tuple[str, str, str]],
    model: str = DEFAULT_MODEL,
    cache_dir: str | None = None,
) -> Ranking:
    """Score ``papers`` (``(id, title, abstract)``) against ``topics``. Never NaN; empty inputs give an
    empty matrix."""
    from ..affinity import AffinityScorer
    from ..affinity.lexical import LexicalEncoder

    subs = [Submission(id=t.key, title=t.title, abstract=t.scope) for t in topics]
    revs = [
        Reviewer(id=pid, publications=(Publication(pid, title, abstract),)) for pid, title, abstract in papers
    ]
    if not subs or not revs:
        return Ranking(np.zeros((len(subs), len(revs))), [t.key for t in topics], [r.id for r in revs], model)
    scorer = AffinityScorer(model, pooling="max", cache_dir=cache_dir).fit(subs, revs)
    scores, _, _ = scorer.score(subs, revs)
    # scores: (topics, papers) — topics are the "submissions", papers the one-publication "reviewers"
    encoder = next((e for e in scorer.encoders_ if isinstance(e, LexicalEncoder)), None)
    if encoder is None:  # a neural-only model: fit the lexical one just for the explanations
        encoder = LexicalEncoder().fit([(s.title, s.abstract) for s in subs] + [(p[1], p[2]) for p in papers])
    terms = [""] * len(encoder.vocabulary_)
    for term, col in encoder.vocabulary_.items():
        terms[col] = term
    return Ranking(
        scores=np.asarray(scores, dtype=np.float64),
        topic_keys=[t.key for t in topics],
        paper_ids=[r.id for r in revs],
        model=scorer.spec_.name,
        fell_back=scorer.fell_back_,
        _encoder=encoder,
        _topic_vecs=_sorted(encoder.transform([(s.title, s.abstract) for s in subs])),
        _paper_vecs=_sorted(encoder.transform([(p[1], p[2]) for p in papers])),
        _terms=terms,
    )


def _sorted(matrix):
    m = matrix.tocsr()
    m.sum_duplicates()  # also sorts the column indices of each row
    return m
