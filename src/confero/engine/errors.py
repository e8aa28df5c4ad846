"""Errors the engine reports to users."""

from __future__ import annotations


class InputError(ValueError):
    """Bad user input: says what is wrong and where (file, line, field)."""

    def __init__(
        self, message: str, *, path: str | None = None, line: int | None = None, field: str | None = None
    ):
        self.path = path
        self.line = line
        self.field = field
        self.reason = message
        where = []
        if path is not None:
            where.append(str(path) if line is None else f"{path}:{line}")
        if field is not None:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class InfeasibleError(ValueError):
    """An assignment problem has no solution; ``diagnosis`` explains why."""

    def __init__(self, message: str, diagnosis: object = None):
        self.diagnosis = diagnosis
        super().__init__(message)
