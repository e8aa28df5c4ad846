"""Browser journeys of bidding (a PC member; with and without JavaScript) and of a matching run from
start to publication (an organizer), in a real Chromium against the live server. The run goes to a
real background thread; the run page refreshes itself until the result is there."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from confero.bidding.models import Bid
from confero.conflicts.models import Conflict
from confero.matching.models import Assignment, MatchingRun
from tests.browser.test_author_flow import PASSWORD, log_in
from tests.matching.conftest import _own_data_dir, bidding_phase, committee, papers  # noqa: F401


@pytest.fixture
def bidding_scene(workshop, organizer, papers, committee, bidding_phase):  # noqa: F811
    from confero.bidding import affinity, services

    subs = papers(30)
    members = committee(4)
    affinity.compute(workshop)
    services.set_min_bids(organizer, workshop, 3)
    return subs, members


def test_a_pc_member_bids_without_reloading_the_page(page, bidding_scene, screenshot):
    subs, members = bidding_scene
    me = members[1]
    log_in(page, me.email, PASSWORD, next_url="/osfm/review/bids/")
    expect(page.get_by_role("heading", name=re.compile("^Bidding"))).to_be_visible()
    counter = page.locator("#bid-counter")
    expect(counter).to_contain_text("You have bid on 0 of the 3 asked")
    first = page.locator("tbody tr").first
    expect(first).to_contain_text(subs[1].title)  # the paper closest to the member's publications
    page.evaluate("window.__notReloaded = true")
    first.get_by_label(re.compile("Your bid on")).select_option(label="Very high")
    expect(page.locator(f"#bid-row-{subs[1].number}")).to_contain_text("saved", timeout=15_000)
    expect(counter).to_contain_text("You have bid on 1 of the 3 asked", timeout=15_000)
    assert page.evaluate("window.__notReloaded") is True
    assert Bid.objects.get(reviewer=me, submission=subs[1]).value == 2
    # declaring a conflict asks first, then the row says so
    page.once("dialog", lambda dialog: dialog.accept())
    row = page.locator("tbody tr").nth(2)
    number = int(row.locator("td").first.inner_text())
    row.get_by_label(re.compile("Your bid on")).select_option(label="Conflict of interest")
    expect(page.locator(f"#bid-row-{number}")).to_contain_text(
        "Conflict of interest declared", timeout=15_000
    )
    assert Conflict.objects.filter(person=me, submission__number=number, status="confirmed").exists()
    assert page.evaluate("window.__notReloaded") is True
    # search
    page.get_by_role("searchbox", name="Search").fill(f"#{subs[7].number}")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("tbody tr")).to_have_count(1, timeout=15_000)
    screenshot("bidding")


def test_bidding_works_without_javascript(browser, live_server, bidding_scene):
    subs, members = bidding_scene
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, members[2].email, PASSWORD, next_url="/osfm/review/bids/")
        row = page.locator(f"#bid-row-{subs[5].number}")
        if not row.count():
            page.goto(f"/osfm/review/bids/?q=%23{subs[5].number}")
        row.get_by_label(re.compile("Your bid on")).select_option(label="Low")
        row.get_by_role("button", name="Save").click()
        expect(page.get_by_text(f"Bid on #{subs[5].number} saved.")).to_be_visible()
        assert Bid.objects.get(reviewer=members[2], submission=subs[5]).value == -1
    finally:
        context.close()


def test_an_organizer_runs_edits_and_publishes_a_matching(
    page,
    workshop,
    organizer,
    papers,  # noqa: F811
    committee,  # noqa: F811
    screenshot,
):
    subs = papers(8)
    committee(6, load=4)
    log_in(page, organizer.email, PASSWORD, next_url="/osfm/manage/matching/")
    expect(page.get_by_role("heading", name=re.compile("^Matching"))).to_be_visible()
    page.get_by_role("radio", name=re.compile("^Fair")).check()
    page.get_by_label("Reviewers per paper").fill("2")
    page.get_by_label("Minimum distinct research areas per paper").fill("2")
    page.get_by_role("button", name="Start the run").click()
    expect(
        page.get_by_role("button", name="Cancel the run").or_(
            page.get_by_role("heading", name=re.compile("^Quality"))
        )
    ).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Quality"))).to_be_visible(timeout=120_000)
    run = MatchingRun.objects.get()
    assert run.status == "done" and run.worker.startswith("thread ")
    plot = page.get_by_role("img", name=re.compile("Three plots"))
    expect(plot).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 500", arg=plot.element_handle())
    screenshot("matching-result")
    # edit paper 1 by hand: replace its first reviewer with the best free member
    page.get_by_role("link", name=subs[0].title).click()
    expect(page.get_by_role("heading", name=re.compile("Proposed reviewers"))).to_be_visible()
    first_assign = page.locator("table.candidates form").first
    first_assign.get_by_label("Instead of").select_option(index=1)
    if first_assign.get_by_label("over the maximum load").count():
        first_assign.get_by_label("over the maximum load").check()
    first_assign.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("now reviews this paper instead")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("by hand")).to_be_visible()
    page.get_by_role("link", name=f"← Run {run.pk}").click()
    expect(page.get_by_text("after 1 hand edit")).to_be_visible()
    mail.outbox.clear()
    page.get_by_role("button", name=f"Publish run {run.pk}").click()
    expect(page.get_by_text(re.compile(r"published: 16 assignments; \d+ reviewers notified"))).to_be_visible(
        timeout=15_000
    )
    assert Assignment.objects.count() == 16
    reviewers = set(Assignment.objects.values_list("reviewer__email", flat=True))
    sent = [m for m in mail.outbox if "papers to review" in m.subject]
    assert sorted(m.to[0] for m in sent) == sorted(reviewers)
    screenshot("matching-published")
