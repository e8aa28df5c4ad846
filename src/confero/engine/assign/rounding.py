"""Dependent rounding of a fractional flow: sample an integral flow whose arc marginals equal the flow.

Flows are integers in units of ``1 / unit`` (exact arithmetic). An arc is *integral* when its flow is
a multiple of ``unit``. Every node must have a net supply that is a multiple of ``unit``; then no node
touches exactly one fractional arc, so the fractional arcs always contain an (undirected) cycle.

Each step finds such a cycle, and moves flow around it: ``+d1`` on arcs traversed forwards and ``-d1``
on arcs traversed backwards, or the opposite move of size ``d2``, with probabilities ``d2/(d1+d2)`` and
``d1/(d1+d2)``. The expected change of every arc is zero (so ``P[arc rounded up] = flow / unit``), flow
conservation holds at every node, and ``d1``/``d2`` are the largest moves that keep every cycle arc
within ``[floor, ceil]`` of its value, so at least one arc becomes integral per step. The final flow
keeps every arc within the floor/ceiling of its fractional value: capacities, loads and (paper, area)
limits that were integral stay satisfied (Gandhi, Khuller, Parthasarathy, Srinivasan 2006; used for
randomized reviewer assignment by Jecmen et al. 2020).
"""

from __future__ import annotations

import numpy as np


def round_flow(
    tails: np.ndarray, heads: np.ndarray, flow: np.ndarray, unit: int, rng: np.random.Generator
) -> np.ndarray:
    """Return an integral flow (multiples of ``unit``) with ``E[result] == flow`` arc by arc."""
    flow = np.asarray(flow, dtype=np.int64).copy()
    if unit <= 1:
        return flow
    frac_ids = np.flatnonzero(flow % unit)
    if frac_ids.size == 0:
        return flow
    tails = np.asarray(tails, dtype=np.int64)
    heads = np.asarray(heads, dtype=np.int64)
    # adjacency over fractional arcs only (insertion-ordered dicts: deterministic for a given seed)
    adj: dict[int, dict[int, None]] = {}
    for e in frac_ids.tolist():
        adj.setdefault(int(tails[e]), {})[e] = None
        adj.setdefault(int(heads[e]), {})[e] = None
    f = flow.tolist()
    t_list = tails.tolist()
    h_list = heads.tolist()

    def drop(e: int) -> None:
        del adj[t_list[e]][e]
        del adj[h_list[e]][e]

    # walk state: path of nodes, arrival arcs, node -> position
    for start in list(adj):
        if not adj.get(start):
            continue
        path = [start]
        arrive = [-1]
        pos = {start: 0}
        while path:
            u = path[-1]
            came = arrive[-1]
            nxt = -1
            for e in adj[u]:
                if e != came:
                    nxt = e
                    break
            if nxt < 0:
                # only possible at the start node once its arcs are exhausted
                if len(path) == 1:
                    break
                raise RuntimeError("dependent rounding: node supplies are not integral")  # pragma: no cover
            v = h_list[nxt] if t_list[nxt] == u else t_list[nxt]
            if v not in pos:
                pos[v] = len(path)
                path.append(v)
                arrive.append(nxt)
                continue
            # cycle: arcs arrive[pos[v]+1:] + nxt, walking v -> ... -> u -> v
            i0 = pos[v]
            cyc_arcs = arrive[i0 + 1 :] + [nxt]
            cyc_from = path[i0:]  # node each arc is left from
            d_up = d_down = None
            signs = []
            for e, a in zip(cyc_arcs, cyc_from, strict=True):
                fwd = t_list[e] == a
                r = f[e] % unit
                inc, dec = (unit - r, r) if fwd else (r, unit - r)
                d_up = inc if d_up is None else min(d_up, inc)
                d_down = dec if d_down is None else min(d_down, dec)
                signs.append(1 if fwd else -1)
            delta = d_up if rng.random() * (d_up + d_down) < d_down else -d_down
            for e, s in zip(cyc_arcs, signs, strict=True):
                f[e] += s * delta
                if f[e] % unit == 0:
                    drop(e)
            # truncate the walk back to v
            for node in path[i0 + 1 :]:
                del pos[node]
            del path[i0 + 1 :]
            del arrive[i0 + 1 :]
            # step back while the tail of the walk is a dead end (its arrival arc became integral)
            while len(path) > 1 and arrive[-1] not in adj[path[-1]]:
                del pos[path[-1]]
                path.pop()
                arrive.pop()
    return np.asarray(f, dtype=np.int64)
