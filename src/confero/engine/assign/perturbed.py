"""The ``perturbed`` objective: perturbed maximization (Xu, Jecmen, Song, Fang, NeurIPS 2023), the
randomised assignment NeurIPS 2024 deployed.

Instead of capping each pair's probability (``randomized``), maximise the expected affinity with a
concave perturbation of each pair's probability ``x``::

    max  sum_pr  s_pr * f(x_pr),     f(x) = x - beta * x**2     (PM-Q)
    s.t. every hard constraint on the marginals, 0 <= x_pr <= max_probability

A pair's value grows ever more slowly with its probability, so probability mass moves to
near-equivalent reviewers where that costs little affinity and stays where it matters. ``f`` is
replaced by its piecewise-linear interpolation on the grid ``x = k / grid``: each candidate pair becomes
``max_probability * grid`` parallel unit arcs of decreasing value ``s * grid * (f(k/grid) - f((k-1)/grid))``
in the same min-cost-flow network as ``randomized`` (:mod:`.randomized`), so this piecewise-linear
program is solved *exactly* (integral flow in units of ``1/grid``); large dense inputs use top-K
candidates and dual pricing on the first (most valuable) segment of every excluded pair. The sample is
drawn by the same dependent rounding: ``P[pair assigned] == x_pr`` and every hard constraint holds in
every sample; the same seed gives the same assignment. ``beta = 0`` is the plain maximum (with the cap).

The default ``beta = 0.1`` follows the deployment's aim of keeping about 98 % of the optimal quality:
on the 2,000 x 1,000 benchmark instance 0.1 / 0.25 / 0.5 keep 98.3 / 95.6 / 93.1 % of the optimum in
expectation (docs/benchmarks.md).
"""

from __future__ import annotations

import numpy as np

from confero.engine.assign.randomized import RandomizedSolver
from confero.engine.assign.registry import Param, register


@register
class PerturbedSolver(RandomizedSolver):
    """Perturbed maximization (PM-Q), sampled with ``seed``; see the module docstring."""

    name = "perturbed"
    summary = (
        "perturbed maximization (NeurIPS 2024's randomised assignment): concave pair value, one seeded sample"
    )
    params = (
        Param(
            "perturbation",
            float,
            0.1,
            "beta of f(x) = x - beta x^2: 0 = plain maximum, larger = more spread",
            low=0,
            high=1,
            cli=True,
        ),
        Param(
            "max_probability",
            float,
            1.0,
            "largest probability of any (paper, reviewer) pair (a multiple of 1/grid)",
            low=0,
            high=1,
            low_open=True,
            cli=True,
        ),
        Param(
            "grid",
            int,
            10,
            "probability steps per unit: the resolution of the piecewise-linear f",
            low=1,
            high=100,
        ),
        Param(
            "full_cells", int, 2_000_000, "dense inputs with at most this many cells use every pair", low=0
        ),
        Param("k_paper", int, None, "initial candidates per paper (None: automatic)", low=1, none_ok=True),
        Param(
            "k_reviewer", int, None, "initial candidates per reviewer (None: automatic)", low=1, none_ok=True
        ),
        Param("max_rounds", int, 30, "pricing rounds before every eligible pair is used", low=0),
    )

    def __init__(
        self,
        perturbation=0.1,
        max_probability=1.0,
        grid=10,
        full_cells=2_000_000,
        k_paper=None,
        k_reviewer=None,
        max_rounds=30,
    ):
        super().__init__(max_probability, full_cells, k_paper, k_reviewer, max_rounds)
        self.perturbation = float(perturbation)
        self.grid = int(grid)

    def fraction(self) -> tuple[int, int]:
        """``(a, b)``: the cap is ``a / b`` with ``b = grid`` (rounded down, never up; at least one step)."""
        b = self.grid
        return max(1, int(np.floor(self.max_probability * b + 1e-9))), b

    def gains(self, a: int, b: int) -> np.ndarray:
        k = np.arange(1, a + 1, dtype=np.float64)
        # b * (f(k/b) - f((k-1)/b)) for f(x) = x - beta x^2; kept > 0 so a pair is never worth less than nothing
        return np.maximum(1.0 - self.perturbation * (2.0 * k - 1.0) / b, 1e-3)
