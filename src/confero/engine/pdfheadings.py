"""Where the main text of a paper ends: headings that start the references or the appendix.

A heading is a line that on its own says "References", "7 References", "REFERENCES AND NOTES",
"Bibliography", "Appendix", "A Appendix", "Appendix A: Proofs" or "Supplementary Material"; the word
"references" inside a sentence is not a heading. A heading is "at the top" of its page when at most a
running header or page number is above it. Pure Python; used by :mod:`confero.engine.pdfcheck`.
"""

from __future__ import annotations

import re

__all__ = ["find_heading", "heading_on_page"]


_NUM = r"(?:(?:\d+(?:\.\d+)*|[IVXLC]+|[A-Z])[.):]?\s+)?"  # "7 ", "7. ", "VII. ", "A "
_REF_WORDS = (
    r"(?:references(?:\s+and\s+notes)?|bibliography|reference\s+list|literature\s+cited|"
    r"works\s+cited|cited\s+literature|literature)"
)
_REF_RE = re.compile(rf"^{_NUM}{_REF_WORDS}\s*:?$", re.IGNORECASE)
_APP_WORDS = (
    r"(?:appendix|appendices|supplementary\s+materials?|supplemental\s+materials?|"
    r"supplementary\s+information|supplementary)"
)
# "Appendix", "A Appendix", "Appendix A", "Appendix A: Proofs", "Appendix A. Proofs", "Appendix 1 – Data".
_APP_RE = re.compile(
    rf"^{_NUM}{_APP_WORDS}(?:\s+(?:[A-Z]|\d+|[IVX]+)\b)?\s*(?P<rest>[:.\-–—]?\s*.*)$", re.IGNORECASE
)
_TOP_SLACK_LINES = 3  # lines allowed above a heading for it to count as "top of page"
_TOP_SLACK_CHARS = 160


def _normalise(line: str) -> str:
    return re.sub(r"\s+", " ", line.replace("\u00a0", " ")).strip()


def _variants(line: str) -> list[str]:
    """The line, and for all-caps lines also with small-caps splits joined ("R EFERENCES" -> "REFERENCES";
    "A APPENDIX" stays available as it is)."""
    out = [line]
    if line.upper() == line and re.fullmatch(r"[A-Z0-9 .:)]+", line):
        joined = re.sub(r"\b([A-Z]) (?=[A-Z]{2,})", r"\1", line)
        if joined != line:
            out.append(joined)
    return out


_SENTENCE_STARTS = {"we", "our", "this", "these", "it", "here", "there", "in", "as", "for", "see", "they"}


def _capitalised(line: str) -> bool:
    """The heading word starts with a capital letter (after any numbering): "references" alone on a
    line is the end of a wrapped sentence more often than a heading."""
    m = re.search(r"[A-Za-z]{2,}", line)
    return bool(m) and m.group(0)[0].isupper()


def _is_reference_heading(line: str) -> bool:
    return bool(_REF_RE.match(line)) and _capitalised(line)


def _is_appendix_heading(line: str) -> bool:
    m = _APP_RE.match(line)
    if not m or not _capitalised(line):
        return False
    rest = m.group("rest").strip()
    if not rest:
        return True
    if rest[0] in ":.-–—":
        rest = rest[1:].strip()
        if not rest:  # "Appendix A:" is a heading; "Appendix A." is the end of a sentence
            return line.rstrip()[-1] != "."
    # "Appendix A: Proofs of Theorem 1": a short title, not a wrapped sentence ("Appendix A contains ...",
    # "Appendix A. We then evaluate ...").
    words = rest.split()
    return (
        len(line) <= 60
        and len(words) <= 8
        and (rest[0].isupper() or rest[0].isdigit())
        and words[0].lower() not in _SENTENCE_STARTS
        and not rest.endswith((".", ",", ";", ":"))
    )


def heading_on_page(text: str, kind: str) -> bool | None:
    """Whether the page ``text`` has a ``kind`` ("references" or "appendix") heading: None when it has
    none, otherwise whether the (first) heading is at the top of the page."""
    test = _is_reference_heading if kind == "references" else _is_appendix_heading
    above_lines = above_chars = 0
    for raw in (text or "").splitlines():
        line = _normalise(raw)
        if not line:
            continue
        if len(line) <= 80 and any(test(v) for v in _variants(line)):
            return above_lines <= _TOP_SLACK_LINES and above_chars <= _TOP_SLACK_CHARS
        above_lines += 1
        above_chars += len(line)
    return None


def find_heading(page_texts: list[str], kind: str) -> tuple[int, bool] | None:
    """First page (1-based) with a ``kind`` ("references" or "appendix") heading and whether the heading
    is at the top of that page; None when there is none."""
    for page_no, text in enumerate(page_texts, start=1):
        at_top = heading_on_page(text, kind)
        if at_top is not None:
            return page_no, at_top
    return None
