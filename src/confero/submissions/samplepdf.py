"""A tiny, dependency-free writer of real PDF files: one text string per page, Helvetica.

Used by tests and by the demo data command to make PDFs whose page structure is known (e.g. a
"References" heading on page 7). Each ``\\n``-separated line of a page string becomes one text line;
long lines are not wrapped. The output has a correct cross-reference table, so strict readers
(pypdf, pdf.js, poppler) open it without repairs.
"""

from __future__ import annotations

__all__ = ["make_pdf"]

_PAGE_W, _PAGE_H = 612, 792  # US Letter in points
_FONT_SIZE = 11
_LEADING = 14
_MARGIN = 72


def _escape(line: str) -> bytes:
    """A PDF literal string body in WinAnsi (Latin-1 subset); unknown characters become '?'."""
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)").replace(b"\r", b"")


def _content_stream(text: str) -> bytes:
    out = [
        b"BT",
        f"/F1 {_FONT_SIZE} Tf".encode(),
        f"{_LEADING} TL".encode(),
        f"{_MARGIN} {_PAGE_H - _MARGIN} Td".encode(),
    ]
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append(b"T*")
        out.append(b"(" + _escape(line) + b") Tj")
    out.append(b"ET")
    return b"\n".join(out) + b"\n"


def make_pdf(pages: list[str], *, title: str = "") -> bytes:
    """Return the bytes of a PDF with one page per string in ``pages`` (at least one page)."""
    if not pages:
        raise ValueError("a PDF needs at least one page")
    n = len(pages)
    # Object numbers: 1 catalog, 2 pages tree, 3 font, 4 info, then (page, content) pairs.
    objects: list[bytes] = []
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(n))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Producer (Confero samplepdf) /Title (" + _escape(title) + b") >>")
    for i, text in enumerate(pages):
        content_num = 6 + 2 * i
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_W} {_PAGE_H}] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_num} 0 R >>".encode()
        )
        stream = _content_stream(text)
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"endstream")

    buf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(buf))
        buf += f"{num} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(buf)
    buf += f"xref\n0 {len(objects) + 1}\n".encode()
    buf += b"0000000000 65535 f \n"
    for off in offsets:
        buf += f"{off:010d} 00000 n \n".encode()
    buf += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return bytes(buf)
