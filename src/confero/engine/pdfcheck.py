"""Checks of an uploaded paper PDF: readable, not encrypted, within the size limit, and how many pages
of main text it has.

The main text ends where the references or the appendix start, whichever comes first. Those places
are found from the text of the pages: a line that on its own is a heading such as "References",
"7 References", "REFERENCES AND NOTES", "Bibliography", "Appendix", "A Appendix", "Appendix A: Proofs"
or "Supplementary Material". The word "references" inside a sentence is not a heading.

If the heading is at the top of its page (at most a running header or page number above it), the main
text ends on the page before; if it is further down, the main text ends on the heading's page (the
main text shares that page). When no heading is found, every page counts as main text and the report
says so. Pure Python + pypdf; no Django.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass

__all__ = ["PdfProblem", "PdfReport", "find_heading", "inspect_pdf"]


class PdfProblem(ValueError):
    """The file cannot be accepted; the message says why, in words an author understands."""


@dataclass(frozen=True)
class PdfReport:
    pages: int
    main_pages: int
    references_page: int | None  # 1-based page where the references heading is, or None
    appendix_page: int | None  # 1-based page where the appendix heading is, or None
    explanation: str
    size: int = 0

    def check_page_limit(self, max_pages: int, label: str = "") -> None:
        """Raise :class:`PdfProblem` when the main text is longer than ``max_pages``."""
        if self.main_pages > max_pages:
            what = f" for {label}" if label else ""
            raise PdfProblem(
                f"The main text is too long: {self.explanation}. The limit{what} is "
                f"{max_pages} pages of main text (references and appendix do not count). "
                f"The PDF was not accepted; please shorten the main text and upload again."
            )


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


def find_heading(page_texts: list[str], kind: str) -> tuple[int, bool] | None:
    """First page (1-based) with a ``kind`` ("references" or "appendix") heading and whether the heading
    is at the top of that page; None when there is none."""
    test = _is_reference_heading if kind == "references" else _is_appendix_heading
    for page_no, text in enumerate(page_texts, start=1):
        above_lines = above_chars = 0
        for raw in (text or "").splitlines():
            line = _normalise(raw)
            if not line:
                continue
            if len(line) <= 80 and any(test(v) for v in _variants(line)):
                return page_no, above_lines <= _TOP_SLACK_LINES and above_chars <= _TOP_SLACK_CHARS
            above_lines += 1
            above_chars += len(line)
    return None


def _read_bytes(data: bytes | str | os.PathLike, max_bytes: int | None) -> bytes:
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
    else:
        size = os.path.getsize(data)
        if max_bytes is not None and size > max_bytes:
            raise PdfProblem(_too_large(size, max_bytes))
        with open(data, "rb") as fh:
            raw = fh.read()
    return raw


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} kB"


def _too_large(size: int, max_bytes: int) -> str:
    return f"The file is {_mb(size)}; the limit is {_mb(max_bytes)}. Please upload a smaller PDF."


def _not_pdf_message(raw: bytes) -> str:
    kinds = {
        b"PK\x03\x04": "a ZIP/Word/OpenDocument file",
        b"\x89PNG": "a PNG image",
        b"\xff\xd8\xff": "a JPEG image",
        b"{\\rtf": "an RTF document",
        b"\xd0\xcf\x11\xe0": "an old Word/Office document",
    }
    found = next((name for magic, name in kinds.items() if raw.startswith(magic)), None)
    what = f"it looks like {found}" if found else "it does not start with the %PDF header"
    return f"This is not a PDF file ({what}). Please upload your paper as a PDF."


def inspect_pdf(data: bytes | str | os.PathLike, max_bytes: int | None = None) -> PdfReport:
    """Check a PDF and find its main-text length. Raises :class:`PdfProblem` for an empty, too large,
    non-PDF, encrypted or damaged file."""
    raw = _read_bytes(data, max_bytes)
    if not raw:
        raise PdfProblem("The file is empty (0 bytes). Please upload your paper as a PDF.")
    if max_bytes is not None and len(raw) > max_bytes:
        raise PdfProblem(_too_large(len(raw), max_bytes))
    if b"%PDF-" not in raw[:1024]:
        raise PdfProblem(_not_pdf_message(raw))
    if b"%%EOF" not in raw[-2048:]:
        raise PdfProblem(
            "The PDF is damaged or incomplete (its end-of-file marker is missing, as in a "
            "truncated upload). Please export it again and upload the new file."
        )
    page_texts = _extract(raw)
    return _report(page_texts, len(raw))


def _extract(raw: bytes) -> list[str]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            raise PdfProblem(
                "The PDF is encrypted or password-protected. Please upload a PDF without "
                "a password or restrictions (e.g. print it to a new PDF)."
            )
        n = len(reader.pages)
        if n == 0:
            raise PdfProblem("The PDF has no pages.")
        texts = []
        for page in reader.pages:
            try:
                texts.append(page.extract_text() or "")
            except (PyPdfError, KeyError, ValueError, TypeError, AttributeError, IndexError):
                texts.append("")  # one odd page (e.g. unusual fonts) does not make the PDF unreadable
        return texts
    except PdfProblem:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files; all mean "cannot read"
        raise PdfProblem(
            f"The PDF could not be read; it seems damaged ({type(exc).__name__}). "
            "Please export it again and upload the new file."
        ) from None


def _pages(n: int) -> str:
    return f"{n} page" if n == 1 else f"{n} pages"


def _report(page_texts: list[str], size: int) -> PdfReport:
    n = len(page_texts)
    refs = find_heading(page_texts, "references")
    app = find_heading(page_texts, "appendix")
    if refs is None and app is None:
        if not any(t.strip() for t in page_texts):
            why = "no text could be read from the PDF (scanned images?)"
        else:
            why = "no References, Bibliography or Appendix heading was found"
        return PdfReport(n, n, None, None, f"{_pages(n)} of main text ({why}, so all pages count)", size)
    # The main text ends at whichever starts first.
    candidates = []
    if refs:
        candidates.append((refs[0], refs[1], "the references start"))
    if app:
        candidates.append((app[0], app[1], "the appendix starts"))
    page, at_top, what = min(candidates, key=lambda c: (c[0], not c[1]))
    main = page - 1 if at_top else page
    parts = [f"{_pages(main)} of main text"]
    if not at_top:
        parts[0] += f" (the main text continues on page {page}, where {what})"
    if refs:
        parts.append(f"references from page {refs[0]}")
    if app:
        parts.append(f"appendix from page {app[0]}")
    return PdfReport(
        n,
        main,
        refs[0] if refs else None,
        app[0] if app else None,
        ", ".join(parts) + f"; {_pages(n)} in total",
        size,
    )
