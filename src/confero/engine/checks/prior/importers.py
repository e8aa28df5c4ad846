"""Readers for corpora of published papers: Confero's corpus JSONL, arXiv metadata JSON, DBLP XML and
OpenReview notes JSON. Each yields :class:`CorpusPaper` records and raises :class:`InputError` naming
the file, line (where the format has lines) and field of the first problem. Records without a title
are skipped and counted.

* JSONL (``jsonl``): one object per line with ``id``, ``title`` and optionally ``abstract``,
  ``authors`` (list of names or of {"name"} objects, or one string "A; B"), ``venue``, ``year``, ``url``,
  ``status`` (preprint / workshop / archival / unknown, to override the venue rule).
* arXiv (``arxiv``): the arXiv metadata snapshot (JSON lines, as on Kaggle) or a JSON array of the same
  objects: ``id``, ``title``, ``abstract``, ``authors`` / ``authors_parsed``, ``journal-ref``,
  ``comments``, ``versions``. A ``journal-ref`` makes the paper archival (or workshop); a comment such
  as "Accepted at NeurIPS 2023" too; otherwise it is a preprint.
* DBLP (``dblp``): the dblp.xml dump (streamed; its DTD's character entities are understood without
  reading the DTD; entity declarations are refused) or a DBLP person page. No abstracts.
  ``journals/corr/...`` and ``publtype="informal"`` records are preprints.
* OpenReview (``openreview``): notes as returned by the API (v1 plain fields or v2 ``{"value": ...}``),
  as a JSON array, ``{"notes": [...]}`` or JSON lines.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator

from ...errors import InputError
from ...latex import latex_to_text
from .dblp import read_dblp
from .records import STATUSES, CorpusPaper, venue_status

FORMATS = ("jsonl", "arxiv", "dblp", "openreview")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_ACCEPTED = re.compile(
    r"\b(?:accepted|published|to appear|appeared|presented)\s+(?:as\s+\w+\s+)?(?:at|in|to|by|for)\s+"
    r"(?:the\s+)?(?P<venue>[^.;,()]{3,80})",
    re.IGNORECASE,
)


def _clean(text: object) -> str:
    return " ".join(str(text or "").split())


def author_names(value: object, err) -> tuple[str, ...]:
    """Author names from a field as exports write it: "A; B", "A and B", "A, B", or a list of names or of
    {"name": ...} objects. ``err(field, message)`` makes the error for anything else (naming file and place)."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        parts = (
            re.split(r"\s*;\s*|\s+and\s+", value) if ";" in value or " and " in value else value.split(",")
        )
        return tuple(p.strip() for p in parts if p.strip())
    if isinstance(value, list):
        out = []
        for i, a in enumerate(value):
            if isinstance(a, str):
                out.append(a.strip())
            elif isinstance(a, dict) and isinstance(a.get("name"), str):
                out.append(a["name"].strip())
            else:
                raise err(f"authors[{i}]", "must be a name or an object with a 'name'")
        return tuple(a for a in out if a)
    raise err("authors", f"must be a list or a string, got {type(value).__name__}")


def _year(value: object, err, name: str = "year") -> int | None:
    if value is None or value == "":
        return None
    try:
        year = int(str(value).strip()[:4])
    except ValueError:
        raise err(name, f"must be a year, got {value!r}") from None
    return year


def _open_lines(path: str) -> Iterator[tuple[int, dict]]:
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=path) from None
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            try:
                text = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError:
                raise InputError("not UTF-8 text", path=path, line=lineno) from None
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"not valid JSON ({exc.msg}, column {exc.colno})", path=path, line=lineno
                ) from None
            if not isinstance(obj, dict):
                raise InputError("each line must be a JSON object", path=path, line=lineno)
            yield lineno, obj


def _json_objects(path: str, key: str = "") -> Iterator[tuple[int | None, dict]]:
    """Objects of a JSON array / {key: [...]} file, or of JSON lines."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).lstrip()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=path) from None
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    if head[:1] == b"[" or (head[:1] == b"{" and key and b"\n{" not in head and _single_object(path)):
        try:
            with open(path, encoding="utf-8-sig") as fh:
                data = json.load(fh)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            line = getattr(exc, "lineno", None)
            raise InputError(f"not valid JSON ({getattr(exc, 'msg', exc)})", path=path, line=line) from None
        items = data.get(key) if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise InputError(f"expected a JSON array or an object with a {key!r} array", path=path)
        for i, obj in enumerate(items):
            if not isinstance(obj, dict):
                raise InputError(f"item {i} is not a JSON object", path=path)
            yield None, obj
    else:
        yield from _open_lines(path)


def _single_object(path: str) -> bool:
    with open(path, "rb") as fh:
        lines = 0
        for raw in fh:
            if raw.strip():
                lines += 1
                if lines > 1:
                    return False
    return True


def _err(path: str, line: int | None, prefix: str = ""):
    def make(field: str, msg: str) -> InputError:
        return InputError(msg, path=path, line=line, field=prefix + field)

    return make


def read_jsonl(path: str) -> Iterator[CorpusPaper]:
    for line, obj in _open_lines(path):
        err = _err(path, line)
        pid, title = _clean(obj.get("id")), _clean(obj.get("title"))
        if not pid:
            raise err("id", "is required")
        if not title:
            continue
        status = _clean(obj.get("status")).lower()
        if status and status not in STATUSES:
            raise err("status", f"must be one of {', '.join(STATUSES)}")
        yield CorpusPaper(
            id=pid,
            title=title,
            abstract=_clean(obj.get("abstract")),
            authors=author_names(obj.get("authors"), err),
            venue=_clean(obj.get("venue")),
            year=_year(obj.get("year"), err),
            url=_clean(obj.get("url")),
            source="jsonl",
            status=status,
        )


def _arxiv_authors(obj: dict) -> tuple[str, ...]:
    parsed = obj.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        out = []
        for p in parsed:
            if isinstance(p, list) and p:
                family, given = str(p[0]), str(p[1]) if len(p) > 1 else ""
                out.append(latex_to_text(f"{given} {family}".strip()))
        return tuple(a for a in out if a)
    text = latex_to_text(_clean(obj.get("authors")))
    return tuple(a.strip() for a in re.split(r",\s*|\s+and\s+", text) if a.strip())


def arxiv_paper(obj: dict, err) -> CorpusPaper | None:
    """One arXiv metadata object as a paper (None when it has no title); ``err(field, msg)`` makes the
    error raised for a missing id. Also used by the paper feed (:mod:`confero.engine.feed`)."""
    title = latex_to_text(_clean(obj.get("title")))
    pid = _clean(obj.get("id"))
    if not pid:
        raise err("id", "is required")
    if not title:
        return None
    year = None
    versions = obj.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict):
        m = _YEAR.search(str(versions[0].get("created", "")))
        year = int(m.group(1)) if m else None
    if year is None:
        m = re.match(r"^(\d\d)(\d\d)\.\d{4,5}", pid)
        year = 2000 + int(m.group(1)) if m else None
    journal = _clean(obj.get("journal-ref"))
    accepted = _ACCEPTED.search(_clean(obj.get("comments")))
    venue = journal or (accepted.group("venue").strip() if accepted else "arXiv")
    status = venue_status(venue, "arxiv") if (journal or accepted) else "preprint"
    if status == "preprint" and (journal or accepted):
        status = "archival"  # the journal-ref names the venue itself ("Proc. of ...")
    return CorpusPaper(
        id=f"arXiv:{pid}",
        title=title,
        abstract=latex_to_text(_clean(obj.get("abstract"))),
        authors=_arxiv_authors(obj),
        venue=venue,
        year=year,
        url=f"https://arxiv.org/abs/{pid}",
        source="arxiv",
        status=status,
    )


def read_arxiv(path: str) -> Iterator[CorpusPaper]:
    for line, obj in _json_objects(path):
        paper = arxiv_paper(obj, _err(path, line))
        if paper is not None:
            yield paper


def _value(content: dict, name: str) -> object:
    v = content.get(name)
    return v.get("value") if isinstance(v, dict) else v


def read_openreview(path: str) -> Iterator[CorpusPaper]:
    for line, note in _json_objects(path, key="notes"):
        content = note.get("content")
        if not isinstance(content, dict):
            raise _err(path, line)("content", "is required (an OpenReview note)")
        title = _clean(_value(content, "title"))
        pid = _clean(note.get("id") or note.get("forum"))
        if not pid:
            raise _err(path, line)("id", "is required")
        if not title:
            continue
        venue = _clean(_value(content, "venue"))
        venueid = _clean(_value(content, "venueid"))
        invitation = _clean(note.get("invitation") or " ".join(note.get("invitations") or []))
        if not venue and re.search(r"Blind_Submission|/-/Submission", invitation):
            venue = "OpenReview submission"
        stamp = note.get("pdate") or note.get("cdate") or note.get("tcdate")
        year = None
        if isinstance(stamp, int | float) and stamp > 0:
            year = dt.datetime.fromtimestamp(stamp / 1000, tz=dt.UTC).year
        status = venue_status(venue, "openreview")
        if re.search(r"Withdrawn|Rejected|Desk_Rejected|/Submission$", venueid):
            status = "preprint"
        yield CorpusPaper(
            id=f"openreview:{pid}",
            title=title,
            abstract=_clean(_value(content, "abstract")),
            authors=author_names(_value(content, "authors"), _err(path, line, "content.")),
            venue=venue or venueid,
            year=year,
            url=f"https://openreview.net/forum?id={note.get('forum') or pid}",
            source="openreview",
            status=status,
        )


READERS = {"jsonl": read_jsonl, "arxiv": read_arxiv, "dblp": read_dblp, "openreview": read_openreview}


def guess_format(path: str) -> str:
    """Guess a corpus file's format from its first bytes."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536).decode("utf-8", errors="replace").lstrip("\ufeff \n\r\t")
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=path) from None
    if head.startswith("<"):
        return "dblp"
    if '"content"' in head and ('"forum"' in head or '"invitation' in head or '"venueid"' in head):
        return "openreview"
    if '"journal-ref"' in head or '"authors_parsed"' in head or '"submitter"' in head:
        return "arxiv"
    return "jsonl"


def read_corpus(path: str | os.PathLike, fmt: str = "auto") -> Iterator[CorpusPaper]:
    """Papers of a corpus file; ``fmt`` is one of FORMATS or "auto"."""
    path = str(path)
    if fmt == "auto":
        fmt = guess_format(path)
    if fmt not in READERS:
        raise InputError(
            f"unknown corpus format {fmt!r}; use one of: auto, {', '.join(FORMATS)}", field="format"
        )
    return READERS[fmt](path)
