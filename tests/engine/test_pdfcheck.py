"""PDF checks on real PDFs: made with confero's samplepdf writer, reportlab and pypdf (encryption)."""

from __future__ import annotations

import io

import pytest

from confero.engine.pdfcheck import PdfProblem, find_heading, inspect_pdf
from confero.submissions.samplepdf import make_pdf

BODY = "Some text of the paper.\nIt continues with results and discussion."


def pages_with(heading: str, at: int, total: int, top: bool = True) -> list[str]:
    """``total`` pages; page ``at`` (1-based) has ``heading`` at the top (after a running header) or lower."""
    pages = []
    for p in range(1, total + 1):
        if p == at:
            above = (
                "Under review as a workshop paper\n" if top else BODY + "\n" + BODY + "\nlast lines of text\n"
            )
            pages.append(above + heading + "\n[1] A. Author. Title. 2024.")
        else:
            pages.append(f"Under review as a workshop paper\n{BODY}\n{p}")
    return pages


@pytest.mark.parametrize("total,ref_page", [(3, 3), (6, 5), (10, 10), (12, 8), (15, 11)])
def test_references_on_known_page(total, ref_page):
    report = inspect_pdf(make_pdf(pages_with("References", ref_page, total)))
    assert report.pages == total
    assert report.references_page == ref_page
    assert report.main_pages == ref_page - 1
    assert f"{ref_page - 1} pages of main text" in report.explanation
    assert f"references from page {ref_page}" in report.explanation


@pytest.mark.parametrize(
    "heading",
    [
        "References",
        "REFERENCES",
        "7 References",
        "7. References",
        "VII. REFERENCES",
        "References and Notes",
        "Bibliography",
        "BIBLIOGRAPHY",
        "R EFERENCES",
        "References:",
        "Literature Cited",
        "6.1 References",
        "8 R EFERENCES",
    ],
)
def test_reference_heading_variants(heading):
    report = inspect_pdf(make_pdf(pages_with(heading, 7, 9)))
    assert (report.references_page, report.main_pages) == (7, 6)


@pytest.mark.parametrize(
    "heading",
    [
        "Appendix",
        "APPENDIX",
        "A Appendix",
        "A APPENDIX",
        "Appendix A",
        "Appendix A: Proofs",
        "Appendix B. Additional Experiments",
        "Appendices",
        "Supplementary Material",
        "SUPPLEMENTARY MATERIALS",
        "A PPENDIX",
        "Appendix A Proofs of the Main Theorems",
        "Appendix A:",
        "Appendix C — Datasheet",
        "B. Appendix",
        "APPENDIX A ADDITIONAL RESULTS",
    ],
)
def test_appendix_heading_variants(heading):
    report = inspect_pdf(make_pdf(pages_with(heading, 6, 8)))
    assert report.appendix_page == 6
    assert report.references_page is None
    assert report.main_pages == 5
    assert "appendix from page 6" in report.explanation


@pytest.mark.parametrize(
    "line",
    [
        "The references we cite below show that this is common.",
        "see References [3] and [4] for details",
        "Appendix A contains the proofs of Theorem 1 and Lemma 2.",
        "appendix a shows more results",
        "We thank the reviewers. References to prior work were added.",
        "Bibliography management was done with BibTeX and many other tools in the pipeline",
        "references",
        "Appendix.",
        "Appendix A.",
        "Appendix A. We then evaluate the model on three benchmarks and",
        "Appendix B: We show that the bound is tight for all",
    ],
)
def test_words_inside_sentences_are_not_headings(line):
    pages = [f"Title\n{BODY}\n{line}\n{BODY}"] * 4
    report = inspect_pdf(make_pdf(pages))
    assert (report.references_page, report.appendix_page, report.main_pages) == (None, None, 4)
    assert "no References, Bibliography or Appendix heading was found" in report.explanation
    assert "all pages count" in report.explanation


def test_heading_lower_on_the_page_counts_that_page_as_main_text():
    report = inspect_pdf(make_pdf(pages_with("References", 10, 12, top=False)))
    assert report.references_page == 10
    assert report.main_pages == 10
    assert "continues on page 10" in report.explanation


def test_appendix_before_references_ends_main_text_at_the_appendix():
    pages = [BODY] * 5 + ["Appendix A: Proofs\n" + BODY, BODY, "References\n[1] x"]
    report = inspect_pdf(make_pdf(pages))
    assert (report.appendix_page, report.references_page, report.main_pages) == (6, 8, 5)


def test_references_then_appendix():
    pages = [BODY] * 9 + ["References\n[1] x", "[2] y", "A Appendix\nproofs", "more"]
    report = inspect_pdf(make_pdf(pages))
    assert (report.main_pages, report.references_page, report.appendix_page, report.pages) == (9, 10, 12, 13)
    assert report.explanation.startswith(
        "9 pages of main text, references from page 10, appendix from page 12"
    )


def test_first_heading_wins_when_the_word_repeats_later():
    pages = [BODY] * 4 + ["References\n[1] x", "References\n[2] duplicated heading"]
    assert inspect_pdf(make_pdf(pages)).references_page == 5


def test_one_page_counts_singular():
    report = inspect_pdf(make_pdf([BODY, "References\n[1] x"]))
    assert report.explanation.startswith("1 page of main text")


def test_pages_without_text_say_so():
    report = inspect_pdf(make_pdf(["", "", ""]))
    assert report.main_pages == 3
    assert "no text could be read" in report.explanation


def test_find_heading_reports_position():
    assert find_heading(["x", "header\nReferences"], "references") == (2, True)
    assert find_heading(["a\nb\nc\nd\ne\nReferences"], "references") == (1, False)
    assert find_heading(["nothing here"], "appendix") is None


def test_reportlab_pdf_with_bold_numbered_heading():
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for page in range(1, 12):
        c.setFont("Helvetica", 10)
        c.drawString(72, 800, "Published as a workshop paper at ICLR 2025")
        if page == 9:
            c.setFont("Helvetica-Bold", 14)
            c.drawString(72, 760, "8   REFERENCES")
            c.setFont("Helvetica", 10)
            c.drawString(72, 740, "Ada Lovelace. Notes on the analytical engine. 1843.")
        else:
            for i in range(40):
                c.drawString(
                    72, 760 - 14 * i, f"Line {i} of page {page}: the method uses references to data."
                )
        c.drawString(300, 40, str(page))
        c.showPage()
    c.save()
    report = inspect_pdf(buf.getvalue())
    assert (report.pages, report.references_page, report.main_pages) == (11, 9, 8)


def test_path_input(tmp_path):
    path = tmp_path / "p.pdf"
    path.write_bytes(make_pdf(pages_with("References", 4, 5)))
    assert inspect_pdf(path).main_pages == 3
    with pytest.raises(PdfProblem, match="limit"):
        inspect_pdf(path, max_bytes=100)


def test_page_limit_explains_what_was_found():
    report = inspect_pdf(make_pdf(pages_with("References", 11, 12)))
    report.check_page_limit(10)
    with pytest.raises(PdfProblem) as exc:
        report.check_page_limit(9, "Regular paper")
    msg = str(exc.value)
    assert "10 pages of main text" in msg and "references from page 11" in msg
    assert "9 pages" in msg and "Regular paper" in msg and "not accepted" in msg


# --- files that must be refused --------------------------------------------------------------------


def test_empty_file():
    with pytest.raises(PdfProblem, match="empty"):
        inspect_pdf(b"")


def test_too_large_is_refused_before_parsing():
    data = make_pdf([BODY] * 3)
    with pytest.raises(PdfProblem, match="limit"):
        inspect_pdf(data, max_bytes=len(data) - 1)
    assert inspect_pdf(data, max_bytes=len(data)).pages == 3


@pytest.mark.parametrize(
    "data,hint",
    [
        (b"Hello, this is a text file pretending to be a PDF\n", "does not start with the %PDF header"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG image"),
        (b"PK\x03\x04" + b"\x00" * 100, "ZIP/Word"),
        (b"{\\rtf1\\ansi hello}", "RTF"),
    ],
)
def test_not_a_pdf(data, hint):
    with pytest.raises(PdfProblem, match="not a PDF") as exc:
        inspect_pdf(data)
    assert hint in str(exc.value)


def _encrypted(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([BODY] * 3))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("password", ["secret", ""])
def test_encrypted_is_refused_even_without_user_password(password):
    with pytest.raises(PdfProblem, match="encrypted"):
        inspect_pdf(_encrypted(password))


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.8, 0.97])
def test_truncated_is_refused(fraction):
    data = make_pdf([BODY] * 6)
    with pytest.raises(PdfProblem, match="damaged or incomplete"):
        inspect_pdf(data[: int(len(data) * fraction)])


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\ngarbage that is no PDF structure\n%%EOF\n",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    ],
)
def test_broken_structure_is_refused(data):
    with pytest.raises(PdfProblem, match="could not be read"):
        inspect_pdf(data)
