"""Hypothesis strategy of damaged PDFs for the fuzz tests of the PDF check and the upload service.

Seeds are real PDFs (Confero's samplepdf writer, ReportLab with compressed streams, a figure drawn as a
form XObject, an RC4-encrypted file); each example applies one kind of damage to one seed: truncation,
flipped bytes, inserted garbage, deleted ranges, a broken cross-reference table, a wrong startxref,
absurd declared page counts or stream lengths, halves of two files spliced together, or replaces the
file with a zero-byte file, random bytes, or another format. ``event()`` labels each example so that
``pytest --hypothesis-show-statistics`` shows how often each kind was tried.
"""

from __future__ import annotations

import functools
import io
import re

from hypothesis import event
from hypothesis import strategies as st

# Every refusal starts like one of these (see confero.engine.pdfcheck): it says what is wrong.
REFUSAL = re.compile(
    r"^(The file is empty \(0 bytes\)|The file is [\d.]+ [kM]B; the limit is"
    r"|This is not a PDF file \(it (looks like|does not start with)"
    r"|The PDF is damaged or incomplete \(its end-of-file marker is missing"
    r"|The PDF is encrypted or password-protected|The PDF has no pages that can be read"
    r"|The PDF has (more than )?[\d,]+ pages( or a damaged list of pages)?; this workshop accepts at most"
    r"|The PDF could not be read; it seems damaged \(\w+\)|The PDF could not be read \(the reader stopped"
    r"|The PDF needs too much memory|The PDF is too complex to check: reading it took more than"
    r"|The main text is too long: )"
)

KINDS = [
    "truncate",
    "flip",
    "insert",
    "delete",
    "xref",
    "startxref",
    "count",
    "length",
    "splice",
    "zero-byte",
    "random-bytes",
    "other-format",
    "pdf-header-garbage",
    "encrypted",
    "intact",
]


@functools.cache
def seeds() -> tuple[bytes, ...]:
    from hostile_pdfs import raw_pdf
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from confero.submissions.samplepdf import make_pdf

    plain = make_pdf(
        ["Title\nSome main text."] * 4 + ["References\n[1] A. Author. 2024.", "A Appendix\nProofs."]
    )
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
    for page in range(1, 6):
        c.setFont("Helvetica", 10)
        c.drawString(72, 800, f"Page {page}: main text of the paper.")
        if page == 4:
            c.setFont("Helvetica-Bold", 14)
            c.drawString(72, 760, "REFERENCES")
        c.showPage()
    c.save()
    compressed = buf.getvalue()
    form_text = b"BT /F1 11 Tf 10 10 Td (References) Tj ET"
    form = (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << /Font << /F1 3 0 R >> >>"
        b" /Length %d >>\nstream\n" % len(form_text) + form_text + b"\nendstream"
    )
    content = b"/Fig Do\n"
    with_form = raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            form,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >>"
            b" /XObject << /Fig 5 0 R >> >> /Contents 4 0 R >>",
        ]
    )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return plain, compressed, with_form, out.getvalue()


def _replace_numbers(data: bytes, key: bytes, value: bytes) -> bytes:
    return re.sub(rb"(" + re.escape(key) + rb"\s+)-?\d+", lambda m: m.group(1) + value, data)


@st.composite
def mutated_pdfs(draw, kind: str | None = None) -> bytes:
    """One damaged (or, for "intact", undamaged) PDF; with ``kind`` always that kind of damage."""
    kind = kind or draw(st.sampled_from(KINDS))
    event(f"damage: {kind}")
    all_seeds = seeds()
    seed = draw(st.sampled_from(all_seeds[:3]))
    data = bytearray(seed)
    n = len(data)
    if kind == "truncate":
        return bytes(data[: draw(st.integers(0, n - 1))])
    if kind == "flip":
        for _ in range(draw(st.integers(1, 40))):
            data[draw(st.integers(0, n - 1))] ^= draw(st.integers(1, 255))
        return bytes(data)
    if kind == "insert":
        at = draw(st.integers(0, n))
        data[at:at] = draw(st.binary(min_size=1, max_size=300))
        return bytes(data)
    if kind == "delete":
        at = draw(st.integers(0, n - 1))
        del data[at : at + draw(st.integers(1, 400))]
        return bytes(data)
    if kind == "xref":
        start = seed.find(b"\nxref")
        if start < 0:  # ReportLab writes a classic table too; keep a fallback anyway
            start = n // 2
        for _ in range(draw(st.integers(1, 30))):
            at = draw(st.integers(start, n - 1))
            data[at] = draw(st.sampled_from(b"0123456789 nf\n"))
        return bytes(data)
    if kind == "startxref":
        value = draw(
            st.one_of(
                st.integers(-100, 2 * n).map(str),
                st.sampled_from(["", "abc", "1e9", "99999999999999999999", "-0", "0x10"]),
            )
        )
        return re.sub(rb"startxref\s+\S+", b"startxref\n" + value.encode(), seed)
    if kind == "count":
        value = draw(
            st.one_of(
                st.integers(-(2**40), 2**70).map(str),
                st.sampled_from(["0", "1", "2147483647", "1.5e30", "/Name", "(x)", "[]", "null", "-0.5"]),
            )
        )
        return _replace_numbers(seed, b"/Count", value.encode())
    if kind == "length":
        value = str(draw(st.integers(-10, 10**12))).encode()
        return _replace_numbers(seed, b"/Length", value)
    if kind == "splice":
        other = draw(st.sampled_from(all_seeds))
        return seed[: draw(st.integers(0, n))] + other[draw(st.integers(0, len(other))) :]
    if kind == "zero-byte":
        return b""
    if kind == "random-bytes":
        return draw(st.binary(max_size=3000))
    if kind == "other-format":
        magic = draw(
            st.sampled_from(
                [
                    b"PK\x03\x04",
                    b"\x89PNG\r\n\x1a\n",
                    b"\xff\xd8\xff\xe0",
                    b"{\\rtf1",
                    b"\xd0\xcf\x11\xe0",
                    b"GIF89a",
                ]
            )
        )
        return magic + draw(st.binary(max_size=500))
    if kind == "pdf-header-garbage":
        return b"%PDF-1.7\n" + draw(st.binary(max_size=3000)) + b"\n%%EOF\n"
    if kind == "encrypted":
        enc = bytearray(all_seeds[3])
        for _ in range(draw(st.integers(0, 5))):
            enc[draw(st.integers(0, len(enc) - 1))] ^= draw(st.integers(1, 255))
        return bytes(enc)
    return bytes(data)  # intact
