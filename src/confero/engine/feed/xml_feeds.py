"""OAI-PMH records (arXiv, arXivRaw, Dublin Core) and Atom feeds."""

from __future__ import annotations

import re

from ..errors import InputError
from ..importers import safe_xml
from ..latex import latex_to_text
from ..names import display_name
from .common import (
    make_paper,
    parse_date,
)
from .records import FeedAuthor, FeedPaper, ParseResult, Skip, arxiv_id


def rfc_date(text: str) -> str:
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
            created = rfc_date(_xtext(_child(v, "date")))
        date, year = parse_date(
            created or (_xtext(_child(header, "datestamp")) if header is not None else "")
        )
        return make_paper(
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
        return make_paper(
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
    return make_paper(
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
        root = safe_xml(data, name)
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
