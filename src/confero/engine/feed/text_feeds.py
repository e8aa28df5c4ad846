"""BibTeX files and plain-text copies of listing pages (page chrome, repeated entries, a title
without its abstract)."""

from __future__ import annotations

import re

from ..errors import InputError
from ..importers import BibTeXParser
from ..latex import latex_to_text, split_authors
from ..names import display_name
from .common import (
    add_paper,
    make_paper,
    parse_date,
)
from .records import FeedAuthor, FeedPaper, ParseResult, Skip, arxiv_id

_ENTRY_START = re.compile(r"\n[ \t]*@")


def _bib_paper(kind: str, key: str, fields: dict, where: str) -> FeedPaper | str:
    def get(name: str) -> str:
        return latex_to_text(fields.get(name, ("", 0))[0])

    title = get("title")
    if not title:
        return f"@{kind}{{{key}}} has no title"
    people = fields.get("author") or fields.get("editor") or ("", 0)
    names = [display_name(latex_to_text(n)) for n in split_authors(people[0])]
    date, year = parse_date(get("date"))
    if year is None:
        y, month, day = get("year"), get("month"), get("day")
        if y and month and day:
            date, year = parse_date(f"{day} {month[:3]} {y}")
        if year is None:
            date, year = "", parse_date(y)[1]
    eprint = get("eprint") if get("archiveprefix").lower() in ("", "arxiv") else ""
    url = get("url")
    return make_paper(
        id=key,
        title=title,
        abstract=get("abstract"),
        authors=tuple(FeedAuthor(n) for n in names if n and n.lower() != "others"),
        date=date,
        year=year,
        url=url if url.startswith(("https://", "http://")) else "",
        venue=get("booktitle") or get("journal") or get("publisher"),
        arxiv=arxiv_id(f"arXiv:{eprint}" if eprint else "", get("doi"), url, get("journal")),
        source="bibtex",
        where=where,
    )


def parse_bibtex(text: str, name: str = "<bibtex>") -> ParseResult:
    """BibTeX entries. A syntax error skips the broken entry (up to the next line starting with ``@``);
    ``@string`` macros defined before it stay defined."""
    result = ParseResult(format="bibtex")
    pos, macros, keys = 0, None, set()
    while pos < len(text):
        parser = BibTeXParser(text, name)
        parser.pos = last_end = pos
        if macros is not None:
            parser.macros = macros
        try:
            for kind, key, fields, line in parser.entries():
                where = f"{name}:{line}"
                if key in keys:
                    result.skipped.append(Skip(where, f"duplicate citation key {key!r}"))
                else:
                    keys.add(key)
                    try:
                        got = _bib_paper(kind, key, fields, where)
                    except ValueError as exc:
                        got = str(exc)
                    if isinstance(got, str):
                        result.skipped.append(Skip(where, got))
                    else:
                        result.papers.append(got)
                last_end = parser.pos
            break
        except InputError as exc:
            macros = parser.macros
            start = text.find("@", last_end)
            line = text.count("\n", 0, start) + 1 if start >= 0 else exc.line
            detail = f" (line {exc.line})" if exc.line != line else ""
            result.skipped.append(Skip(f"{name}:{line}", f"entry skipped: {exc.reason}{detail}"))
            m = _ENTRY_START.search(text, max(start, pos) + 1) if start >= 0 else None
            if m is None:
                break
            pos = m.start() + 1
    return result


# ----------------------------------------------------------------------------------- plain-text listings

_CHROME = re.compile(
    r"^(?:new|subscribe|daily papers|papers|trending|submitted by\b.*|get trending papers.*|by\s*ak\b.*|"
    r"\d+\s*(?:upvotes?|comments?|authors?)?|upvote|·+|[-–—=*_#|•·\s]+|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?|"
    r"\d{4}-\d{2}-\d{2}|(?:previous|next)(?:\s+(?:day|week|month|page))?|search|sign up|log in|login)$",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^(?:(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?P<day>\d{1,2})"
    r"(?:,?\s+(?P<year>\d{4}))?|(?P<iso>\d{4}-\d{2}-\d{2}))$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!]\s*$")
_WORDS = re.compile(r"\S+")


def _is_abstract(text: str) -> bool:
    return len(_WORDS.findall(text)) >= 25 and bool(re.search(r"[.!?]", text))


def _is_title(text: str) -> bool:
    words = _WORDS.findall(text)
    return (
        2 <= len(words) <= 40
        and len(text) <= 300
        and not _SENTENCE_END.search(text)
        and any(c.isalpha() for c in text)
        and not _CHROME.match(text)
    )


def _units(text: str):
    """(line number, text) of the page's paragraphs; a paragraph of several short lines (page chrome,
    a title directly above its abstract) is split into its lines, a wrapped long one is joined."""
    lines = text.splitlines()
    para: list[tuple[int, str]] = []

    def flush():
        if not para:
            return []
        rest = " ".join(t for _, t in para[1:])
        if len(para) == 1:
            out = list(para)
        elif _is_title(para[0][1]) and _is_abstract(rest) and not any(_CHROME.match(t) for _, t in para[1:]):
            out = [para[0], (para[1][0], rest)]  # a title directly above its (maybe wrapped) abstract
        elif all(len(t) < 120 for _, t in para) and not _is_abstract(" ".join(t for _, t in para)):
            out = list(para)  # lines of page chrome, or titles one per line
        else:
            out = [(para[0][0], " ".join(t for _, t in para))]
        para.clear()
        return out

    for n, raw in enumerate(lines, 1):
        t = " ".join(raw.split())
        if not t:
            yield from flush()
        else:
            para.append((n, t))
    yield from flush()


def parse_listing(text: str, name: str = "<listing>") -> ParseResult:
    """A plain-text copy of a daily-paper listing page: a title line followed by its abstract, among
    page chrome (menus, "Subscribe", dates, vote counts). Chrome is ignored; a title without an
    abstract is kept (and noted); text that is neither is skipped with its line."""
    result = ParseResult(format="listing")
    date = ""
    pending: tuple[int, str] | None = None
    started = False  # a title with its abstract was seen: short lines before it are the page's header

    def emit(lineno: int, title: str, abstract: str):
        nonlocal started
        where = f"{name}:{lineno}"
        if not abstract and not started:
            result.skipped.append(Skip(where, f"text above the first paper (page header?): {title[:60]!r}"))
            return
        started = started or bool(abstract)
        paper = add_paper(
            result,
            where,
            id="",
            title=title,
            abstract=abstract,
            date=date,
            year=int(date[:4]) if date else None,
            arxiv="",
            source="listing",
        )
        if paper is not None and not abstract:
            result.notes.append(Skip(where, f"{title[:60]!r} has no abstract (imported with its title only)"))

    for lineno, unit in _units(text):
        if m := _DATE_LINE.match(unit):
            if m.group("iso"):
                date = parse_date(m.group("iso"))[0]
            elif m.group("year"):
                date = parse_date(f"{m.group('day')} {m.group('mon')[:3]} {m.group('year')}")[0]
            else:
                date = ""  # "Apr 24": no year, so no date
            continue
        if _CHROME.match(unit):
            continue
        if pending is not None and _is_abstract(unit):
            emit(pending[0], pending[1], unit)
            pending = None
            continue
        if _is_title(unit):
            if pending is not None:
                emit(*pending, "")
            pending = (lineno, unit)
            continue
        if pending is not None:
            emit(*pending, "")
            pending = None
        short = unit if len(unit) <= 60 else unit[:57] + "..."
        why = "text without a title above it" if _is_abstract(unit) else "neither a title nor an abstract"
        result.skipped.append(Skip(f"{name}:{lineno}", f"{why}: {short!r}"))
    if pending is not None:
        emit(*pending, "")
    return result


# ------------------------------------------------------------------------------------------- detection
