"""Quality report, plot, explanations and alternates of an assignment."""

from __future__ import annotations

import json

import numpy as np
import pytest

from confero.engine.assign import Assignment, AssignmentProblem
from confero.engine.assign.alternates import alternates
from confero.engine.assign.explain import explain_pairs, format_closest
from confero.engine.assign.plot import plot_report
from confero.engine.assign.report import public, quality_report, report_text
from confero.engine.errors import InputError
from confero.engine.records import Publication, Reviewer, Submission

SCORES = np.array(
    [
        [0.9, 0.05, 0.4, 0.0],
        [0.2, 0.8, 0.6, 0.3],
        [0.7, 0.1, 0.5, 0.95],
    ]
)


def _problem():
    return AssignmentProblem(
        SCORES,
        demand=np.array([2, 2, 2]),
        max_load=np.array([2, 2, 2, 1]),
        conflicts=(np.array([1]), np.array([0])),
        reviewer_areas=np.array([0, 1, 0, 1]),
        min_areas=2,
    )


def _assignment():
    rows = np.array([0, 0, 1, 1, 2, 2])
    cols = np.array([0, 1, 1, 2, 0, 3])
    return Assignment(rows, cols, float(SCORES[rows, cols].sum()), "optimal", 0.0, {"time_total": 0.5})


def test_report_numbers():
    rep = quality_report(_problem(), _assignment(), bids={(0, 1): "high"})
    assert rep["total_affinity"] == pytest.approx(0.9 + 0.05 + 0.8 + 0.6 + 0.7 + 0.95)
    assert rep["min_affinity"] == pytest.approx(0.05)
    assert rep["weak_matches"] == 1 and rep["papers_with_weak_match"] == 1
    assert rep["paper_sum"]["min"] == pytest.approx(0.95)
    assert rep["paper_sum"]["max"] == pytest.approx(1.65)
    assert rep["paper_min"]["min"] == pytest.approx(0.05)
    assert rep["load_histogram"] == {1: 2, 2: 2}
    assert rep["reviewers_unused"] == 0 and rep["reviewers_at_max"] == 3  # reviewer 2 has room
    assert rep["areas_covered"] == 2 and rep["papers_below_min_areas"] == 0
    assert rep["areas_per_paper"]["min"] == 2
    assert rep["assigned_bids"] == {"high": 1}
    json.dumps(public(rep))  # JSON-friendly without the arrays
    text = report_text(rep)
    assert "weak matches        1 assignment(s)" in text
    assert "load histogram      1: 2, 2: 2" in text


def test_report_uses_raw_affinity_when_given():
    prob = _problem()
    bumped = AssignmentProblem(SCORES + 0.2, prob.demand, prob.max_load)
    rep = quality_report(bumped, _assignment(), affinity=SCORES)
    assert rep["total_affinity"] == pytest.approx(4.0)
    assert rep["objective_total"] == pytest.approx(_assignment().total)  # what the solver maximised


@pytest.mark.parametrize("suffix,magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_plot_writes_a_file(tmp_path, suffix, magic):
    path = tmp_path / f"q{suffix}"
    plot_report(quality_report(_problem(), _assignment()), path)
    assert path.read_bytes().startswith(magic)


def test_plot_rejects_unknown_format(tmp_path):
    with pytest.raises(InputError):
        plot_report(quality_report(_problem(), _assignment()), tmp_path / "q.gif")
    assert not (tmp_path / "q.gif").exists()


def test_alternates_prefer_spare_capacity_and_skip_conflicts_and_assigned():
    prob = _problem()
    alt = alternates(prob, _assignment(), 3)
    got = {}
    for p, r, k, sp in zip(alt.rows, alt.cols, alt.rank, alt.spare, strict=True):
        got.setdefault(int(p), []).append((int(k), int(r), int(sp)))
    # paper 0: reviewers 0 and 1 are assigned; reviewer 2 (0.4, one free slot), then 3 (0.0, full)
    assert got[0] == [(1, 2, 1), (2, 3, 0)]
    assert [r for _, r, _ in got[1]] == [3]  # reviewer 0 is a conflict
    assert [r for _, r, _ in got[2]] == [2, 1]
    # free capacity moves a weaker reviewer first: reviewer 3 gets room, reviewer 2 is full
    prob.max_load = np.array([2, 2, 1, 2])
    alt = alternates(prob, _assignment(), 2)
    assert alt.cols[alt.rows == 0].tolist() == [3, 2] and alt.spare[alt.rows == 0].tolist() == [1, 0]


@pytest.mark.parametrize("model", ["builtin", "tfidf"])
def test_explanations_name_closest_publications_bid_and_area(model):
    subs = [
        Submission(id="p0", title="Merging language models", abstract="model merging of fine-tuned models")
    ]
    revs = [
        Reviewer(
            id="r0",
            publications=(
                Publication(id="a", title="Model merging by weight averaging", year=2023),
                Publication(id="b", title="Protein folding with diffusion", year=2021),
            ),
            research_areas=("nlp",),
        )
    ]
    (text,) = explain_pairs(np.array([0]), np.array([0]), subs, revs, bids={(0, 0): "high"}, k=2, model=model)
    assert text.startswith("closest: 'Model merging by weight averaging' (2023, ")
    assert "Protein" not in text  # no similarity: not shown
    assert text.endswith("| bid: high | area: nlp")
    assert format_closest([]) == "closest: (no similar publication)"
