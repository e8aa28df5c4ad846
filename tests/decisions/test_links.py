"""Small links between pages: an author's submission page leads to the decision once it is released; a PC
member's profile and review list lead to the onboarding checklist."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from confero.decisions.models import Decision
from tests.reviews.conftest import switch

pytestmark = pytest.mark.django_db


def test_the_submission_page_links_the_decision_once_released(cast, workshop, client):
    people, paper = cast
    page = reverse("submissions:detail", args=[workshop.slug, paper.number])
    decision_url = reverse("decisions:mine", args=[workshop.slug, paper.number])
    client.force_login(people["author"])
    Decision.objects.create(submission=paper, outcome="accept", staged_at=timezone.now())
    switch(workshop, "decision", *people.values())
    assert decision_url not in client.get(page).content.decode()  # staged only: nothing to see
    Decision.objects.filter(submission=paper).update(
        released_at=timezone.now(), released_outcome="accept", released_by=people["manager"]
    )
    switch(workshop, "released", *[u for u in people.values() if u.is_authenticated])
    html = client.get(page).content.decode()
    assert decision_url in html and "and the reviews" in html
    assert client.get(decision_url).status_code == 200


def test_a_pc_member_finds_the_onboarding_checklist(cast, workshop, client):
    people, _ = cast
    checklist = reverse("committee:onboarding", args=[workshop.slug])
    client.force_login(people["pc_unassigned"])
    assert checklist in client.get(reverse("people:profile")).content.decode()
    assert checklist in client.get(reverse("reviews:mine", args=[workshop.slug])).content.decode()
    client.force_login(people["author"])  # no PC role: no checklist link
    assert checklist not in client.get(reverse("people:profile")).content.decode()
