"""Poster sessions: split accepted papers into sessions so that nobody presents in two places at once.

Input is a plain list of :class:`PosterPaper` — an id, a topic and the ids of the people who present it
(while a paper has no designated presenter, every author may be the one standing at the poster, so all
of them are listed). Hard rules:

* every paper is in exactly one session (oral papers too: they also get a poster);
* a person who presents several papers has them in different sessions;
* a paper pinned to a session (an organizer's manual move) stays there.

Among the splits that keep these rules, the solver (OR-Tools CP-SAT, an exact method) minimises
``W x (largest - smallest session size) + sum over topics of (largest - smallest count of the topic in a
session)`` with ``W`` larger than the number of topics, so sizes are balanced first and the topic mix
second. Board numbers run 1, 2, … per session, grouped by topic.

When no split exists, :class:`PosterInfeasible` says which constraint fails for whom (see
:mod:`confero.engine.posters_diagnosis`), e.g. "Ana Lee presents #4, #9 and #12 but there are 2
sessions". Pure Python; OR-Tools is imported inside functions.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .errors import InfeasibleError, InputError
from .posters_diagnosis import explain, quick_reasons
from .posters_records import PosterPaper, natural_key, papers_by_person, words

__all__ = [
    "Clash",
    "PosterInfeasible",
    "PosterPaper",
    "PosterPlan",
    "board_numbers",
    "clashes",
    "natural_key",
    "papers_by_person",
    "solve",
    "words",
]


@dataclass(frozen=True)
class Clash:
    """``person`` presents all of ``papers`` in the same ``session``."""

    person: str
    session: int
    papers: tuple[str, ...]

    def describe(self, names: Mapping[str, str], labels: Mapping[str, str]) -> str:
        return (
            f"{names.get(self.person, self.person)} presents "
            f"{words([labels.get(p, '#' + p) for p in self.papers])} in session {self.session}"
        )


@dataclass
class PosterPlan:
    sessions: int
    session_of: dict[str, int]
    board_of: dict[str, int]
    status: str  # "optimal" (proved best) or "feasible" (best found within the time limit)
    size_spread: int
    topic_spread: dict[str, int]
    objective: int
    bound: int
    seconds: float
    sizes: list[int] = field(default_factory=list)

    def papers_in(self, session: int) -> list[str]:
        ids = [p for p, s in self.session_of.items() if s == session]
        return sorted(ids, key=lambda p: self.board_of[p])


class PosterInfeasible(InfeasibleError):
    """No split keeps the rules; ``reasons`` are sentences naming the people, papers and constraint."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__("no poster split exists: " + "; ".join(reasons), diagnosis=reasons)


def validate(papers: Sequence[PosterPaper], sessions: int) -> None:
    if sessions < 1:
        raise InputError(f"there must be at least one session, got {sessions}", field="sessions")
    seen = set()
    for paper in papers:
        if paper.id in seen:
            raise InputError(f"paper {paper.name} is listed twice", field="id")
        seen.add(paper.id)
        if paper.session is not None and not 1 <= paper.session <= sessions:
            raise InputError(
                f"paper {paper.name} is pinned to session {paper.session} but there are {sessions}",
                field="session",
            )


def clashes(papers: Sequence[PosterPaper], session_of: Mapping[str, int]) -> list[Clash]:
    """Every person who presents two or more papers in one session under ``session_of`` (papers missing
    from it are ignored) — the warnings shown after a manual move."""
    out = []
    for person, ids in sorted(papers_by_person(papers).items()):
        per_session: dict[int, list[str]] = defaultdict(list)
        for pid in ids:
            if pid in session_of:
                per_session[session_of[pid]].append(pid)
        for session, same in sorted(per_session.items()):
            if len(same) > 1:
                out.append(Clash(person, session, tuple(sorted(same, key=natural_key))))
    return out


def spreads(papers: Sequence[PosterPaper], session_of: Mapping[str, int], sessions: int):
    """(sizes per session, size spread, {topic: spread}) of a split."""
    sizes = [0] * sessions
    by_topic: dict[str, list[int]] = {}
    for paper in papers:
        s = session_of[paper.id] - 1
        sizes[s] += 1
        by_topic.setdefault(paper.topic, [0] * sessions)[s] += 1
    topic_spread = {t: max(c) - min(c) for t, c in by_topic.items()}
    return sizes, max(sizes) - min(sizes), topic_spread


def weights(papers: Sequence[PosterPaper]) -> int:
    """The weight of the size spread: more than any topic-mix improvement can be worth."""
    return len({p.topic for p in papers}) + 1


def lower_bound(papers: Sequence[PosterPaper], sessions: int) -> int:
    """No split can do better: a count that does not divide evenly leaves a spread of at least 1."""
    counts: dict[str, int] = defaultdict(int)
    for paper in papers:
        counts[paper.topic] += 1
    topic_part = sum(1 for c in counts.values() if c % sessions)
    return weights(papers) * (1 if len(papers) % sessions else 0) + topic_part


def board_numbers(
    papers: Sequence[PosterPaper], session_of: Mapping[str, int], topic_order: Sequence[str] = ()
) -> dict[str, int]:
    """Boards 1, 2, … in each session, papers of one topic side by side (topics in ``topic_order``, then
    alphabetically), by paper id within a topic."""
    rank = {t: i for i, t in enumerate(topic_order)}

    def key(paper):
        return (rank.get(paper.topic, len(rank)), paper.topic, natural_key(paper.id))

    boards, next_board = {}, defaultdict(lambda: 1)
    for paper in sorted(papers, key=key):
        s = session_of[paper.id]
        boards[paper.id] = next_board[s]
        next_board[s] += 1
    return boards


def solve(
    papers: Sequence[PosterPaper],
    sessions: int = 2,
    *,
    names: Mapping[str, str] | None = None,
    topic_order: Sequence[str] = (),
    time_limit: float = 30.0,
    seed: int = 0,
    workers: int = 1,
) -> PosterPlan:
    """The best split of ``papers`` into ``sessions`` (see the module's docstring). Raises
    :class:`PosterInfeasible` with the reasons when the rules cannot all hold."""
    started = time.perf_counter()
    validate(papers, sessions)
    names = dict(names or {})
    reasons = quick_reasons(papers, sessions, names)
    if reasons:
        raise PosterInfeasible(reasons)
    if not papers:
        return PosterPlan(sessions, {}, {}, "optimal", 0, {}, 0, 0, 0.0, [0] * sessions)
    status, session_of, bound = _cp_sat(papers, sessions, time_limit, seed, workers)
    if status == "infeasible":
        raise PosterInfeasible(explain(papers, sessions, names, time_limit=time_limit))
    if status == "unknown":
        raise InfeasibleError(
            f"no split found within the time limit of {time_limit:g} s (the solver could neither find "
            "one nor prove that none exists); try a longer time limit"
        )
    sizes, size_spread, topic_spread = spreads(papers, session_of, sessions)
    objective = weights(papers) * size_spread + sum(topic_spread.values())
    return PosterPlan(
        sessions=sessions,
        session_of=session_of,
        board_of=board_numbers(papers, session_of, topic_order),
        status=status,
        size_spread=size_spread,
        topic_spread=topic_spread,
        objective=objective,
        bound=max(bound, lower_bound(papers, sessions)),
        seconds=time.perf_counter() - started,
        sizes=sizes,
    )


def _cp_sat(papers, sessions, time_limit, seed, workers):
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    k, n = sessions, len(papers)
    x = [[model.new_bool_var(f"x{i}_{s}") for s in range(k)] for i in range(n)]
    index = {p.id: i for i, p in enumerate(papers)}
    pinned = False
    for i, paper in enumerate(papers):
        model.add_exactly_one(x[i])
        if paper.session is not None:
            model.add(x[i][paper.session - 1] == 1)
            pinned = True
    for ids in papers_by_person(papers).values():
        if len(ids) > 1:
            for s in range(k):
                model.add_at_most_one(x[index[p]][s] for p in ids)
    if not pinned:  # sessions are interchangeable: the first paper opens session 1
        model.add(x[0][0] == 1)

    def spread(members: list[int], tag: str):
        hi = model.new_int_var(0, len(members), f"hi_{tag}")
        lo = model.new_int_var(0, len(members), f"lo_{tag}")
        for s in range(k):
            count = sum(x[i][s] for i in members)
            model.add(hi >= count)
            model.add(lo <= count)
        return hi - lo

    groups: dict[str, list[int]] = defaultdict(list)
    for i, paper in enumerate(papers):
        groups[paper.topic].append(i)
    terms = [spread(members, f"t{j}") for j, members in enumerate(groups.values())]
    objective = weights(papers) * spread(list(range(n)), "all") + sum(terms)
    model.add(objective >= lower_bound(papers, sessions))  # lets the solver stop once it is reached
    model.minimize(objective)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = max(1, workers)
    result = solver.solve(model)
    if result == cp_model.INFEASIBLE:
        return "infeasible", {}, 0
    if result not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "unknown", {}, 0
    session_of = {
        paper.id: next(s + 1 for s in range(k) if solver.boolean_value(x[i][s]))
        for i, paper in enumerate(papers)
    }
    status = "optimal" if result == cp_model.OPTIMAL else "feasible"
    return status, session_of, int(solver.best_objective_bound)
