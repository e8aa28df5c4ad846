"""MinHash/LSH index and the prior-publication check on the field corpus with planted near-duplicates."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from confero.engine.checks.prior import CorpusPaper, PriorIndex, check_prior, find_matches, similarity
from confero.engine.checks.prior.minhash import LSHIndex, MinHasher, estimate_jaccard, shingles

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "daily_papers.jsonl"
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not on this machine")


@pytest.fixture(scope="module")
def field_papers():
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [CorpusPaper(r["id"], r["title"], r["abstract"], venue="arXiv") for r in rows if r.get("abstract")]


def edit(text: str, rng: random.Random, drop: float = 0.15, swap: float = 0.1) -> str:
    """A near-duplicate: drop a share of the sentences, replace some words."""
    sentences = [s for s in text.split(". ") if s]
    kept = [s for s in sentences if rng.random() > drop] or sentences[:1]
    words = ". ".join(kept).split()
    return " ".join(
        w if rng.random() > swap else rng.choice(["novel", "robust", "simple", "large"]) for w in words
    )


def test_minhash_estimates_jaccard_and_is_deterministic():
    rng = np.random.default_rng(0)
    a = np.unique(rng.integers(0, 2**32, 400, dtype=np.uint64).astype(np.uint32))
    b = np.concatenate([a[:300], np.unique(rng.integers(0, 2**32, 100, dtype=np.uint64).astype(np.uint32))])
    true = len(np.intersect1d(a, b)) / len(np.union1d(a, b))
    sigs = MinHasher(256, seed=3).signatures([a, b, np.zeros(0, np.uint32)])
    assert abs(estimate_jaccard(sigs[0], sigs[1:2])[0] - true) < 0.08
    assert (sigs[2] == np.uint32(0xFFFFFFFF)).all()
    assert (MinHasher(256, seed=3).signatures([a]) == sigs[:1]).all()
    assert (
        shingles("Model merging of language models") == shingles("model  MERGING of language model")
    ).all()


def test_lsh_finds_equal_bands_with_sorted_and_tail_parts():
    hasher = MinHasher(64)
    sets = [shingles(f"topic {i} words alpha beta gamma delta {i * 7}") for i in range(50)]
    sigs = hasher.signatures(sets)
    lsh = LSHIndex(16, 4, merge_at=30)
    lsh.add(sigs[:40])  # merged into the sorted part
    lsh.add(sigs[40:])  # stays in the tail
    for i in (3, 45):
        assert i in lsh.query(sigs[i])


def test_planted_near_duplicates_are_found_and_unrelated_papers_are_not(field_papers):
    rng = random.Random(1)
    half = len(field_papers) // 2
    index = PriorIndex()
    index.add(field_papers[:half])
    hits = false = 0
    for p in field_papers[:40]:
        title = " ".join(p.title.split()[::-1][:8])  # reordered, shortened title
        found = find_matches(index, title, edit(p.abstract, rng))
        hits += bool(found) and found[0].paper.id == p.id
    for p in field_papers[half : half + 40]:
        false += bool(find_matches(index, p.title, p.abstract))
    assert hits >= 38 and false <= 1, (hits, false)


def test_title_only_records_match_on_titles(field_papers):
    index = PriorIndex()
    index.add(CorpusPaper(f"dblp:{p.id}", p.title, venue="ICLR", source="dblp") for p in field_papers[:100])
    p = field_papers[7]
    (m,) = find_matches(index, p.title.replace(":", " -"), p.abstract)
    assert m.paper.id == f"dblp:{p.id}" and m.similarity.abstract is None and m.verdict == "published"


def test_add_replace_remove_and_exclude(field_papers):
    index = PriorIndex()
    index.add(field_papers[:20])
    p = field_papers[5]
    index.add([CorpusPaper(p.id, p.title, p.abstract, venue="ICML 2024")])  # same id: replaced
    assert len(index) == 20 and index.get(p.id).venue == "ICML 2024"
    (m,) = find_matches(index, p.title, p.abstract)
    assert m.paper.status == "archival"
    assert find_matches(index, p.title, p.abstract, exclude=[p.id]) == []
    assert index.remove(p.id) and not index.remove(p.id)
    assert find_matches(index, p.title, p.abstract) == []


def test_save_and_load(tmp_path, field_papers):
    index = PriorIndex(max_candidates=10)
    index.add(field_papers[:50])
    index.remove(field_papers[1].id)
    path = tmp_path / "idx.npz"
    index.save(path)
    loaded = PriorIndex.load(path)
    assert len(loaded) == 49 and loaded.params == index.params
    p = field_papers[3]
    assert [m.paper.id for m in find_matches(loaded, p.title, p.abstract)] == [p.id]
    assert find_matches(loaded, field_papers[1].title, field_papers[1].abstract) == []
    (tmp_path / "bad.npz").write_bytes(b"nope")
    from confero.engine.errors import InputError

    with pytest.raises(InputError, match="not a Confero"):
        PriorIndex.load(tmp_path / "bad.npz")


def test_verdicts_and_dual_submission(field_papers):
    p = field_papers[0]
    index = PriorIndex()
    index.add(
        [
            CorpusPaper("arxiv:1", p.title, p.abstract, venue="arXiv", source="arxiv"),
            CorpusPaper("sub:9", p.title, p.abstract, source="submission", workshop="Other Workshop"),
            CorpusPaper("or:1", p.title, p.abstract, venue="ICLR 2024 Workshop ME-FoMo"),
        ]
    )
    r = check_prior(index, p.title, p.abstract, submission_id="sub:1")
    verdicts = {f.kind: f.severity for f in r.findings}
    assert verdicts == {"preprint": "info", "dual-submission": "warning", "workshop-paper": "warning"}
    assert r.status == "flagged" and all(f.identifying for f in r.findings)
    side = r.findings[0].data
    assert side["submission"]["title"] == p.title and side["paper"]["title"] == p.title
    assert check_prior(None, "t").status == "skipped"
    assert check_prior(index, "", "").status == "could_not_check"


def test_similarity_parts():
    s = similarity("Merging models", "", ("Jane Doe",), "Merging Models", "", ("Doe, Jane",))
    assert s.title == 1.0 and s.abstract is None and s.authors == 1.0 and s.score == 1.0
    text = " ".join(f"word{i}" for i in range(40))
    s = similarity("A", text, (), "B", text, ())
    assert s.abstract == pytest.approx(1.0)
