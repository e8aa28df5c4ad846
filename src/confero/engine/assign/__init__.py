"""Reviewer assignment: problem model, solvers (``get_solver``), constraint checks and diagnosis.

Importing this package is cheap; OR-Tools/HiGHS are imported by the solvers when they run.
"""

from confero.engine.assign.problem import Assignment, AssignmentProblem, check_assignment, pair_scores
from confero.engine.assign.registry import Solver, get_solver, known_solvers, register

__all__ = [
    "Assignment",
    "AssignmentProblem",
    "Solver",
    "check_assignment",
    "get_solver",
    "known_solvers",
    "pair_scores",
    "register",
]
