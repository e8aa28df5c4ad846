"""Fixtures for submission tests: real PDFs and a helper to build SubmissionData."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from confero.submissions.samplepdf import make_pdf


def paper_pages(main: int, refs: int = 1, appendix: int = 0) -> list[str]:
    pages = [f"Paper title\nSection {i + 1}\nSome main text on page {i + 1}." for i in range(main)]
    pages += ["References\n[1] A. Author. A paper. 2024."] + ["[2] More references."] * (refs - 1)
    pages += ["A Appendix\nProofs."] + ["More appendix."] * (appendix - 1) if appendix else []
    return pages


def pdf_file(main: int = 5, refs: int = 1, appendix: int = 0, name: str = "paper.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, make_pdf(paper_pages(main, refs, appendix)), content_type="application/pdf"
    )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Password hashing dominates set-up time otherwise (these tests are not about passwords)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def submission(workshop, author, make_data, django_capture_on_commit_callbacks):
    from confero.submissions.services import create_submission

    with django_capture_on_commit_callbacks(execute=True):
        return create_submission(workshop=workshop, user=author, data=make_data(author), pdf=pdf_file(5))
