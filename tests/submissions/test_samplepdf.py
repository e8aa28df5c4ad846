"""samplepdf writes real PDFs that a strict reader accepts, with the text where it was put."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from confero.submissions.samplepdf import make_pdf


def test_strict_reader_reads_pages_and_text():
    pages = ["Title (draft)\nback\\slash", "References\n[1] Müller, 2024 — “quotes”", "third"]
    data = make_pdf(pages, title="A (test)")
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert len(reader.pages) == 3
    texts = [p.extract_text() for p in reader.pages]
    assert texts[0].splitlines() == ["Title (draft)", "back\\slash"]
    assert "Müller" in texts[1] and "“quotes”" in texts[1]
    assert reader.metadata.title == "A (test)"


def test_xref_offsets_point_at_objects():
    data = make_pdf(["a", "b"])
    start = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[start:].startswith(b"xref")
    entries = re.findall(rb"(\d{10}) 00000 n ", data[start:])
    for num, off in enumerate(entries, start=1):
        assert data[int(off) :].startswith(f"{num} 0 obj".encode())


def test_needs_a_page():
    with pytest.raises(ValueError):
        make_pdf([])
