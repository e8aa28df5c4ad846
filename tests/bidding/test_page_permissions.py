"""The bidding page and its bid post × every role of the permission cast, in the bidding phase and
after it: who sees paper #1, who may bid on it, and that no author name reaches a PC member."""

from __future__ import annotations

import pytest
from django.urls import reverse

from confero.bidding.models import Bid
from tests.permissions.conftest import ROLES

try:  # main moves the cast to tests/cast.py (a fixture for every test directory)
    from tests.cast import cast  # noqa: F401
except ImportError:
    from tests.permissions.conftest import cast  # noqa: F401

pytestmark = pytest.mark.django_db

BIDDERS = {"reviewer_done", "reviewer_draft", "pc_unassigned"}  # PC, not an author, not conflicted
PC = BIDDERS | {"pc_conflicted"}
AUTHOR_NAMES = ("Coauthor", "Org Author", "Uni A", "author@author.example.org")


def test_the_bidding_page_and_bids_for_every_role(cast, client, workshop, bidding_phase):  # noqa: F811
    people, paper = cast
    index = reverse("bidding:index", args=[workshop.slug])
    place = reverse("bidding:place", args=[workshop.slug, paper.number])
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(people[role])
        page = client.get(index)
        posted = client.post(place, {"value": "1"})
        if role == "anonymous":
            assert page.status_code == posted.status_code == 302, role
            continue
        if role not in PC:
            assert page.status_code == posted.status_code == 403, role
            assert "only members of the program committee" in page.content.decode()
            continue
        html = page.content.decode()
        assert page.status_code == 200, role
        assert (paper.title in html) == (role in BIDDERS), role
        assert not any(name in html for name in AUTHOR_NAMES), role
        if role in BIDDERS:
            assert posted.status_code == 302 and Bid.objects.filter(reviewer=people[role], value=1).exists()
        else:
            assert posted.status_code == 404  # the conflicted member is not told the paper exists
    assert set(Bid.objects.values_list("reviewer__name", flat=True)) == {
        "Reviewer Done",
        "Reviewer Draft",
        "Pc Unassigned",
    }


def test_after_bidding_closes_nobody_bids(cast, client, workshop, bidding_phase):  # noqa: F811
    people, paper = cast
    bidding_phase("reviewing")
    client.force_login(people["pc_unassigned"])
    assert client.get(reverse("bidding:index", args=[workshop.slug])).status_code == 403
    assert (
        client.post(reverse("bidding:place", args=[workshop.slug, paper.number]), {"value": "2"}).status_code
        == 403
    )
    assert not Bid.objects.exists()
