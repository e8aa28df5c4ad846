"""Where the parts of a paper are: title, abstract, references, appendix, acknowledgements.

References and appendix headings are recognised by the page check's own rules
(:func:`confero.engine.pdfcheck.find_heading`, applied line by line), so both checks agree on where the
references start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..pdfcheck import find_heading
from .document import PdfDocument

Position = tuple[int, int]  # (1-based page, 0-based line index on that page)

_SMALL_CAPS = re.compile(r"\b([A-Z]) (?=[A-Z]{2,})")
_NUMBER = r"(?:(?:\d+(?:\.\d+)*|[IVX]+|[A-Z])[.):]?\s+)?"
_ACK = re.compile(
    rf"^{_NUMBER}(?:acknowledge?ments?|acknowledge?ment of funding|funding(?: statement)?|"
    r"author contributions?)\s*(?:[:.\-–—]\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_ABSTRACT = re.compile(r"^abstract\s*(?:[:.\-–—]\s*(?P<rest>.*))?$", re.IGNORECASE)
_INTRO = re.compile(rf"^{_NUMBER}(?:introduction|keywords|index terms|ccs concepts)\b", re.IGNORECASE)


def _unsmallcap(text: str) -> str:
    return _SMALL_CAPS.sub(r"\1", text) if text.upper() == text else text


@dataclass(frozen=True)
class Sections:
    references: Position | None
    appendix: Position | None
    acknowledgements: Position | None
    abstract: Position | None

    def region(self, page: int, line: int) -> str:
        """ "body", "references" or "appendix" for a line."""
        pos = (page, line)
        refs, app = self.references, self.appendix
        if refs is not None and pos >= refs and (app is None or app <= refs or pos < app):
            return "references"
        if app is not None and pos >= app:
            return "appendix"
        return "body"


def _first_heading(doc: PdfDocument, kind: str, after: Position = (0, -1)) -> Position | None:
    for page in doc.pages:
        if page.number < after[0]:
            continue
        texts = [line.text for line in page.lines]
        start = after[1] + 1 if page.number == after[0] else 0
        hit = find_heading(texts[start:], kind)
        if hit is not None:
            return page.number, start + hit[0] - 1
    return None


def _first_match(doc: PdfDocument, pattern: re.Pattern, pages: int | None = None) -> Position | None:
    for page in doc.pages[:pages]:
        for i, line in enumerate(page.lines):
            text = _unsmallcap(line.text.strip())
            m = pattern.match(text)
            if not m or not text[:1].isalpha() and not text[:1].isdigit():
                continue
            if not re.search(r"[A-Za-z]{2,}", text).group(0)[0].isupper():
                continue  # "acknowledgements" at the start of a wrapped sentence
            rest = m.groupdict().get("rest")
            if rest is None or rest == "" or rest[:1].isupper():
                return page.number, i
    return None


def find_sections(doc: PdfDocument) -> Sections:
    refs = _first_heading(doc, "references")
    app = _first_heading(doc, "appendix")
    if app is not None and app[0] == 1 and app[1] < 5:
        app = _first_heading(doc, "appendix", after=app)  # a table of contents, not the appendix
    return Sections(
        references=refs,
        appendix=app,
        acknowledgements=_first_match(doc, _ACK),
        abstract=_first_match(doc, _ABSTRACT, pages=2),
    )


def section_lines(doc: PdfDocument, start: Position, max_lines: int = 30) -> list[tuple[int, str]]:
    """Up to ``max_lines`` lines (page, text) from ``start`` (the heading itself included) until the
    next heading-like line (short, starts with a section number or is the references heading)."""
    out: list[tuple[int, str]] = []
    for page in doc.pages:
        if page.number < start[0]:
            continue
        for i, line in enumerate(page.lines):
            if page.number == start[0] and i < start[1]:
                continue
            text = line.text.strip()
            if out and (
                find_heading([text], "references") is not None
                or find_heading([text], "appendix") is not None
                or (len(text) < 60 and re.match(r"^(?:\d+(?:\.\d+)*|[A-Z])\.?\s+[A-Z][A-Za-z]", text))
            ):
                return out
            out.append((page.number, text))
            if len(out) >= max_lines:
                return out
    return out


def title_and_abstract(doc: PdfDocument, sections: Sections | None = None) -> tuple[str, str]:
    """The title (largest text near the top of page 1) and the abstract (text after the Abstract
    heading until the introduction), as well as they can be read from the PDF; "" when not found."""
    sections = sections or find_sections(doc)
    first = doc.pages[0]
    top = [(i, ln) for i, ln in enumerate(first.lines[:25]) if ln.upright and ln.text.strip()]
    title = ""
    if top:
        biggest = max(ln.size for _, ln in top)
        if biggest > 0:
            big = [i for i, ln in top if ln.size >= biggest - 0.5]
            run = []
            for i in range(big[0], len(first.lines)):
                if i not in big:
                    break
                run.append(first.lines[i].text.strip())
            title = " ".join(run)[:300]
    abstract = ""
    if sections.abstract is not None:
        page_no, line_no = sections.abstract
        parts = []
        m = _ABSTRACT.match(_unsmallcap(doc.pages[page_no - 1].lines[line_no].text.strip()))
        if m and m.group("rest"):
            parts.append(m.group("rest"))
        for page in doc.pages[page_no - 1 : page_no + 1]:
            start = line_no + 1 if page.number == page_no else 0
            for line in page.lines[start:]:
                if _INTRO.match(_unsmallcap(line.text.strip())) or sum(map(len, parts)) > 3000:
                    break
                parts.append(line.text.strip())
            else:
                continue
            break
        abstract = join_lines(parts)
    return title, abstract


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into running text, undoing end-of-line hyphenation ("pre-" + "training")."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
            out = out[:-1] + line
        else:
            out = f"{out} {line}" if out else line
    return out
