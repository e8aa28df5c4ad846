"""Bids as score modifiers and the records -> problem builder."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from confero.engine.assign.bids import BID_LEVEL_VALUES, apply_bids, bid_deltas
from confero.engine.assign.from_records import build_problem, index_of
from confero.engine.errors import InputError
from confero.engine.records import Publication, Reviewer, Submission


def test_bid_map_is_symmetric_and_ordered():
    d = bid_deltas(["very-high", "high", "neutral", "low", "very-low"], 0.2)
    assert d.tolist() == pytest.approx([0.2, 0.1, 0.0, -0.1, -0.2])
    assert np.isnan(bid_deltas(["conflict"])[0])
    assert set(BID_LEVEL_VALUES) == {"very-high", "high", "neutral", "low", "very-low"}


def test_apply_bids_dense_copies_and_keeps_dtype():
    S = np.zeros((2, 3), dtype=np.float32)
    out = apply_bids(S, np.array([0, 1]), np.array([2, 0]), np.array([0.2, -0.1]))
    assert out.dtype == np.float32
    assert out[0, 2] == pytest.approx(0.2) and out[1, 0] == pytest.approx(-0.1)
    assert not S.any()  # input untouched


def test_apply_bids_sparse_changes_only_stored_pairs():
    S = sp.csr_matrix(np.array([[0.5, 0.0], [0.0, 0.3]]))
    out = apply_bids(S, np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([0.1, 0.2, np.nan]))
    assert np.allclose(out.toarray(), [[0.6, 0.0], [0.0, 0.3]])
    assert out.nnz == 2  # the bid on the unstored pair (0, 1) added no candidate
    assert S.toarray()[0, 0] == 0.5


def _records():
    subs = [Submission(id=f"p{i}", title=f"T{i}", abstract="a") for i in range(3)]
    revs = [
        Reviewer(
            id="r0", publications=(Publication(id="x", title="t"),), research_areas=("nlp",), max_load=1
        ),
        Reviewer(id="r1", publications=(), research_areas=("vision",)),
        Reviewer(id="r2", publications=(), research_areas=("nlp", "vision")),
    ]
    return subs, revs


def test_build_problem_maps_ids_bids_conflicts_and_loads():
    subs, revs = _records()
    scores = [("r0", "p0", 0.9), ("r1", "p0", 0.5), ("r2", "p2", 0.4)]
    bids = [("r1", "p0", "very-high"), ("r2", "p1", "conflict"), ("r0", "p2", "low")]
    inp = build_problem(subs, revs, scores, per_paper=2, max_load=4, bids=bids, per_paper_overrides={"p1": 1})
    pb = inp.problem
    assert inp.missing_scores == 9 - 3
    assert inp.affinity[0, 1] == 0.5 and pb.scores[0, 1] == pytest.approx(0.7)
    assert pb.scores[2, 0] == pytest.approx(-0.1) and inp.affinity[2, 0] == 0.0
    assert pb.demand.tolist() == [2, 1, 2]
    assert pb.max_load.tolist() == [1, 4, 4]
    cp, cr = pb.pairs("conflicts")
    assert (1, 2) in set(zip(cp.tolist(), cr.tolist(), strict=True))
    assert inp.bids == {(0, 1): "very-high", (2, 0): "low"}
    assert inp.area_names == ["nlp", "vision"]
    assert pb.area_sets()[2] == frozenset({0, 1})


def test_unknown_ids_name_the_file_and_line(tmp_path):
    subs, revs = _records()
    path = tmp_path / "scores.csv"
    path.write_text("reviewer_id,paper_id,score\nr0,p0,0.1\n\nr9,p1,0.2\n")
    with pytest.raises(InputError) as exc:
        build_problem(
            subs,
            revs,
            [("r0", "p0", 0.1), ("r9", "p1", 0.2)],
            per_paper=1,
            max_load=1,
            paths={"scores": str(path)},
        )
    assert exc.value.line == 4 and "r9" in str(exc.value) and str(path) in str(exc.value)


def test_duplicate_scores_are_an_error():
    subs, revs = _records()
    with pytest.raises(InputError, match="duplicate"):
        build_problem(subs, revs, [("r0", "p0", 0.1), ("r0", "p0", 0.2)], per_paper=1, max_load=1)


def test_index_of_is_vectorised_lookup():
    assert index_of(["b", "a", "c"], ["a", "c", "z", "b"]).tolist() == [1, 2, -1, 0]
