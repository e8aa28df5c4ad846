"""Every travel-grant page and export × every role of the permission cast, through HTTP, as the attacker.

The world: the cast's paper #1 is by ``author``, ``coauthor`` and the organizer ``org_author``;
``org_conflicted`` is in conflict with it. Handlers: ``organizer``, ``org_conflicted``, ``org_author``
(``manager`` is an organizer who does not handle grants). ``author`` applied (linking paper #1), and so
did the handler ``organizer`` themself (the applicant-organizer). The sensitive answers carry markers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from confero.grants import services
from confero.grants.models import GrantHandler, GrantSettings

from .conftest import data

pytestmark = pytest.mark.django_db

HANDLERS = {"organizer", "org_conflicted", "org_author", "superuser"}
ORGS = {"organizer", "org_conflicted", "org_author", "manager", "superuser"}
A_MOTIVATION, A_GROUP = "AUTHORMOTIVE travel from Lagos", "AUTHORGROUP first in family"
O_MOTIVATION, O_GROUP = "ORGMOTIVE organizer travel", "ORGGROUP organizer group"
A_EMAIL = "author@author.example.org"


@pytest.fixture
def world(cast, workshop):
    people, paper = cast
    now = timezone.now()
    GrantSettings.objects.create(
        workshop=workshop,
        enabled=True,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=1),
        budget=Decimal("5000"),
    )
    for name in ("organizer", "org_conflicted", "org_author"):
        GrantHandler.objects.create(workshop=workshop, user=people[name])
    a = services.apply(
        workshop,
        people["author"],
        data(
            motivation=A_MOTIVATION, underrepresented=A_GROUP, submission_id=paper.pk, requested_amount="800"
        ),
    )
    o = services.apply(
        workshop,
        people["organizer"],
        data(motivation=O_MOTIVATION, underrepresented=O_GROUP, requested_amount="700"),
    )
    return people, a, o


def _get(client, user, url):
    client.logout()
    if getattr(user, "is_authenticated", False):
        client.force_login(user)
    return client.get(url)


def _body(resp) -> str:
    return resp.content.decode() if resp.status_code == 200 else ""


@pytest.mark.parametrize(
    "role",
    ["anonymous", "author", "coauthor", "organizer", "org_conflicted", "org_author", "manager", "reviewer_done",
     "pc_unassigned", "superuser", "other_org"],
)  # fmt: skip
def test_who_sees_what(client, world, role):
    people, a, o = world
    user = people[role]
    base = "/osfm/manage/grants/"
    pages = {
        "index": base,
        "app_a": f"{base}G{a.number}/",
        "app_o": f"{base}G{o.number}/",
        "export": f"{base}export.csv",
        "export_sensitive": f"{base}export.csv?sensitive=1",
        "settings": f"{base}settings/",
        "release": f"{base}release/",
        "budget": f"{base}budget.json",
        "audit": "/osfm/manage/audit/",
        "mine": "/osfm/grants/",
    }
    got = {name: _get(client, user, url) for name, url in pages.items()}
    status = {name: r.status_code for name, r in got.items()}
    texts = {name: _body(r) for name, r in got.items()}
    everything = " ".join(texts.values())

    if role == "anonymous":
        assert all(s == 302 and "/accounts/login/" in got[n]["Location"] for n, s in status.items()), status
        return
    # Every organizer sees the counts and the budget; nobody else does.
    assert (status["index"] == 200) == (role in ORGS)
    assert (status["budget"] == 200) == (role in ORGS)
    # Handler pages: handlers only (403 with the reason for other organizers, 404 across workshops).
    for page in ("export", "export_sensitive", "settings", "release"):
        assert (status[page] == 200) == (role in HANDLERS), (page, status[page])
    # The author's application: the handlers without a conflict with the author (organizer, superuser).
    sees_a = role in {"organizer", "superuser"}
    assert (status["app_a"] == 200) == sees_a, status["app_a"]
    # The organizer's own application: never themself; org_author/org_conflicted have no conflict with them.
    sees_o = role in {"org_conflicted", "org_author", "superuser"}
    assert (status["app_o"] == 200) == sees_o, status["app_o"]
    if role in ORGS - HANDLERS:
        assert status["app_a"] == 403 and status["export"] == 403

    # The sensitive answers, anywhere on the organizer pages and exports (not "mine", the applicant's page).
    manage_text = " ".join(t for n, t in texts.items() if n != "mine")
    assert (A_MOTIVATION in manage_text) == sees_a
    assert (A_GROUP in manage_text) == sees_a
    assert (O_MOTIVATION in manage_text) == sees_o
    assert (O_GROUP in manage_text) == sees_o
    # Not even who applied: the e-mail of an applicant outside one's view is on no grant page.
    grant_text = " ".join(t for n, t in texts.items() if n not in ("mine", "audit"))
    assert (A_EMAIL in grant_text) == sees_a
    # The plain export never carries the sensitive columns.
    assert "AUTHORMOTIVE" not in texts["export"] and "ORGMOTIVE" not in texts["export"]
    if role in HANDLERS:
        assert "motivation" in texts["export_sensitive"].splitlines()[0]
        assert "motivation" not in texts["export"].splitlines()[0]
    # The applicant's own page shows their own answers, and no one else's.
    if role == "author":
        assert A_MOTIVATION in texts["mine"] and A_GROUP in texts["mine"] and O_MOTIVATION not in everything
    if role == "organizer":
        assert O_MOTIVATION in texts["mine"] and O_GROUP in texts["mine"]
        assert A_MOTIVATION in texts["app_a"] and A_GROUP in texts["app_a"]
    # The audit log: grant events for handlers only, and not those of hidden applications.
    audit = texts["audit"]
    if role in ORGS - HANDLERS:
        assert status["audit"] == 200 and "grant." not in audit
    if role == "org_author":  # co-author of the author: the author's application's events are hidden
        assert f"G-{o.number} submitted" in audit and f"G-{a.number} submitted" not in audit


def test_counts_page_of_a_non_handler_shows_numbers_only(client, world):
    people, a, o = world
    resp = _get(client, people["manager"], "/osfm/manage/grants/")
    text = resp.content.decode()
    assert "<dt>Received</dt><dd>2</dd>" in text.replace("\n", "")
    assert "G-1" not in text and "G-2" not in text and "Kenya" not in text


def test_other_applicant_cannot_reach_an_application(client, world, make_user, workshop):
    people, a, o = world
    other = make_user(email="stranger@uni-x.edu", name="Stranger")
    services.apply(workshop, other, data(motivation="mine"))
    client.force_login(other)
    text = client.get("/osfm/grants/").content.decode()
    assert "mine" in text and A_MOTIVATION not in text
    assert client.get(f"/osfm/manage/grants/G{a.number}/").status_code == 403
    # Edit and withdraw act on one's own application only (there is no id to tamper with).
    client.post("/osfm/grants/withdraw/")
    a.refresh_from_db()
    assert a.status == "submitted"


def test_the_superuser_can_be_kept_out_only_by_conflicts(client, world):
    """Documented: the installation's operator counts as a handler (they hold the database anyway)."""
    people, a, o = world
    assert _get(client, people["superuser"], f"/osfm/manage/grants/G{a.number}/").status_code == 200
