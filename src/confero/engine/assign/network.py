"""The min-cost-flow network of an assignment problem over a set of candidate pairs.

Nodes: papers, optional (paper, area) nodes, reviewers, one sink. Arcs, in this order:

* candidate arcs ``paper -> reviewer`` (or ``(paper, area(r)) -> reviewer``), capacity 1, cost ``-s``;
* with areas: ``paper -> (paper, area)``, capacity ``demand - min_areas + 1`` (minus forced pairs of
  that area), cost 0, only for (paper, area) pairs with more candidates than that capacity — "at most k-m+1 reviewers of one area" == "at least m areas" (see docs);
* ``reviewer -> sink``, capacity ``max_load - min_load``, cost 0; the min load is moved into the node
  supplies (standard lower-bound transformation).

Costs are given to OR-Tools as int64 ``-rint(s * scale)``; ``scale`` is a power of two as large as the
overflow limits allow (2**30 .. 2**40 for scores in [0, 1]), so float32 scores >= 2**-(scale bits - 24)
are represented exactly. Optimality for the float64 scores is then *verified* separately (see flow.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from confero.engine.assign.problem import sorted_unique, unique_inverse


@dataclass
class Network:
    n_nodes: int
    tails: np.ndarray
    heads: np.ndarray
    caps: np.ndarray
    cost_int: np.ndarray  # int64, what OR-Tools sees
    cost_float: np.ndarray  # float64 true costs (-score) used for the certificate
    supplies: np.ndarray
    n_cand: int  # the first n_cand arcs are candidate pairs
    cand_rows: np.ndarray
    cand_cols: np.ndarray
    scale: float
    pa_keys: np.ndarray | None  # sorted keys p * n_areas + a of the (paper, area) nodes
    n_areas: int
    rev_base: int  # node id of reviewer 0


def choose_scale(max_abs: float, n_nodes: int, total_flow: int) -> float:
    """Largest power of two keeping OR-Tools' internal cost arithmetic well inside int64."""
    max_abs = float(max_abs)
    if not np.isfinite(max_abs) or max_abs <= 0.0:  # all-zero scores: any scale is exact
        max_abs = 1.0
    # cost scaling multiplies costs by (n_nodes + 1); the objective sums total_flow costs.
    limit = 2.0**60 / max(n_nodes + 1, total_flow + 1, 2)
    bits = int(np.floor(np.log2(limit / max_abs)))
    return float(2.0 ** min(bits, 40))


def build_network(
    cand_rows: np.ndarray,
    cand_cols: np.ndarray,
    cand_scores: np.ndarray,
    demand: np.ndarray,
    max_load: np.ndarray,
    min_load: np.ndarray,
    areas: np.ndarray | None = None,
    pa_cap: dict | None = None,
) -> Network:
    """Vectorised network construction.

    ``areas`` (R,) int enables (paper, area) nodes; ``pa_cap`` is then a function-like pair
    ``(paper_cap (P,), reductions: dict key->int)`` giving the capacity of each (paper, area) arc as
    ``paper_cap[p] - reductions.get(key, 0)``.
    """
    P, R = demand.size, max_load.size
    cand_rows = np.asarray(cand_rows, dtype=np.int64)
    cand_cols = np.asarray(cand_cols, dtype=np.int64)
    nc = cand_rows.size
    if areas is not None:
        # (paper, area) nodes only where the cap can bind: more candidates of that area than its cap.
        # Elsewhere the arc p -> (p, a) could never saturate, so the candidates hang on the paper node
        # directly (same optimum; the missing node's potential equals its paper's, see flow.py).
        A = int(areas.max()) + 1 if areas.size else 1
        keys = cand_rows * A + areas[cand_cols]
        all_keys, inv = unique_inverse(keys)
        paper_cap, reductions = pa_cap
        cap = np.asarray(paper_cap, dtype=np.int64)[all_keys // A].copy()
        if reductions:
            red_keys = np.fromiter(reductions.keys(), dtype=np.int64)
            red_vals = np.fromiter(reductions.values(), dtype=np.int64)
            pos = np.minimum(np.searchsorted(all_keys, red_keys), max(all_keys.size - 1, 0))
            ok = all_keys.size > 0
            ok = ok & (all_keys[pos] == red_keys) if all_keys.size else np.zeros(red_keys.size, bool)
            np.subtract.at(cap, pos[ok], red_vals[ok])
        needed = np.bincount(inv, minlength=all_keys.size) > cap
        node_of_key = np.cumsum(needed) - 1
        pa_keys = all_keys[needed]
        pa_cap_arr = np.maximum(cap[needed], 0)
        n_pa = pa_keys.size
        cand_tail = np.where(needed[inv], P + node_of_key[inv], cand_rows)
    else:
        A, pa_keys, n_pa = 0, None, 0
        cand_tail = cand_rows
    rev_base = P + n_pa
    sink = rev_base + R
    n_nodes = sink + 1
    total_flow = int(demand.sum())
    max_abs = float(np.abs(cand_scores).max()) if nc else 1.0
    scale = choose_scale(max_abs, n_nodes, total_flow)
    cost_float = -np.asarray(cand_scores, dtype=np.float64)
    cost_int = np.rint(cost_float * scale).astype(np.int64)

    tails = [cand_tail]
    heads = [rev_base + cand_cols]
    caps = [np.ones(nc, dtype=np.int64)]
    if areas is not None:
        tails.append(pa_keys // A)
        heads.append(P + np.arange(n_pa, dtype=np.int64))
        caps.append(pa_cap_arr)
    tails.append(rev_base + np.arange(R, dtype=np.int64))
    heads.append(np.full(R, sink, dtype=np.int64))
    caps.append((max_load - min_load).astype(np.int64))
    n_other = sum(t.size for t in tails[1:])
    supplies = np.zeros(n_nodes, dtype=np.int64)
    supplies[:P] = demand
    supplies[rev_base:sink] = -min_load
    supplies[sink] = -(total_flow - int(min_load.sum()))
    return Network(
        n_nodes=n_nodes,
        tails=np.concatenate(tails),
        heads=np.concatenate(heads),
        caps=np.concatenate(caps),
        cost_int=np.concatenate([cost_int, np.zeros(n_other, dtype=np.int64)]),
        cost_float=np.concatenate([cost_float, np.zeros(n_other)]),
        supplies=supplies,
        n_cand=nc,
        cand_rows=cand_rows,
        cand_cols=cand_cols,
        scale=scale,
        pa_keys=pa_keys,
        n_areas=A,
        rev_base=rev_base,
    )


def solve_network(net: Network) -> tuple[str, np.ndarray | None]:
    """Run OR-Tools' min-cost flow; returns (status name, flows or None)."""
    from ortools.graph.python import min_cost_flow

    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(net.tails, net.heads, net.caps, net.cost_int)
    mcf.set_nodes_supplies(np.arange(net.n_nodes), net.supplies)
    status = mcf.solve()
    if status != mcf.OPTIMAL:
        return status.name if hasattr(status, "name") else str(status), None
    return "OPTIMAL", np.asarray(mcf.flows(np.arange(net.tails.size)), dtype=np.int64)


def potentials(net: Network, flows: np.ndarray) -> np.ndarray:
    """Shortest-path distances ``d`` in the residual graph, in exact int64 cost units.

    Every residual arc then has reduced cost ``c_ij + d_i - d_j >= 0``, so ``pi = -d`` is an optimal
    dual solution of the candidate network. Bellman-Ford from a virtual source joined to every node by a
    0-cost arc (so ``d`` starts at 0), vectorised: the arcs are split into those entering a reviewer and
    all others, and each round relaxes the first group, then the second with the updated distances.
    Paths alternate between the two groups (paper -> reviewer -> paper or sink), so a round advances a
    shortest path by two arcs or more: about half the rounds of relaxing all arcs together. A group is
    relaxed only from the nodes whose distance dropped since its last pass: all its arcs at once while
    those hold most of them (arcs sorted by head, ``minimum.reduceat``), else just theirs (arcs sorted
    by tail, gathered per node), which is most of the later rounds. The distances are the same whatever
    the order (they are the unique shortest-path values).
    """
    fwd = flows < net.caps
    bwd = flows > 0
    src = np.concatenate([net.tails[fwd], net.heads[bwd]])
    dst = np.concatenate([net.heads[fwd], net.tails[bwd]])
    w = np.concatenate([net.cost_int[fwd], -net.cost_int[bwd]])
    n = net.n_nodes
    d = np.zeros(n, dtype=np.int64)
    if dst.size == 0:
        return d
    n_rev = n - 1 - net.rev_base
    to_reviewer = (dst >= net.rev_base) & (dst < net.rev_base + n_rev)
    groups = [_ArcGroup(src, dst, w, np.flatnonzero(mask), n) for mask in (to_reviewer, ~to_reviewer)]
    groups = [g for g in groups if g.n_arcs]
    for _ in range(n + 1):
        changed = False
        for g in groups:
            dropped = g.relax(d)
            if dropped.size:
                changed = True
                for h in groups:
                    h.dirty[dropped] = True
        if not changed:
            return d
    raise RuntimeError("negative cycle in the residual graph: the min-cost flow is not optimal")


class _ArcGroup:
    """Arcs of one group of :func:`potentials`, sorted by head (whole-group passes) and by tail
    (passes from a few nodes), and the nodes whose distance dropped since the group's last pass."""

    DENSE = 0.3  # share of the group's arcs from which a whole-group pass is cheaper

    def __init__(self, src, dst, w, arcs, n):
        self.n_arcs = arcs.size
        by_head = arcs[np.argsort(dst[arcs])]  # any order within a head: reduceat takes the minimum
        self.h_src, self.h_w = src[by_head], w[by_head]
        h_dst = dst[by_head]
        self.starts = np.flatnonzero(np.r_[True, h_dst[1:] != h_dst[:-1]]) if arcs.size else arcs
        self.heads = h_dst[self.starts]
        by_tail = arcs[np.argsort(src[arcs], kind="stable")]
        self.t_src, self.t_dst, self.t_w = src[by_tail], dst[by_tail], w[by_tail]
        self.first = np.zeros(n + 1, dtype=np.int64)  # arcs of node v: first[v]:first[v + 1]
        np.cumsum(np.bincount(self.t_src, minlength=n), out=self.first[1:])
        self.dirty = np.ones(n, dtype=bool)

    def relax(self, d: np.ndarray) -> np.ndarray:
        """One pass; returns the nodes whose distance dropped (unique)."""
        nodes = np.flatnonzero(self.dirty)
        self.dirty[nodes] = False
        starts = self.first[nodes]
        counts = self.first[nodes + 1] - starts
        total = int(counts.sum())
        if total == 0:
            return nodes[:0]
        if total >= self.DENSE * self.n_arcs:
            best = np.minimum.reduceat(d[self.h_src] + self.h_w, self.starts)
            better = best < d[self.heads]
            dropped = self.heads[better]
            d[dropped] = best[better]
            return dropped
        arcs = np.repeat(starts - (np.cumsum(counts) - counts), counts) + np.arange(total)
        heads = self.t_dst[arcs]
        vals = d[self.t_src[arcs]] + self.t_w[arcs]
        better = vals < d[heads]
        if not better.any():
            return nodes[:0]
        heads = heads[better]
        np.minimum.at(d, heads, vals[better])
        return sorted_unique(heads)
