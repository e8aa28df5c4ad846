"""Pooling functions on tiny arrays, checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from confero.engine.affinity.pooling import Pooling, ProfileLayout, parse_pooling, pool
from confero.engine.errors import InputError

# reviewer 0 owns publications 0, 1, 3; reviewer 1 none; reviewer 2 owns 2 and 4.
OWNER = np.array([0, 0, 2, 0, 2])
YEARS = np.array([2020, 2024, 2019, np.nan, 2018])
SIMS = np.array([[0.1, 0.5, 0.3, 0.2, 0.9], [0.0, 0.0, 0.0, 0.0, 0.0]])


@pytest.fixture
def layout():
    return ProfileLayout(OWNER, 3, YEARS)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("mean", [(0.1 + 0.5 + 0.2) / 3, 0.0, 0.6]),
        ("max", [0.5, 0.0, 0.9]),
        ("top1", [0.5, 0.0, 0.9]),
        ("top2", [0.35, 0.0, 0.6]),
        ("top5", [(0.1 + 0.5 + 0.2) / 3, 0.0, 0.6]),  # fewer publications than k: their mean
        ("softmax:0.001", [0.5, 0.0, 0.9]),  # tiny temperature: max
        # weights exp(s/T) normalised: reviewer 2 -> (e^3 * 0.3 + e^9 * 0.9) / (e^3 + e^9)
        ("softmax:0.1", [None, 0.0, (np.e**3 * 0.3 + np.e**9 * 0.9) / (np.e**3 + np.e**9)]),
        # newest 2024; missing year counts as the oldest (2020): weights 1/16, 1, 1/16
        ("recency:1", [(0.1 / 16 + 0.5 + 0.2 / 16) / (1 + 2 / 16), 0.0, (0.3 * 1 + 0.9 * 0.5) / 1.5]),
    ],
)
def test_pooling_by_hand(layout, spec, expected):
    got = pool(SIMS, layout, spec)
    assert got.shape == (2, 3)
    for j, value in enumerate(expected):
        if value is not None:
            assert got[0, j] == pytest.approx(value)
    assert np.all(got[1] == 0.0)


def test_softmax_interpolates_between_mean_and_max(layout):
    hot = pool(SIMS, layout, "softmax:0.05")[0, 0]
    cold = pool(SIMS, layout, "softmax:1000")[0, 0]
    assert pool(SIMS, layout, "mean")[0, 0] == pytest.approx(cold, abs=1e-3)
    assert cold < hot < 0.5


def test_layout_pads_and_masks():
    lay = ProfileLayout(OWNER, 3)
    assert lay.counts.tolist() == [3, 0, 2]
    assert lay.index.shape == (3, 3)
    assert lay.mask.tolist() == [[True, True, True], [False, False, False], [True, True, False]]
    assert sorted(lay.index[0][lay.mask[0]].tolist()) == [0, 1, 3]


def test_no_publications_at_all():
    lay = ProfileLayout(np.zeros(0, dtype=int), 2)
    assert pool(np.zeros((3, 0)), lay, "top3").tolist() == [[0.0, 0.0]] * 3


def test_parse_pooling():
    assert parse_pooling("TOP3") == Pooling("topk", 3.0)
    assert parse_pooling("topk:4") == Pooling("topk", 4.0)
    assert str(parse_pooling("top3")) == "top3"
    assert str(parse_pooling("softmax:0.05")) == "softmax:0.05"
    for bad in ("median", "top0", "softmax", "softmax:0", "recency:-1", ""):
        with pytest.raises(InputError):
            parse_pooling(bad)
