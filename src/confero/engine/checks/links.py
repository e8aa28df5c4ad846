"""Finding links in the text of a paper: URLs broken across lines, trailing punctuation, bare hosts
("github.com/org/repo"), Unicode, and the PDF's own link annotations.

Line breaks inside URLs. LaTeX's url package breaks a URL after punctuation ("/", ".", "-", "_", "=",
...) without adding a hyphen, so a line that ends inside a URL is joined with the next line when

* the next line starts with URL-like characters (it contains "/", "#", "?", "=", "&", "_", "~", "%" or
  an inner "."), or
* the URL breaks after punctuation other than "." and the next word is not an ordinary English word
  ("for", "and", a capitalised word ...), or
* it breaks after "." and the next word is a common URL ending ("com", "org", "html", "md", ...).

A URL broken after a letter or digit cannot be told apart from a URL followed by a word; the link
annotation (when the PDF has one) settles it: a text URL that is a prefix of an annotation's URI on the
same page is replaced by the annotation's URI.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from .document import PdfDocument


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


__all__ = ["FoundLink", "document_links", "extract_urls", "join_broken_lines", "normalize_url", "trim_url"]

_KNOWN_HOSTS = (
    r"github\.com|gitlab\.com|huggingface\.co|hf\.co|zenodo\.org|osf\.io|kaggle\.com|figshare\.com|"
    r"codeberg\.org|bitbucket\.org|anonymous\.4open\.science|arxiv\.org|doi\.org|openreview\.net|"
    r"colab\.research\.google\.com|drive\.google\.com|sites\.google\.com|paperswithcode\.com|"
    r"[a-z0-9][a-z0-9-]*\.github\.io|dataverse\.[a-z.]+|gitee\.com"
)
_STOP_CHARS = '\\s<>"`{}|\\\\^“”‘’«»，。、；：（）「」『』'
_URL_START = rf"(?:(?:https?|ftp)://|www\d{{0,3}}\.|(?:{_KNOWN_HOSTS})(?=/))"
URL_RE = re.compile(rf"(?<![\w@/.\-]){_URL_START}[^{_STOP_CHARS}]+", re.IGNORECASE)
_STARTS_URL = re.compile(rf"^{_URL_START}", re.IGNORECASE)

# Ligatures and invisible characters that PDF text extraction produces inside URLs.
_CLEAN = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
     "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u2060": None}
)  # fmt: skip
_TRAILING = set(".,;:!?'\"*")
_KEEP_AT_END = set("/#%&@_-~=+$")
_PAIRS = {")": "(", "]": "[", "}": "{"}
_BREAK_AFTER = set("/-_=&?#~%+@:")
_STRUCTURAL = set("/#?=&_~%")
_URL_ENDINGS = _words(
    "com org net edu io ai co uk de fr science html htm php pdf md txt json yaml yml zip gz tar "
    "git ipynb py cc dev app space gov info me"
)
_ENGLISH = _words(
    "a an the and or but nor for to in of on at by with from as is are was were be been this that "
    "these those it its we our us they their which where when while see also respectively here "
    "there under after before via using"
)


def clean_text(text: str) -> str:
    return text.translate(_CLEAN)


def trim_url(url: str) -> str:
    """Remove what follows a URL in prose: sentence punctuation, quotes, unbalanced closing brackets."""
    while url:
        c = url[-1]
        if c in _PAIRS:
            if url.count(_PAIRS[c]) < url.count(c):
                url = url[:-1]
                continue
            break
        if c in _TRAILING or (unicodedata.category(c) in ("Po", "Pf", "Pi", "Pe") and c not in _KEEP_AT_END):
            url = url[:-1]
            continue
        break
    return url


def _core(word: str) -> str:
    return trim_url(word.lstrip("([{<\"'"))


_NEW_URL = re.compile(r"^(?:(?:https?|ftp)://|www\d{0,3}\.)", re.IGNORECASE)


def _continues(tail: str, head: str) -> bool:
    """Whether ``head`` (first word of the next line) continues a URL at the end of ``tail``."""
    if not tail or not head or head[0] in "([{<\"'" or tail[-1] in ",;)]}\"'!" or _NEW_URL.match(head):
        return False
    core = _core(head)
    if not core:
        return False
    structural = any(c in _STRUCTURAL for c in core) or "." in core[:-1]
    m = None
    for m in URL_RE.finditer(tail):  # noqa: B007 - the last match is wanted
        pass
    if m is None or m.end() != len(tail):
        # the URL may not be recognisable before the break: "https:/" + "/x.org/a", "github." + "com/a/b"
        joined = URL_RE.search(tail + core)
        return bool(joined) and joined.start() < len(tail) < joined.end() and structural
    if structural:
        return True
    word, last = core.lower(), tail[-1]
    if last in "-_":
        return word not in _ENGLISH
    if last in _BREAK_AFTER:
        capitalised_word = (
            core.isalpha() and core[0].isupper() and core[1:].islower()
        )  # "Results", not "Octopus-v4"
        return word not in _ENGLISH and not capitalised_word
    if last == ".":
        return word in _URL_ENDINGS or (len(core) >= 4 and any(c.isdigit() for c in core))
    return False


def join_broken_lines(lines: list[str]) -> tuple[str, list[int]]:
    """Join ``lines`` with newlines, except where a URL continues on the next line (joined without a
    separator). Returns the text and the offset where each line starts in it."""
    out = ""
    starts = []
    for i, raw in enumerate(lines):
        line = clean_text(raw).strip()
        if i == 0:
            starts.append(0)
            out = line
            continue
        words = out[out.rfind("\n") + 1 :].split()
        tail = words[-1] if words else ""
        head = line.split(None, 1)[0] if line else ""
        sep = "" if tail and _continues(tail, head) else "\n"
        starts.append(len(out) + len(sep))
        out += sep + line
    return out, starts


def extract_urls(text: str) -> list[tuple[str, int, int]]:
    """Every URL in ``text`` (already joined) as (url as written, start, end), trailing punctuation removed."""
    out = []
    for m in URL_RE.finditer(clean_text(text)):
        url = trim_url(m.group(0))
        if "." in url.split("://", 1)[-1] and len(url) > 8:
            out.append((url, m.start(), m.start() + len(url)))
    return out


def with_scheme(url: str) -> str:
    return url if re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE) else "https://" + url


def normalize_url(url: str) -> str:
    """A comparison key: no scheme, lower-case host without "www.", no trailing slash or fragment."""
    url = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.IGNORECASE)
    url = url.split("#", 1)[0]
    host, _, rest = url.partition("/")
    host = host.lower().removeprefix("www.")
    return (host + ("/" + rest if rest else "")).rstrip("/")


@dataclass
class FoundLink:
    """A link of the paper. ``url`` has a scheme; ``written`` is how the text shows it (or the URI);
    ``source`` is "text", "annotation", "text+annotation" or "form"; ``context`` the sentence around it."""

    url: str
    written: str
    page: int | None
    source: str
    context: str = ""
    pages: list[int] = field(default_factory=list)
    line: int = 0  # index of the line (on ``page``) where it starts
    after: str = field(default="", repr=False, compare=False)  # text that follows it on the page


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) around ``text[start:end]``: from the previous sentence end to the next one."""
    left = text[max(0, start - 300) : start]
    cut = max(left.rfind(". "), left.rfind(".\n"), left.rfind("? "), left.rfind("! "))
    before = left[cut + 2 :] if cut >= 0 else left
    right = text[end : end + 160]
    stop = re.search(r"[.!?](?:\s|$)", right)
    after = right[: stop.end()] if stop else right
    return " ".join((before + text[start:end] + after).split())


def _text_links(doc: PdfDocument) -> list[FoundLink]:
    out = []
    for page in doc.pages:
        text, starts = join_broken_lines([line.text for line in page.lines])
        for url, start, end in extract_urls(text):
            ctx = sentence_around(text, start, end)
            line = max(0, bisect.bisect_right(starts, start) - 1)
            link = FoundLink(with_scheme(url), url, page.number, "text", ctx, [page.number], line)
            link.after = text[end : end + 40].lstrip()
            out.append(link)
    return out


def _rect_text(doc: PdfDocument, page_no: int, rect: tuple[float, float, float, float]) -> tuple[str, int]:
    """The text of the lines under ``rect`` (with the line before, for "Code: [link]") and the index
    of the first of them."""
    x0, y0, x1, y1 = rect
    page = doc.pages[page_no - 1] if page_no <= len(doc.pages) else None
    if page is None:
        return "", 0
    hits = [i for i, ln in enumerate(page.lines) if ln.x0 < x1 and ln.x1 > x0 and ln.y0 < y1 and ln.y1 > y0]
    if not hits:
        return "", 0
    lines = [page.lines[i].text for i in range(max(0, hits[0] - 1), hits[-1] + 1)]
    return " ".join(" ".join(lines).split())[:300], hits[0]


def document_links(doc: PdfDocument) -> list[FoundLink]:
    """All http(s)/ftp links of the document, from the text and the link annotations, one entry per
    distinct URL (first occurrence, with every page it is on)."""
    annots = [a for a in doc.annotations if re.match(r"^(?:https?|ftp)://", a.uri, re.IGNORECASE)]
    by_page: dict[int, list[str]] = {}
    for a in annots:
        by_page.setdefault(a.page, []).append(a.uri)
    merged: dict[str, FoundLink] = {}
    for link in _text_links(doc):
        key = normalize_url(link.url)
        for uri in by_page.get(link.page or 0, []):
            ukey = normalize_url(uri)
            rest = ukey[len(key) :]
            if ukey == key or (ukey.startswith(key) and rest and link.after.startswith(rest[:4])):
                link.url, key, link.source = clean_text(uri), ukey, "text+annotation"
                break
        _add(merged, key, link)
    for a in annots:
        key = normalize_url(a.uri)
        if key in merged:
            if a.page not in merged[key].pages:
                merged[key].pages.append(a.page)
            continue
        ctx, line = _rect_text(doc, a.page, a.rect)
        _add(merged, key, FoundLink(clean_text(a.uri), a.uri, a.page, "annotation", ctx, [a.page], line))
    return list(merged.values())


def _add(merged: dict[str, FoundLink], key: str, link: FoundLink) -> None:
    if key in merged:
        old = merged[key]
        if link.page is not None and link.page not in old.pages:
            old.pages.append(link.page)
        if "annotation" in link.source and "annotation" not in old.source:
            old.source = "text+annotation"
    else:
        merged[key] = link
