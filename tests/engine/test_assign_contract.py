"""Contract of every registered solver (``known_solvers()``), whatever its objective.

* a result passes the independent ``check_assignment``;
* an infeasible problem raises ``InfeasibleError`` carrying a diagnosis; a problem the ``optimal``
  solver proves infeasible is infeasible for every solver;
* the same seed gives the same assignment;
* the inputs (score matrix, pairs, loads, areas) are not mutated;
* parameters are declared: defaults pass their own checks, unknown names and bad values raise
  ``InputError`` naming the parameter, and ``confero assign`` has a flag for every ``cli`` parameter.
"""

from __future__ import annotations

import argparse
import copy

import numpy as np
import pytest
from assign_cases import small_problems
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confero.engine.assign import check_assignment, get_solver, known_solvers
from confero.engine.assign.diagnosis import Diagnosis
from confero.engine.assign.reduction import area_mode
from confero.engine.assign.registry import solver_class
from confero.engine.errors import InfeasibleError, InputError

SOLVERS = known_solvers()


def _snapshot(problem):
    out = {}
    for name, value in vars(problem).items():
        if hasattr(value, "toarray"):
            out[name] = ("sparse", value.toarray().copy(), value.data.copy())
        else:
            out[name] = copy.deepcopy(value)
    return out


def _same(a, b) -> bool:
    if isinstance(a, tuple) and len(a) == 3 and isinstance(a[0], str):
        return np.array_equal(a[1], b[1]) and np.array_equal(a[2], b[2])
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, tuple | list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _unsupported(name: str, problem, exc: InputError) -> bool:
    """The one declared limitation: capped-probability objectives need the flow form of the area rule."""
    return name in ("randomized", "perturbed") and exc.field == "min_areas" and area_mode(problem) == "mip"


def test_every_builtin_objective_is_registered():
    assert {"optimal", "fair", "randomized"} <= set(SOLVERS)


@pytest.mark.parametrize("name", SOLVERS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=small_problems(), seed=st.integers(0, 10**6))
def test_solver_contract(name, problem, seed):
    before = _snapshot(problem)
    try:
        optimal = get_solver("optimal").solve(problem, seed=seed)
    except InfeasibleError:
        optimal = None
    try:
        a = get_solver(name).solve(problem, seed=seed)
    except InfeasibleError as exc:
        assert isinstance(exc.diagnosis, Diagnosis) and exc.diagnosis.messages, (
            "infeasible without a diagnosis"
        )
        assert str(exc)
        a = None
    except InputError as exc:
        assert _unsupported(name, problem, exc), exc
        return
    finally:
        after = _snapshot(problem)
        assert before.keys() == after.keys()
        for key in before:
            assert _same(before[key], after[key]), f"{name} mutated {key}"
    if optimal is None:
        assert a is None, f"{name} found an assignment where optimal proved none exists"
    if a is None:
        return
    assert check_assignment(problem, a) == []
    assert a.objective == name
    again = get_solver(name).solve(problem, seed=seed)
    assert np.array_equal(a.rows, again.rows) and np.array_equal(a.cols, again.cols)
    if optimal is not None:
        assert a.total <= optimal.total + 1e-6 * max(1.0, abs(optimal.total))


@pytest.mark.parametrize("name", SOLVERS)
def test_parameters_are_declared_and_checked(name):
    cls = solver_class(name)
    assert cls.summary and isinstance(cls.params, tuple)
    for p in cls.params:
        assert p.check(p.default, name) == p.default
        bad = "text" if p.kind is not dict else 3
        with pytest.raises(InputError) as exc:
            get_solver(name, **{p.name: bad})
        assert exc.value.field == p.name and name in str(exc.value)
        if p.low is not None and p.kind in (int, float):
            with pytest.raises(InputError) as exc:
                get_solver(name, **{p.name: p.low - 1})
            assert exc.value.field == p.name
    with pytest.raises(InputError) as exc:
        get_solver(name, no_such_parameter=1)
    assert exc.value.field == "no_such_parameter"


def test_assign_command_flags_come_from_the_declarations():
    from confero.commands import assign

    parser = argparse.ArgumentParser()
    assign.configure(parser)
    options = {o for action in parser._actions for o in action.option_strings}
    objective = next(a for a in parser._actions if "--objective" in a.option_strings)
    assert sorted(objective.choices) == SOLVERS
    for name in SOLVERS:
        for p in solver_class(name).params:
            if p.cli:
                assert p.flag in options, (name, p.flag)
