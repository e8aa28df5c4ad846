"""The public site's pages without papers: home, call for papers, program, speakers, people."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from confero.people.models import Affiliation, Role
from confero.site import selectors

SG = zoneinfo.ZoneInfo("Asia/Singapore")


def get(client, name, *args, **kwargs):
    response = client.get(reverse(f"site:{name}", args=["osfm", *args]), kwargs)
    return response, response.content.decode() if response.status_code == 200 else ""


def test_home_is_the_call_for_papers_until_proceedings_are_out(client, workshop):
    response, html = get(client, "home")
    assert response.status_code == 200
    assert "We invite submissions on" in html and "Submit a paper" in html
    assert reverse("site:cfp", args=["osfm"]) in html  # the CFP is in the workshop's menu
    assert reverse("site:program", args=["osfm"]) not in html  # nothing released yet
    assert get(client, "program")[0].status_code == 404
    assert get(client, "program_ics")[0].status_code == 404
    assert get(client, "speakers")[0].status_code == 404


def test_after_the_release_the_home_shows_the_proceedings(client, workshop, released):
    response, html = get(client, "home")
    assert "We invite submissions on" not in html
    assert "Sunday 27 April 2025" in html
    assert reverse("site:program", args=["osfm"]) in html
    assert reverse("site:speakers", args=["osfm"]) in html
    assert get(client, "cfp")[1].count("We invite submissions on") == 1  # still reachable


def test_the_day_view_in_the_workshops_time_zone(client, workshop, released):
    _, html = get(client, "program")
    assert "all times in Asia/Singapore (UTC+08:00)" in html
    first = min(released["slots"], key=lambda s: s["start"])
    start = dt.datetime.fromisoformat(first["start"]).astimezone(SG)
    assert f'<time datetime="{first["start"]}">{start:%H:%M}</time>' in html
    assert html.index(first["title"]) < html.index(max(released["slots"], key=lambda s: s["start"])["title"])
    assert "Now and next" not in html  # the day is in the past
    assert "The workshop day is over" in html
    assert reverse("site:program_ics", args=["osfm"]) in html


@pytest.mark.parametrize("hour,minute", [(9, 5), (12, 59), (15, 30)])
def test_now_and_next_are_computed_on_the_server(client, workshop, released, monkeypatch, hour, minute):
    moment = dt.datetime.combine(dt.date(2025, 4, 27), dt.time(hour, minute), tzinfo=SG)
    monkeypatch.setattr(selectors, "now", lambda: moment)
    _, html = get(client, "program")
    slots = [
        (dt.datetime.fromisoformat(s["start"]), dt.datetime.fromisoformat(s["end"]), s)
        for s in released["slots"]
    ]
    now = [s for a, b, s in slots if a <= moment < b]
    upcoming = sorted((a, s["id"], s) for a, b, s in slots if a > moment)
    assert "Now and next" in html
    section = html.split('id="now-next-title"')[1].split("</section>")[0]
    for slot in now:
        assert slot["title"] in section
        assert f'class="slot kind-{slot["kind"]} is-now" id="slot-{slot["id"]}"' in html
    if not now:
        assert "Nothing right now." in section
    if upcoming:
        assert upcoming[0][2]["title"] in section.split("<dt>Next</dt>")[1]
    assert html.count("is-now") == len(now)


def test_the_ical_file_parses_and_lists_every_slot(client, workshop, released):
    response, _ = get(client, "program_ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = [e for e in calendar.walk("VEVENT")]
    assert len(events) == len(released["slots"])


def test_papers_that_are_not_published_are_absent_from_program_and_calendar(client, workshop, released):
    """Accepted papers are in the released program, but none is published on the site here (no camera-
    ready with consent): neither their titles nor their authors appear anywhere public."""
    titles = [p["title"] for p in released["papers"]]
    assert titles  # the release itself has them
    pages = [get(client, name)[0].content.decode() for name in ("home", "program", "speakers", "people")]
    pages.append(get(client, "program_ics")[0].content.decode())
    for text in pages:
        for title in titles:
            assert title not in text
        assert "Ana Lee" not in text and "Bo Chen" not in text


def test_speakers_from_the_program(client, workshop, released):
    _, html = get(client, "speakers")
    keynote = [s for s in released["slots"] if s["kind"] == "keynote" and s["speakers"]]
    assert keynote
    for slot in keynote:
        for person in slot["speakers"]:
            assert person["name"] in html
    assert reverse("site:program", args=["osfm"]) + f"#slot-{keynote[0]['id']}" in html


def test_people_as_they_chose_to_be_listed(client, workshop, organizer, make_user):
    Affiliation.objects.create(user=organizer, institution="University A")
    pc = make_user(email="pc@uni-p.edu", name="Pat Committee")
    Affiliation.objects.create(user=pc, institution="Secret Institute")
    Role.objects.create(workshop=workshop, user=pc, kind=Role.Kind.PC)
    shy = make_user(email="shy@uni-s.edu", name="Sam Shy")
    Role.objects.create(workshop=workshop, user=shy, kind=Role.Kind.PC, listing=Role.Listing.HIDDEN)
    nameless = make_user(email="noname@uni-n.edu", name="")
    Role.objects.create(workshop=workshop, user=nameless, kind=Role.Kind.PC)
    author = make_user(email="writer@uni-w.edu", name="Walt Writer")
    Role.objects.create(workshop=workshop, user=author, kind=Role.Kind.AUTHOR)
    _, html = get(client, "people")
    assert "Olga Organizer" in html and "University A" in html  # organizers: name and affiliation
    assert "Pat Committee" in html and "Secret Institute" not in html  # PC: by name unless they choose
    assert "Sam Shy" not in html and "Walt Writer" not in html
    assert "@" not in html.split("<main")[1].split("</main>")[0]  # no e-mail address, not even a nameless one
    Role.objects.filter(user=pc).update(listing=Role.Listing.NAME_AFFILIATION)
    assert "Secret Institute" in get(client, "people")[1]


def test_a_draft_workshop_is_not_found_by_anyone_but_its_organizers(
    client, workshop, released, pc_member, author, other_organizer, organizer
):
    workshop.is_published = False
    workshop.save(update_fields=["is_published"])
    names = ["home", "cfp", "papers", "program", "program_ics", "speakers", "people"]
    for user in (None, pc_member, author, other_organizer):
        client.logout()
        if user:
            client.force_login(user)
        for name in names:
            assert get(client, name)[0].status_code == 404, (user, name)
    client.force_login(organizer)
    assert get(client, "program")[0].status_code == 200  # organizers preview their draft


def test_another_workshops_program_is_not_shown(client, workshop, released, other_workshop):
    assert client.get(reverse("site:program", args=["other"])).status_code == 404
    assert client.get(reverse("site:speakers", args=["other"])).status_code == 404
