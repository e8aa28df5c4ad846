"""Parsers of paper listings: JSONL, arXiv metadata JSON, OAI-PMH / Atom XML, BibTeX, plain-text pages.

Every parser takes the file's text (or bytes for XML) and a name for reports, and never raises on bad
records: what cannot be read becomes a :class:`Skip` with its position and reason, the rest is kept.
Only a file that is not text at all (wrong encoding) or not the format at all is skipped as a whole.
The per-record logic reuses the engine's existing importers (arXiv objects from the prior-publication
check, the BibTeX tokenizer of the publication importer, its safe XML reader and LaTeX/name helpers).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from ..checks.prior.importers import _authors as _corpus_authors
from ..checks.prior.importers import arxiv_paper
from ..errors import InputError
from ..importers import _BibTeXParser, _safe_xml
from ..latex import latex_to_text, split_authors
from ..names import display_name
from .records import FORMATS, FeedAuthor, FeedPaper, ParseResult, Skip, arxiv_id, title_key

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


def _clean(value: object) -> str:
    return " ".join(str(value or "").split())


def parse_date(value: object) -> tuple[str, int | None]:
    """(ISO date or "", year or None) of a date written as 2024-04-24[T…], 24 Apr 2024, Apr 24, 2024,
    or a bare year."""
    text = _clean(value)
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


def _derived_id(title: str) -> str:
    return "t-" + hashlib.sha256(title_key(title).encode()).hexdigest()[:12]


def _feed_authors(value: object) -> tuple[FeedAuthor, ...]:
    """Names (and e-mails when objects carry them) of a JSON ``authors`` value; raises ValueError."""
    if isinstance(value, list) and any(isinstance(a, dict) for a in value):
        out = []
        for i, a in enumerate(value):
            if isinstance(a, str) and a.strip():
                out.append(FeedAuthor(_clean(a)))
            elif isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"].strip():
                out.append(FeedAuthor(_clean(a["name"]), _clean(a.get("email")).lower()))
            else:
                raise ValueError(f"authors[{i}] must be a name or an object with a 'name'")
        return tuple(out)

    def err(field: str, msg: str) -> ValueError:
        return ValueError(f"{field} {msg}")

    return tuple(FeedAuthor(n) for n in _corpus_authors(value, err))


def _paper(**kw) -> FeedPaper:
    title = kw["title"]
    if len(title) > MAX_TITLE:
        raise ValueError(f"title longer than {MAX_TITLE} characters")
    kw.setdefault("arxiv", "")
    if not kw["id"]:
        kw["id"] = f"arXiv:{kw['arxiv']}" if kw["arxiv"] else _derived_id(title)
    return FeedPaper(**kw)


# ------------------------------------------------------------------------------------------------ JSON


def _json_records(text: str, name: str, result: ParseResult):
    """(where, object) of a JSON array, an object with a list (``papers``/``records``/``items``), or
    JSON lines; unparseable lines are skipped."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            result.skipped.append(Skip(f"{name}:{exc.lineno}", f"not valid JSON ({exc.msg}); file skipped"))
            return
        for i, obj in enumerate(data if isinstance(data, list) else []):
            yield f"{name}[{i}]", obj
        return
    if stripped.startswith("{") and "\n{" not in stripped:
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict):
            items = next(
                (data[k] for k in ("papers", "records", "items") if isinstance(data.get(k), list)), None
            )
            if items is None:
                yield f"{name}:1", data
            else:
                for i, obj in enumerate(items):
                    yield f"{name}[{i}]", obj
            return
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            result.skipped.append(Skip(f"{name}:{lineno}", f"not valid JSON ({exc.msg}, column {exc.colno})"))
            continue
        yield f"{name}:{lineno}", obj


def parse_jsonl(text: str, name: str = "<jsonl>") -> ParseResult:
    """``{"id","title","abstract","authors","date","url","venue"}`` per line (or a JSON array of them)."""
    result = ParseResult(format="jsonl")
    for where, obj in _json_records(text, name, result):
        if not isinstance(obj, dict):
            result.skipped.append(Skip(where, "not a JSON object"))
            continue
        title = latex_to_text(_clean(obj.get("title")))
        if not title:
            result.skipped.append(Skip(where, "no title"))
            continue
        try:
            authors = _feed_authors(obj.get("authors"))
            date, year = parse_date(obj.get("date") or obj.get("published") or obj.get("year"))
            url = _clean(obj.get("url"))
            pid = _clean(obj.get("id"))
            paper = _paper(
                id=pid,
                title=title,
                abstract=latex_to_text(_clean(obj.get("abstract"))),
                authors=authors,
                date=date,
                year=year,
                url=url if url.startswith(("https://", "http://")) else "",
                venue=_clean(obj.get("venue")),
                arxiv=arxiv_id(pid, _clean(obj.get("arxiv_id")), url, _clean(obj.get("doi"))),
                source="jsonl",
                where=where,
            )
        except ValueError as exc:
            result.skipped.append(Skip(where, str(exc)))
            continue
        result.papers.append(paper)
    return result


def parse_arxiv(text: str, name: str = "<arxiv>") -> ParseResult:
    """arXiv metadata records (the snapshot's JSON lines, or a JSON array of them)."""
    result = ParseResult(format="arxiv")
    for where, obj in _json_records(text, name, result):
        if not isinstance(obj, dict):
            result.skipped.append(Skip(where, "not a JSON object"))
            continue

        def err(field: str, msg: str) -> InputError:
            return InputError(f"{field} {msg}")

        try:
            corpus = arxiv_paper(obj, err)
        except InputError as exc:
            result.skipped.append(Skip(where, exc.reason))
            continue
        if corpus is None:
            result.skipped.append(Skip(where, "no title"))
            continue
        versions = obj.get("versions")
        first = versions[0].get("created", "") if isinstance(versions, list) and versions else ""
        date, year = parse_date(obj.get("update_date") if not first else _rfc_date(str(first)))
        try:
            result.papers.append(
                _paper(
                    id=corpus.id,
                    title=corpus.title,
                    abstract=corpus.abstract,
                    authors=tuple(FeedAuthor(a) for a in corpus.authors),
                    date=date,
                    year=year or corpus.year,
                    url=corpus.url,
                    venue=corpus.venue,
                    arxiv=arxiv_id(corpus.id),
                    source="arxiv",
                    where=where,
                )
            )
        except ValueError as exc:
            result.skipped.append(Skip(where, str(exc)))
    return result


def _rfc_date(text: str) -> str:
    """'Mon, 2 Apr 2007 19:18:42 GMT' -> '2 Apr 2007'."""
    return text.split(",", 1)[1].strip() if "," in text[:5] else text


# ------------------------------------------------------------------------------------------------- XML


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]  # expat without namespaces keeps "dc:title"


def _child(elem, *names):
    for name in names:
        for c in elem:
            if _local(c.tag) == name:
                return c
    return None


def _children(elem, name):
    return [c for c in elem if _local(c.tag) == name]


def _xtext(elem) -> str:
    return " ".join("".join(elem.itertext()).split()) if elem is not None else ""


def _oai_record(rec, where: str) -> FeedPaper | str:
    header = _child(rec, "header")
    if header is not None and header.get("status") == "deleted":
        return "deleted record"
    ident = _xtext(_child(header, "identifier")) if header is not None else ""
    metadata = _child(rec, "metadata")
    meta = metadata[0] if metadata is not None and len(metadata) else None
    if meta is None:
        return "no metadata"
    kind = _local(meta.tag)
    if kind in ("arXiv", "arXivRaw"):
        pid = _xtext(_child(meta, "id"))
        authors = []
        for a in _children(
            _child(meta, "authors") if _child(meta, "authors") is not None else meta, "author"
        ):
            given, family = _xtext(_child(a, "forenames")), _xtext(_child(a, "keyname"))
            authors.append(" ".join(p for p in (given, family) if p))
        if not authors and _child(meta, "authors") is not None:  # arXivRaw: one string
            authors = [n for n in re.split(r",\s*|\s+and\s+", _xtext(_child(meta, "authors"))) if n]
        created = _xtext(_child(meta, "created"))
        if not created and (v := _child(meta, "version")) is not None:
            created = _rfc_date(_xtext(_child(v, "date")))
        date, year = parse_date(
            created or (_xtext(_child(header, "datestamp")) if header is not None else "")
        )
        return _paper(
            id=f"arXiv:{pid}" if pid else "",
            title=latex_to_text(_xtext(_child(meta, "title"))),
            abstract=latex_to_text(_xtext(_child(meta, "abstract"))),
            authors=tuple(FeedAuthor(latex_to_text(a)) for a in authors),
            date=date,
            year=year,
            url=f"https://arxiv.org/abs/{pid}" if pid else "",
            venue=_xtext(_child(meta, "journal-ref")) or "arXiv",
            arxiv=arxiv_id(pid, ident),
            source="oai",
            where=where,
        )
    if kind == "dc":
        idents = [_xtext(e) for e in _children(meta, "identifier")]
        url = next((i for i in idents if i.startswith(("https://", "http://"))), "")
        dates = [_xtext(e) for e in _children(meta, "date")]
        date, year = parse_date(dates[0] if dates else "")
        return _paper(
            id=ident,
            title=latex_to_text(_xtext(_child(meta, "title"))),
            abstract=latex_to_text(_xtext(_child(meta, "description"))),
            authors=tuple(
                FeedAuthor(display_name(_xtext(c))) for c in _children(meta, "creator") if _xtext(c)
            ),
            date=date,
            year=year,
            url=url,
            venue=_xtext(_child(meta, "publisher")),
            arxiv=arxiv_id(ident, *idents),
            source="oai",
            where=where,
        )
    return f"unknown metadata format <{kind}>"


def _atom_entry(entry, where: str) -> FeedPaper:
    ident = _xtext(_child(entry, "id"))
    link = next(
        (lk.get("href", "") for lk in _children(entry, "link") if lk.get("rel", "alternate") == "alternate"),
        "",
    )
    date, year = parse_date(_xtext(_child(entry, "published", "updated")))
    return _paper(
        id=ident,
        title=latex_to_text(_xtext(_child(entry, "title"))),
        abstract=latex_to_text(_xtext(_child(entry, "summary", "content"))),
        authors=tuple(FeedAuthor(_xtext(_child(a, "name"))) for a in _children(entry, "author") if _xtext(a)),
        date=date,
        year=year,
        url=link or (ident if ident.startswith(("https://", "http://")) else ""),
        venue=_xtext(_child(entry, "journal_ref")),
        arxiv=arxiv_id(ident, link),
        source="oai",
        where=where,
    )


def parse_oai(data: bytes, name: str = "<oai>") -> ParseResult:
    """OAI-PMH records (``arXiv``, ``arXivRaw`` or ``oai_dc`` metadata) or an arXiv API Atom feed. DTDs
    and entity declarations are refused (the whole file is skipped)."""
    result = ParseResult(format="oai")
    try:
        root = _safe_xml(data, name)
    except InputError as exc:
        result.skipped.append(Skip(f"{name}:{exc.line or 1}", f"{exc.reason}; file skipped"))
        return result
    line_attr = "{confero}line"
    items = [e for e in root.iter() if _local(e.tag) in ("record", "entry")]
    if not items:
        result.skipped.append(
            Skip(f"{name}:1", f"no <record> or <entry> in <{_local(root.tag)}>; file skipped")
        )
    for elem in items:
        where = f"{name}:{elem.get(line_attr, '?')}"
        try:
            got = _oai_record(elem, where) if _local(elem.tag) == "record" else _atom_entry(elem, where)
        except ValueError as exc:
            got = str(exc)
        if isinstance(got, str):
            result.skipped.append(Skip(where, got))
        elif not got.title:
            result.skipped.append(Skip(where, "no title"))
        else:
            result.papers.append(got)
    return result


# ---------------------------------------------------------------------------------------------- BibTeX

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
    return _paper(
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
        parser = _BibTeXParser(text, name)
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
        try:
            paper = _paper(
                id="",
                title=title,
                abstract=abstract,
                date=date,
                year=int(date[:4]) if date else None,
                arxiv="",
                source="listing",
                where=where,
            )
        except ValueError as exc:
            result.skipped.append(Skip(where, str(exc)))
            return
        result.papers.append(paper)
        if not abstract:
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

_BIB_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_ARXIV_KEYS = ('"journal-ref"', '"authors_parsed"', '"submitter"', '"versions"', '"update_date"')


def detect_format(data: bytes | str) -> str:
    """The format of a listing from its content: ``oai`` (XML), ``bibtex``, ``arxiv`` (arXiv metadata
    JSON), ``jsonl`` (other JSON) or ``listing`` (anything else: a page's text)."""
    head = data[:65536]
    if isinstance(head, bytes):
        head = head.decode("utf-8", errors="replace")
    head = head.lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        return "oai"
    if head.startswith(("{", "[")):
        return "arxiv" if any(k in head for k in _ARXIV_KEYS) else "jsonl"
    if head.startswith("@") or _BIB_ENTRY.search(head):
        return "bibtex"
    return "listing"


def parse(data: bytes, name: str = "<input>", fmt: str = "auto") -> ParseResult:
    """Parse one file's bytes in ``fmt`` (one of :data:`FORMATS`, or ``auto`` to detect it)."""
    if fmt == "auto":
        fmt = detect_format(data)
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of: auto, {', '.join(FORMATS)}", field="format")
    if fmt == "oai":
        return parse_oai(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return ParseResult(skipped=[Skip(f"{name}:{line}", "not UTF-8 text; file skipped")], format=fmt)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return {"jsonl": parse_jsonl, "arxiv": parse_arxiv, "bibtex": parse_bibtex, "listing": parse_listing}[
        fmt
    ](text, name)
