"""The paper feed: read listings of a field's papers, merge duplicates, rank them against a call's topics,
and find people to invite to a program committee. No Django here.

    result = read_files(["listing.txt", "papers.jsonl"])   # -> FeedImport (papers, merged, skipped)
    ranking = rank(topics, [(p.id, p.title, p.abstract) for p in result.papers])

See docs/feed.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from .candidates import Candidate, Member, TopicCoverage, candidates_for_topic, coverage
from .merge import MergeResult, combine, keys_of, merge
from .parsers import detect_format, parse, parse_date
from .rank import DEFAULT_MODEL, Ranking, TopicQuery, rank
from .records import FORMATS, FeedAuthor, FeedPaper, ParseResult, Skip, arxiv_id, title_key

__all__ = [
    "DEFAULT_MODEL",
    "FORMATS",
    "Candidate",
    "FeedAuthor",
    "FeedImport",
    "FeedPaper",
    "Member",
    "MergeResult",
    "ParseResult",
    "Ranking",
    "Skip",
    "TopicCoverage",
    "TopicQuery",
    "arxiv_id",
    "candidates_for_topic",
    "combine",
    "coverage",
    "detect_format",
    "keys_of",
    "merge",
    "parse",
    "parse_date",
    "parse_many",
    "rank",
    "read_files",
    "title_key",
]


@dataclass
class FeedImport:
    papers: list[FeedPaper] = field(default_factory=list)  # merged: one per paper
    read: int = 0  # records read before merging
    merged: list[tuple[FeedPaper, FeedPaper]] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    notes: list[Skip] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)  # file name -> format used


def parse_many(files: Iterable[tuple[str, bytes]], fmt: str = "auto") -> FeedImport:
    """Parse ``(name, data)`` files and merge their papers (also across files)."""
    out = FeedImport()
    papers: list[FeedPaper] = []
    for name, data in files:
        result = parse(data, name, fmt)
        out.formats[name] = result.format
        papers.extend(result.papers)
        out.skipped.extend(result.skipped)
        out.notes.extend(result.notes)
    out.read = len(papers)
    merged = merge(papers)
    out.papers, out.merged = merged.papers, merged.merged
    return out


def read_files(
    paths: Iterable[str | os.PathLike], fmt: str = "auto", max_bytes: int = 50_000_000
) -> FeedImport:
    """:func:`parse_many` on files; an unreadable or too large file is skipped with its reason."""
    files, skipped = [], []
    for path in paths:
        name = str(path)
        try:
            size = os.path.getsize(name)
            if size > max_bytes:
                skipped.append(Skip(name, f"larger than {max_bytes // 1_000_000} MB; file skipped"))
                continue
            with open(name, "rb") as fh:
                files.append((name, fh.read()))
        except OSError as exc:
            skipped.append(Skip(name, f"cannot read file ({exc.strerror}); file skipped"))
    out = parse_many(files, fmt)
    out.skipped = skipped + out.skipped
    return out
