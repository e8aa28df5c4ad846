"""Every page and export of orals/awards, poster sessions and the program × the 13 roles of the cast:
the status each gets, and that no paper title or author name reaches a page that must not show it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from confero.program import posters, releases, services
from confero.program.models import Slot
from tests.cast import ROLES

ORGS = {"organizer", "org_conflicted", "org_author", "manager", "superuser"}
OVERSEE = {"organizer", "manager", "superuser"}
TITLE = "Open data for open models"
NAMES = ["Quillfeather", "Inkwright", "Penhallow"]


@pytest.fixture
def day(cast, workshop):
    """The cast's paper accepted (released), a seeded program released once, poster sessions solved."""
    from confero.decisions.models import Decision

    people, paper = cast
    Decision.objects.create(
        submission=paper, outcome="accept", staged_at=timezone.now(), released_at=timezone.now()
    )
    services.seed(people["organizer"], workshop, date=dt.date(2025, 4, 27), timezone="Asia/Singapore")
    posters.solve(people["organizer"], workshop)
    releases.release(people["organizer"], workshop)
    return people, paper


def client_for(people, role):
    client = Client()
    if role != "anonymous":
        client.force_login(people[role])
    return client


def pages(workshop):
    slug = workshop.slug
    slot = Slot.objects.filter(workshop=workshop).first()
    out = {
        "awards": reverse("awards:index", args=[slug]),
        "posters": reverse("program:posters", args=[slug]),
        "program": reverse("program:index", args=[slug]),
        "slot": reverse("program:slot", args=[slug, slot.pk]),
    }
    for fmt in ("ics", "xml", "csv", "json"):
        out[f"draft.{fmt}"] = reverse("program:export", args=[slug, "draft", fmt])
        out[f"v1.{fmt}"] = reverse("program:export", args=[slug, "1", fmt])
    return out


@pytest.mark.parametrize("role", ROLES)
def test_pages_and_exports(day, workshop, role):
    people, paper = day
    client = client_for(people, role)
    for name, url in pages(workshop).items():
        response = client.get(url)
        expected = 302 if role == "anonymous" else 200 if role in ORGS else 403
        assert response.status_code == expected, (role, name, response.status_code)
        body = response.content.decode()
        if expected != 200:
            assert not [w for w in [TITLE, *NAMES] if w in body], (role, name)
        elif name == "awards":
            # The ranking shows the paper only to organizers who oversee it (not its author, no conflict).
            assert (TITLE in body) is (role in OVERSEE), (role, name)
        elif name == "posters":
            assert TITLE in body and "Quillfeather" in body  # poster sessions are every organizer's
        elif name.endswith(".ics"):
            assert response["Content-Type"].startswith("text/calendar") and "BEGIN:VCALENDAR" in body


@pytest.mark.parametrize("role", sorted(ORGS - OVERSEE))
def test_an_author_or_conflicted_organizer_cannot_vote_through_the_page(day, workshop, role):
    people, paper = day
    client = client_for(people, role)
    url = reverse("awards:index", args=[workshop.slug])
    for action in ("vote", "pick"):
        response = client.post(url, {"action": action, "kind": "oral", "number": paper.number})
        assert response.status_code == 404, (role, action)
    from confero.awards.models import Pick, Vote

    assert not Vote.objects.exists() and not Pick.objects.exists()


def test_an_overseeing_organizer_votes_and_picks_through_the_page(day, workshop):
    from confero.awards.models import Pick, Vote

    people, paper = day
    client = client_for(people, "manager")
    url = reverse("awards:index", args=[workshop.slug])
    assert client.post(url, {"action": "vote", "kind": "award", "number": paper.number}).status_code == 302
    assert client.post(url, {"action": "pick", "kind": "oral", "number": paper.number}).status_code == 302
    assert Vote.objects.get().voter == people["manager"] and Pick.objects.get().kind == "oral"


def test_nothing_of_another_workshop(day, workshop, other_workshop):
    people, _ = day
    client = client_for(people, "other_org")
    slot = Slot.objects.filter(workshop=workshop).first()
    assert client.get(reverse("program:slot", args=[other_workshop.slug, slot.pk])).status_code == 404
    assert client.get(reverse("program:export", args=[other_workshop.slug, "1", "json"])).status_code == 404
    assert (
        client.get(reverse("program:export", args=[other_workshop.slug, "draft", "ics"])).status_code == 404
    )
    for url in pages(workshop).values():
        assert client.get(url).status_code == 403


def test_posting_as_a_pc_member_changes_nothing(day, workshop):
    people, paper = day
    client = client_for(people, "pc_unassigned")
    before = Slot.objects.count()
    url = reverse("program:index", args=[workshop.slug])
    assert client.post(url, {"action": "delete_slot", "slot": Slot.objects.first().pk}).status_code == 403
    assert (
        client.post(reverse("program:posters", args=[workshop.slug]), {"action": "solve"}).status_code == 403
    )
    assert Slot.objects.count() == before


def test_malformed_posts_are_not_found_not_errors(day, workshop):
    people, _ = day
    client = client_for(people, "organizer")
    awards_url = reverse("awards:index", args=[workshop.slug])
    assert client.post(awards_url, {"action": "vote", "kind": "oral", "number": "abc"}).status_code == 404
    posters_url = reverse("program:posters", args=[workshop.slug])
    assert client.post(posters_url, {"action": "move", "number": "1x", "session": "1"}).status_code == 404
    response = client.post(posters_url, {"action": "solve", "sessions": "many"}, follow=True)
    assert "between 1 and 6 sessions" in response.content.decode()
    program_url = reverse("program:index", args=[workshop.slug])
    assert client.post(program_url, {"action": "delete_slot", "slot": "x"}).status_code == 404
