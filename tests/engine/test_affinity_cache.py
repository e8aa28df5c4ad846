"""The embedding cache is keyed by the content hash of the text, never by an id (no torch needed)."""

from __future__ import annotations

import numpy as np
import pytest

from confero.engine.affinity import cache as cache_module
from confero.engine.affinity import neural
from confero.engine.affinity.cache import EmbeddingCache
from confero.engine.affinity.neural import NeuralEncoder
from confero.engine.errors import InputError


class FakeModel:
    """Stands in for the sentence model: a deterministic unit vector per text; counts what it embeds."""

    def __init__(self):
        self.seen: list[str] = []

    def encode(self, texts, **kwargs):
        self.seen.extend(texts)
        out = np.zeros((len(texts), neural.DIMENSION), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, sum(map(ord, t)) % neural.DIMENSION] = 1.0
        return out


@pytest.fixture(autouse=True)
def _empty_memory(monkeypatch):
    monkeypatch.setattr(cache_module, "_MEMORY", {})


@pytest.fixture
def fake(monkeypatch):
    model = FakeModel()
    monkeypatch.setattr(neural, "load_sentence_model", lambda *a, **k: model)
    pytest.importorskip("torch")  # _embed runs under torch.inference_mode
    return model


def test_same_text_embedded_once_whatever_the_id(fake, tmp_path):
    enc = NeuralEncoder(cache=EmbeddingCache(tmp_path))
    vecs = enc.encode(["Paper A. Abstract.", "Paper A. Abstract.", "Paper B."])
    assert fake.seen == ["Paper B.", "Paper A. Abstract."] or sorted(fake.seen) == [
        "Paper A. Abstract.",
        "Paper B.",
    ]
    assert len(fake.seen) == 2
    np.testing.assert_array_equal(vecs[0], vecs[1])
    enc.encode(["Paper B."])
    assert len(fake.seen) == 2  # memory hit


def test_edited_text_is_re_embedded_and_disk_cache_survives(fake, tmp_path):
    NeuralEncoder(cache=EmbeddingCache(tmp_path)).encode(["Old abstract."])
    cache_module._MEMORY.clear()  # as in a new process
    fresh = NeuralEncoder(cache=EmbeddingCache(tmp_path))
    fresh.encode(["Old abstract."])
    assert fake.seen == ["Old abstract."]  # read back from disk
    assert fresh.cache.hits == 1
    fresh.encode(["Old abstract, edited."])
    assert fake.seen == ["Old abstract.", "Old abstract, edited."]


def test_encoder_settings_are_part_of_the_key(fake, tmp_path):
    cache = EmbeddingCache(tmp_path)
    NeuralEncoder(cache=cache, quantize=True).encode(["Same text."])
    NeuralEncoder(cache=cache, quantize=False).encode(["Same text."])
    assert fake.seen == ["Same text.", "Same text."]


def test_cache_round_trip_and_bad_directory(tmp_path):
    cache = EmbeddingCache(tmp_path / "c")
    vec = np.arange(4, dtype=np.float32)
    cache.put_many({"k1": vec})
    again = EmbeddingCache(tmp_path / "c").get_many(["k1", "k2"])
    assert list(again) == ["k1"]
    np.testing.assert_array_equal(again["k1"], vec)
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="cache directory"):
        EmbeddingCache(tmp_path / "file")


def test_memory_is_shared_within_the_process(fake):
    NeuralEncoder(cache=EmbeddingCache()).encode(["Seen during the run."])
    other = NeuralEncoder(cache=EmbeddingCache())  # e.g. the scorer behind closest_publications
    other.encode(["Seen during the run."])
    assert fake.seen == ["Seen during the run."]


def test_title_field_embeds_titles_only_and_shares_the_cache(fake):
    from confero.engine.affinity import compute_affinity
    from confero.engine.affinity.models import MINILM, Component, ModelSpec
    from confero.engine.records import Publication, Reviewer, Submission

    pub = Publication("p", "Model merging", "We average weights.")
    sub = Submission("s", "Merging models", "Averaging the weights of fine-tuned models.")
    titles = Component("minilm-titles", "neural", {"field": "title"})
    compute_affinity([sub], [Reviewer("r", (pub,))], model=ModelSpec("t", "t", (titles,)))
    assert sorted(fake.seen) == ["Merging models", "Model merging"]
    compute_affinity([sub], [Reviewer("r", (pub,))], model=ModelSpec("both", "b", (MINILM, titles)))
    assert sorted(fake.seen[2:]) == [sub.text, pub.text]  # titles come from the cache
    with pytest.raises(ValueError, match="field"):
        NeuralEncoder(field="abstract").texts([sub])
