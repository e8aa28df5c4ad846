"""Solver interface and registry: the only list of objectives, each with its declared parameters.

A solver is a class with ``name``, a one-line ``summary``, ``params`` (a tuple of :class:`Param`) and
``solve(problem, *, seed=0) -> Assignment``. ``get_solver(name, **params)`` checks every parameter
against the declaration (unknown names, types, ranges: :class:`InputError` naming the parameter) before
the class is instantiated, so a typo never falls back to another objective or a default value. The
``confero assign`` command builds ``--objective`` choices and one flag per declared ``cli`` parameter
from :func:`known_solvers` and :func:`solver_class`; the contract test runs over every registered solver.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from confero.engine.assign.problem import Assignment, AssignmentProblem
from confero.engine.errors import InputError


@dataclass(frozen=True)
class Param:
    """One declared solver parameter.

    ``kind`` is ``float``, ``int``, ``bool`` or ``dict``; ``low``/``high`` bound numbers
    (``low_open``/``high_open``: strict bounds); ``none_ok`` admits ``None`` (meaning "automatic");
    ``cli`` exposes it as ``confero assign --name-with-dashes``.
    """

    name: str
    kind: type
    default: Any
    help: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    none_ok: bool = False
    cli: bool = False

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def bounds_text(self) -> str:
        lo = "" if self.low is None else ("(" if self.low_open else "[") + f"{self.low:g}"
        hi = "" if self.high is None else f"{self.high:g}" + (")" if self.high_open else "]")
        if lo and hi:
            return f"in {lo}, {hi}"
        if lo:
            return f"{'>' if self.low_open else '>='} {self.low:g}"
        if hi:
            return f"{'<' if self.high_open else '<='} {self.high:g}"
        return ""

    def check(self, value: Any, solver: str) -> Any:
        """The validated value (ints accepted for floats), or InputError naming solver and parameter."""

        def bad(why: str) -> InputError:
            return InputError(
                f"solver {solver!r}: parameter {self.name!r} {why}, got {value!r}", field=self.name
            )

        if value is None:
            if self.none_ok:
                return None
            raise bad("must be set")
        if self.kind is bool:
            if not isinstance(value, bool):
                raise bad("must be true or false")
            return value
        if self.kind is dict:
            if not isinstance(value, dict):
                raise bad("must be a mapping")
            return dict(value)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad(f"must be a{'n integer' if self.kind is int else ' number'}")
        if self.kind is int:
            if isinstance(value, float) and not value.is_integer():
                raise bad("must be an integer")
            value = int(value)
        else:
            value = float(value)
            if not math.isfinite(value):
                raise bad("must be finite")
        ok = True
        if self.low is not None:
            ok &= value > self.low if self.low_open else value >= self.low
        if self.high is not None:
            ok &= value < self.high if self.high_open else value <= self.high
        if not ok:
            raise bad(f"must be {self.bounds_text()}")
        return value


@runtime_checkable
class Solver(Protocol):
    name: str
    summary: str
    params: tuple[Param, ...]

    def solve(self, problem: AssignmentProblem, *, seed: int = 0) -> Assignment: ...


_REGISTRY: dict[str, type] = {}
# Built-in solvers are imported lazily so that importing the registry stays cheap.
_BUILTIN_MODULES = (
    "confero.engine.assign.flow",
    "confero.engine.assign.fair",
    "confero.engine.assign.randomized",
    "confero.engine.assign.perturbed",
)


def register(solver_cls: type) -> type:
    """Class decorator: make ``solver_cls`` available under ``solver_cls.name``."""
    name = getattr(solver_cls, "name", None)
    if not isinstance(name, str) or not name:
        raise TypeError(f"{solver_cls!r} needs a non-empty string attribute 'name'")
    params = getattr(solver_cls, "params", None)
    if not isinstance(params, tuple) or not all(isinstance(p, Param) for p in params):
        raise TypeError(f"solver {name!r} must declare 'params' as a tuple of Param")
    if not isinstance(getattr(solver_cls, "summary", None), str):
        raise TypeError(f"solver {name!r} needs a one-line 'summary'")
    for p in params:  # a declaration that rejects its own default is a bug in the solver
        p.check(p.default, name)
    _REGISTRY[name] = solver_cls
    return solver_cls


def _load_builtins() -> None:
    import importlib

    for mod in _BUILTIN_MODULES:
        importlib.import_module(mod)


def known_solvers() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def solver_class(name: str) -> type:
    """The registered class; unknown names raise InputError listing the known ones."""
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise InputError(
            f"unknown solver {name!r}; known solvers: {', '.join(sorted(_REGISTRY))}", field="objective"
        ) from None


def check_params(name: str, params: dict) -> dict:
    """Every parameter of ``params`` validated against the declaration of solver ``name``."""
    cls = solver_class(name)
    declared = {p.name: p for p in cls.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise InputError(
            f"solver {name!r} has no parameter {unknown[0]!r}; its parameters: "
            f"{', '.join(declared) or 'none'}",
            field=unknown[0],
        )
    return {k: declared[k].check(v, name) for k, v in params.items()}


def get_solver(name: str, **params) -> Solver:
    """Instantiate the solver registered as ``name`` with validated parameters (InputError otherwise)."""
    checked = check_params(name, params)
    return solver_class(name)(**checked)
