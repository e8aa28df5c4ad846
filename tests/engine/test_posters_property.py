"""Property: on any small instance the solver's answer is right — checked against brute force.

* a split it returns keeps every rule (each paper once, pins, no presenter twice in a session) and its
  reported spreads are the split's own;
* when it says "optimal", no split has a lower objective;
* when it says "infeasible", no split keeps the rules, and the reasons name someone who presents.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confero.engine.posters import PosterInfeasible, PosterPaper, clashes, solve, weights
from confero.engine.posters import spreads as split_spreads

PEOPLE = [f"p{i}" for i in range(7)]


@st.composite
def instances(draw):
    sessions = draw(st.integers(min_value=1, max_value=3))
    n = draw(st.integers(min_value=0, max_value=8 if sessions < 3 else 7))
    papers = []
    for i in range(n):
        presenters = draw(st.lists(st.sampled_from(PEOPLE), min_size=0, max_size=3, unique=True))
        topic = draw(st.sampled_from(["a", "b", "c"]))
        pinned = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=sessions)))
        pin = pinned if draw(st.integers(0, 4)) == 0 else None  # pins are rare
        papers.append(PosterPaper(str(i + 1), topic, tuple(presenters), session=pin))
    return papers, sessions


def brute_force(papers, sessions):
    """(best objective, or None when no split keeps the rules)."""
    best = None
    for combo in itertools.product(range(1, sessions + 1), repeat=len(papers)):
        session_of = {p.id: s for p, s in zip(papers, combo, strict=True)}
        if any(p.session is not None and session_of[p.id] != p.session for p in papers):
            continue
        if clashes(papers, session_of):
            continue
        _, size_spread, topic_spread = split_spreads(papers, session_of, sessions)
        value = weights(papers) * size_spread + sum(topic_spread.values())
        best = value if best is None else min(best, value)
    return best


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_answer_is_right(instance):
    papers, sessions = instance
    best = brute_force(papers, sessions)
    try:
        plan = solve(papers, sessions, time_limit=20)
    except PosterInfeasible as exc:
        assert best is None, f"solver said infeasible but a split with objective {best} exists"
        assert exc.reasons and all(" presents " in r or r.startswith("and ") for r in exc.reasons)
        return
    assert best is not None
    assert set(plan.session_of) == {p.id for p in papers}
    assert all(p.session is None or plan.session_of[p.id] == p.session for p in papers)
    assert clashes(papers, plan.session_of) == []
    sizes, size_spread, topic_spread = split_spreads(papers, plan.session_of, sessions)
    assert (plan.sizes, plan.size_spread, plan.topic_spread) == (sizes, size_spread, topic_spread)
    assert plan.objective >= best
    if plan.status == "optimal":
        assert plan.objective == best
    for s in range(1, sessions + 1):
        boards = sorted(plan.board_of[p] for p in plan.papers_in(s))
        assert boards == list(range(1, len(boards) + 1))
