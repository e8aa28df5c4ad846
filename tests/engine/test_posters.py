"""The poster-session solver on crafted cases: clash-free, balanced, boards by topic, pins, and each kind
of infeasibility named in words."""

from __future__ import annotations

import pytest

from confero.engine.errors import InputError
from confero.engine.posters import (
    PosterInfeasible,
    PosterPaper,
    board_numbers,
    clashes,
    solve,
)


def P(pid, *presenters, topic="", session=None, oral=False):
    return PosterPaper(id=str(pid), topic=topic, presenters=tuple(presenters), session=session, oral=oral)


def assert_valid(papers, plan):
    assert set(plan.session_of) == {p.id for p in papers}
    assert all(1 <= s <= plan.sessions for s in plan.session_of.values())
    assert clashes(papers, plan.session_of) == []
    for s in range(1, plan.sessions + 1):
        boards = sorted(plan.board_of[p] for p in plan.papers_in(s))
        assert boards == list(range(1, len(boards) + 1))


def test_people_with_two_papers_present_them_in_different_sessions():
    papers = [P(1, "ana", "bo"), P(2, "ana"), P(3, "bo", "cy"), P(4, "cy"), P(5, "dee"), P(6, "dee", "eve")]
    plan = solve(papers)
    assert_valid(papers, plan)
    assert plan.session_of["1"] != plan.session_of["2"]
    assert plan.session_of["1"] != plan.session_of["3"]
    assert plan.session_of["3"] != plan.session_of["4"]
    assert plan.session_of["5"] != plan.session_of["6"]
    assert plan.sizes == [3, 3]


def test_sizes_and_topic_mix_are_balanced():
    papers = [
        P(i, f"p{i}", topic="data" if i <= 6 else "eval" if i <= 10 else "agents") for i in range(1, 14)
    ]
    plan = solve(papers)
    assert_valid(papers, plan)
    assert sorted(plan.sizes) == [6, 7]
    assert plan.topic_spread == {"data": 0, "eval": 0, "agents": 1}
    assert plan.status == "optimal" and plan.objective == plan.bound == 4 * 1 + 1


def test_balance_gives_way_to_presenters_only_as_much_as_needed():
    # "ana" presents 1 and 2, "bo" 2 and 3: 1 and 3 together, 2 alone; 4 and 5 balance the sizes.
    papers = [
        P(1, "ana", topic="x"),
        P(2, "ana", "bo", topic="x"),
        P(3, "bo", topic="x"),
        P(4, topic="y"),
        P(5),
    ]
    plan = solve(papers)
    assert_valid(papers, plan)
    assert plan.session_of["1"] == plan.session_of["3"] != plan.session_of["2"]
    assert sorted(plan.sizes) == [2, 3]


def test_three_sessions():
    papers = [P(1, "a"), P(2, "a"), P(3, "a"), P(4, "b"), P(5, "b"), P(6)]
    plan = solve(papers, 3)
    assert_valid(papers, plan)
    assert len({plan.session_of[p] for p in "123"}) == 3
    assert plan.sizes == [2, 2, 2]


def test_oral_papers_also_get_a_poster_and_a_board():
    papers = [P(1, "a", oral=True), P(2, "a"), P(3, "b", oral=True), P(4, "c")]
    plan = solve(papers)
    assert {"1", "3"} <= set(plan.board_of)
    assert_valid(papers, plan)


def test_pinned_papers_stay_where_an_organizer_put_them():
    papers = [P(1, "a", session=2), P(2, "a"), P(3, session=2), P(4)]
    plan = solve(papers)
    assert plan.session_of["1"] == 2 and plan.session_of["3"] == 2
    assert plan.session_of["2"] == 1
    assert_valid(papers, plan)


def test_boards_are_grouped_by_topic_in_the_given_order():
    papers = [P(1, topic="b"), P(2, topic="a"), P(3, topic="b"), P(4, topic="a"), P(5, topic="c")]
    boards = board_numbers(papers, {p.id: 1 for p in papers}, topic_order=["b", "a"])
    assert [pid for pid, _ in sorted(boards.items(), key=lambda kv: kv[1])] == ["1", "3", "2", "4", "5"]


def test_clashes_name_the_person_and_session_of_a_manual_move():
    papers = [P(1, "ana"), P(2, "ana"), P(10, "ana", "bo"), P(3, "bo")]
    found = clashes(papers, {"1": 1, "2": 2, "10": 1, "3": 2})
    assert [(c.person, c.session, c.papers) for c in found] == [("ana", 1, ("1", "10"))]
    assert (
        found[0].describe({"ana": "Ana Lee"}, {"1": "#1", "10": "#10"})
        == "Ana Lee presents #1 and #10 in session 1"
    )


# --- infeasibility, said precisely ---------------------------------------------------------------


def test_a_person_with_more_papers_than_sessions():
    papers = [P(4, "ana"), P(9, "ana"), P(12, "ana", "bo"), P(13, "bo")]
    with pytest.raises(PosterInfeasible) as exc:
        solve(papers, names={"ana": "Ana Lee"})
    assert exc.value.reasons == ["Ana Lee presents #4, #9 and #12 but there are 2 sessions"]


def test_two_papers_of_one_person_pinned_together():
    papers = [P(1, "ana", session=1), P(2, "ana", session=1), P(3)]
    with pytest.raises(PosterInfeasible) as exc:
        solve(papers, names={"ana": "Ana Lee"})
    assert exc.value.reasons == ["Ana Lee presents #1 and #2, all pinned to session 1"]


def test_an_odd_ring_of_shared_presenters():
    papers = [P(1, "ana", "cy"), P(2, "ana", "bo"), P(3, "bo", "cy"), P(4, "dee")]
    names = {"ana": "Ana Lee", "bo": "Bo Chen", "cy": "Cy Diaz"}
    with pytest.raises(PosterInfeasible) as exc:
        solve(papers, names=names)
    (reason,) = exc.value.reasons
    assert reason.startswith(
        "Ana Lee presents #1 and #2; Bo Chen presents #2 and #3; Cy Diaz presents #3 and #1"
    )
    assert "odd ring" in reason and "2 sessions" in reason


def test_a_chain_between_two_pinned_papers():
    papers = [P(1, "ana", session=1), P(2, "ana", "bo"), P(3, "bo", session=2)]
    with pytest.raises(PosterInfeasible) as exc:
        solve(papers, names={"ana": "Ana Lee", "bo": "Bo Chen"})
    assert exc.value.reasons == [
        "#1 is pinned to session 1 and #3 to session 2, but Ana Lee presents #1 and #2; Bo Chen presents "
        "#2 and #3: with 2 sessions this chain puts them in the same session"
    ]


def test_three_sessions_and_four_papers_that_all_share_presenters():
    pairs = {(a, b): f"{a}{b}" for a in range(1, 5) for b in range(a + 1, 5)}
    papers = [P(i, *(name for pair, name in pairs.items() if i in pair)) for i in range(1, 5)]
    papers.append(P(5, "zed"))
    with pytest.raises(PosterInfeasible) as exc:
        solve(papers, 3)
    (reason,) = exc.value.reasons
    assert "these 4 papers cannot be spread over 3 sessions" in reason
    for name in pairs.values():  # every pair is needed: the core cannot shrink
        assert f"{name} presents" in reason
    assert "zed" not in reason


def test_many_overloaded_people_are_summarised():
    papers = [P(f"{i}{j}", f"person{i}") for i in range(8) for j in range(3)]
    with pytest.raises(PosterInfeasible) as exc:
        solve(papers)
    assert len(exc.value.reasons) == 5 and exc.value.reasons[-1] == "and 4 more like these"


def test_bad_input_is_named():
    with pytest.raises(InputError, match="paper #1 is listed twice"):
        solve([P(1), P(1)])
    with pytest.raises(InputError, match="pinned to session 3 but there are 2"):
        solve([P(1, session=3)])
    with pytest.raises(InputError, match="at least one session"):
        solve([P(1)], 0)


def test_no_papers():
    plan = solve([])
    assert plan.session_of == {} and plan.sizes == [0, 0]
