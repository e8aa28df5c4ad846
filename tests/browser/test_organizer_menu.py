"""The organizer menu on a phone (390 px wide): every entry is on screen, big enough to tap, reachable
with Tab, and leads to its page, which marks the entry as current. axe-core runs on every page reached."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from confero.web.templatetags.confero_nav import ORGANIZER_PAGES
from tests.browser.test_author_flow import log_in

WIDTH = 390


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": WIDTH, "height": 844})
    return page


def menu(page):
    return page.get_by_role("navigation", name="Organizer menu")


def test_every_entry_of_the_organizer_menu_on_a_phone(phone, axe, screenshot, workshop, organizer):
    page = phone
    log_in(page, organizer.email)
    page.goto(reverse("dashboard:index", args=[workshop.slug]))
    expected = [(reverse(name, args=[workshop.slug]), label) for name, label in ORGANIZER_PAGES]
    links = menu(page).get_by_role("link")
    assert links.all_inner_texts() == [label for _, label in expected]
    screenshot("organizer-menu-phone")

    # On screen, not covered by anything, and at least 24 × 24 px to tap (WCAG 2.5.8).
    for i, (url, label) in enumerate(expected):
        link = links.nth(i)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, (label, box)
        assert box["width"] >= 24 and box["height"] >= 24, (label, box)
        on_top = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y)?.closest('a')?.getAttribute('href')",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 - page.evaluate("window.scrollY")],
        )
        assert on_top == url, (label, on_top)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH

    # By keyboard: Tab from the top of the page reaches every entry, in the menu's order.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        href = page.evaluate(
            "document.activeElement.closest('[aria-label=\"Organizer menu\"]') ? "
            "document.activeElement.getAttribute('href') : null"
        )
        if href:
            reached.append(href)
        if len(reached) == len(expected):
            break
    assert reached == [url for url, _ in expected]

    # Each entry leads to its page, which has one h1, marks the entry as current and passes axe-core.
    for url, label in expected:
        menu(page).get_by_role("link", name=label, exact=True).click()
        expect(page).to_have_url(f"{page.url.split('/', 3)[0]}//{page.url.split('/', 3)[2]}{url}")
        expect(menu(page).get_by_role("link", name=label, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        assert page.locator("main h1").count() == 1, url
        axe(where=f"{label} on a phone")
