"""A reviewer's main path in a real Chromium: write a draft (saved automatically), reload, submit, read the
other reviews, post in the discussion — and the same review form without JavaScript."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from confero.reviews import services
from confero.reviews.models import Comment, Review
from tests.reviews.conftest import FULL, switch, team  # noqa: F401 - the fixture is used below

PASSWORD = "correct-horse-9"


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_reviewer_drafts_reloads_submits_reads_and_discusses(page, screenshot, team):  # noqa: F811
    bob = team.reviewers["B"]
    services.submit_review(
        team.paper, user=bob, answers={**FULL, "summary": "Bob's view: solid work."}, expected_version=0
    )
    switch(team.workshop, "discussion")
    log_in(page, team.reviewers["A"].email)
    page.goto("/osfm/review/")
    expect(page.get_by_role("cell", name="not started")).to_be_visible()
    page.get_by_role("link", name="Write review").click()
    expect(page.get_by_role("heading", name=re.compile("^Review: Open data"))).to_be_visible()

    page.get_by_label(re.compile("^Summary")).fill("A careful study of *open* checkpoints.")
    expect(page.locator(".autosave-status")).to_contain_text("Draft saved automatically", timeout=15_000)
    assert Review.objects.get(reviewer=team.reviewers["A"]).answers["summary"].startswith("A careful study")
    page.get_by_role("button", name="Preview").first.click()
    expect(page.locator(".preview").first).to_contain_text("A careful study of open checkpoints.")
    expect(page.locator(".preview em").first).to_have_text("open")
    screenshot("reviewer-draft")

    page.reload()
    expect(page.get_by_label(re.compile("^Summary"))).to_have_value("A careful study of *open* checkpoints.")
    page.get_by_label(re.compile("^Strengths")).fill("Releases everything.")
    page.get_by_label(re.compile("^Weaknesses")).fill("A single benchmark.")
    page.get_by_label(re.compile("^Openness")).fill("Weights, code and data are public.")
    page.get_by_label(re.compile("^Overall score")).select_option("8")
    page.get_by_label(re.compile("^Confidence")).select_option("4")
    page.get_by_label(re.compile("^Oral or award")).select_option("oral")
    page.get_by_label(re.compile("^Confidential comments")).fill("Nothing to add.")
    page.get_by_role("button", name="Submit review").click()

    expect(page.get_by_text("Your review was submitted")).to_be_visible()
    expect(page.get_by_role("heading", name="Your submitted review")).to_be_visible()
    other = page.locator("article.review", has=page.get_by_role("heading", name=re.compile("^Reviewer B")))
    expect(other).to_contain_text("Bob's view: solid work.")
    expect(other).not_to_contain_text(FULL["confidential"])  # B's confidential note is for organizers
    expect(page.locator("main")).not_to_contain_text("Bob Reviewer")
    expect(page.locator("main")).not_to_contain_text("Ada Author")

    page.get_by_label("Your post").fill("I agree with **Reviewer B** on the benchmark.")
    page.get_by_role("button", name="Post", exact=True).click()
    post = page.locator("article.post").first
    expect(post).to_contain_text("Reviewer A (you)")
    expect(post.locator("strong", has_text="Reviewer B")).to_be_visible()
    screenshot("reviewer-discussion")
    assert Comment.objects.get().author_label == "Reviewer A"
    review = Review.objects.get(reviewer=team.reviewers["A"])
    assert review.status == "submitted" and review.overall == 8 and review.versions.count() == 1


def test_the_review_form_works_without_javascript(browser, live_server, team):  # noqa: F811
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, team.reviewers["C"].email)
        page.goto("/osfm/review/1/edit/")
        expect(page.get_by_role("button", name="Preview")).to_have_count(1)  # only the form's own button
        page.get_by_label(re.compile("^Summary")).fill("Written without **scripts**.")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_text("Draft saved")).to_be_visible()
        expect(page.get_by_label(re.compile("^Summary"))).to_have_value("Written without **scripts**.")
        page.get_by_role("button", name="Preview").click()
        expect(page.locator(".preview strong")).to_have_text("scripts")
        assert Review.objects.get(reviewer=team.reviewers["C"]).status == "draft"
    finally:
        context.close()
