"""The PDF check's bounds (issue 6, finding 5): the total-page cap decided from the page tree before any
text is read, reading stops once the verdict is known, and hostile files are stopped by the CPU-time
and memory limits of the child process. Every PDF here is a real file (tests/hostile_pdfs.py)."""

from __future__ import annotations

import pytest
from hostile_pdfs import form_bomb, many_pages, memory_bomb, nested_array_bomb, raw_pdf, shared_content_bomb

from confero.engine.pdfcheck import PdfProblem, inspect_pdf, inspect_pdf_limited


@pytest.fixture
def pages_read(monkeypatch):
    """How many times pypdf extracted a page's text during the test."""
    from pypdf import PageObject

    calls = []
    original = PageObject.extract_text

    def spy(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", spy)
    return calls


# --- total-page cap ----------------------------------------------------------------------------------


def test_2002_pages_with_one_page_of_main_text_are_refused_before_any_text_is_read(pages_read):
    data = many_pages(2002, main=1)
    assert inspect_pdf(data).main_pages == 1  # accepted without a cap: the finding
    pages_read.clear()
    with pytest.raises(PdfProblem) as exc:
        inspect_pdf(data, max_pages=50, main_limit=9)
    assert str(exc.value) == (
        "The PDF has 2,002 pages; this workshop accepts at most 50 pages in total (main text, "
        "references and appendix together). Please upload a shorter PDF."
    )
    assert pages_read == []


def test_9_mb_of_20000_pages_is_refused_from_the_page_count(pages_read):
    data = many_pages(20000, lines=2)
    assert len(data) > 9_000_000
    with pytest.raises(PdfProblem, match="has 20,000 pages; this workshop accepts at most 50 pages"):
        inspect_pdf_limited(data, max_bytes=10_000_000, max_pages=50, main_limit=9)
    with pytest.raises(PdfProblem, match="20,000 pages"):
        inspect_pdf(data, max_pages=50, main_limit=9)
    assert pages_read == []


def test_the_cap_itself_is_allowed_one_more_page_is_not():
    assert inspect_pdf(many_pages(50, main=9), max_pages=50).pages == 50
    with pytest.raises(PdfProblem, match="has 51 pages; this workshop accepts at most 50 pages"):
        inspect_pdf(many_pages(51, main=9), max_pages=50)


def _tree(declared: int, real: int) -> bytes:
    """A PDF whose page tree declares ``declared`` pages (/Count) and has ``real`` page objects."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(real))
    content = b"BT /F1 11 Tf 72 700 Td (Some main text.) Tj ET\n"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, declared),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        ]
        + [page] * real
    )


def test_a_page_tree_that_hides_its_size_is_still_capped():
    with pytest.raises(
        PdfProblem,
        match="has more than 50 pages or a damaged list of pages; this workshop accepts at most 50",
    ):
        inspect_pdf(_tree(declared=1, real=400), max_pages=50)


def test_a_huge_declared_page_count_is_not_believed_over_the_real_pages():
    report = inspect_pdf(_tree(declared=2_000_000_000, real=3), max_pages=50)
    assert report.pages == 3


# --- reading stops once the verdict is known -------------------------------------------------------


def test_pages_without_a_heading_beyond_the_limit_stop_the_reading(pages_read):
    report = inspect_pdf(many_pages(50, lines=30), max_pages=50, main_limit=9)
    assert len(pages_read) == 10 and report.pages_read == 10
    assert report.main_pages_lower_bound and report.main_pages == 10 and report.pages == 50
    assert report.explanation == (
        "more than 9 pages of main text (no References, Bibliography or Appendix heading on pages 1\u201310); "
        "50 pages in total"
    )
    with pytest.raises(PdfProblem) as exc:
        report.check_page_limit(9, "Regular paper")
    assert str(exc.value).startswith("The main text is too long: more than 9 pages of main text")
    assert "The limit for Regular paper is 9 pages of main text" in str(exc.value)


def test_the_first_heading_decides_and_ends_the_reading(pages_read):
    pages = ["Main text."] * 9 + ["References\n[1] x", "[2] y", "A Appendix\nproofs", "more"]
    from confero.submissions.samplepdf import make_pdf

    data = make_pdf(pages)
    report = inspect_pdf(data, main_limit=9)
    assert (report.main_pages, report.references_page, report.appendix_page) == (9, 10, None)
    assert len(pages_read) == 10 and not report.main_pages_lower_bound
    report.check_page_limit(9)
    full = inspect_pdf(data)  # without a limit (the check-pdf command) every page is read
    assert (full.main_pages, full.references_page, full.appendix_page, full.pages_read) == (9, 10, 12, 13)


def test_a_heading_lower_on_the_first_page_past_the_limit_gives_the_exact_length():
    from confero.submissions.samplepdf import make_pdf

    pages = ["Main text."] * 9 + [
        "More main text.\nStill main text.\nAnd more.\nLast line.\nReferences\n[1] x"
    ]
    report = inspect_pdf(make_pdf(pages + ["[2] y"] * 5), main_limit=9)
    assert (report.main_pages, report.main_pages_lower_bound, report.pages_read) == (10, False, 10)


def test_no_lower_bound_when_the_last_page_is_reached():
    report = inspect_pdf(many_pages(10), main_limit=9)
    assert (report.main_pages, report.main_pages_lower_bound) == (10, False)
    assert "so all pages count" in report.explanation


def test_pages_without_text_say_so_when_reading_stops():
    from confero.submissions.samplepdf import make_pdf

    report = inspect_pdf(make_pdf([""] * 30), main_limit=6)
    assert report.main_pages_lower_bound
    assert "no text could be read from pages 1\u20137 (scanned images?)" in report.explanation


# --- figures (form XObjects) -----------------------------------------------------------------------


def _page_with_form(page_text: bytes, form_text: bytes) -> bytes:
    def stream(data: bytes, extra: bytes = b"") -> bytes:
        return b"<< %s/Length %d >>\nstream\n" % (extra, len(data)) + data + b"\nendstream"

    form = stream(
        b"BT /F1 11 Tf 10 10 Td (" + form_text + b") Tj ET\n",
        b"/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << /Font << /F1 3 0 R >> >> ",
    )
    content = (b"BT /F1 11 Tf 72 740 Td (" + page_text + b") Tj ET\n" if page_text else b"") + b"/Fig Do\n"
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >>"
        b" /XObject << /Fig 5 0 R >> >> /Contents 4 0 R >>"
    )
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [6 0 R 7 0 R] /Count 2 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            stream(content),
            form,
            page,
            page,
        ]
    )


def test_text_inside_a_figure_is_not_read_when_the_page_has_text_of_its_own():
    report = inspect_pdf(_page_with_form(b"Main text of the paper", b"References"))
    assert report.references_page is None and report.main_pages == 2


def test_a_page_drawn_entirely_from_another_pdf_is_read_with_its_forms():
    """LaTeX pdfpages puts each included page into a form XObject; such pages have no text of their own."""
    report = inspect_pdf(_page_with_form(b"", b"References"))
    assert report.references_page == 1 and report.main_pages == 0


# --- hostile files: the child process's limits -----------------------------------------------------


def test_a_compressed_content_stream_shared_by_every_page_is_stopped_by_the_cpu_limit():
    data = shared_content_bomb(pages=20, ops=100_000)
    assert len(data) < 20_000
    with pytest.raises(PdfProblem) as exc:
        inspect_pdf_limited(data, max_bytes=10_000_000, max_pages=50, main_limit=9, cpu_seconds=1)
    assert str(exc.value).startswith("The PDF is too complex to check: reading it took more than 1 s")


def test_a_page_dictionary_full_of_nested_arrays_is_stopped_by_the_cpu_limit():
    with pytest.raises(PdfProblem, match="too complex to check"):
        inspect_pdf_limited(nested_array_bomb(arrays=25), max_bytes=10_000_000, max_pages=50, cpu_seconds=1)


def test_a_form_drawn_many_times_costs_nothing_when_the_page_has_text():
    report = inspect_pdf_limited(form_bomb(200, 20_000), max_pages=50, main_limit=9, cpu_seconds=1)
    assert report.main_pages == 1


def test_streams_that_expand_to_gigabytes_are_stopped_by_the_memory_limit():
    data = memory_bomb(pages=40, mb_per_page=60)  # 2.3 MB that a plain check holds as 2.4 GB
    with pytest.raises(PdfProblem) as exc:
        inspect_pdf_limited(data, max_pages=50, cpu_seconds=10, memory_bytes=300_000_000)
    assert str(exc.value).startswith("The PDF needs too much memory to read")


def test_the_limited_check_gives_the_same_report_as_the_plain_one():
    data = many_pages(12, main=9)
    assert inspect_pdf_limited(data, max_pages=50, main_limit=9) == inspect_pdf(
        data, max_pages=50, main_limit=9
    )


def test_the_limited_check_passes_problems_through():
    with pytest.raises(PdfProblem, match="has 51 pages"):
        inspect_pdf_limited(many_pages(51), max_pages=50)
    with pytest.raises(PdfProblem, match="empty"):
        inspect_pdf_limited(b"")


@pytest.mark.parametrize("count", [b"99999999999999999999", b"-1", b"1.5e30", b"/Name"])
def test_absurd_declared_page_counts_are_ignored_for_the_real_pages(count):
    data = many_pages(3, main=2).replace(b"/Count 3", b"/Count " + count)
    assert inspect_pdf_limited(data, max_pages=50, main_limit=9).pages == 3


def test_an_empty_page_list_is_refused():
    data = raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
    with pytest.raises(PdfProblem, match="has no pages that can be read"):
        inspect_pdf_limited(data, max_pages=50)
