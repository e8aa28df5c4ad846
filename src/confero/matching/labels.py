"""Reviewer labels of a paper: A, B, … Z, AA, AB … (how reviewers appear to each other). A new reviewer
gets the letter after the highest one in use, so a label is never given to two people in turn while the
first still holds it, and existing reviewers keep theirs."""

from __future__ import annotations

from string import ascii_uppercase


def label(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = ascii_uppercase[rest] + out
    return out


def number(text: str) -> int:
    """Inverse of :func:`label`."""
    n = 0
    for ch in text:
        n = n * 26 + ascii_uppercase.index(ch) + 1
    return n - 1


def next_labels(existing, count: int) -> list[str]:
    """``count`` new labels after the highest of ``existing``."""
    start = max((number(x) for x in existing), default=-1) + 1
    return [label(start + i) for i in range(count)]
