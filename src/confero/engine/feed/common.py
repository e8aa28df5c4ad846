"""What the feed parsers share: cleaning, dates, authors, derived ids, building a FeedPaper."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from ..checks.prior.importers import author_names
from .records import FeedAuthor, FeedPaper, ParseResult, Skip, title_key

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})")
_MDY = re.compile(r"^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
MAX_TITLE = 500


def clean(value: object) -> str:
    return " ".join(str(value or "").split())


def parse_date(value: object) -> tuple[str, int | None]:
    """(ISO date or "", year or None) of a date written as 2024-04-24[T…], 24 Apr 2024, Apr 24, 2024,
    or a bare year."""
    text = clean(value)
    if not text:
        return "", None
    day = month = year = None
    if m := _ISO.match(text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DMY.match(text):
        day, month, year = int(m.group(1)), _MONTHS.get(m.group(2).lower()), int(m.group(3))
    elif m := _MDY.match(text):
        month, day, year = _MONTHS.get(m.group(1).lower()), int(m.group(2)), int(m.group(3))
    if year and month and day:
        try:
            return dt.date(year, month, day).isoformat(), year
        except ValueError:
            pass
    m = _YEAR.search(text)
    return "", (int(m.group(1)) if m else None)


def derived_id(title: str) -> str:
    return "t-" + hashlib.sha256(title_key(title).encode()).hexdigest()[:12]


def feed_authors(value: object) -> tuple[FeedAuthor, ...]:
    """Names (and e-mails when objects carry them) of a JSON ``authors`` value; raises ValueError."""
    if isinstance(value, list) and any(isinstance(a, dict) for a in value):
        out = []
        for i, a in enumerate(value):
            if isinstance(a, str) and a.strip():
                out.append(FeedAuthor(clean(a)))
            elif isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"].strip():
                out.append(FeedAuthor(clean(a["name"]), clean(a.get("email")).lower()))
            else:
                raise ValueError(f"authors[{i}] must be a name or an object with a 'name'")
        return tuple(out)

    def err(field: str, msg: str) -> ValueError:
        return ValueError(f"{field} {msg}")

    return tuple(FeedAuthor(n) for n in author_names(value, err))


def make_paper(**kw) -> FeedPaper:
    title = kw["title"]
    if len(title) > MAX_TITLE:
        raise ValueError(f"title longer than {MAX_TITLE} characters")
    kw.setdefault("arxiv", "")
    if not kw["id"]:
        kw["id"] = f"arXiv:{kw['arxiv']}" if kw["arxiv"] else derived_id(title)
    return FeedPaper(**kw)


def add_paper(result: ParseResult, where: str, **fields) -> FeedPaper | None:
    """``make_paper(where=where, **fields)`` appended to ``result.papers``; a paper it refuses (e.g. a title
    too long) goes to ``result.skipped`` with the reason instead. Returns the paper, or None."""
    try:
        paper = make_paper(where=where, **fields)
    except ValueError as exc:
        result.skipped.append(Skip(where, str(exc)))
        return None
    result.papers.append(paper)
    return paper


# ------------------------------------------------------------------------------------------------ JSON
