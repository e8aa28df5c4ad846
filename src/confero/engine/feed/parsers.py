"""Parsers of paper listings: JSONL, arXiv metadata JSON, OAI-PMH / Atom XML, BibTeX, plain-text pages.

Every parser takes the file's text (or bytes for XML) and a name for reports, and never raises on bad
records: what cannot be read becomes a :class:`Skip` with its position and reason, the rest is kept.
Only a file that is not text at all (wrong encoding) or not the format at all is skipped as a whole.
The per-record logic reuses the engine's existing importers (arXiv objects from the prior-publication
check, the BibTeX tokenizer of the publication importer, its safe XML reader and LaTeX/name helpers).
"""

from __future__ import annotations

import json
import re

from ..checks.prior.importers import arxiv_paper
from ..errors import InputError
from ..latex import latex_to_text
from .common import (
    add_paper,
    clean,
    feed_authors,
    parse_date,
)
from .records import FORMATS, FeedAuthor, ParseResult, Skip, arxiv_id
from .text_feeds import (
    parse_bibtex,
    parse_listing,
)
from .xml_feeds import (
    parse_oai,
    rfc_date,
)


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
        title = latex_to_text(clean(obj.get("title")))
        if not title:
            result.skipped.append(Skip(where, "no title"))
            continue
        try:
            authors = feed_authors(obj.get("authors"))
            date, year = parse_date(obj.get("date") or obj.get("published") or obj.get("year"))
        except ValueError as exc:
            result.skipped.append(Skip(where, str(exc)))
            continue
        url = clean(obj.get("url"))
        pid = clean(obj.get("id"))
        add_paper(
            result,
            where,
            id=pid,
            title=title,
            abstract=latex_to_text(clean(obj.get("abstract"))),
            authors=authors,
            date=date,
            year=year,
            url=url if url.startswith(("https://", "http://")) else "",
            venue=clean(obj.get("venue")),
            arxiv=arxiv_id(pid, clean(obj.get("arxiv_id")), url, clean(obj.get("doi"))),
            source="jsonl",
        )
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
        date, year = parse_date(obj.get("update_date") if not first else rfc_date(str(first)))
        add_paper(
            result,
            where,
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
        )
    return result


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
