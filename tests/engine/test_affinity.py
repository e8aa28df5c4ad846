"""Affinity models on small hand-checkable cases (lexical models; no torch needed)."""

from __future__ import annotations

import numpy as np
import pytest

from confero.engine.affinity import closest_publications, compute_affinity
from confero.engine.affinity.fusion import fuse
from confero.engine.affinity.lexical import LexicalEncoder
from confero.engine.affinity.scorer import AffinityScorer
from confero.engine.affinity.text import content_hash, tokenize
from confero.engine.errors import InputError
from confero.engine.records import Publication, Reviewer, Submission

MERGING = Publication(
    "m1",
    "Model merging by weight averaging",
    "We merge fine-tuned checkpoints by averaging their weights and task vectors.",
    2023,
)
MERGING2 = Publication(
    "m2", "Task arithmetic with task vectors", "Editing models with task vector arithmetic.", 2022
)
PROTEIN = Publication(
    "p1", "Protein structure prediction", "We predict protein folding from amino acid sequences.", 2021
)
ENZYME = Publication("p2", "Enzyme kinetics at scale", "Measuring enzyme reaction rates in cells.", 2020)

PAPER = Submission(
    "s1", "Merging fine-tuned models", "A study of weight averaging and task vectors for merging."
)
PAPER_BIO = Submission("s2", "Folding proteins", "Amino acid sequences determine protein structure.")

MERGER = Reviewer("r-merge", (MERGING, MERGING2, PROTEIN))
BIOLOGIST = Reviewer("r-bio", (PROTEIN, ENZYME))
NOBODY = Reviewer("r-none", ())


@pytest.mark.parametrize("model", ["tfidf", "bm25"])
@pytest.mark.parametrize("pooling", ["mean", "max", "top2", "softmax:0.05", "recency:3"])
def test_matching_publications_score_higher(model, pooling):
    scores, pids, rids = compute_affinity(
        [PAPER, PAPER_BIO], [MERGER, BIOLOGIST, NOBODY], model=model, pooling=pooling
    )
    assert pids == ["s1", "s2"] and rids == ["r-merge", "r-bio", "r-none"]
    assert scores.shape == (2, 3)
    assert scores[0, 0] > scores[0, 1]  # the merging paper: the merger beats the biologist
    assert scores[1, 1] > scores[1, 0] or pooling in ("max", "top2")  # merger also has a protein paper
    assert np.all(scores[:, 2] == 0.0)  # no publications: 0, never NaN
    assert np.isfinite(scores).all()


def test_inputs_with_no_reviewers_or_no_submissions():
    scores, pids, rids = compute_affinity([PAPER], [], model="tfidf")
    assert scores.shape == (1, 0) and rids == []
    scores, pids, rids = compute_affinity([], [MERGER], model="tfidf")
    assert scores.shape == (0, 1) and pids == []
    scores, _, _ = compute_affinity([PAPER], [NOBODY], model="tfidf")
    assert scores.tolist() == [[0.0]]


def test_unknown_model_and_pooling_are_input_errors():
    with pytest.raises(InputError, match="known models: default, tfidf, bm25, minilm"):
        compute_affinity([PAPER], [MERGER], model="specter")
    with pytest.raises(InputError, match="unknown pooling"):
        compute_affinity([PAPER], [MERGER], model="tfidf", pooling="median")


def test_chunked_scoring_matches_one_pass():
    reviewers = [MERGER, BIOLOGIST, NOBODY, Reviewer("r4", (ENZYME, MERGING2))]
    subs = [PAPER, PAPER_BIO, Submission("s3", "Enzymes", "Reaction rates of enzymes and weights.")]
    whole = AffinityScorer("tfidf", "top2").fit(subs, reviewers).score(subs, reviewers)[0]
    tiny = AffinityScorer("tfidf", "top2", memory_budget=1).fit(subs, reviewers).score(subs, reviewers)[0]
    np.testing.assert_allclose(whole, tiny)


def test_tokenize_drops_stop_words_and_folds_plurals():
    assert tokenize("We propose Models for the theories of mixture-of-experts LLMs") == [
        "model",
        "theory",
        "mixture-of-expert",
        "llm",
    ]
    assert tokenize("loss bias series") == ["loss", "bias", "series"]


def test_lexical_encoder_rows_are_unit_and_unseen_words_still_match():
    enc = LexicalEncoder().fit([("Model merging", "weights")])
    x = enc.transform([("Zebra stripes", "zebras"), ("zebra", ""), ("", "")])
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    np.testing.assert_allclose(norms, [1.0, 1.0, 0.0])
    assert (x[0] @ x[1].T).toarray()[0, 0] > 0.5  # 'zebra' was never seen at fit time


def test_content_hash_depends_on_text_and_namespace_only():
    assert content_hash("abc", "m") == content_hash("abc", "m")
    assert content_hash("abc", "m") != content_hash("abd", "m")
    assert content_hash("abc", "m") != content_hash("abc", "n")


def test_closest_publications_orders_by_similarity():
    got = closest_publications(PAPER, MERGER, k=2, model="tfidf")
    assert [p.id for p, _ in got] == ["m1", "m2"]
    assert got[0][1] >= got[1][1] > 0
    assert len(closest_publications(PAPER, MERGER, k=10, model="tfidf")) == 3
    assert closest_publications(PAPER, NOBODY, model="tfidf") == []


def test_closest_publications_with_the_run_scorer():
    scorer = AffinityScorer("bm25").fit([PAPER_BIO], [MERGER, BIOLOGIST])
    got = closest_publications(PAPER_BIO, BIOLOGIST, k=1, scorer=scorer)
    assert got[0][0].id == "p1"


def test_fusion_zscore_and_rank():
    a = np.array([[0.1, 0.2, 9.0], [0.3, 0.3, 9.0]])
    b = np.array([[0.5, 0.1, 9.0], [0.7, 0.6, 9.0]])
    valid = np.array([True, True, False])
    z = fuse([a, b], valid, "zscore")
    assert np.all(z[:, 2] == 0) and np.all((z[:, :2] > 0) & (z[:, :2] < 1))
    assert z[1, 0] > z[1, 1] > z[0, 0] > z[0, 1]
    r = fuse([a, b], valid, "rank")
    # a's ranks (ties averaged): 0.125 0.375 | 0.75 0.75 ; b's: 0.375 0.125 | 0.875 0.625
    np.testing.assert_allclose(r[:, :2], [[0.25, 0.25], [0.8125, 0.6875]])
    with pytest.raises(InputError):
        fuse([a], valid, "borda")


@pytest.mark.parametrize("fusion", ["zscore", "rank", "publication"])
def test_fused_lexical_models(fusion):
    from confero.engine.affinity.models import BM25, TFIDF, ModelSpec

    spec = ModelSpec("both", "tfidf + bm25", (TFIDF, BM25), fusion=fusion)
    scores, _, _ = compute_affinity(
        [PAPER, PAPER_BIO], [MERGER, BIOLOGIST, NOBODY], model=spec, pooling="top2"
    )
    assert scores[0, 0] > scores[0, 1]
    assert np.all(scores[:, 2] == 0.0)
    assert np.all((scores[:, :2] > 0) & (scores[:, :2] < 1))


def test_rocchio_feedback_moves_queries_towards_their_nearest_pool_rows():
    docs = [(p.title, p.abstract) for p in (MERGING, MERGING2, PROTEIN, ENZYME)]
    plain = LexicalEncoder().fit(docs)
    prf = LexicalEncoder(prf_k=1, prf_beta=0.75).fit(docs)
    pool = prf.transform(docs)
    query = prf.transform([(PAPER.title, PAPER.abstract)])
    expanded = prf.expand(query, pool)
    np.testing.assert_allclose(np.sqrt(expanded.multiply(expanded).sum(axis=1)), 1.0)
    nearest = int(np.argmax((query @ pool.T).toarray()))
    assert nearest == 0  # the merging paper
    before, after = (query @ pool.T).toarray()[0], (expanded @ pool.T).toarray()[0]
    assert after[nearest] > before[nearest] and after[2] <= before[2] + 1e-12
    assert plain.expand(query, pool) is query  # prf_k=0: no feedback
    scores, _, _ = compute_affinity(
        [PAPER, PAPER_BIO], [MERGER, BIOLOGIST], model=_spec(prf_k=1), pooling="mean"
    )
    assert scores[0, 0] > scores[0, 1] and scores[1, 1] > scores[1, 0]


def test_lsa_vectors_are_unit_dense_and_deterministic():
    docs = [(p.title, p.abstract) for p in (MERGING, MERGING2, PROTEIN, ENZYME)]
    a = LexicalEncoder(lsa=20).fit(docs).transform(docs)
    b = LexicalEncoder(lsa=20).fit(docs).transform(docs)
    assert isinstance(a, np.ndarray) and a.shape == (4, 20)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-9)
    np.testing.assert_allclose(a, b)
    scores, _, _ = compute_affinity([PAPER, PAPER_BIO], [MERGER, BIOLOGIST], model=_spec(lsa=20))
    assert scores[0, 0] > scores[0, 1]


def _spec(**params):
    from confero.engine.affinity.models import Component, ModelSpec

    return ModelSpec("x", "x", (Component("tfidf", "lexical", {"weighting": "tfidf", **params}),))
