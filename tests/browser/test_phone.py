"""Pages on a phone-sized screen (390 px wide): nothing vanishes, long lists stay usable."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from confero.people.models import Affiliation, Role

from .test_author_flow import create_submission, log_in


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    return page


def test_dashboard_bars_stay_visible_on_a_phone(phone, screenshot, workshop, make_user):
    organizer = make_user(email="chair@uni-a.edu", password="correct-horse-9")
    Role.objects.create(workshop=workshop, user=organizer, kind=Role.Kind.ORGANIZER)
    author = make_user(email="author@uni-c.edu", password="correct-horse-9")
    create_submission(workshop, author, title="One")
    create_submission(workshop, author, title="Two", category="regular")
    log_in(phone, "chair@uni-a.edu")
    phone.goto("/osfm/manage/")
    bars = phone.locator(".bar-chart meter")
    expect(bars.first).to_be_visible()
    widths = [bars.nth(i).bounding_box()["width"] for i in range(bars.count())]
    assert min(widths) >= 60, widths  # the bars keep a usable width instead of shrinking to nothing
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways page scroll
    screenshot("phone-dashboard")


def test_the_conflict_list_is_short_and_searchable_on_a_phone(phone, screenshot, workshop, make_user):
    for i in range(46):
        person = make_user(email=f"pc{i}@uni{i}.edu", name=f"Member {i:02d} Example")
        Affiliation.objects.create(user=person, institution=f"University {i}")
        Role.objects.create(workshop=workshop, user=person, kind=Role.Kind.PC)
    make_user(email="ada@uni-c.edu", name="Ada Author", password="correct-horse-9")
    log_in(phone, "ada@uni-c.edu", next_url="/osfm/submit/")
    box = phone.locator("#conflicts .scroll-y")
    assert box.bounding_box()["height"] < 450  # was 5,000 px tall
    search = phone.get_by_label("Find a person")
    expect(search).to_be_visible()
    rows = phone.locator("#conflict-table tbody tr")
    expect(rows).to_have_count(46)
    phone.get_by_label("Member 07 Example").check()
    expect(
        phone.locator("#conflict-table tr", has_text="Member 07").locator("td.reason input")
    ).to_be_visible()
    search.fill("University 12")
    visible = [rows.nth(i).is_visible() for i in range(46)]
    assert sum(visible) == 2  # the match and the ticked person
    expect(phone.locator("[data-filter-count]")).to_have_text("2 of 46 shown")
    screenshot("phone-conflicts")
