"""Property-based tests (hypothesis) of the PDF check on damaged files: it never fails with anything but
a PdfProblem whose message says what is wrong, and a report it gives is consistent.

Every example runs in a child process with limits (confero.engine.sandbox): a hang or a crash of the
plain in-process check on a small damaged file shows up as a failure here instead of a stuck test
run. CONFERO_FUZZ_EXAMPLES sets the number of examples (default 150, spread over the kinds of damage, and a
fifth of it for the limited check; the counts in docs/benchmarks.md come from a longer run).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pdf_mutations import KINDS, REFUSAL, mutated_pdfs

from confero.engine.pdfcheck import PdfProblem, PdfReport, inspect_pdf, inspect_pdf_limited
from confero.engine.sandbox import LimitExceeded, run_limited

EXAMPLES = int(os.environ.get("CONFERO_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


def _consistent(report: PdfReport, size: int) -> None:
    assert report.pages >= 1 and 0 <= report.main_pages <= report.pages and report.size == size
    for page in (report.references_page, report.appendix_page):
        assert page is None or 1 <= page <= report.pages
    assert 1 <= report.pages_read <= report.pages
    assert "in total" in report.explanation or "so all pages count" in report.explanation


def _outcome(check, data: bytes) -> str:
    try:
        report = check(data)
    except PdfProblem as exc:
        message = str(exc)
        assert REFUSAL.match(message), message
        event(f"refused: {message.split('(')[0].split(';')[0].split(':')[0][:40]}")
        return "refused"
    _consistent(report, len(data))
    event("accepted")
    return "accepted"


@pytest.mark.parametrize("kind", KINDS)
@settings(FUZZ, max_examples=max(5, EXAMPLES // len(KINDS)))
@given(data=st.data())
def test_the_plain_check_refuses_damaged_pdfs_with_a_clear_message(kind, data):
    """EXAMPLES files in all, spread evenly over the kinds of damage."""
    _check_plain(data.draw(mutated_pdfs(kind), label="pdf"))


def _check_plain(data: bytes) -> None:
    def check(raw):
        return inspect_pdf(raw, 10_000_000, max_pages=50, main_limit=6)

    try:
        _outcome(lambda raw: run_limited(check, raw, cpu_seconds=10, memory_bytes=1_000_000_000), data)
    except LimitExceeded as exc:  # a small file must not take 10 s or a gigabyte, nor crash the reader
        pytest.fail(f"the plain check went over a limit ({exc}) on {len(data)} bytes: {data[:200]!r}")


@settings(FUZZ, max_examples=max(20, EXAMPLES // 5))
@given(mutated_pdfs())
def test_the_limited_check_refuses_damaged_pdfs_with_a_clear_message(data):
    _outcome(lambda raw: inspect_pdf_limited(raw, 10_000_000, max_pages=50, main_limit=6), data)


def test_the_refusal_pattern_knows_every_message_of_the_check():
    """REFUSAL (used by the properties above) must match each kind of refusal, so a new message cannot
    slip through the fuzz tests unexamined."""
    from hostile_pdfs import many_pages, raw_pdf
    from pdf_mutations import seeds

    from confero.engine.pdfcheck import _limit_message
    from confero.submissions.samplepdf import make_pdf

    bad = [
        b"",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
        b"plain text",
        many_pages(3)[:-300],
        seeds()[3],
        b"%PDF-1.4\ngarbage\n%%EOF\n",
        raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]),
        many_pages(51),
        many_pages(400).replace(b"/Count 400", b"/Count 1"),
        make_pdf(
            ["Main text."] * 6 + ["More main text.\nStill main text.\nAnd more.\nLast.\nReferences\n[1] x"]
        ),
        many_pages(20),
    ]
    messages = []
    for data in bad:
        with pytest.raises(PdfProblem) as exc:
            inspect_pdf(data, 1_000_000, max_pages=50, main_limit=6).check_page_limit(6)
        messages.append(str(exc.value))
    with pytest.raises(PdfProblem) as exc:
        inspect_pdf(b"%PDF-1.4\n" + b" " * 2_000_000 + b"%%EOF", 1_000_000)
    messages.append(str(exc.value))
    messages += [_limit_message(kind, 2) for kind in ("cpu", "memory", "crash")]
    assert len(set(messages)) == len(messages)
    for message in messages:
        assert REFUSAL.match(message), message
