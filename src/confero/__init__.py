"""Confero: open, self-hostable peer review for research workshops."""

__version__ = "0.1.0"
