"""Browser journey of the decision step: an organizer stages a decision, previews the mail, releases it;
the author follows the mail's link and reads the decision and the reviews meant for authors."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_author_flow import PASSWORD, create_submission, log_in, wait_for_mail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reviewed_paper(workshop, organizer, author, pc_member):
    from confero.matching.models import Assignment
    from confero.phases import services as phases
    from confero.reviews.models import Review, ReviewQuestion

    paper = create_submission(workshop, author, title="Open weights, open data")
    ReviewQuestion.objects.create(workshop=workshop, key="summary", label="Summary", kind="text", position=0)
    ReviewQuestion.objects.create(
        workshop=workshop, key="overall", label="Overall score", kind="score", min_value=1, max_value=10,
        role="overall", position=1,
    )  # fmt: skip
    ReviewQuestion.objects.create(
        workshop=workshop, key="confidential", label="Confidential comments", kind="text", audience="organizers", position=2
    )  # fmt: skip
    assignment = Assignment.objects.create(
        workshop=workshop, submission=paper, reviewer=pc_member, label="A", origin="manual"
    )
    Review.objects.create(
        assignment=assignment,
        submission=paper,
        reviewer=pc_member,
        status="submitted",
        submitted_at=timezone.now(),
        answers={
            "summary": "A careful **open** release.",
            "overall": 8,
            "confidential": "Chairs only: fine.",
        },
        overall=8,
    )
    phases.switch_to(workshop, "decision", actor=organizer)
    return paper


def test_organizer_stages_previews_and_releases_the_author_reads_it(
    page, live_server, workshop, organizer, author, reviewed_paper, screenshot
):
    from confero.phases import services as phases

    log_in(page, organizer.email, PASSWORD)
    page.goto("/osfm/manage/decisions/")
    expect(page.get_by_role("heading", name=re.compile("^Decisions"))).to_be_visible()
    page.get_by_role("link", name="Open weights, open data").click()
    expect(page.get_by_text("A careful")).to_be_visible()
    expect(page.get_by_text("Chairs only: fine.")).to_be_visible()  # organizers read everything
    page.get_by_role("radio", name="Accept").check()
    page.get_by_label("Note to the authors").fill("Please bring a poster.")
    page.get_by_role("button", name="Stage").click()
    expect(page.get_by_text("staged, not released")).to_be_visible()
    screenshot("decisions-paper-staged")

    page.get_by_role("link", name="Preview the mail to the authors").click()
    preview = page.locator("pre.mail")
    expect(preview).to_contain_text("Please bring a poster.")
    expect(preview).to_contain_text("Reviewer A")
    expect(preview).to_contain_text("A careful **open** release.")
    expect(preview).not_to_contain_text("Chairs only")
    expect(preview).not_to_contain_text("Rita Reviewer")
    page.get_by_label("Subject").fill("[{acronym}] Good news for #{number}")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".preview-subject")).to_have_text("[OS-FMs] Good news for #1")
    screenshot("decisions-mail-preview")

    page.get_by_role("link", name="Release", exact=True).click()
    expect(page.get_by_role("checkbox", name=re.compile("#1 Open weights"))).to_be_checked()
    page.get_by_role("button", name=re.compile("^Release the chosen decisions")).click()
    expect(page.get_by_text("1 decision(s) released")).to_be_visible()
    expect(page.get_by_role("cell", name="sent")).to_be_visible()
    screenshot("decisions-notices")

    sent = wait_for_mail(mail.outbox, lambda m: m.subject == "[OS-FMs] Good news for #1", page)
    assert "Chairs only" not in sent.body and "Rita" not in sent.body
    path = re.search(r"https?://[^/\s]+(/osfm/submissions/1/decision/)", sent.body).group(1)

    phases.switch_to(workshop, "released", actor=organizer)
    page.get_by_role("button", name="Log out").click()
    log_in(page, author.email, PASSWORD)
    page.goto(path)  # the link in the author's mail
    expect(page.get_by_role("heading", name="Accepted")).to_be_visible()
    expect(page.get_by_text("Please bring a poster.")).to_be_visible()
    expect(page.get_by_role("heading", name="Reviewer A")).to_be_visible()
    expect(page.get_by_text("8 (scale 1–10)")).to_be_visible()
    expect(page.get_by_text("Chairs only")).to_have_count(0)
    expect(page.get_by_text("Rita Reviewer")).to_have_count(0)
    screenshot("decisions-author")
