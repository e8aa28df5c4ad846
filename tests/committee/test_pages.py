"""HTTP-level permissions of the committee pages for every role of the cast, and what the pages do."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from confero.audit.models import AuditEvent
from confero.committee.models import CommitteeMember, Publication
from confero.mail.models import OutboxMail

from .conftest import ROLES, complete_profile

pytestmark = pytest.mark.django_db
PC = {"reviewer_done", "reviewer_draft", "pc_unassigned", "pc_conflicted"}
ORGS = {"organizer", "org_conflicted", "org_author", "manager", "superuser"}
PAGES = {
    "committee:onboarding": PC,
    "committee:publications": PC,
    "committee:manage": ORGS,
}


def _login(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_each_page(client, cast, role):
    people, _ = cast
    _login(client, people, role)
    for name, allowed in PAGES.items():
        url = reverse(name, args=["osfm"])
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"action": "nothing"} if method == "post" else None)
            if role == "anonymous":
                assert response.status_code == 302 and "/accounts/login/" in response["Location"], (
                    url,
                    method,
                )
            elif role in allowed:
                assert response.status_code in (200, 400), (role, url, method, response.status_code)
            else:
                assert response.status_code == 403, (role, url, method, response.status_code)
    assert not OutboxMail.objects.filter(kind="committee.reminder").exists()


def test_other_workshops_organizer_is_refused(client, cast, other_workshop):
    people, _ = cast
    client.force_login(people["other_org"])
    assert client.get(reverse("committee:manage", args=["osfm"])).status_code == 403
    assert client.get(reverse("committee:manage", args=["other"])).status_code == 200


def test_onboarding_page_walks_through_the_steps(client, cast, workshop):
    people, _ = cast
    rita = people["pc_unassigned"]
    client.force_login(rita)
    url = reverse("committee:onboarding", args=["osfm"])
    page = client.get(url).content.decode()
    for link in (
        reverse("people:profile"),
        reverse("committee:publications", args=["osfm"]),
        reverse("conflicts:declare", args=["osfm"]),
    ):
        assert f'href="{link}"' in page
    assert "5 of 5 step(s) left" in page and "Confirm my profile" not in page
    response = client.post(url, {"action": "confirm"})
    assert response.status_code == 400 and "not complete yet" in response.content.decode()
    response = client.post(url, {"action": "load", "load-max_load": "101"})
    assert (
        response.status_code == 400
        and "Ensure this value is less than or equal to 100" in response.content.decode()
    )
    assert client.post(url, {"action": "load", "load-max_load": "3"}).status_code == 302
    complete_profile(rita, workshop)
    assert "Confirm my profile" in client.get(url).content.decode()
    assert client.post(url, {"action": "confirm"}).status_code == 302
    member = CommitteeMember.objects.get(workshop=workshop, user=rita)
    assert member.max_load == 3 and member.profile_confirmed_at
    assert "1 of 5 step(s) left" in client.get(url).content.decode()


def test_publications_page(client, cast):
    people, _ = cast
    rita = people["pc_unassigned"]
    client.force_login(rita)
    url = reverse("committee:publications", args=["osfm"])
    bib = b"@article{k1, title={Open Models}, author={Pc Unassigned and Bo Bee}, year=2024}\n"
    response = client.post(
        url,
        {"action": "import", "import-format": "bibtex", "import-file": SimpleUploadedFile("mine.bib", bib)},
    )
    assert response.status_code == 302
    assert list(Publication.objects.filter(user=rita).values_list("title", flat=True)) == ["Open Models"]
    bad = SimpleUploadedFile("broken.bib", b"@article{k2, title={X}, year={soon}}\n")
    response = client.post(url, {"action": "import", "import-format": "bibtex", "import-file": bad})
    assert (
        response.status_code == 400
        and "broken.bib:1, field &#x27;year&#x27;: not a year" in response.content.decode()
    )
    response = client.post(
        url,
        {
            "action": "add",
            "pub-title": "Typed",
            "pub-authors": "Pc Unassigned\nCo Author",
            "pub-year": "2023",
        },
    )
    assert response.status_code == 302
    assert Publication.objects.get(title="Typed").authors == ["Pc Unassigned", "Co Author"]
    other = Publication.objects.create(user=people["reviewer_done"], title="Not yours")
    ids = [
        str(other.pk),
        *(str(p) for p in Publication.objects.filter(user=rita).values_list("pk", flat=True)),
    ]
    client.post(url, {"action": "delete", "publication": ids})
    assert list(Publication.objects.values_list("title", flat=True)) == ["Not yours"]
    assert "Not yours" not in client.get(url).content.decode()


def test_committee_page_reminds_and_sets_loads(
    client, cast, workshop, django_capture_on_commit_callbacks, mailoutbox
):
    people, _ = cast
    client.force_login(people["manager"])
    url = reverse("committee:manage", args=["osfm"])
    page = client.get(url).content.decode()
    for role in PC:
        assert people[role].email in page
    assert "0 with every step done" in page
    target = people["pc_unassigned"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"remind": str(target.pk)}).status_code == 302
    assert [m.to for m in mailoutbox] == [[target.email]]
    response = client.post(url, {"remind": str(target.pk)}, follow=True)
    assert "at most one reminder a day" in response.content.decode()
    assert client.post(url, {"remind": str(people["organizer"].pk)}).status_code == 404  # not on the PC
    loads = {f"load-{people[r].pk}": "6" for r in PC} | {f"load-{target.pk}": "2"}
    assert client.post(url, {"action": "loads", **loads}).status_code == 302
    assert CommitteeMember.objects.get(workshop=workshop, user=target).max_load == 2
    response = client.post(url, {"action": "loads", **loads, f"load-{target.pk}": "-4"})
    assert response.status_code == 400 and "between 0 and 100" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "remind_all"})
    assert len(mailoutbox) == 4  # the three others; the first was reminded today
    assert AuditEvent.objects.filter(action="committee.reminded").count() == 4
    assert "incomplete only" in client.get(url + "?show=incomplete").content.decode()
