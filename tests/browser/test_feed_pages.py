"""The paper feed in Chromium: the public reading list searched and filtered without JavaScript and by
keyboard; a visitor subscribes, confirms from the link in the mail and unsubscribes from the digest's
link; the organizer's feed page and PC candidates. axe-core finds no serious or critical problem."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from confero.feed import digests
from confero.feed.models import Subscriber
from tests.browser.a11y import tab_to
from tests.browser.test_author_flow import log_in, wait_for_mail
from tests.feed.conftest import demo_library as demo_library  # noqa: F401  (fixture)
from tests.feed.conftest import scoped as scoped  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _link(body: str, name: str) -> str:
    return _path(re.search(r"https?://\S+/reading-list/" + name + r"/\S+/", body).group(0))


@pytest.fixture
def no_js(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_the_reading_list_without_javascript_and_by_keyboard(no_js, demo_library):
    page = no_js
    page.goto("/osfm/reading-list/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Reading list: "))
    everything = page.locator("ol.feed-papers > li").count()
    assert everything > 5
    tab_to(page, "el.id === 'q'")
    page.keyboard.type("quantization distillation")
    page.keyboard.press("Enter")  # submits the search form, no script involved
    expect(page).to_have_url(re.compile(r"q=quantization\+distillation"))
    titles = page.locator("ol.feed-papers > li > a").all_inner_texts()
    assert any(t.startswith("Quantization-Aware Distillation") for t in titles)
    assert not any(t.startswith("Tool-Using Agents") for t in titles)
    assert page.locator("ol.feed-papers > li").count() < everything

    page.get_by_label("Search", exact=True).fill("")
    page.get_by_label("Topic", exact=True).select_option("open-agents")
    page.get_by_label("Topic", exact=True).focus()
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Search'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"topic=open-agents"))
    assert page.locator("section.feed-topic").count() == 1
    expect(page.locator("#topic-open-agents")).to_be_visible()
    page.get_by_role("link", name="Clear").click()
    assert page.locator("ol.feed-papers > li").count() == everything


def test_axe_on_the_reading_list(page, axe, demo_library):
    page.goto("/osfm/reading-list/")
    axe(where="the reading list")
    page.goto("/osfm/reading-list/?q=quantization&topic=open-compute-efficiency")
    axe(where="the filtered reading list")
    page.goto("/osfm/reading-list/?q=nothing-matches-this")
    axe(where="the reading list without results")


def test_subscribe_confirm_and_unsubscribe(page, axe, screenshot, demo_library):
    page.goto("/osfm/reading-list/")
    page.get_by_label("Your e-mail address").fill("reader@lab.example")
    page.get_by_role("radio", name="Daily").check()
    page.get_by_role("checkbox", name="Open Compute Efficiency").check()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    axe(where="subscribed: check your inbox")
    sub = Subscriber.objects.get(email="reader@lab.example")
    assert not sub.active

    message = wait_for_mail(mail.outbox, lambda m: m.to == ["reader@lab.example"], page)
    page.goto(_link(message.body, "confirm"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your digest")
    sub.refresh_from_db()
    assert not sub.active  # opening the link (as a mail scanner would) confirms nothing
    axe(where="the confirm page")
    page.get_by_role("button", name="Confirm my subscription").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscribed")
    expect(page.get_by_text(re.compile("Open Compute Efficiency"))).to_be_visible()
    axe(where="subscribed")
    sub.refresh_from_db()
    assert sub.active

    assert digests.send_digests(timezone.now() + dt.timedelta(days=1))["mailed"] == 1
    digest = wait_for_mail(mail.outbox, lambda m: "new paper" in m.subject, page)
    page.goto(_link(digest.body, "unsubscribe"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribed")
    axe(where="unsubscribed")
    sub.refresh_from_db()
    assert sub.unsubscribed_at is not None and not sub.active
    screenshot("feed-unsubscribed")

    page.goto("/osfm/reading-list/unsubscribe/forged-token/")
    axe(where="an invalid link")


def test_the_organizer_feed_and_pc_candidates(page, axe, screenshot, organizer, demo_library):
    log_in(page, organizer.email)
    page.goto("/osfm/manage/feed/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Papers of the field")
    tabs = page.get_by_role("navigation", name="Papers of the field")
    expect(tabs.get_by_role("link", name="Library")).to_have_attribute("aria-current", "page")
    axe(where="the organizer's feed page")
    tabs.get_by_role("link", name="Open Evaluation").click()
    expect(tabs.get_by_role("link", name="Open Evaluation")).to_have_attribute("aria-current", "page")
    expect(page.get_by_text("Matching terms").first).to_be_visible()
    axe(where="a topic of the feed")
    tabs.get_by_role("link", name="PC candidates").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "PC coverage and candidates from the literature"
    )
    expect(tabs.get_by_role("link", name="PC candidates")).to_have_attribute("aria-current", "page")
    axe(where="the PC candidates page")
    screenshot("feed-pc-candidates")
