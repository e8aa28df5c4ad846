"""The PDF reviewers download has no author metadata (document information, XMP, annotation authors) and
a neutral file name; the authors' own file is left as it was."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Text
from pypdf.generic import DecodedStreamObject, NameObject, TextStringObject

from confero.reviews.anonymous_pdf import strip_metadata
from confero.submissions.samplepdf import make_pdf
from tests.submissions.conftest import paper_pages

from .conftest import switch

NAME = "Ada Lovelace-Author"


def pdf_with_author_metadata() -> bytes:
    """A real paper PDF whose information dictionary, XMP stream, page XMP and a comment name the author."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(paper_pages(5), title="Open data"))))
    writer.add_metadata({"/Author": NAME, "/Creator": f"LaTeX of {NAME}", "/Title": "Open data"})
    xmp = DecodedStreamObject()
    xmp.set_data(
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{NAME}</dc:creator>'
        "</rdf:Description></rdf:RDF></x:xmpmeta>".encode()
    )
    xmp.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    ref = writer._add_object(xmp)
    writer.root_object[NameObject("/Metadata")] = ref
    writer.pages[0][NameObject("/Metadata")] = ref
    writer.add_annotation(page_number=1, annotation=Text(text="check this table", rect=(50, 550, 200, 650)))
    writer.pages[1]["/Annots"][0].get_object()[NameObject("/T")] = TextStringObject(NAME)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_strip_metadata_removes_every_trace_of_the_name():
    original = pdf_with_author_metadata()
    assert NAME.encode() in original and PdfReader(io.BytesIO(original)).metadata.author == NAME
    cleaned = strip_metadata(original)
    assert NAME.encode() not in cleaned and b"Lovelace" not in cleaned
    reader = PdfReader(io.BytesIO(cleaned))
    assert reader.metadata is None and reader.xmp_metadata is None
    assert len(reader.pages) == 6 and "Section 2" in reader.pages[1].extract_text()
    assert reader.pages[1]["/Annots"][0].get_object()["/Contents"] == "check this table"


def test_reviewers_download_the_stripped_pdf_under_a_neutral_name(
    client, team, make_data, django_capture_on_commit_callbacks
):
    from confero.submissions.services import update_submission

    upload = SimpleUploadedFile(
        "ada-lovelace-paper.pdf", pdf_with_author_metadata(), content_type="application/pdf"
    )
    switch(team.workshop, "submission", team.author)  # authors change their PDF while submissions are open
    with django_capture_on_commit_callbacks(execute=True):
        paper = update_submission(
            team.paper,
            user=team.author,
            data=make_data(team.author),
            pdf=upload,
            expected_version=team.paper.version,
        )
    switch(team.workshop, "reviewing", team.reviewers["A"])
    client.force_login(team.reviewers["A"])
    response = client.get(reverse("reviews:pdf", args=["osfm", paper.number]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="osfm-paper-1.pdf"'
    assert NAME.encode() not in response.content and b"Lovelace" not in response.content
    assert PdfReader(io.BytesIO(response.content)).metadata is None
    client.force_login(team.author)  # the authors' own download is their file, unchanged
    own = b"".join(client.get(reverse("submissions:pdf", args=["osfm", paper.number])).streaming_content)
    assert NAME.encode() in own
