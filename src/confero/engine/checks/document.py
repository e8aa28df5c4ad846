"""One reading of a PDF for every check: text lines with positions and font sizes, link annotations,
the Info dictionary and the XMP packet (pdfminer.six).

Coordinates are PDF points with the origin at the lower-left corner of the page as displayed (the
MediaBox, rotation applied). A file that cannot be read raises :class:`UnreadablePdf` with a reason
written for authors; the checks turn it into "could not check".
"""

from __future__ import annotations

import io
import logging
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Annotation", "Line", "Page", "PdfDocument", "UnreadablePdf", "read_pdf"]


class UnreadablePdf(Exception):
    """The PDF cannot be read; the message says why."""


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    baseline: float
    size: float  # most common character size on the line, in points
    font: str
    chars: int
    upright: bool = True  # False for rotated text such as an arXiv stamp in the margin


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line]
    size_counts: Counter = field(default_factory=Counter)  # size rounded to 0.1 pt -> characters

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Annotation:
    """A link annotation: ``uri`` (http(s), mailto, ...) and its rectangle on ``page``."""

    page: int
    uri: str
    rect: tuple[float, float, float, float]


@dataclass
class PdfDocument:
    pages: list[Page]
    page_count: int  # pages in the file; more than len(pages) when only the first pages were read
    annotations: list[Annotation]
    info: dict[str, str]
    xmp: str = ""

    @property
    def truncated(self) -> bool:
        return self.page_count > len(self.pages)


def _decode(value: object) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    value = resolve1(value)
    if isinstance(value, bytes):
        return decode_text(value).replace("\x00", "").strip()
    if isinstance(value, PSLiteral):
        return str(value.name)
    if isinstance(value, str | int | float):
        return str(value)
    return ""


def _info(doc) -> dict[str, str]:
    from pdfminer.pdftypes import resolve1

    out: dict[str, str] = {}
    for entry in doc.info or []:
        entry = resolve1(entry)
        if not isinstance(entry, dict):
            continue
        for key, value in entry.items():
            text = _decode(value)
            if text:
                out[str(key)] = text
    return out


def _xmp(doc) -> str:
    from pdfminer.pdftypes import PDFStream, resolve1

    meta = resolve1(doc.catalog.get("Metadata")) if isinstance(doc.catalog, dict) else None
    if not isinstance(meta, PDFStream):
        return ""
    try:
        return meta.get_data()[:2_000_000].decode("utf-8", errors="replace")
    except Exception:  # an undecodable stream is no metadata
        return ""


def _annotations(page, number: int) -> list[Annotation]:
    from pdfminer.pdftypes import resolve1

    out = []
    x0, y0 = page.mediabox[0], page.mediabox[1]
    for ref in resolve1(page.annots) or []:
        annot = resolve1(ref)
        if not isinstance(annot, dict) or _decode(annot.get("Subtype")) != "Link":
            continue
        action = resolve1(annot.get("A"))
        if not isinstance(action, dict) or _decode(action.get("S")) != "URI":
            continue
        uri = _decode(action.get("URI"))
        rect = resolve1(annot.get("Rect")) or (0, 0, 0, 0)
        try:
            r = tuple(float(resolve1(v)) for v in rect[:4])
        except (TypeError, ValueError):
            r = (0.0, 0.0, 0.0, 0.0)
        if uri and len(r) == 4:
            out.append(Annotation(number, uri, (r[0] - x0, r[1] - y0, r[2] - x0, r[3] - y0)))
    return out


def _lines(layout) -> tuple[list[Line], Counter]:
    from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

    lines: list[Line] = []
    counts: Counter = Counter()

    def visit(obj) -> None:
        if isinstance(obj, LTTextLine):
            chars = [c for c in obj if isinstance(c, LTChar)]
            text = obj.get_text().strip()
            if not chars or not text:
                return
            sizes = Counter(round(c.size, 1) for c in chars if c.get_text().strip())
            if not sizes:
                return
            upright = all(c.upright for c in chars)
            if upright:
                counts.update(sizes)
            fonts = Counter(c.fontname for c in chars)
            lines.append(
                Line(
                    text=text,
                    x0=obj.x0,
                    y0=obj.y0,
                    x1=obj.x1,
                    y1=obj.y1,
                    baseline=min(c.matrix[5] for c in chars) if upright else obj.y0,
                    size=sizes.most_common(1)[0][0],
                    font=fonts.most_common(1)[0][0],
                    chars=sum(sizes.values()),
                    upright=upright,
                )
            )
        elif isinstance(obj, LTTextContainer):
            for child in obj:
                visit(child)

    for element in layout:
        if isinstance(element, LTTextContainer):
            visit(element)
    return lines, counts


def read_pdf(data: bytes, max_pages: int = 100) -> PdfDocument:
    """Read ``data`` (the bytes of a PDF); only the first ``max_pages`` pages are laid out."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    if not data:
        raise UnreadablePdf("the file is empty")
    if b"%PDF-" not in data[:1024]:
        raise UnreadablePdf("the file is not a PDF (no %PDF header)")
    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        info, xmp = _info(doc), _xmp(doc)
        manager = PDFResourceManager(caching=True)
        device = PDFPageAggregator(manager, laparams=LAParams())
        interpreter = PDFPageInterpreter(manager, device)
        pages: list[Page] = []
        annotations: list[Annotation] = []
        count = 0
        for number, page in enumerate(PDFPage.create_pages(doc), start=1):
            count = number
            if number > max_pages:
                continue
            annotations.extend(_annotations(page, number))
            interpreter.process_page(page)
            layout = device.get_result()
            lines, counts = _lines(layout)
            pages.append(Page(number, layout.width, layout.height, lines, counts))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadablePdf("the PDF is encrypted with a password") from None
    except UnreadablePdf:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged files; all mean "cannot read"
        raise UnreadablePdf(f"the PDF could not be read; it seems damaged ({type(exc).__name__})") from None
    if not pages:
        raise UnreadablePdf("the PDF has no pages")
    return PdfDocument(pages, count, annotations, info, xmp)
