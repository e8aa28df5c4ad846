"""Texts as the models were trained on them (clean_text), duplicate publications, the Redis cache URL."""

from __future__ import annotations

import numpy as np
import pytest

from confero.engine.affinity import compute_affinity
from confero.engine.affinity.cache import EmbeddingCache
from confero.engine.affinity.models import TFIDF, ModelSpec
from confero.engine.affinity.scorer import prepare
from confero.engine.affinity.text import clean_text, normalized_title
from confero.engine.errors import InputError
from confero.engine.records import Publication, Reviewer, Submission


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("We use $\\textit{Soft Nearest Neighbor Loss}$ here.", "We use Soft Nearest Neighbor Loss here."),
        ("Code: https://github.com/a/b and www.example.org/x.", "Code: and"),
        ("A <inline-formula>k</inline-formula>-NN bound", "A k -NN bound"),
        ("Line one\n  line   two", "Line one line two"),
        ("The {BERT} model with $O(n^2)$ cost", "The BERT model with O(n^2) cost"),
        ("plain text stays", "plain text stays"),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_normalized_title_matches_versions_of_a_paper():
    assert normalized_title("Model Merging: A Survey.") == normalized_title("model merging -- a survey")


def _spec(**kw):
    return ModelSpec("t", "t", (TFIDF,), **kw)


def test_dedupe_counts_a_title_once_and_keeps_the_first():
    a = Publication("a1", "Model merging: a survey", "x", 2024)
    b = Publication("a2", "Model Merging -- A Survey", "y", 2023)
    c = Publication("c", "Protein folding", "z", 2020)
    _, (r,) = prepare(_spec(dedupe=True), [], [Reviewer("r", (a, b, c))])
    assert [p.id for p in r.publications] == ["a1", "c"]
    _, (same,) = prepare(_spec(), [], [Reviewer("r", (a, b, c))])
    assert [p.id for p in same.publications] == ["a1", "a2", "c"]


def test_duplicates_no_longer_weigh_twice_in_mean_pooling():
    sub = Submission("s", "Protein folding", "protein structure")
    merge = Publication("m", "Model merging", "weights averaging", 2022)
    prot = Publication("p", "Protein folding with deep nets", "protein structure prediction", 2021)
    reviewer = Reviewer("r", (merge, merge, merge, prot))
    plain, _, _ = compute_affinity([sub], [reviewer], model=_spec(), pooling="mean")
    deduped, _, _ = compute_affinity([sub], [reviewer], model=_spec(dedupe=True), pooling="mean")
    assert deduped[0, 0] > plain[0, 0]


def test_cleaning_changes_the_lexical_input():
    sub = Submission("s", "Merging", "See https://github.com/merging/merging-code for merging code.")
    pub = Publication("p", "github code", "code on github", 2020)
    raw, _, _ = compute_affinity([sub], [Reviewer("r", (pub,))], model=_spec(), pooling="max")
    clean, _, _ = compute_affinity([sub], [Reviewer("r", (pub,))], model=_spec(clean=True), pooling="max")
    assert clean[0, 0] < raw[0, 0]  # the URL's words no longer match


@pytest.mark.parametrize("url", ["http://localhost:6379/5", "redis://127.0.0.1:1/0"])
def test_bad_cache_url_is_an_input_error(url):
    with pytest.raises(InputError) as exc:
        EmbeddingCache(cache_url=url)
    assert exc.value.field == "cache_url"


def test_memory_cache_round_trip_without_persistence():
    cache = EmbeddingCache()
    cache.put_many({"k-test-1": np.ones(3, dtype=np.float32)})
    assert cache.get_many(["k-test-1", "missing"])["k-test-1"].tolist() == [1.0, 1.0, 1.0]
