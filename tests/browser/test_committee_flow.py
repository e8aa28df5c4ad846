"""Browser journeys of issue 7's first two steps: a PC member accepts and completes onboarding; an
organizer runs conflict detection and works through the queue (real Chromium against the live server)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from confero.committee.models import CommitteeMember, Publication
from confero.conflicts.models import Conflict
from confero.people import invitations
from confero.people.models import Affiliation, Role
from confero.submissions.models import Submission, SubmissionAuthor

from .test_author_flow import PASSWORD, log_in, wait_for_mail

pytestmark = pytest.mark.django_db(transaction=True)

BIB = b"""@inproceedings{rr2024, title = {Open Weights at Scale}, author = {Reviewer, Rita and Coauthor, Carl},
  year = {2024}}
@article{rr2021, title = {Reproducible Training Logs}, author = {Rita Reviewer}, year = {2021}}
"""


def paper(workshop, organizer, number, title, authors):
    sub = Submission.objects.create(
        workshop=workshop, number=number, title=title, abstract="Abstract.", category=workshop.categories.first(),
        primary_topic=workshop.topics.first(), previously_published=False, policies_agreed=True, created_by=organizer,
    )  # fmt: skip
    for i, (name, email, affiliation) in enumerate(authors):
        SubmissionAuthor.objects.create(
            submission=sub, order=i, name=name, email=email, affiliation=affiliation
        )
    return sub


def test_pc_member_onboarding(page, live_server, workshop, organizer, make_user, mailoutbox, screenshot):
    paper(
        workshop,
        organizer,
        1,
        "Scaling open data pipelines",
        [("Secret Author", "sa@hidden.example", "Hidden U")],
    )
    paper(workshop, organizer, 2, "Evaluating open models", [("Other Author", "oa@else.example", "Else U")])
    rita = make_user(email="rita@uni-b.edu", name="Rita Reviewer")
    invitation = invitations.invite(workshop, "rita@uni-b.edu", "Rita Reviewer", Role.Kind.PC, by=organizer)
    mail = wait_for_mail(mailoutbox, lambda m: "rita@uni-b.edu" in m.to, page)
    path = re.search(r"https?://[^/\s]+(/\S*)", mail.body).group(1)

    log_in(page, rita.email, PASSWORD, next_url=path)
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("you are now program committee member")).to_be_visible()
    assert CommitteeMember.objects.filter(workshop=workshop, user=rita).exists()
    invitation.refresh_from_db()

    page.goto("/osfm/review/onboarding/")
    expect(page.get_by_role("heading", name=re.compile("Joining the program committee"))).to_be_visible()
    expect(page.get_by_text("5 of 5 step(s) left")).to_be_visible()
    screenshot("committee-onboarding-start")

    # Affiliations and research areas live on the profile page.
    page.get_by_role("link", name="Edit affiliations on your profile page").click()
    page.locator('input[name="aff-0-institution"]').fill("University B")
    page.locator('input[name="aff-0-email_domain"]').fill("uni-b.edu")
    page.locator('input[name="aff-0-start_year"]').fill("2019")
    page.get_by_label("Machine learning").check()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Profile saved.")).to_be_visible()

    # Publications: a BibTeX file, then one typed in.
    page.goto("/osfm/review/onboarding/")
    page.get_by_role("link", name="Your publications").click()
    page.get_by_label("BibTeX (.bib)").check()
    page.get_by_label("File").set_input_files({"name": "rita.bib", "mimeType": "text/plain", "buffer": BIB})
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("2 publication(s) added from rita.bib.")).to_be_visible()
    expect(page.get_by_role("rowheader", name=re.compile("Open Weights at Scale"))).to_be_visible()
    page.get_by_label("Title").fill("Notes on open evaluation")
    page.get_by_label("Authors").fill("Rita Reviewer\nDana Ito")
    page.get_by_label("Year").fill("2023")
    page.get_by_role("button", name="Add publication").click()
    expect(page.get_by_text("3 publication(s)")).to_be_visible()
    screenshot("committee-publications")

    # Load and confirmation.
    page.get_by_role("link", name="← Onboarding checklist").click()
    page.get_by_label("Maximum number of papers you will review").fill("4")
    page.get_by_role("button", name="Save load").click()
    expect(page.get_by_text("Maximum load set to 4.")).to_be_visible()
    page.get_by_role("button", name="Confirm my profile").click()
    expect(page.get_by_text("your profile is confirmed")).to_be_visible()

    # Conflicts: titles only (double-blind).
    page.get_by_role("link", name="Declare your conflicts").click()
    expect(page.get_by_text("Scaling open data pipelines")).to_be_visible()
    expect(page.get_by_text("Secret Author")).to_have_count(0)
    reason = page.get_by_label("Reason for #1")
    expect(reason).to_be_hidden()  # shown once the paper is ticked
    page.get_by_label("Scaling open data pipelines").check()
    reason.fill("my former student")
    screenshot("committee-declare")
    page.get_by_role("button", name="Save my conflicts").click()
    expect(page.get_by_text("Your conflicts are saved (1 added).")).to_be_visible()
    row = Conflict.objects.get(person=rita)
    assert (row.submission.number, row.status, row.origin, row.reason) == (
        1,
        "confirmed",
        "reviewer",
        "my former student",
    )

    page.get_by_role("link", name="← Onboarding checklist").click()
    expect(page.get_by_text("All done")).to_be_visible()
    screenshot("committee-onboarding-done")
    member = CommitteeMember.objects.get(workshop=workshop, user=rita)
    assert member.max_load == 4 and member.profile_confirmed_at and member.conflicts_declared_at
    assert Publication.objects.filter(user=rita).count() == 3
    assert Affiliation.objects.get(user=rita).email_domain == "uni-b.edu"


def test_organizer_conflict_queue(page, live_server, workshop, organizer, make_user, screenshot):
    def pc(email, name):
        user = make_user(email=email, name=name)
        Role.objects.create(workshop=workshop, user=user, kind=Role.Kind.PC)
        return user

    rita = pc("rita@uni-b.edu", "Rita Reviewer")
    Affiliation.objects.create(
        user=rita, institution="University B", email_domain="uni-b.edu", start_year=2019
    )
    paul = pc("paul@paul-home.example", "Paul Past")
    Affiliation.objects.create(
        user=paul, institution="University D", email_domain="uni-d.edu", start_year=2015, end_year=2024
    )
    ada = pc("ada@ada-home.example", "Ada Author")
    paper(workshop, organizer, 1, "Open data", [("Bob Bee", "bob@uni-b.edu", "Uni B")])
    paper(workshop, organizer, 2, "Open training", [("Dora Dee", "dora@uni-d.edu", "University D")])
    paper(
        workshop, organizer, 3, "Open agents", [("Ada Author", "ada.author@somewhere.example", "Somewhere")]
    )

    log_in(page, organizer.email, PASSWORD)
    page.goto("/osfm/manage/")
    page.get_by_role("link", name="Conflicts").click()
    expect(page.get_by_role("heading", name="Conflicts of interest")).to_be_visible()
    page.get_by_role("button", name="Run detection").click()
    expect(
        page.get_by_text(re.compile(r"Detection done .*1 newly confirmed \(certain\), 2 new to review"))
    ).to_be_visible()
    expect(page.get_by_text("2 conflict(s) — potential")).to_be_visible()
    former = page.locator("article.conflict", has_text="Paul Past")
    expect(former.get_by_text(re.compile(r"former institution: uni-d.edu \(until 2024\)"))).to_be_visible()
    expect(former.locator("mark", has_text="dora@uni-d.edu")).to_be_visible()  # the evidence, side by side
    expect(former.locator("mark", has_text="uni-d.edu")).to_have_count(2)
    screenshot("conflicts-queue")

    # One by one: dismiss Paul's former institution (he left two years ago).
    former.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_text("#2 × Paul Past: dismissed.")).to_be_visible()
    # In bulk: tick all on the page (JavaScript) and confirm.
    page.get_by_label("Tick all on this page").check()
    page.get_by_role("button", name="Confirm ticked").click()
    expect(page.get_by_text("1 conflict(s) confirmed.")).to_be_visible()
    expect(page.get_by_text("Nothing here.")).to_be_visible()
    assert {
        (c.submission.number, c.person.name): c.status
        for c in Conflict.objects.select_related("submission", "person")
    } == {
        (1, "Rita Reviewer"): "confirmed",
        (2, "Paul Past"): "dismissed",
        (3, "Ada Author"): "confirmed",
    }

    # By hand.
    page.get_by_label("Person", exact=True).select_option(label=f"Ada Author <{ada.email}>")
    page.get_by_label("Submission number").fill("2")
    page.get_by_label("Reason", exact=True).fill("shares a grant")
    page.get_by_role("button", name="Record conflict").click()
    expect(page.get_by_text("Conflict of Ada Author with #2 recorded.")).to_be_visible()
    page.get_by_label("Status", exact=True).select_option(label="Confirmed")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("article.conflict")).to_have_count(3)
    screenshot("conflicts-confirmed")

    # The committee page: who is incomplete, a reminder.
    page.get_by_role("link", name="Committee").click()
    expect(page.get_by_text("3 member(s), 0 with every step done")).to_be_visible()
    page.locator("tr", has_text="Paul Past").get_by_role("button", name="Remind").click()
    expect(page.get_by_text("Reminder sent to paul@paul-home.example.")).to_be_visible()
    expect(page.locator("tr", has_text="Paul Past").get_by_role("button", name="Remind")).to_have_count(0)
    screenshot("committee-manage")
