"""Checking and storing uploaded PDFs. Every version's file is kept under
``submissions/<workshop slug>/<number>/v<version>-<sha8>.pdf`` in Django's default storage."""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from confero.engine.pdfcheck import PdfProblem, PdfReport, inspect_pdf_limited

MB = 1_000_000
CHECK_CPU_SECONDS = 2  # CPU time the check of one upload may use; papers need a fraction of a second


@dataclass(frozen=True)
class CheckedPdf:
    data: bytes
    sha256: str
    report: PdfReport


def max_bytes(workshop) -> int:
    return workshop.max_pdf_mb * MB


def check_upload(pdf, *, workshop, category) -> CheckedPdf:
    """Read and check an uploaded file (Django File/UploadedFile or bytes). Raises a ValidationError on
    the ``pdf`` field with the explanation. The work is bounded: the size is checked before the file is
    read, the total page count (``workshop.max_pdf_pages``) before any page's text is read, text is read
    only until the verdict on the category's page limit is known, and parsing runs in a child process
    with a CPU-time and memory limit (:func:`confero.engine.pdfcheck.inspect_pdf_limited`)."""
    limit = max_bytes(workshop)
    size = getattr(pdf, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            {
                "pdf": f"The file is {size / MB:.1f} MB; the limit is {workshop.max_pdf_mb} MB. "
                "Please upload a smaller PDF."
            }
        )
    if isinstance(pdf, (bytes, bytearray)):
        data = bytes(pdf)
    else:
        if hasattr(pdf, "seek"):
            pdf.seek(0)
        data = pdf.read(limit + 1)  # never more than one byte over the limit
    try:
        report = inspect_pdf_limited(
            data,
            max_bytes=limit,
            max_pages=workshop.max_pdf_pages,
            main_limit=category.max_pages if category is not None else None,
            cpu_seconds=CHECK_CPU_SECONDS,
        )
        if category is not None:
            report.check_page_limit(category.max_pages, category.title)
    except PdfProblem as exc:
        raise ValidationError({"pdf": str(exc)}) from None
    return CheckedPdf(data, hashlib.sha256(data).hexdigest(), report)


def check_stored_against(submission, category) -> None:
    """When only the category changes, the stored PDF must fit the new category's page limit."""
    if submission.pdf_main_pages > category.max_pages:
        raise ValidationError(
            {
                "category": (
                    f"The current PDF has {submission.pdf_main_pages} pages of main text; {category.title} allows "
                    f"{category.max_pages}. Upload a shorter PDF together with the category change."
                )
            }
        )


def store(checked: CheckedPdf, *, workshop, number: int, version: int) -> str:
    """Save the PDF bytes and return the storage name."""
    name = f"submissions/{workshop.slug}/{number}/v{version}-{checked.sha256[:8]}.pdf"
    return default_storage.save(name, ContentFile(checked.data))


def discard(name: str) -> None:
    """Remove a file stored during a change that was then rolled back."""
    if name:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


def summary(submission) -> str:
    """The stored PDF check result in words, e.g. '9 pages of main text, references from page 10'."""
    if not submission.pdf:
        return "no PDF"
    parts = [f"{submission.pdf_main_pages} page{'s' if submission.pdf_main_pages != 1 else ''} of main text"]
    if submission.pdf_references_page:
        parts.append(f"references from page {submission.pdf_references_page}")
    if submission.pdf_appendix_page:
        parts.append(f"appendix from page {submission.pdf_appendix_page}")
    if not submission.pdf_references_page and not submission.pdf_appendix_page:
        parts.append("no references or appendix heading found")
    return ", ".join(parts) + f"; {submission.pdf_pages} pages in total"
