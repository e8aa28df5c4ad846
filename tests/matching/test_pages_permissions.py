"""Every matching page, plot and export × every role of the permission cast: who gets it (200), who is
sent to log in (302), refused (403) or told it does not exist (404) — and what a conflicted organizer
must not see (the paper they conflict with: no title, no row, no pair, not in counts or plots)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from confero.matching import publish
from confero.matching.models import MatchingRun
from tests.permissions.conftest import ROLES

try:  # main moves the cast to tests/cast.py (a fixture for every test directory)
    from tests.cast import cast  # noqa: F401
except ImportError:
    from tests.permissions.conftest import cast  # noqa: F401

pytestmark = pytest.mark.django_db

SEE_ALL = {"organizer", "manager", "superuser"}
SEE_SOME = {"org_conflicted", "org_author"}  # organizers who may not see paper #1
REFUSED = set(ROLES) - SEE_ALL - SEE_SOME - {"anonymous"}


@pytest.fixture
def scene(cast, workshop, papers, run_now):  # noqa: F811
    people, paper1 = cast
    (paper2,) = papers(1, start=1)
    first = run_now(people["organizer"], per_paper=2, min_areas=0)
    second = run_now(people["organizer"], per_paper=1, min_areas=0)
    assert first.status == second.status == "done", first.message
    return people, paper1, paper2, first, second


def _pages(slug, run, other):
    return {
        "runs": reverse("matching:index", args=[slug]),
        "run": reverse("matching:run", args=[slug, run.pk]),
        "plot": reverse("matching:plot", args=[slug, run.pk]),
        "export": reverse("matching:export", args=[slug, run.pk]),
        "compare": reverse("matching:compare", args=[slug]) + f"?a={run.pk}&b={other.pk}",
        "assignments": reverse("matching:assignments", args=[slug]),
        "assignments_export": reverse("matching:assignments_export", args=[slug]),
        "bidding": reverse("matching:bidding", args=[slug]),
        "paper2": reverse("matching:paper", args=[slug, run.pk, 2]),
        "assignment_paper2": reverse("matching:assignment_paper", args=[slug, 2]),
    }


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_every_page_for_every_role(scene, client, workshop):
    for role in ROLES:
        client.logout()
        _check_pages(scene, client, workshop, role)


def _check_pages(scene, client, workshop, role):
    people, paper1, paper2, run, other = scene
    if role != "anonymous":
        client.force_login(people[role])
    for name, url in _pages(workshop.slug, run, other).items():
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], (role, name)
        elif role in REFUSED:
            assert response.status_code == 403, (role, name, response.status_code)
        else:
            assert response.status_code == 200, (role, name, response.status_code)
            body = _body(response)
            if name != "plot":
                assert paper1.title not in body or role in SEE_ALL, name
            if role in SEE_ALL and name in ("run", "export", "assignments", "assignments_export"):
                assert paper1.title in body, name
            if role in SEE_ALL | SEE_SOME and name in ("run", "export", "assignments"):
                assert paper2.title in body, name
            if role in SEE_SOME and name in ("run", "assignments", "compare", "runs", "bidding"):
                assert "hidden from you" in body, name
    # the pages of paper #1 itself
    for url in (
        reverse("matching:paper", args=[workshop.slug, run.pk, paper1.number]),
        reverse("matching:assignment_paper", args=[workshop.slug, paper1.number]),
    ):
        expected = {"anonymous": 302}.get(role, 200 if role in SEE_ALL else 403 if role in REFUSED else 404)
        assert client.get(url).status_code == expected, (role, url)


def test_a_conflicted_organizer_gets_figures_and_a_plot_without_that_paper(scene, client, workshop):
    people, paper1, paper2, run, other = scene
    url = reverse("matching:plot", args=[workshop.slug, run.pk])
    client.force_login(people["organizer"])
    full = _body_bytes(client.get(url))
    page = client.get(reverse("matching:run", args=[workshop.slug, run.pk])).content.decode()
    assert "Over 2 papers" in page
    client.force_login(people["org_conflicted"])
    partial = _body_bytes(client.get(url))
    page = client.get(reverse("matching:run", args=[workshop.slug, run.pk])).content.decode()
    assert "Over 1 paper " in page and "1 paper hidden from you left out" in page
    assert full[:4] == partial[:4] == b"\x89PNG" and full != partial


def _body_bytes(response) -> bytes:
    return b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content


def test_changes_are_refused_to_everyone_but_organizers(scene, client, workshop):
    people, paper1, paper2, run, other = scene
    for role in sorted(REFUSED) + ["anonymous"]:
        client.logout()
        _check_refused(scene, client, workshop, role)
    assert not MatchingRun.objects.filter(published_at__isnull=False).exists()
    assert MatchingRun.objects.count() == 2


def _check_refused(scene, client, workshop, role):
    people, paper1, paper2, run, other = scene
    if role != "anonymous":
        client.force_login(people[role])
    posts = [
        (reverse("matching:index", args=[workshop.slug]), {"objective": "optimal"}),
        (reverse("matching:cancel", args=[workshop.slug, run.pk]), {}),
        (reverse("matching:rerun", args=[workshop.slug, run.pk]), {}),
        (reverse("matching:paper", args=[workshop.slug, run.pk, 2]), {"remove": "1", "pair": "1"}),
        (reverse("matching:assignment_paper", args=[workshop.slug, 1]), {"remove": "1", "pair": "1"}),
        (reverse("matching:bidding", args=[workshop.slug]), {"min_bids": "3"}),
        (reverse("matching:publish", args=[workshop.slug, run.pk]), {}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], (role, url)
        else:
            assert response.status_code == 403, (role, url)


def test_publishing_from_the_page_and_again(scene, client, workshop):
    people, paper1, paper2, run, other = scene
    client.force_login(people["organizer"])
    url = reverse("matching:publish", args=[workshop.slug, run.pk])
    # paper #1 already has hand-made assignments (cast): those pairs are kept, the others are added
    response = client.post(url, follow=True)
    assert "published" in response.content.decode()
    run.refresh_from_db()
    assert run.published_at is not None
    again = client.post(url, follow=True).content.decode()
    assert "already published; nothing was sent again" in again
    assert publish.publish(people["manager"], run).already
