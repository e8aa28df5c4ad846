"""Bids and declared conflicts through the services and the PC member's page (plain posts and the
background posts of the page's script)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from confero import permissions
from confero.audit.models import AuditEvent
from confero.bidding import affinity, selectors, services
from confero.bidding.models import Bid
from confero.conflicts import services as conflicts
from confero.conflicts.models import Conflict

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(workshop, papers, committee, bidding_phase):
    subs = papers(8)
    members = committee(4)
    affinity.compute(workshop)
    return subs, members


def test_bids_are_saved_changed_and_removed_by_neutral(ready, workshop):
    subs, members = ready
    me = members[0]
    services.place_bid(me, subs[1], 2)
    services.place_bid(me, subs[1], -1)
    assert Bid.objects.get(reviewer=me, submission=subs[1]).value == -1
    services.place_bid(me, subs[1], 0)
    assert not Bid.objects.filter(reviewer=me).exists()
    with pytest.raises(ValidationError, match="a bid is one of"):
        services.place_bid(me, subs[1], 7)
    events = AuditEvent.objects.filter(action="bid.placed", data__number=subs[1].number)
    assert events.count() == 3


def test_bids_need_the_bidding_phase_and_a_paper_one_did_not_write(ready, workshop, bidding_phase, author):
    subs, members = ready
    bidding_phase("reviewing")
    with pytest.raises(permissions.Denied, match="bidding is closed in the reviewing phase"):
        services.place_bid(members[0], subs[0], 1)
    bidding_phase("bidding")
    with pytest.raises(permissions.Denied, match="only members of the program committee"):
        services.place_bid(author, subs[0], 1)


def test_declaring_a_conflict_confirms_it_removes_the_bid_and_the_paper(ready, workshop):
    subs, members = ready
    me = members[0]
    services.place_bid(me, subs[2], 2)
    services.declare_conflict(me, subs[2], reason="same lab")
    conflict = Conflict.objects.get(person=me, submission=subs[2])
    assert (conflict.origin, conflict.status, conflict.reason) == ("reviewer", "confirmed", "same lab")
    assert not Bid.objects.filter(reviewer=me, submission=subs[2]).exists()
    assert not permissions.can(me, "bid.place", subs[2])
    assert subs[2].pk not in {r.submission.pk for r in selectors.rows(me, workshop)[0]}
    assert [c.submission for c in selectors.declared(me, workshop)] == [subs[2]]
    assert AuditEvent.objects.filter(action="conflict.declared", data__number=subs[2].number).exists()


def test_a_potential_conflict_the_member_declares_becomes_confirmed(ready, workshop):
    subs, members = ready
    Conflict.objects.create(
        workshop=workshop,
        submission=subs[3],
        person=members[1],
        origin="detected",
        status="potential",
        evidence=["same e-mail domain"],
    )
    services.declare_conflict(members[1], subs[3])
    conflict = Conflict.objects.get(person=members[1], submission=subs[3])
    # The member's word confirms it (as on the declaration page); the engine's evidence is kept.
    assert conflict.status == "confirmed" and conflict.origin == "reviewer" and conflict.evidence
    assert conflict.reason == "declared while bidding" and "declared" in conflict.kinds


def test_a_conflict_declared_while_bidding_goes_through_the_declaration_service(ready, workshop):
    from confero.committee.models import CommitteeMember

    subs, members = ready
    me = members[0]
    conflicts.declare_conflicts(workshop, me, {subs[0].pk: "my student"})
    CommitteeMember.objects.filter(workshop=workshop, user=me).update(conflicts_declared_at=None)
    services.declare_conflict(me, subs[1], reason="")
    # The earlier declaration stays; one conflict from the bidding page does not tick the onboarding step.
    assert dict(Conflict.objects.filter(person=me).values_list("submission_id", "reason")) == {
        subs[0].pk: "my student",
        subs[1].pk: "declared while bidding",
    }
    assert CommitteeMember.objects.get(workshop=workshop, user=me).conflicts_declared_at is None
    assert AuditEvent.objects.filter(action="conflict.declared", data__number=subs[1].number).count() == 1


def test_papers_closest_to_the_members_publications_come_first(ready, workshop):
    subs, members = ready
    rows, info = selectors.rows(members[2], workshop)
    assert info.column and info.has_publications and not info.matrix.fell_back
    assert rows[0].submission == subs[2]  # member 2's first publication is paper 3's text
    assert rows[0].relative == 1.0 and all(r.authors is None for r in rows)  # double-blind


def test_search_and_filters(ready, workshop):
    subs, members = ready
    me = members[0]
    services.place_bid(me, subs[4], 1)
    assert [r.submission for r in selectors.rows(me, workshop, q=f"#{subs[4].number}")[0]] == [subs[4]]
    word = subs[5].title.split()[0]
    assert subs[5] in [r.submission for r in selectors.rows(me, workshop, q=word)[0]]
    assert [r.submission for r in selectors.rows(me, workshop, show="bid")[0]] == [subs[4]]
    assert subs[4] not in [r.submission for r in selectors.rows(me, workshop, show="todo")[0]]


def test_the_minimum_is_an_organizer_setting_and_the_counter_counts(ready, workshop, organizer):
    subs, members = ready
    with pytest.raises(permissions.Denied):
        services.set_min_bids(members[0], workshop, 5)
    services.set_min_bids(organizer, workshop, 3)
    for sub in subs[:2]:
        services.place_bid(members[0], sub, 1)
    counter = selectors.counter(members[0], workshop)
    assert (counter.done, counter.asked, counter.reached, counter.remaining) == (2, 3, False, 1)
    with pytest.raises(ValidationError):
        services.set_min_bids(organizer, workshop, -1)


def test_affinity_goes_stale_when_papers_members_or_publications_change(ready, workshop, papers, committee):
    from confero.committee.models import Publication

    latest = affinity.latest(workshop)
    assert not affinity.is_stale(latest)
    subs, members = ready
    Publication.objects.create(user=members[0], title="A new paper on sparse attention", external_id="new")
    assert affinity.is_stale(latest)
    latest = affinity.compute(workshop)
    assert not affinity.is_stale(latest)
    papers(1, start=20)
    assert affinity.is_stale(latest)


# ---------------------------------------------------------------- the page


def _login(client, user):
    client.force_login(user)
    return client


def test_the_page_lists_counts_and_saves_a_plain_bid(ready, client, workshop, organizer):
    subs, members = ready
    services.set_min_bids(organizer, workshop, 4)
    url = reverse("bidding:index", args=[workshop.slug])
    html = _login(client, members[2]).get(url).content.decode()
    assert "You have bid on <strong>0</strong> of the <strong>4</strong> asked." in html
    assert html.index(subs[2].title) < html.index(subs[0].title)  # closest first
    assert "Author Number" not in html
    response = client.post(
        reverse("bidding:place", args=[workshop.slug, subs[0].number]),
        {"value": "2", "next": url + "?page=1"},
    )
    assert response.status_code == 302 and response["Location"] == url + "?page=1"
    assert Bid.objects.get(reviewer=members[2], submission=subs[0]).value == 2
    assert "of the <strong>4</strong>" in client.get(url).content.decode()
    # an outside address for "next" is not followed
    response = client.post(
        reverse("bidding:place", args=[workshop.slug, subs[0].number]),
        {"value": "1", "next": "https://evil.example/"},
    )
    assert response["Location"] == url


def test_background_posts_get_the_row_and_the_counter(ready, client, workshop):
    subs, members = ready
    _login(client, members[0])
    response = client.post(
        reverse("bidding:place", args=[workshop.slug, subs[1].number]),
        {"value": "-2"},
        HTTP_X_CONFERO_FETCH="1",
    )
    data = response.json()
    assert response.status_code == 200 and data["error"] is None
    assert f'id="bid-row-{subs[1].number}"' in data["row"] and 'value="-2" selected' in data["row"]
    assert "<strong>1</strong> paper" in data["counter"]
    bad = client.post(
        reverse("bidding:place", args=[workshop.slug, subs[1].number]),
        {"value": "9"},
        HTTP_X_CONFERO_FETCH="1",
    )
    assert bad.status_code == 400 and bad.json()["error"]


def test_a_conflict_from_the_page_asks_to_confirm_without_script(ready, client, workshop):
    subs, members = ready
    _login(client, members[0])
    place = reverse("bidding:place", args=[workshop.slug, subs[3].number])
    page = client.post(place, {"value": "conflict"})
    assert page.status_code == 200 and "Declare the conflict" in page.content.decode()
    assert not Conflict.objects.exists()
    done = client.post(place, {"value": "conflict", "confirm": "1", "reason": "co-author"})
    assert done.status_code == 302
    assert Conflict.objects.get(person=members[0]).reason == "co-author"
    # the paper is gone: posting to it again is a 404 (no leak of what it is)
    assert client.post(place, {"value": "1"}).status_code == 404
    by_script = client.post(
        reverse("bidding:place", args=[workshop.slug, subs[4].number]),
        {"value": "conflict"},
        HTTP_X_CONFERO_FETCH="1",
    )
    assert "no longer shown" in by_script.json()["row"] or "will not be shown" in by_script.json()["row"]


def test_outside_the_bidding_phase_the_page_says_why(ready, client, workshop, bidding_phase):
    subs, members = ready
    bidding_phase("reviewing")
    response = _login(client, members[0]).get(reverse("bidding:index", args=[workshop.slug]))
    assert response.status_code == 403 and "bidding is closed" in response.content.decode()


def test_in_an_open_workshop_bidders_see_the_authors(ready, client, workshop):
    subs, members = ready
    workshop.anonymity = "open"
    workshop.save()
    html = _login(client, members[0]).get(reverse("bidding:index", args=[workshop.slug])).content.decode()
    assert "Author Number0" in html
