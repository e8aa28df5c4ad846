"""Travel grants in Chromium: an applicant applies with the keyboard, a handler scores, stages an award
within the budget box and releases; an organizer who does not handle grants sees only counts. axe-core
finds no serious or critical problem on any of these pages."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from confero.grants.models import GrantApplication, GrantNotice
from confero.people.models import Role
from tests.browser.a11y import focused_text, tab_to
from tests.browser.test_author_flow import PASSWORD, log_in, wait_for_mail
from tests.grants.conftest import GROUP, MOTIVATION
from tests.grants.conftest import call as call  # noqa: F401  (fixture)
from tests.grants.conftest import handler as handler  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def applicant(make_user):
    return make_user(email="amina@uni-k.ac.ke", name="Amina Odhiambo", password=PASSWORD)


@pytest.fixture
def bystander(make_user, workshop):
    """An organizer of the workshop who does not handle grants."""
    user = make_user(email="bo@uni-a.edu", name="Bo Bystander", password=PASSWORD)
    Role.objects.create(workshop=workshop, user=user, kind=Role.Kind.ORGANIZER)
    return user


def log_out(page):
    page.get_by_role("button", name="Log out").click()


def test_apply_score_stage_release_and_the_bystander_sees_counts(
    page, axe, screenshot, workshop, call, handler, applicant, bystander
):
    # The applicant finds the call and applies; the form is filled and sent with the keyboard.
    log_in(page, applicant.email)
    page.goto("/osfm/grants/")
    axe(where="grants: the call")
    page.get_by_role("link", name="Apply for a travel grant").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Apply for a travel grant"))
    axe(where="grants: the application form")
    # The privacy notes under the fields are read out with them (aria-describedby names an existing id).
    expect(page.get_by_label("Motivation")).to_have_accessible_description(
        re.compile("Seen only by you and the organizers who handle grants")
    )
    expect(page.get_by_label(re.compile("under-represented in this field"))).to_have_accessible_description(
        re.compile("never by other organizers, reviewers")
    )
    page.get_by_label("Motivation").fill(MOTIVATION)
    page.keyboard.press("Tab")  # on to the career stage, in document order
    assert page.evaluate("document.activeElement.name") == "career_stage"
    page.get_by_label("Career stage").select_option("phd")
    page.get_by_label("Country you travel from").fill("Kenya")
    page.get_by_label("Amount requested (EUR)").fill("450")
    page.get_by_label("Estimated travel costs (EUR)").fill("900")
    page.get_by_label(re.compile("under-represented in this field")).fill(GROUP)
    page.get_by_label("Country you travel from").focus()
    tab_to(page, "el.tagName === 'BUTTON' && el.type === 'submit' && el.form && el.form.method === 'post'")
    assert focused_text(page) == "Apply"
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"Application G-1 received"))).to_be_visible()
    axe(where="grants: the applicant's page after applying")
    app = GrantApplication.objects.get(workshop=workshop, applicant=applicant)
    assert app.requested_amount == 450 and app.underrepresented == GROUP
    log_out(page)

    # The handler ranks, scores and stages an award; the budget box follows the award.
    log_in(page, handler.email)
    page.goto("/osfm/manage/grants/")
    axe(where="grants: the handler's overview")
    budget = page.locator(".grant-budget")
    expect(budget.locator("[data-budget=remaining]")).to_have_text("1000.00 EUR")
    page.get_by_role("link", name="G-1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^G-1"))
    expect(page.get_by_text(MOTIVATION)).to_be_visible()  # the handler reads the answers
    axe(where="grants: one application (handler)")
    page.get_by_label(re.compile("^Your score")).select_option("4")
    page.get_by_role("button", name="Save score").click()
    expect(page.get_by_text(re.compile(": 4$"))).to_be_visible()
    page.get_by_label("Award", exact=True).check()
    page.get_by_label(re.compile(r"^Amount")).fill("700")  # above the maximum of 600 per grant
    page.get_by_role("button", name="Stage", exact=True).click()
    expect(page.get_by_text(re.compile("at most 600.00 EUR per grant"))).to_be_visible()
    axe(where="grants: a refused award")
    page.get_by_label(re.compile(r"^Amount")).fill("400")
    page.get_by_role("button", name="Stage", exact=True).click()
    expect(page.locator(".grant-budget [data-budget=committed]")).to_have_text("400.00 EUR")
    expect(page.locator(".grant-budget [data-budget=remaining]")).to_have_text("600.00 EUR")
    assert not GrantNotice.objects.exists() and not mail.outbox  # staged: nobody is told yet

    page.get_by_role("link", name="Travel grants").first.click()
    page.get_by_role("link", name=re.compile(r"^Release 1 staged decision")).click()
    axe(where="grants: release")
    page.get_by_role("button", name=re.compile("^Release 1 decision and notify")).click()
    message = wait_for_mail(mail.outbox, lambda m: applicant.email in m.to, page)
    assert "400.00" in message.body
    app.refresh_from_db()
    assert app.released_at is not None and app.awarded_amount == 400
    screenshot("grants-handler-released")
    log_out(page)

    # An organizer who does not handle grants: counts and budget, never who applied or why.
    log_in(page, bystander.email)
    page.goto("/osfm/manage/grants/")
    axe(where="grants: overview for a non-handler")
    expect(
        page.get_by_text("Only the organizers who handle travel grants see the applications")
    ).to_be_visible()
    expect(page.locator(".grant-budget [data-budget=committed]")).to_have_text("400.00 EUR")
    body = page.locator("body").inner_text()
    for secret in ("Amina", applicant.email, "MOTIVATIONSEE", "GROUPSEE", "Kenya"):
        assert secret not in body, secret
    assert page.get_by_role("table").count() == 0
    assert page.request.get("/osfm/manage/grants/G-1/").status in (403, 404)
    assert page.request.get("/osfm/manage/grants/G1/").status in (403, 404)

    # The applicant sees the award.
    log_out(page)
    log_in(page, applicant.email)
    page.goto("/osfm/grants/")
    expect(page.get_by_text("awarded")).to_be_visible()
    expect(page.get_by_text("400.00 EUR")).to_be_visible()
    axe(where="grants: the applicant's released award")
