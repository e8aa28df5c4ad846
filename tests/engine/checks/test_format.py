"""The format check on real PDFs: paper size, margins, body font size, furniture that is not text."""

from __future__ import annotations

import io

import pytest
from paper_pdf import A4, Section, letter, make_paper
from reportlab.pdfgen import canvas

from confero.engine.checks import read_pdf
from confero.engine.checks.format import FormatSpec, check_format, paper_name

TEXT = ("Open foundation models are trained on public data and evaluated with open protocols. " * 30).split()


def paper(pages=2, **kw) -> bytes:
    return make_paper(sections=[Section(f"{i} Section", [TEXT, TEXT]) for i in range(1, pages + 1)], **kw)


def check(pdf, spec="iclr"):
    return check_format(read_pdf(pdf), spec)


def kinds(result):
    return [f.kind for f in result.findings]


def test_a_compliant_iclr_paper_passes_with_a_per_page_report():
    r = check(paper())
    assert r.status == "ok", r.findings
    assert r.summary["body_size"] == 10.0
    rows = r.summary["pages"]
    assert len(rows) >= 2 and all(row["ok"] for row in rows)
    first = rows[0]
    assert first["paper"] == "letter" and (first["width_in"], first["height_in"]) == (8.5, 11.0)
    assert first["margins_in"]["left"] == pytest.approx(1.5, abs=0.02)
    assert first["margins_in"]["right"] >= 1.5 - 0.06
    assert first["margins_in"]["top"] >= 0.95  # the running header and page number are not text block


def test_a4_paper_is_flagged():
    r = check(paper(page_size=A4, margins=(108, 100, 72, 72)))
    sizes = [f for f in r.findings if f.kind == "paper-size"]
    assert len(sizes) == 1 and sizes[0].severity == "error" and "a4" in sizes[0].message
    assert sizes[0].data["pages"] == list(range(1, len(r.summary["pages"]) + 1))
    assert check(
        paper(page_size=A4, margins=(72, 72, 72, 72)), "acl"
    ).findings == [] or "paper-size" not in kinds(check(paper(page_size=A4, margins=(72, 72, 72, 72)), "acl"))


@pytest.mark.parametrize(
    "margins,side",
    [
        ((108, 40, 72, 72), "right"),
        ((60, 108, 72, 72), "left"),
        ((108, 108, 72, 30), "bottom"),
        ((108, 108, 30, 72), "top"),
    ],
)
def test_text_in_a_margin_is_flagged_per_page(margins, side):
    r = check(paper(margins=margins, header=""))
    found = [f for f in r.findings if f.kind == "margin" and f.data["side"] == side]
    assert found, r.findings
    assert all(f.severity == "error" and f.page and f.evidence for f in found)
    assert {f.page for f in found} == {row["page"] for row in r.summary["pages"] if side in row["problems"]}
    assert not all(row["ok"] for row in r.summary["pages"])


def test_a_single_line_in_the_margin_is_reported_with_the_line():
    r = check(paper(extra=[(2, 560, 400, "A note squeezed into the right margin", 8)]))
    (f,) = [f for f in r.findings if f.kind == "margin"]
    assert f.page == 2 and f.data["side"] == "right" and "squeezed" in f.evidence


def test_small_body_font_is_an_error_for_iclr_but_fine_for_generic():
    pdf = paper(font_size=9)
    r = check(pdf, "iclr")
    (f,) = [f for f in r.findings if f.kind == "font-size"]
    assert f.severity == "error" and f.data["body_size"] == 9.0 and f.evidence
    assert "font-size" not in kinds(check(pdf, "generic"))


def _pdf_with(draw) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    y = 710
    c.setFont("Times-Roman", 10)
    for i in range(50):
        c.drawString(
            108, y, "Body text of the paper, one line after another, inside the text block. " + str(i)
        )
        y -= 12
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_arxiv_stamp_and_line_numbers_are_not_text_block():
    def draw(c):
        c.saveState()
        c.translate(30, 300)
        c.rotate(90)
        c.setFont("Times-Roman", 20)
        c.drawString(0, 0, "arXiv:2401.00001v1 [cs.LG] 1 Jan 2024")
        c.restoreState()
        c.setFont("Helvetica", 7)
        for i, yy in enumerate(range(720, 120, -12)):
            c.drawString(80, yy, str(i + 1))

    r = check(_pdf_with(draw))
    assert "margin" not in kinds(r), r.findings


def test_page_without_text_cannot_be_checked():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.rect(100, 100, 300, 300, fill=1)
    c.showPage()
    c.save()
    r = check(buf.getvalue())
    assert r.status == "could_not_check" and "no text" in r.reason


def test_custom_spec_and_paper_names():
    spec = FormatSpec("tight", ("letter",), 144, 144, 72, 72, 10.0)
    assert "margin" in kinds(check(paper(), spec))
    assert paper_name(595.3, 841.9) == "a4"
    assert paper_name(792, 612) == "letter landscape"
    assert paper_name(500, 700) == "6.94 x 9.72 in"
