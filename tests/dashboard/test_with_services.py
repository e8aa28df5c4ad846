"""Submissions made through the real submission service show up on the dashboard and in exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse


@pytest.fixture
def real_submission(workshop, author):
    from confero.submissions.data import AuthorData, SubmissionData
    from confero.submissions.samplepdf import make_pdf
    from confero.submissions.services import create_submission

    data = SubmissionData(
        title='Serviced, "quoted" title',
        abstract="An abstract about open evaluation.",
        category=workshop.categories.get(key="short"),
        primary_topic=workshop.topics.get(key="open-evaluation"),
        secondary_topic=workshop.topics.get(key="open-agents"),
        authors=[
            AuthorData(author.name, author.email, "Uni C"),
            AuthorData("Ben Coauthor", "ben@uni-d.edu", ""),
        ],
        artifacts=[("code", "https://github.com/example/repo", "")],
        previously_published=False,
        policies_agreed=True,
    )
    pdf = SimpleUploadedFile(
        "paper.pdf", make_pdf(["Introduction", "Method", "References"]), content_type="application/pdf"
    )
    return create_submission(workshop=workshop, user=author, data=data, pdf=pdf)


def test_service_submission_on_dashboard_export_and_audit(client, organizer, real_submission):
    client.force_login(organizer)
    html = client.get(reverse("dashboard:index", args=["osfm"]), {"q": "Coauthor"}).content.decode()
    assert "Serviced, &quot;quoted&quot; title" in html and "Ben Coauthor" in html
    out = io.StringIO()
    call_command("export", "submissions", "--workshop", "osfm", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert len(rows) == 1
    row = rows[0]
    assert row["title"] == 'Serviced, "quoted" title'
    assert row["author_emails"] == "author@uni-c.edu; ben@uni-d.edu"
    assert row["pdf_pages"] == str(real_submission.pdf_pages) and row["version"] == "1"
    assert row["secondary_topic"] == "open-agents"
    audit = client.get(reverse("audit:index", args=["osfm"])).content.decode()
    assert "submission.created" in audit
