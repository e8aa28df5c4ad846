"""Fixtures for the checks in the web app: real PDFs with planted findings, submissions checked inline."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.engine.checks.paper_pdf import Section, Url, make_paper

TITLE = "Sparse Mixture Adapters for Open Foundation Models"
ABSTRACT = (
    "We present sparse mixture adapters, a parameter-efficient way to extend open foundation models "
    "with new skills. Adapters are trained independently by different groups and merged without "
    "retraining; on twelve open benchmarks they match full fine-tuning at a fraction of the compute."
)


def leaky_pdf(
    author: str = "Ada Author", email: str = "author@uni-c.edu", account: str = "adaauthor"
) -> bytes:
    """A 3-page paper that leaks its author (author block, PDF metadata, a personal GitHub account),
    promises code without a link and links a Hugging Face dataset."""
    body = [
        "Sparse mixture adapters extend open foundation models with new skills without retraining.",
        ["Our implementation is at", Url(f"https://github.com/{account}/sparse-adapters"), "for everyone."],
        ["The training data is on", Url("https://huggingface.co/datasets/open-data/mixture-corpus"), "."],
        "The model weights will be released upon acceptance.",
        "We train with AdamW, learning rate 3e-4, batch size 256 for 10k steps on 8 A100 GPUs.",
        "We evaluate on MMLU and GSM8K with accuracy as the metric, 5-shot, over three seeds.",
    ]
    return make_paper(
        title=TITLE,
        author_lines=[author, "University of C", email],
        abstract=ABSTRACT,
        sections=[Section("1 Introduction", body), Section("2 Method", body[:1])],
        references=["[1] A. Person. Adapters. 2023."],
        info={"Title": TITLE, "Author": author},
    )


def pdf_upload(data: bytes, name: str = "paper.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def checks_on(settings):
    """Checks after every upload, executed in the committing thread (no broker in tests)."""
    settings.CONFERO_CHECKS_ON_UPLOAD = True
    settings.CONFERO_CHECKS_INLINE = True
    settings.CONFERO_CHECKS_SCOPE_MODEL = "tfidf"
    return settings


@pytest.fixture
def submit(checks_on, make_data, django_capture_on_commit_callbacks):
    """submit(user, workshop=..., pdf=bytes, **fields) -> a submission created through the service, its
    check run executed after commit."""
    from confero.submissions.services import create_submission

    def make(user, workshop, pdf: bytes | None = None, **over):
        data = make_data(user, **over)
        if workshop.slug != "osfm":
            data.category = workshop.categories.first()
            data.primary_topic = workshop.topics.first()
        with django_capture_on_commit_callbacks(execute=True):
            return create_submission(
                workshop=workshop,
                user=user,
                data=data,
                pdf=pdf_upload(pdf or leaky_pdf(user.name, user.email)),
            )

    return make
