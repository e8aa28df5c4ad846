"""Solver interface and registry: ``get_solver("optimal")`` returns a ready solver."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from confero.engine.assign.problem import Assignment, AssignmentProblem
from confero.engine.errors import InputError


@runtime_checkable
class Solver(Protocol):
    name: str

    def solve(self, problem: AssignmentProblem, *, seed: int = 0) -> Assignment: ...


_REGISTRY: dict[str, type] = {}
# Built-in solvers are imported lazily so that importing the registry stays cheap.
_BUILTIN_MODULES = ("confero.engine.assign.flow",)
_OPTIONAL_MODULES = ("confero.engine.assign.fair", "confero.engine.assign.randomized")


def register(solver_cls: type) -> type:
    """Class decorator: make ``solver_cls`` available under ``solver_cls.name``."""
    name = getattr(solver_cls, "name", None)
    if not isinstance(name, str) or not name:
        raise TypeError(f"{solver_cls!r} needs a non-empty string attribute 'name'")
    _REGISTRY[name] = solver_cls
    return solver_cls


def _load_builtins() -> None:
    import importlib

    for mod in _BUILTIN_MODULES:
        importlib.import_module(mod)
    for mod in _OPTIONAL_MODULES:
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise


def known_solvers() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def get_solver(name: str, **params) -> Solver:
    """Instantiate the solver registered as ``name``; unknown names raise InputError listing known ones."""
    _load_builtins()
    try:
        cls = _REGISTRY[name]
    except KeyError:
        raise InputError(
            f"unknown solver {name!r}; known solvers: {', '.join(sorted(_REGISTRY))}", field="objective"
        ) from None
    try:
        return cls(**params)
    except TypeError as exc:
        raise InputError(f"bad parameters for solver {name!r}: {exc}", field="objective") from None
