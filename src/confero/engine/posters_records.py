"""The records of the poster-session problem and the small helpers both the solver and its diagnosis use."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PosterPaper:
    id: str
    topic: str = ""
    presenters: tuple[str, ...] = ()
    label: str = ""  # how people name it, e.g. "#4" (default: "#" + id)
    session: int | None = None  # pinned to this session (1-based), or free
    oral: bool = False

    @property
    def name(self) -> str:
        return self.label or f"#{self.id}"


def words(items: Sequence[str]) -> str:
    """["#4", "#9", "#12"] -> "#4, #9 and #12"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def natural_key(text: str):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def papers_by_person(papers: Iterable[PosterPaper]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for paper in papers:
        for person in dict.fromkeys(paper.presenters):
            out[person].append(paper.id)
    return dict(out)
