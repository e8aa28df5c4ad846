"""The public site in Chromium: axe-core finds no serious or critical accessibility problem on any page,
the pages work without JavaScript and by keyboard, and the program fits a phone.

axe-core comes from the ``axe_js`` fixture (tests/browser/conftest.py): fetched from the npm registry by
scripts/test.sh into .test-deps/ (gitignored, never vendored) or named by CONFERO_AXE_JS. Missing: the
accessibility tests skip loudly outside CI and fail in CI.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from pathlib import Path

import pytest
from django.urls import reverse

from confero.site import selectors
from tests.program.conftest import accepted  # noqa: F401
from tests.public_site.conftest import DAY, camera_ready, released  # noqa: F401  (fixtures)
from tests.public_site.conftest import published as published  # noqa: F401


@pytest.fixture
def a11y_page(browser, live_server, axe_js):
    """A page whose context may inject axe-core despite the site's strict CSP (bypass_csp)."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def violations(page, axe_js) -> list[str]:
    page.add_script_tag(path=axe_js)
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 3)}))"""
    )
    return [
        f"{v['impact']}: {v['id']} at {v['nodes']}" for v in found if v["impact"] in ("serious", "critical")
    ]


def site_urls(workshop) -> list[str]:
    slug = workshop.slug
    topic = workshop.topics.order_by("order")[0].key
    return [
        reverse("site:home", args=[slug]),
        reverse("site:cfp", args=[slug]),
        reverse("site:papers", args=[slug]),
        reverse("site:papers", args=[slug]) + "?q=chen",
        reverse("site:topic", args=[slug, topic]),
        reverse("site:paper", args=[slug, 3]),
        reverse("site:paper", args=[slug, 1]),
        reverse("site:program", args=[slug]),
        reverse("site:speakers", args=[slug]),
        reverse("site:people", args=[slug]),
    ]


def test_axe_finds_no_serious_or_critical_problem(
    a11y_page, axe_js, workshop, published, monkeypatch, screenshot
):
    moment = dt.datetime.combine(DAY, dt.time(10, 0), tzinfo=zoneinfo.ZoneInfo("Asia/Singapore"))
    monkeypatch.setattr(selectors, "now", lambda: moment)  # "now and next" on the page too
    problems = []
    for url in site_urls(workshop):
        a11y_page.goto(url)
        assert a11y_page.locator("main h1").count() == 1, url
        problems += [f"{url}: {v}" for v in violations(a11y_page, axe_js)]
    assert not problems, "\n".join(problems)


def test_axe_on_a_phone(a11y_page, axe_js, workshop, published):
    a11y_page.set_viewport_size({"width": 390, "height": 844})
    problems = []
    for url in site_urls(workshop)[::3]:
        a11y_page.goto(url)
        problems += [f"{url}: {v}" for v in violations(a11y_page, axe_js)]
        assert a11y_page.evaluate("document.documentElement.scrollWidth") <= 390, url  # no sideways scroll
    assert not problems, "\n".join(problems)


def test_the_axe_check_can_fail(a11y_page, axe_js, workshop, published):
    """The check itself works: an image without alt text on the page is reported."""
    a11y_page.goto(reverse("site:home", args=[workshop.slug]))
    a11y_page.evaluate("""() => { const i = document.createElement("img"); i.src = "x.png";
        document.querySelector("main").appendChild(i); }""")
    assert any("image-alt" in v for v in violations(a11y_page, axe_js))


def test_search_and_topics_without_javascript_and_by_keyboard(browser, live_server, workshop, published):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(reverse("site:papers", args=[workshop.slug]))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.get_by_label("Search titles, authors and abstracts").fill("bo chen")
    page.get_by_label("Search titles, authors and abstracts").press("Enter")  # submits the form
    assert "q=bo+chen" in page.url
    titles = page.locator("ol.paper-list h2").all_inner_texts()
    assert titles == ["Final: Paper 2 on open models", "Final: Paper 3 on open models"]
    page.get_by_label("Topic", exact=True).select_option(workshop.topics.order_by("order")[0].key)
    page.get_by_role("button", name="Search").click()
    assert page.locator("ol.paper-list h2").all_inner_texts() == ["Final: Paper 2 on open models"]
    page.get_by_role("link", name="Final: Paper 2 on open models").click()
    assert page.locator("h1").inner_text() == "Final: Paper 2 on open models"
    context.close()


def test_the_program_on_a_phone_during_the_day(
    browser, live_server, workshop, published, monkeypatch, screenshot
):
    moment = dt.datetime.combine(DAY, dt.time(10, 0), tzinfo=zoneinfo.ZoneInfo("Asia/Singapore"))
    monkeypatch.setattr(selectors, "now", lambda: moment)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(reverse("site:program", args=[workshop.slug]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator(".now-next").is_visible()
    assert page.locator("li.slot.is-now").count() + page.locator("li.slot.is-next").count() >= 1
    time_box = page.locator("li.slot .time").first.bounding_box()
    what_box = page.locator("li.slot .what").first.bounding_box()
    assert what_box["y"] >= time_box["y"] + time_box["height"] - 1  # one column: the slot below its time
    if os.environ.get("CONFERO_SCREENSHOTS"):
        Path(os.environ["CONFERO_SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(Path(os.environ["CONFERO_SCREENSHOTS"]) / "public-program-phone.png"), full_page=True
        )
    context.close()
