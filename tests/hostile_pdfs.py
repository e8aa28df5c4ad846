"""Real PDF files that are cheap to make and expensive to check: the inputs of the PDF regression tests
and of bench/pdf_upload.py (which imports this module so that it measures what the tests assert).

Each builder writes a complete PDF with a correct cross-reference table; pypdf opens them without
repairs. Sizes are parameters so tests stay fast and the bench can use the full-size attack.
"""

from __future__ import annotations

import zlib

from confero.submissions.samplepdf import make_pdf

__all__ = [
    "form_bomb",
    "many_pages",
    "memory_bomb",
    "nested_array_bomb",
    "raw_pdf",
    "shared_content_bomb",
]

_LINE = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."


def raw_pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF whose object ``i`` (1-based) is ``objects[i - 1]``, with a correct xref table."""
    buf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(buf))
        buf += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref_at = len(buf)
    buf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        buf += b"%010d 00000 n \n" % off
    buf += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref_at,
    )
    return bytes(buf)


def _stream(data: bytes, compress: bool = True) -> bytes:
    if compress:
        body = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def many_pages(total: int, *, main: int | None = None, lines: int = 2) -> bytes:
    """``total`` text pages; a References heading at the top of page ``main + 1`` (none if ``main`` is
    None, so every page is main text). ``lines`` lines of filler per page (about 80 bytes each)."""
    filler = "\n".join([_LINE] * lines)
    pages = []
    for p in range(1, total + 1):
        if main is not None and p == main + 1:
            pages.append("References\n[1] A. Author. A paper. 2024.")
        else:
            pages.append(f"Section {p}\n{filler}")
    return make_pdf(pages)


_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _kids(first: int, n: int) -> bytes:
    refs = b" ".join(b"%d 0 R" % (first + i) for i in range(n))
    return b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, n)


def shared_content_bomb(pages: int = 10, ops: int = 100_000) -> bytes:
    """``pages`` pages that all show the same compressed content stream of ``ops`` text operations
    (about 25 bytes each before compression): a few kB on disk, seconds of text extraction per page."""
    content = b"BT /F1 11 Tf 72 700 Td\n" + b"(Lorem ipsum) Tj 0 -1 Td\n" * ops + b"ET\n"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    return raw_pdf([_CATALOG, _kids(5, pages), _FONT, _stream(content)] + [page] * pages)


def form_bomb(invocations: int = 200, ops: int = 20_000) -> bytes:
    """One page that draws the same text-bearing form XObject ``invocations`` times."""
    form_content = b"BT /F1 11 Tf 72 700 Td\n" + b"(Lorem ipsum) Tj 0 -1 Td\n" * ops + b"ET\n"
    body = zlib.compress(form_content, 9)
    form = (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
        b" /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"
    )
    content = b"BT /F1 11 Tf 72 740 Td (Title) Tj ET\n" + b"/X1 Do\n" * invocations
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >>"
        b" /XObject << /X1 5 0 R >> >> /Contents 4 0 R >>"
    )
    return raw_pdf([_CATALOG, _kids(6, 1), _FONT, _stream(content), form, page])


def nested_array_bomb(arrays: int = 50, elements: int = 90_000) -> bytes:
    """One page whose dictionary holds an array of ``arrays`` arrays of ``elements`` zeros: about
    2 x arrays x elements bytes that a PDF reader must tokenize to read the page at all."""
    inner = b"[" + b"0 " * elements + b"]"
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
        b" /Contents 4 0 R /Junk [" + inner * arrays + b"] >>"
    )
    content = b"BT /F1 11 Tf 72 700 Td (A page of main text.) Tj ET\n"
    return raw_pdf([_CATALOG, _kids(5, 1), _FONT, _stream(content, compress=False), page])


def memory_bomb(pages: int = 40, mb_per_page: int = 60) -> bytes:
    """``pages`` pages, each with its own content stream of ``mb_per_page`` MB of zeros compressed to
    about 1/1000: a reader that keeps decoded streams needs pages x mb_per_page MB of memory."""
    content = _stream(b"0 " * (mb_per_page * 500_000))
    kids = b" ".join(b"%d 0 R" % (4 + pages + i) for i in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
    return raw_pdf(
        [_CATALOG, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages), _FONT]
        + [content] * pages
        + [page % (4 + i) for i in range(pages)]
    )
