"""Building blocks of the exact solver: top-k selection, pricing pass and potentials."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from confero.engine.assign import candidates as cand
from confero.engine.assign.network import _ArcGroup, build_network, potentials, solve_network


@pytest.mark.parametrize("n, k", [(50, 3), (1000, 1), (5000, 9), (15001, 6)])
def test_block_top_k_equals_a_full_sort(n, k):
    rng = np.random.default_rng(n + k)
    X = rng.random((30, n)).astype(np.float32)
    X[:5] = np.round(X[:5], 1)  # many ties
    X[5:8] = -np.inf  # fully blocked rows
    X[8] = 0.5  # constant row
    idx = cand._top_rows(X, k)
    got = np.sort(np.take_along_axis(X, idx, axis=1), axis=1)
    assert np.array_equal(got, np.sort(X, axis=1)[:, -k:])
    assert all(len(set(row)) == k for row in idx.tolist())


def test_potentials_give_nonnegative_reduced_costs():
    rng = np.random.default_rng(0)
    P, R = 30, 12
    rows, cols = np.divmod(np.arange(P * R), R)
    s = rng.random(P * R)
    net = build_network(rows, cols, s, np.full(P, 2), np.full(R, 6), np.zeros(R, dtype=np.int64))
    status, flows = solve_network(net)
    assert status == "OPTIMAL"
    d = potentials(net, flows)
    rc = net.cost_int + d[net.tails] - d[net.heads]
    assert (rc[flows < net.caps] >= 0).all() and (rc[flows > 0] <= 0).all()


def _plain_bellman_ford(net, flows):
    """The former implementation: every residual arc relaxed at once per round, from d = 0."""
    fwd, bwd = flows < net.caps, flows > 0
    src = np.concatenate([net.tails[fwd], net.heads[bwd]])
    dst = np.concatenate([net.heads[fwd], net.tails[bwd]])
    w = np.concatenate([net.cost_int[fwd], -net.cost_int[bwd]])
    d = np.zeros(net.n_nodes, dtype=np.int64)
    for _ in range(net.n_nodes + 1):
        new = d.copy()
        np.minimum.at(new, dst, d[src] + w)
        if np.array_equal(new, d):
            return d
        d = new
    raise AssertionError("negative cycle")


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.booleans(), st.integers(1, 3), st.sampled_from([0.0, 0.3, 2.0]))
def test_split_potentials_equal_plain_bellman_ford(seed, with_areas, k, dense):
    """Relaxing reviewer-bound arcs, then the others, gives exactly the shortest-path distances, with
    whole-group passes (dense 0), passes from the dropped nodes only (dense 2) or the default mix."""
    rng = np.random.default_rng(seed)
    P, R = int(rng.integers(2, 25)), int(rng.integers(k + 1, 12))
    keep = rng.random(P * R) < 0.7
    rows, cols = np.divmod(np.flatnonzero(keep), R)
    s = np.round(rng.random(rows.size), 2)  # ties
    max_load = rng.integers(-(-k * P // R), -(-k * P // R) + 3, size=R)
    min_load = np.minimum(rng.integers(0, 2, size=R), max_load)
    areas = pa = None
    if with_areas:
        areas = rng.integers(0, 3, size=R)
        pa = (np.full(P, k - 1 if k > 1 else k), {})
    net = build_network(rows, cols, s, np.full(P, k), max_load, min_load, areas, pa)
    status, flows = solve_network(net)
    if status != "OPTIMAL":
        return
    default = _ArcGroup.DENSE
    try:
        _ArcGroup.DENSE = dense
        d = potentials(net, flows)
    finally:
        _ArcGroup.DENSE = default
    np.testing.assert_array_equal(d, _plain_bellman_ford(net, flows))
    rc = net.cost_int + d[net.tails] - d[net.heads]
    assert (rc[flows < net.caps] >= 0).all() and (rc[flows > 0] <= 0).all()


@pytest.mark.parametrize("threads", [1, 2])
def test_pricing_pass_is_exact_and_thread_independent(threads, monkeypatch):
    monkeypatch.setattr(cand, "THREADS", threads)
    monkeypatch.setattr(cand, "CHUNK_CELLS", 64)  # many chunks
    rng = np.random.default_rng(1)
    P, R = 40, 16
    S = rng.random((P, R)).astype(np.float32)
    tail = rng.random((P, 1))
    rev = rng.random(R) - 0.5
    blocked = np.array([3, 17, 100], dtype=np.int64)
    candidates = np.array([0, 5, 250], dtype=np.int64)
    res = cand.price(S, tail, rev, None, candidates, blocked, 1e-9, k_new=2, k_rev=1)
    rc = S.astype(np.float64) - tail + rev[None, :]
    flat = rc.ravel().copy()
    flat[np.r_[blocked, candidates]] = -np.inf
    assert res.n_violators == int((flat > 1e-9).sum())
    assert res.excess == pytest.approx(flat[flat > 0].sum(), rel=1e-12)


@pytest.mark.parametrize("shape", [(1, 7), (40, 16), (300, 5)])
def test_column_argmax_is_numpys_first_maximum(shape):
    rng = np.random.default_rng(shape[0])
    X = np.round(rng.random(shape), 1).astype(np.float32)  # many ties within a column
    X[:, 0] = -np.inf  # a fully blocked column: row 0, as np.argmax
    X[rng.random(shape) < 0.2] = -np.inf
    best, rows = cand._argmax_columns(X, 100)
    am = np.argmax(X, axis=0)
    assert np.array_equal(rows, am + 100)
    assert np.array_equal(best, X[am, np.arange(shape[1])])
