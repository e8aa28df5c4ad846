"""Score every (submission, reviewer) pair: encode texts, compare with each publication, pool, fuse."""

from __future__ import annotations

import dataclasses
import math
import sys
import warnings
from collections.abc import Sequence

import numpy as np

from ..errors import InputError
from ..records import Publication, Reviewer, Submission
from .cache import EmbeddingCache
from .fusion import fuse
from .lexical import LexicalEncoder
from .models import ModelSpec, get_model
from .neural import NeuralEncoder, NeuralUnavailable, neural_available
from .pooling import ProfileLayout, parse_pooling, pool
from .text import clean_text, normalized_title

DEFAULT_POOLING = "top3"


class AffinityFallbackWarning(UserWarning):
    """The neural model is not installed; the default model uses the lexical model only."""


_warned_fallback = False


def _warn_fallback(spec: ModelSpec) -> None:
    global _warned_fallback
    if not _warned_fallback:
        _warned_fallback = True
        names = "+".join(c.name for c in spec.fallback or ())
        warnings.warn(
            f"neural model not installed (pip install 'confero[embeddings]'); model {spec.name!r} "
            f"falls back to the lexical model {names}",
            AffinityFallbackWarning,
            stacklevel=3,
        )


def _doc(item: Submission | Publication) -> tuple[str, str]:
    return (item.title, item.abstract)


def _cleaned(item):
    return dataclasses.replace(item, title=clean_text(item.title), abstract=clean_text(item.abstract))


def prepare(spec: ModelSpec, submissions: Sequence[Submission], reviewers: Sequence[Reviewer]):
    """The records as the model sees them: cleaned texts (``spec.clean``), one publication per title
    in each profile (``spec.dedupe``, the first one kept)."""
    if spec.clean:
        submissions = [_cleaned(s) for s in submissions]
    if spec.clean or spec.dedupe:
        out = []
        for r in reviewers:
            pubs = r.publications
            if spec.dedupe:
                seen: set[str] = set()
                keep = []
                for p in pubs:
                    key = normalized_title(p.title)
                    if key not in seen:
                        seen.add(key)
                        keep.append(p)
                pubs = tuple(keep)
            if spec.clean:
                pubs = tuple(_cleaned(p) for p in pubs)
            out.append(dataclasses.replace(r, publications=pubs))
        reviewers = out
    return submissions, reviewers


class AffinityScorer:
    """sklearn-style scorer: ``fit`` prepares the models on the run's texts, ``score`` scores all pairs.

    ``model`` is a name from ``confero.engine.affinity.MODELS`` (or a ``ModelSpec``), ``pooling`` a spec
    understood by :func:`~confero.engine.affinity.pooling.parse_pooling`. Embeddings are cached in
    memory and, if ``cache_dir`` is given, on disk by content hash.
    """

    def __init__(
        self,
        model: str | ModelSpec = "default",
        pooling: str = DEFAULT_POOLING,
        cache_dir: str | None = None,
        progress: bool = False,
        memory_budget: int = 4_000_000,
        cache_url: str | None = None,
        executor=None,
    ):
        self.model = model
        self.pooling = pooling
        self.cache_dir = cache_dir
        self.cache_url = cache_url
        self.executor = executor
        self.progress = progress
        self.memory_budget = memory_budget

    def fit(self, submissions: Sequence[Submission], reviewers: Sequence[Reviewer]) -> AffinityScorer:
        spec = get_model(self.model)
        self.pooling_ = parse_pooling(self.pooling)
        components = spec.components
        self.fell_back_ = False
        if any(c.kind == "neural" for c in components) and not neural_available():
            if spec.fallback is None:
                raise InputError(
                    f"model {spec.name!r} needs the neural model: pip install 'confero[embeddings]'",
                    field="model",
                )
            components, self.fell_back_ = spec.fallback, True
            _warn_fallback(spec)
        self.spec_, self.components_ = spec, components
        submissions, reviewers = prepare(spec, submissions, reviewers)
        cache = EmbeddingCache(self.cache_dir, cache_url=self.cache_url)
        docs = [_doc(s) for s in submissions] + [_doc(p) for r in reviewers for p in r.publications]
        self.encoders_ = []
        for c in components:
            if c.kind == "lexical":
                self.encoders_.append(LexicalEncoder(**c.params).fit(docs))
            else:
                self.encoders_.append(NeuralEncoder(cache=cache, executor=self.executor, **c.params))
        return self

    def _vectors(self, encoder, items: Sequence[Submission | Publication], desc: str = "embedding"):
        if isinstance(encoder, LexicalEncoder):
            return encoder.transform([_doc(i) for i in items])
        try:
            return encoder.encode(encoder.texts(items), progress=self.progress, desc=desc)
        except NeuralUnavailable as exc:
            raise InputError(str(exc), field="model") from None

    def _chunks(self, n_sub: int, n_pub: int, layout: ProfileLayout) -> range:
        width = max(1, layout.index.shape[1])
        chunk = max(
            1, min(n_sub, self.memory_budget // (layout.n_reviewers * width), self.memory_budget // n_pub)
        )
        return range(0, n_sub, chunk)

    @staticmethod
    def _sims(subs_part, pubs_t) -> np.ndarray:
        sims = subs_part @ pubs_t
        return sims.toarray() if hasattr(sims, "toarray") else np.asarray(sims, dtype=np.float64)

    def _sim_stats(self, subs_vec, pubs_t, steps: range) -> tuple[float, float]:
        """Mean and standard deviation of all (submission, publication) similarities of one model."""
        total = squares = 0.0
        count = 0
        for start in steps:
            sims = self._sims(subs_vec[start : start + steps.step], pubs_t)
            total, squares, count = total + sims.sum(), squares + (sims * sims).sum(), count + sims.size
        mean = total / max(count, 1)
        sd = math.sqrt(max(squares / max(count, 1) - mean * mean, 0.0))
        return mean, (sd if sd > 0 else 1.0)

    def _pooled(self, parts: list, layout: ProfileLayout, standardise: bool) -> np.ndarray:
        """Pool the (weighted mean of) similarity matrices of ``parts`` = [(subs_vec, pubs_vec, weight)].

        With ``standardise`` each model's publication similarities are first z-scored over the run
        (publication-level fusion); with one part and no standardisation this is plain pooling.
        """
        from tqdm import tqdm

        n_sub, n_rev = parts[0][0].shape[0], layout.n_reviewers
        out = np.zeros((n_sub, n_rev), dtype=np.float64)
        if n_sub == 0 or layout.n_publications == 0:
            return out
        steps = self._chunks(n_sub, layout.n_publications, layout)
        prepared = []
        for subs_vec, pubs_vec, weight in parts:
            pubs_t = pubs_vec.T.tocsc() if hasattr(pubs_vec, "tocsc") else pubs_vec.T
            mean, sd = self._sim_stats(subs_vec, pubs_t, steps) if standardise else (0.0, 1.0)
            prepared.append((subs_vec, pubs_t, weight, mean, sd))
        bar = tqdm(
            steps, desc="scoring", unit="chunk", file=sys.stderr, disable=not self.progress or len(steps) < 2
        )
        for start in bar:
            sims = sum(
                w * (self._sims(s[start : start + steps.step], p) - mean) / sd
                for s, p, w, mean, sd in prepared
            )
            out[start : start + steps.step] = pool(sims, layout, self.pooling_)
        return out

    def score(
        self, submissions: Sequence[Submission], reviewers: Sequence[Reviewer]
    ) -> tuple[np.ndarray, list[str], list[str]]:
        """Returns ``(scores, paper_ids, reviewer_ids)``, ``scores[i, j]`` for paper i and reviewer j."""
        submissions, reviewers = prepare(self.spec_, submissions, reviewers)
        pubs = [p for r in reviewers for p in r.publications]
        owner = np.repeat(np.arange(len(reviewers)), [len(r.publications) for r in reviewers])
        years = np.array([math.nan if p.year is None else p.year for p in pubs], dtype=float)
        layout = ProfileLayout(owner, len(reviewers), years)
        weights = self.spec_.weights or (1.0,) * len(self.encoders_)
        weights = [w / sum(weights) for w in weights]
        parts = [
            (
                self._vectors(enc, submissions, "embedding submissions"),
                self._vectors(enc, pubs, "embedding publications"),
                w,
            )
            for enc, w in zip(self.encoders_, weights, strict=True)
        ]
        parts = [
            (enc.expand(s, p), p, w) if getattr(enc, "prf_k", 0) else (s, p, w)
            for enc, (s, p, w) in zip(self.encoders_, parts, strict=True)
        ]
        has_pubs = layout.counts > 0
        if len(parts) == 1:
            scores = np.where(has_pubs[None, :], self._pooled(parts, layout, False), 0.0)
        elif self.spec_.fusion == "publication":
            scores = fuse([self._pooled(parts, layout, True)], has_pubs, "zscore")
        else:
            matrices = [self._pooled([(s, p, 1.0)], layout, False) for s, p, _ in parts]
            scores = fuse(matrices, has_pubs, self.spec_.fusion, self.spec_.weights)
        scores = np.nan_to_num(scores, nan=0.0, posinf=0.0, neginf=0.0)
        return scores, [s.id for s in submissions], [r.id for r in reviewers]

    def publication_similarities(self, submission: Submission, reviewer: Reviewer) -> np.ndarray:
        """Similarity of ``submission`` to each of the reviewer's publications (mean over components)."""
        pubs = list(reviewer.publications)
        if not pubs:
            return np.zeros(0)
        if self.spec_.clean:  # same order and length as reviewer.publications (no de-duplication here)
            submission, pubs = _cleaned(submission), [_cleaned(p) for p in pubs]
        total = np.zeros(len(pubs))
        for enc in self.encoders_:
            sub_vec = self._vectors(enc, [submission])
            pub_vec = self._vectors(enc, pubs)
            sims = pub_vec @ sub_vec.T
            sims = sims.toarray() if hasattr(sims, "toarray") else np.asarray(sims)
            total += sims.ravel()
        return total / len(self.encoders_)


def compute_affinity(
    submissions: Sequence[Submission],
    reviewers: Sequence[Reviewer],
    model: str | ModelSpec = "default",
    pooling: str = DEFAULT_POOLING,
    cache_dir: str | None = None,
    progress: bool = False,
    cache_url: str | None = None,
    executor=None,
) -> tuple[np.ndarray, list[str], list[str]]:
    """Expertise of every reviewer for every submission: ``(scores, paper_ids, reviewer_ids)``.

    ``scores`` has shape ``(len(submissions), len(reviewers))``; higher means more expert; reviewers
    without publications score 0. Never NaN.
    """
    scorer = AffinityScorer(
        model, pooling, cache_dir=cache_dir, progress=progress, cache_url=cache_url, executor=executor
    )
    return scorer.fit(submissions, reviewers).score(submissions, reviewers)


_default_scorers: dict[tuple, AffinityScorer] = {}


def closest_publications(
    submission: Submission,
    reviewer: Reviewer,
    k: int = 3,
    model: str = "default",
    cache_dir: str | None = None,
    scorer: AffinityScorer | None = None,
) -> list[tuple[Publication, float]]:
    """The reviewer's ``k`` publications most similar to ``submission``, with their similarity.

    Uses ``scorer`` if given (e.g. the one that scored the run), else a process-wide scorer whose
    lexical part is fitted on the bundled field corpus; embeddings come from the in-memory cache (and
    ``cache_dir``), so after a run each call costs a few dot products.
    """
    if scorer is None:
        key = (model, cache_dir)
        if key not in _default_scorers:
            _default_scorers[key] = AffinityScorer(model, cache_dir=cache_dir).fit([], [])
        scorer = _default_scorers[key]
    sims = scorer.publication_similarities(submission, reviewer)
    order = np.argsort(-sims, kind="stable")[: max(0, k)]
    return [(reviewer.publications[i], float(sims[i])) for i in order]
