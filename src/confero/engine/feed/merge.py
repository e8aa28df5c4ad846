"""Merge duplicate papers: the same arXiv id or the same normalised title is one paper.

Two records are linked when they share a key; linked records (transitively: A~B by arXiv id, B~C by
title) become one paper whose fields are the most informative of the group: the longest abstract, the
first author list that names people (e-mails filled in from the others), the earliest date, an arXiv id,
a URL and a venue when any record has one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from .records import FeedAuthor, FeedPaper


@dataclass
class MergeResult:
    papers: list[FeedPaper]
    merged: list[tuple[FeedPaper, FeedPaper]] = field(default_factory=list)  # (absorbed, kept)


def keys_of(paper: FeedPaper) -> list[str]:
    keys = []
    if paper.arxiv:
        keys.append("arxiv:" + paper.arxiv)
    if paper.title_key:
        keys.append("title:" + paper.title_key)
    return keys


def combine(a: FeedPaper, b: FeedPaper) -> FeedPaper:
    """One paper from two records of it (``a`` first: its id and title are kept)."""
    authors = a.authors or b.authors
    emails = {x.name.lower(): x.email for x in (*a.authors, *b.authors) if x.email}
    authors = tuple(FeedAuthor(x.name, x.email or emails.get(x.name.lower(), "")) for x in authors)
    dates = sorted(d for d in (a.date, b.date) if d)
    years = [y for y in (a.year, b.year) if y]
    arxiv = a.arxiv or b.arxiv
    return replace(
        a,
        id=b.id
        if (b.arxiv and not a.arxiv) or (a.id.startswith("t-") and not b.id.startswith("t-"))
        else a.id,
        abstract=a.abstract if len(a.abstract) >= len(b.abstract) else b.abstract,
        authors=authors,
        date=dates[0] if dates else "",
        year=min(years) if years else None,
        url=a.url or b.url or (f"https://arxiv.org/abs/{arxiv}" if arxiv else ""),
        venue=a.venue or b.venue,
        arxiv=arxiv,
    )


def merge(papers: Iterable[FeedPaper]) -> MergeResult:
    """Group ``papers`` by shared keys (order kept: a group sits where its first record was)."""
    papers = list(papers)
    parent = list(range(len(papers)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, p in enumerate(papers):
        for key in keys_of(p):
            j = owner.setdefault(key, i)
            if j != i:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(papers)):
        groups.setdefault(find(i), []).append(i)
    result = MergeResult([])
    for root in sorted(groups):
        members = groups[root]
        kept = papers[members[0]]
        for i in members[1:]:
            result.merged.append((papers[i], kept))
            kept = combine(kept, papers[i])
        result.papers.append(kept)
    return result


def match_existing(papers: Sequence[FeedPaper], existing: dict[str, object]) -> list[object | None]:
    """For each paper, the existing object (``existing`` maps keys of :func:`keys_of` to objects) it
    is a duplicate of, or None."""
    out = []
    for p in papers:
        out.append(next((existing[k] for k in keys_of(p) if k in existing), None))
    return out
