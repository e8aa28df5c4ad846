"""The organizers' path through orals, poster sessions and the day's program, in a real Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.test_author_flow import log_in
from tests.program.conftest import accepted  # noqa: F401  (accepted papers with reviews)


def test_program_builder_seed_edit_warn_release_export(page, screenshot, workshop, organizer):
    import icalendar

    from confero.program.models import Release

    log_in(page, organizer.email)
    page.goto("/osfm/manage/program/")
    expect(page.get_by_role("heading", name="The day's program")).to_be_visible()
    page.get_by_label("Day of the workshop").fill("2025-04-27")
    page.get_by_label("Time zone").fill("Asia/Singapore")
    page.get_by_label("the OS-FMs day from the workshop facts").check()
    page.get_by_role("button", name="Create the program").click()
    expect(page.get_by_role("status")).to_contain_text("The program is created")
    table = page.locator("table").first
    expect(table.get_by_role("row")).to_have_count(17)  # header + 16 slots
    expect(table).to_contain_text("Stella Biderman (EleutherAI)")
    screenshot("program-seeded")

    # Move Keynote 2 so that it overlaps Keynote 1: the page warns.
    page.get_by_role("link", name="Edit Keynote 2").click()
    page.get_by_label("Start").fill("09:30")
    page.get_by_label("End").fill("10:00")
    page.get_by_role("button", name="Save the slot").click()
    expect(page.get_by_role("status")).to_contain_text("Slot saved")
    expect(page.locator(".warnings")).to_contain_text(
        "Keynote 1 and Keynote 2 overlap 09:30–09:40 in Main room."
    )

    # Panelists for the panel.
    page.get_by_role("link", name=re.compile(r"^Edit Panel")).click()
    page.get_by_label("Speakers").fill("Ana Lee (Uni A) | moderator\nBo Chen (Uni B) | panelist")
    page.get_by_role("button", name="Save the speakers").click()
    expect(page.get_by_role("status")).to_contain_text("Speakers saved")
    page.get_by_role("link", name="← the program").click()
    expect(page.locator("table").first).to_contain_text("Bo Chen (Uni B), panelist")

    page.get_by_label("Note (optional)").fill("First program")
    page.get_by_role("button", name="Release version 1").click()
    expect(page.get_by_role("status")).to_contain_text("Version 1 released")
    expect(page.get_by_text("First release: 16 slots on 2025-04-27 (Asia/Singapore).")).to_be_visible()
    assert Release.objects.get().number == 1

    # A change shows up as pending for version 2.
    page.get_by_role("button", name="Delete Registration").click()
    expect(page.locator("#release-title")).to_have_text("Release version 2")
    expect(page.get_by_text("Removed: Registration (08:00–09:00).")).to_be_visible()
    screenshot("program-changes")

    with page.expect_download() as download:
        page.locator("details").filter(has_text="Version 1").get_by_role("link", name="ics").click()
    calendar = icalendar.Calendar.from_ical(open(download.value.path(), "rb").read())
    assert len(list(calendar.walk("VEVENT"))) == 16
    assert download.value.suggested_filename == "osfm-program-v1.ics"


def test_poster_sessions_solve_move_warn_publish(page, screenshot, workshop, accepted):  # noqa: F811
    from confero.program.models import PosterPlan, PosterSpot

    log_in(page, accepted["organizer"].email)
    page.goto("/osfm/manage/posters/")
    expect(page.get_by_role("heading", name="Poster sessions")).to_be_visible()
    page.get_by_role("button", name="Solve", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Split into 2 sessions of 3, 3 papers (best possible)")
    one, two = page.locator("#session-1"), page.locator("#session-2")
    expect(one).to_have_text("Session 1: 3 posters")
    expect(two).to_have_text("Session 2: 3 posters")
    screenshot("posters-solved")

    # Move #2 next to #1 (Ana Lee presents both): the move happens, with a clash warning.
    target = PosterSpot.objects.get(submission__number=1).session
    page.get_by_label("Session of #2").select_option(str(target))
    page.get_by_label("Session of #2").locator("xpath=ancestor::form").get_by_role(
        "button", name="Move"
    ).click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Clash: Ana Lee presents #1 and #2 in session {target} at once"
    )
    expect(page.locator(".warnings")).to_contain_text("Bo Chen presents #2 and #3")
    page.get_by_role("button", name="Publish the poster sessions").click()
    expect(page.get_by_role("status")).to_contain_text("Fix these first")
    assert PosterPlan.objects.get().published_at is None
    screenshot("posters-clash")

    # Solving again keeps #2 where it was put and moves the others around it.
    page.get_by_role("button", name="Solve", exact=True).click()
    expect(page.locator(".warnings")).to_have_count(0)
    assert PosterSpot.objects.get(submission__number=2).session == target
    page.get_by_role("button", name="Publish the poster sessions").click()
    expect(page.get_by_role("status")).to_contain_text("The poster sessions are published")
    expect(page.get_by_text(re.compile("^published"))).to_be_visible()
