"""Open-science checks in Chromium: the author's panel on their submission and the paper's checks page,
the organizer's overview with its filters (used by keyboard), the reviewer's openness summary without a
single identifying string. axe-core finds no serious or critical problem on any of them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import tab_to
from tests.browser.test_author_flow import log_in
from tests.checks.conftest import checks_on as checks_on  # noqa: F401  (fixture)
from tests.checks.test_visibility import SECRET
from tests.checks.test_visibility import checked as checked  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_author_sees_the_panel_and_the_findings(page, axe, screenshot, workshop, checked):
    people, paper, run = checked
    log_in(page, people["author"].email)
    page.goto(f"/osfm/submissions/{paper.number}/")
    panel = page.locator("section.checks-panel")
    expect(panel.get_by_role("heading", name="Open-science and integrity checks")).to_be_visible()
    expect(panel.locator(".badge.err")).to_have_text(re.compile(r"^\d+ errors?$"))
    axe(where="the author's submission with the checks panel")
    panel.get_by_role("link", name="See the findings").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Checks: "))
    expect(page.get_by_text("name-in-metadata").first).to_be_visible()  # their own leak, to fix it
    expect(page.get_by_role("heading", name="Openness", exact=True)).to_be_visible()
    assert page.get_by_role("button", name="Re-run the checks").count() == 0
    assert "Scope" not in page.locator("main").inner_text()
    axe(where="the author's checks page")
    screenshot("checks-author")


def test_the_organizer_filters_the_overview_by_keyboard(page, axe, screenshot, workshop, checked):
    people, paper, run = checked
    log_in(page, people["organizer"].email)
    page.goto("/osfm/manage/checks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open-science and integrity checks")
    axe(where="the checks overview")
    everything = page.locator("table.findings-table tbody tr").count()
    assert everything >= 2

    check = page.get_by_label("Check:", exact=True)
    check.focus()
    check.select_option("anonymity")
    tab_to(page, "el.tagName === 'SELECT' && el.name === 'severity'")
    page.get_by_label("Severity:", exact=True).select_option("error")
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Filter'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"check=anonymity&severity=error"))
    rows = page.locator("table.findings-table tbody tr")
    assert 1 <= rows.count() < everything
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        assert cells.nth(1).inner_text() == "anonymity" and cells.nth(2).inner_text() == "error"
    axe(where="the filtered checks overview")

    page.get_by_role("link", name=f"#{paper.number}").first.click()
    expect(page.get_by_role("button", name="Re-run the checks")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Scope"))).to_be_visible()
    axe(where="the organizer's checks page")
    screenshot("checks-organizer")


def test_the_reviewer_sees_the_openness_summary_and_nothing_identifying(page, axe, workshop, checked):
    people, paper, run = checked
    log_in(page, people["reviewer_done"].email)
    page.goto(f"/osfm/review/{paper.number}/")
    summary = page.locator("table.openness")
    expect(summary).to_be_visible()
    expect(summary.get_by_text("promised, not provided").first).to_be_visible()
    text = page.locator("body").inner_text()
    html = page.content()
    for secret in (SECRET, "Quillfeather", "quillfeather", "name-in-metadata", "anonymity", "Scope"):
        assert secret not in text and secret not in html, secret
    axe(where="the reviewer's paper page with the openness summary")
    assert page.request.get(f"/osfm/submissions/{paper.number}/checks/").status == 404
