"""Why papers cannot be split into poster sessions — in sentences that name people, papers and the rule.

Three kinds of obstacles, looked for in this order:

1. one person presents more papers than there are sessions ("Ana Lee presents #4, #9 and #12 but there
   are 2 sessions"), or two of their papers are pinned to the same session;
2. with two sessions, the papers that share presenters form a ring of odd length (each neighbour must
   be in the other session, which an odd ring cannot have), or a chain between two pinned papers whose
   length contradicts their pins — found exactly by a breadth-first 2-colouring;
3. otherwise (three or more sessions) CP-SAT names a small set of people whose rules cannot hold
   together (its "sufficient assumptions for infeasibility", shrunk one person at a time).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence

from .posters_records import PosterPaper, natural_key, papers_by_person, words

MAX_REASONS = 5


def quick_reasons(papers: Sequence[PosterPaper], sessions: int, names: Mapping[str, str]) -> list[str]:
    """Obstacles 1 and 2 (exact for two sessions): a list of sentences, empty when none is found."""
    labels = {p.id: p.name for p in papers}
    pin = {p.id: p.session for p in papers if p.session is not None}
    reasons = []
    by_person = papers_by_person(papers)
    for person, ids in sorted(by_person.items(), key=lambda kv: natural_key(names.get(kv[0], kv[0]))):
        who = names.get(person, person)
        listed = words([labels[p] for p in sorted(ids, key=natural_key)])
        if len(ids) > sessions:
            plural = "session" if sessions == 1 else "sessions"
            reasons.append(f"{who} presents {listed} but there {_are(sessions)} {sessions} {plural}")
            continue
        pinned: dict[int, list[str]] = {}
        for pid in ids:
            if pid in pin:
                pinned.setdefault(pin[pid], []).append(labels[pid])
        for session, same in sorted(pinned.items()):
            if len(same) > 1:
                reasons.append(f"{who} presents {words(same)}, all pinned to session {session}")
    if not reasons and sessions == 2:
        reasons = _two_colouring(papers, by_person, names, labels, pin)
    if len(reasons) > MAX_REASONS:
        more = len(reasons) - MAX_REASONS + 1
        reasons = reasons[: MAX_REASONS - 1] + [f"and {more} more like these"]
    return reasons


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def _graph(papers, by_person):
    """Paper -> {neighbour paper: a person they share}."""
    adjacent: dict[str, dict[str, str]] = {p.id: {} for p in papers}
    for person, ids in by_person.items():
        for a in ids:
            for b in ids:
                if a != b:
                    adjacent[a].setdefault(b, person)
    return adjacent


def _two_colouring(papers, by_person, names, labels, pin) -> list[str]:
    adjacent = _graph(papers, by_person)
    colour: dict[str, int] = {}
    parent: dict[str, str | None] = {}
    reasons: list[str] = []

    def link(a, b):
        person = adjacent[a][b]
        return f"{names.get(person, person)} presents {labels[a]} and {labels[b]}"

    def path_to_root(node):
        out = [node]
        while parent[out[-1]] is not None:
            out.append(parent[out[-1]])
        return out

    # Components with a pinned paper are coloured from it, so colours are sessions (0 = session 1).
    starts = sorted(papers, key=lambda p: (p.id not in pin, natural_key(p.id)))
    for start in starts:
        if start.id in colour or not adjacent[start.id]:
            continue
        colour[start.id] = (pin[start.id] - 1) if start.id in pin else 0
        parent[start.id] = None
        queue = deque([start.id])
        while queue and len(reasons) < MAX_REASONS:
            node = queue.popleft()
            for other in sorted(adjacent[node], key=natural_key):
                want = 1 - colour[node]
                if other not in colour:
                    colour[other], parent[other] = want, node
                    queue.append(other)
                    if other in pin and pin[other] - 1 != want:
                        chain = list(reversed(path_to_root(other)))
                        steps = "; ".join(link(a, b) for a, b in zip(chain, chain[1:], strict=False))
                        same = (len(chain) - 1) % 2 == 0
                        reasons.append(
                            f"{labels[chain[0]]} is pinned to session {pin[chain[0]]} and {labels[other]} to "
                            f"session {pin[other]}, but {steps}: with 2 sessions this chain puts them in "
                            f"{'the same session' if same else 'different sessions'}"
                        )
                        return reasons
                elif colour[other] == colour[node] and natural_key(node) < natural_key(other):
                    up, down = path_to_root(node), path_to_root(other)
                    common = next(n for n in up if n in set(down))
                    ring = up[: up.index(common) + 1] + list(reversed(down[: down.index(common)]))
                    first = ring.index(min(ring, key=natural_key))
                    ring = ring[first:] + ring[:first]
                    if natural_key(ring[-1]) < natural_key(ring[1]):  # read it towards the smaller neighbour
                        ring = ring[:1] + ring[:0:-1]
                    steps = "; ".join(link(a, b) for a, b in zip(ring, ring[1:] + ring[:1], strict=False))
                    reasons.append(
                        f"{steps}: each of these {len(ring)} papers must be in another session than the "
                        f"next, which an odd ring of papers cannot have with 2 sessions"
                    )
                    break
    return reasons


def explain(
    papers: Sequence[PosterPaper], sessions: int, names: Mapping[str, str], *, time_limit: float = 30.0
) -> list[str]:
    """Obstacle 3: a small set of presenters whose rules cannot all hold (CP-SAT assumptions)."""
    reasons = quick_reasons(papers, sessions, names)
    if reasons:
        return reasons
    by_person = {p: ids for p, ids in papers_by_person(papers).items() if len(ids) > 1}
    core = _core(papers, sessions, by_person, time_limit)
    if core is None:
        return [f"no split into {sessions} sessions keeps every presenter in one place at a time"]
    core = _shrink(papers, sessions, by_person, core, time_limit)
    labels = {p.id: p.name for p in papers}
    involved = sorted({pid for person in core for pid in by_person[person]}, key=natural_key)
    people = "; ".join(
        f"{names.get(person, person)} presents {words([labels[p] for p in sorted(by_person[person], key=natural_key)])}"
        for person in sorted(core, key=lambda q: natural_key(names.get(q, q)))
    )
    pinned = [labels[p.id] for p in papers if p.session is not None and p.id in set(involved)]
    tail = f" (with {words(pinned)} pinned)" if pinned else ""
    return [
        f"{people}: these {len(involved)} papers cannot be spread over {sessions} sessions so that none of "
        f"these people presents twice at once{tail}"
    ]


def _model(papers, sessions, by_person, people):
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    index = {p.id: i for i, p in enumerate(papers)}
    x = [[model.new_bool_var(f"x{i}_{s}") for s in range(sessions)] for i in range(len(papers))]
    for i, paper in enumerate(papers):
        model.add_exactly_one(x[i])
        if paper.session is not None:
            model.add(x[i][paper.session - 1] == 1)
    switches = {}
    for person in people:
        switches[person] = model.new_bool_var(f"keep_{person}")
        for s in range(sessions):
            model.add_at_most_one(x[index[p]][s] for p in by_person[person]).only_enforce_if(switches[person])
    return model, switches


def _solve(model, time_limit):
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1  # assumptions need a single worker
    return solver, solver.solve(model), cp_model


def _core(papers, sessions, by_person, time_limit) -> list[str] | None:
    model, switches = _model(papers, sessions, by_person, list(by_person))
    model.add_assumptions(list(switches.values()))
    solver, result, cp_model = _solve(model, time_limit)
    if result != cp_model.INFEASIBLE:
        return None
    wanted = set(solver.sufficient_assumptions_for_infeasibility())
    return [person for person, lit in switches.items() if lit.index in wanted]


def _shrink(papers, sessions, by_person, core, time_limit, max_tries: int = 40) -> list[str]:
    """Drop people from the core while the rest is still infeasible (deletion filter, bounded)."""
    core = list(core)
    for person in list(core)[:max_tries]:
        trial = [q for q in core if q != person]
        model, switches = _model(papers, sessions, by_person, trial)
        for lit in switches.values():
            model.add(lit == 1)
        _, result, cp_model = _solve(model, time_limit)
        if result == cp_model.INFEASIBLE:
            core = trial
    return core
