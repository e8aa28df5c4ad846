"""Browser journey of the camera-ready: the author of an accepted paper follows the link on the decision
page, fills in the details, uploads the final PDF and a poster, sees an over-long PDF refused, and the
published files are then served to anyone without login; the organizer sees the paper complete."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_author_flow import PASSWORD, log_in, paper, upload
from tests.camera.conftest import pdf_of_size

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def accepted_paper(workshop, organizer, make_user):
    from confero.decisions.models import Decision
    from confero.phases import services as phases
    from confero.submissions.models import SubmissionAuthor
    from tests.program.conftest import make_paper

    ana = make_user(email="ana@uni-a.edu", name="Ana Lee", password=PASSWORD)
    sub = make_paper(
        workshop, 1, organizer, authors=[("Ana Lee", "ana@uni-a.edu"), ("Cy Diaz", "cy@uni-c.edu")], topic=0
    )
    SubmissionAuthor.objects.filter(submission=sub, email="ana@uni-a.edu").update(
        user=ana, affiliation="Uni A"
    )
    Decision.objects.filter(submission=sub).update(released_outcome="accept", released_at=timezone.now())
    phases.switch_to(workshop, "camera_ready", actor=organizer)
    return ana, sub


def test_author_completes_the_camera_ready_and_it_is_public(
    page, live_server, workshop, organizer, accepted_paper, screenshot
):
    ana, sub = accepted_paper
    log_in(page, ana.email)
    page.goto(f"/osfm/submissions/{sub.number}/decision/")
    page.get_by_role("link", name=re.compile("Upload the camera-ready version")).click()
    expect(page.get_by_role("heading", name=re.compile("^Camera-ready of"))).to_be_visible()
    expect(page.get_by_text("Still missing:")).to_be_visible()

    page.get_by_label("Final title").fill("Open weights, open data: the final version")
    page.get_by_label("Name (author 2)").fill("Cy Díaz")
    page.get_by_label("Affiliation (author 2)").fill("Uni C")
    page.get_by_label("Artifact 1: address").fill("https://github.com/osfm/open-weights")
    page.get_by_label("Artifact 1: label").fill("training code")
    page.get_by_label("Publish the paper (non-archival)").select_option("yes")
    page.get_by_label("Presenting author").select_option(label="Cy Diaz")
    page.get_by_label("The presenter attends").select_option("in_person")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("Camera-ready details saved.")).to_be_visible()

    page.get_by_label("Final PDF").set_input_files(upload(paper(12), "long.pdf"))
    page.get_by_role("button", name="Upload").first.click()
    expect(page.get_by_text(re.compile("The main text is too long"))).to_be_visible()

    page.get_by_label("Final PDF").set_input_files(upload(paper(6), "final.pdf"))
    page.get_by_role("button", name="Upload").first.click()
    expect(page.get_by_text("Final PDF uploaded and checked.")).to_be_visible()
    page.get_by_label("Poster (PDF of one page, or PNG)").set_input_files(
        upload(pdf_of_size(2384, 3370), "poster.pdf")
    )
    page.get_by_role("button", name="Upload").nth(1).click()
    expect(page.get_by_text("Poster uploaded and checked.")).to_be_visible()
    expect(page.get_by_text("Everything is in.")).to_be_visible()
    screenshot("camera-ready-author")

    # Anyone, without logging in, gets the published files.
    anonymous = page.context.browser.new_context(base_url=live_server.url)
    response = anonymous.request.get(f"/osfm/papers/{sub.number}/paper/")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert anonymous.request.get(f"/osfm/papers/{sub.number}/video/").status == 404
    anonymous.close()

    page.get_by_role("button", name="Log out").click()
    log_in(page, organizer.email)
    page.goto("/osfm/manage/camera-ready/")
    row = page.get_by_role("row", name=re.compile("Open weights, open data: the final version"))
    expect(row.get_by_text("complete")).to_be_visible()
    expect(row.get_by_text("Cy Díaz")).to_be_visible()
    screenshot("camera-ready-organizer")
