"""The page check (readable PDF, main-text pages before references/appendix) as a CheckResult.

The logic is :func:`confero.engine.pdfcheck.inspect_pdf`; this module only reports it."""

from __future__ import annotations

from ..pdfcheck import PdfProblem, inspect_pdf
from .context import CheckContext
from .core import CheckResult, Finding

CHECK = "pages"


def check_pages(pdf_bytes: bytes, context: CheckContext) -> CheckResult:
    try:
        report = inspect_pdf(pdf_bytes)
    except PdfProblem as exc:
        return CheckResult.could_not(CHECK, str(exc))
    summary = {
        "pages": report.pages,
        "main_pages": report.main_pages,
        "references_page": report.references_page,
        "appendix_page": report.appendix_page,
        "max_pages": context.max_pages,
        "explanation": report.explanation,
    }
    findings = [
        Finding(CHECK, "page-count", "info", report.explanation[:1].upper() + report.explanation[1:] + ".")
    ]
    if context.max_pages is not None:
        try:
            report.check_page_limit(context.max_pages)
        except PdfProblem as exc:
            findings.append(
                Finding(
                    CHECK,
                    "too-long",
                    "error",
                    str(exc),
                    page=context.max_pages + 1,
                    evidence=report.explanation,
                    data={"main_pages": report.main_pages, "max_pages": context.max_pages},
                )
            )
    return CheckResult.done(CHECK, findings, summary)
