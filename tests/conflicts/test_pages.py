"""HTTP-level permissions of the conflict pages for every role of the cast: who opens them, what they
show (titles only to the PC in double-blind; only the papers an organizer oversees in the queue), and
what a POST may change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from confero.audit.models import AuditEvent
from confero.conflicts.models import Conflict

from .conftest import ROLES

pytestmark = pytest.mark.django_db
PC = {"reviewer_done", "reviewer_draft", "pc_unassigned", "pc_conflicted"}
ORGS = {"organizer", "org_conflicted", "org_author", "manager", "superuser"}
OVERSEE = {"organizer", "manager", "superuser"}
TITLE = "Open data for open models"  # the cast's paper
AUTHOR_TRACES = [
    "Coauthor",
    "Org Author",
    "author@author.example.org",
    "coauthor@coauthor.example.org",
    "Uni A",
]


@pytest.fixture
def queue_rows(cast, workshop):
    people, paper = cast
    row = Conflict.objects.create(
        workshop=workshop,
        submission=paper,
        person=people["pc_unassigned"],
        origin=Conflict.Origin.DETECTED,
        status=Conflict.Status.POTENTIAL,
        kinds=["institution-name"],
        evidence=["same affiliation name: secret lab"],
        details=[{"kind": "institution-name", "certain": False, "text": "same affiliation name: secret lab",
                  "institution": "secret lab", "author": "Bruno Inkwright"}],
    )  # fmt: skip
    return people, paper, row


def _login(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])


@pytest.mark.parametrize("role", ROLES)
def test_declaration_page(client, cast, role):
    people, paper = cast
    _login(client, people, role)
    url = reverse("conflicts:declare", args=["osfm"])
    response = client.get(url)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    if role not in PC:
        assert response.status_code == 403
        assert (
            client.post(
                url, {"shown": str(paper.pk), "conflict": str(paper.pk), f"reason-{paper.pk}": "x"}
            ).status_code
            == 403
        )
        assert not Conflict.objects.filter(person=people[role]).exists()
        return
    page = response.content.decode()
    assert response.status_code == 200 and TITLE in page
    for trace in AUTHOR_TRACES:  # double-blind: titles only
        assert trace not in page, (role, trace)
    if role == "pc_conflicted":
        assert 'value="same lab"' in page and "checked" in page


def test_declaring_through_the_page(client, cast, workshop):
    people, paper = cast
    rita = people["pc_unassigned"]
    client.force_login(rita)
    url = reverse("conflicts:declare", args=["osfm"])
    response = client.post(url, {"shown": str(paper.pk), "conflict": str(paper.pk), f"reason-{paper.pk}": ""})
    assert response.status_code == 400 and "give the reason" in response.content.decode()
    assert not Conflict.objects.filter(person=rita).exists()
    response = client.post(
        url, {"shown": str(paper.pk), "conflict": str(paper.pk), f"reason-{paper.pk}": "my student"}
    )
    assert response.status_code == 302
    row = Conflict.objects.get(person=rita)
    assert (row.status, row.origin, row.reason) == ("confirmed", "reviewer", "my student")
    assert client.post(url, {"shown": str(paper.pk)}).status_code == 302  # unticked
    assert not Conflict.objects.filter(person=rita).exists()
    page = client.get(url + "?q=nothing-like-this").content.decode()
    assert TITLE not in page and "No submission matches" in page


@pytest.mark.parametrize("role", ROLES)
def test_queue_page(client, queue_rows, role):
    people, paper, row = queue_rows
    _login(client, people, role)
    url = reverse("conflicts:queue", args=["osfm"])
    response = client.get(url + "?status=all")
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role not in ORGS:
        assert response.status_code == 403
        assert client.post(url, {"decide": f"{row.pk}:dismissed"}).status_code == 403
        assert client.post(url, {"action": "detect", "coauthor_years": "3"}).status_code == 403
    else:
        page = response.content.decode()
        assert response.status_code == 200
        if role in OVERSEE:
            assert TITLE in page and "secret lab" in page and "<mark>Bruno Inkwright</mark>" in page
            declared = Conflict.objects.get(person=people["pc_conflicted"])
            assert f'id="conflict-{declared.pk}"' in page  # the confirmed declaration, with status=all
        else:  # an author of the paper or in conflict with it sees nothing of its conflicts
            assert TITLE not in page and "secret lab" not in page and 'id="conflict-' not in page
            for trace in ("Quillfeather", "Inkwright", "coauthor@coauthor.example.org"):
                assert trace not in page
        client.post(url, {"decide": f"{row.pk}:dismissed", f"expected-{row.pk}": "potential"})
        row.refresh_from_db()
        assert row.status == ("dismissed" if role in OVERSEE else "potential")
        response = client.post(
            url,
            {
                "action": "add",
                "add-person": people["pc_unassigned"].pk,
                "add-number": paper.number,
                "add-reason": "x",
            },
        )
        if role in OVERSEE:
            assert response.status_code == 302
        else:
            assert response.status_code == 400 and "that you may manage" in response.content.decode()
    assert AuditEvent.objects.filter(action="conflict.dismissed").count() == (1 if role in OVERSEE else 0)


def test_queue_filters_bulk_and_detection(client, queue_rows, workshop, make_user):
    people, paper, row = queue_rows
    client.force_login(people["manager"])
    url = reverse("conflicts:queue", args=["osfm"])
    page = client.get(url).content.decode()
    declared = Conflict.objects.get(person=people["pc_conflicted"])
    assert "secret lab" in page and f'id="conflict-{declared.pk}"' not in page  # default: to review
    assert "secret lab" not in client.get(url + "?kind=same-name").content.decode()
    assert "secret lab" in client.get(url + "?kind=institution-name&q=1").content.decode()
    response = client.post(
        url,
        {"action": "bulk_dismissed", "pick": [str(row.pk)], f"expected-{row.pk}": "potential"},
        follow=True,
    )
    assert "1 conflict(s) dismissed" in response.content.decode()
    response = client.post(
        url,
        {"action": "bulk_confirmed", "pick": [str(row.pk)], f"expected-{row.pk}": "potential"},
        follow=True,
    )
    assert (
        "Skipped #1" in response.content.decode()
        and "already marked it dismissed" in response.content.decode()
    )
    response = client.post(url, {"action": "detect", "coauthor_years": "3"}, follow=True)
    assert response.status_code == 200 and "Detection done" in response.content.decode()
    assert AuditEvent.objects.filter(action="conflicts.detected").exists()
    assert Conflict.objects.get(pk=row.pk).status == "dismissed"  # detection kept the decision


def test_declaration_list_costs_the_same_for_many_papers(
    cast, workshop, make_paper, django_assert_max_num_queries
):
    from confero.conflicts import selectors

    people, _ = cast
    for i in range(40):
        make_paper(f"Paper {i}", [("Someone Else", f"s{i}@else.example", "Else")], number=100 + i)
    workshop.anonymity = "open"  # authors shown: the view_authors rule runs for every paper
    workshop.save()
    from confero.phases import services as phases

    phases.switch_to(workshop, "bidding", actor=None)
    user = people["pc_unassigned"]
    with django_assert_max_num_queries(15):
        rows = selectors.declare_rows(user, workshop)
    assert len(rows) == 41 and all(r.authors for r in rows)
