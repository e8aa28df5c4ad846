"""The pages as browsers use them: apply / edit / withdraw through the forms, settings in AoE, staging
with the budget error on the page, release with the mails, the CSV exports; and the demo seed."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core import mail

from confero.grants import services
from confero.grants.models import GrantApplication, GrantSettings

from .conftest import GROUP, MOTIVATION, data

pytestmark = pytest.mark.django_db

FORM = {
    "motivation": MOTIVATION,
    "career_stage": "phd",
    "country": "Kenya",
    "requested_amount": "450",
    "travel_costs": "800",
    "underrepresented": GROUP,
}


def test_apply_edit_withdraw_through_the_pages(client, workshop, call, author):
    client.force_login(author)
    page = client.get("/osfm/grants/").content.decode()
    assert "Apply for a travel grant" in page
    resp = client.post("/osfm/grants/apply/", {**FORM, "requested_amount": "650"})
    assert "at most 600.00 EUR per grant" in resp.content.decode()
    assert not GrantApplication.objects.exists()
    resp = client.post("/osfm/grants/apply/", FORM)
    assert resp.status_code == 302
    app = GrantApplication.objects.get()
    assert (app.requested_amount, app.underrepresented) == (Decimal("450.00"), GROUP)
    assert client.get("/osfm/grants/apply/").status_code == 302  # already applied: to the edit page
    client.post("/osfm/grants/edit/", {**FORM, "underrepresented": "", "underrepresented_prefer_not": "on"})
    app.refresh_from_db()
    assert app.underrepresented == "" and app.underrepresented_prefer_not
    page = client.get("/osfm/grants/").content.decode()
    assert "Prefers not to say" in page and "G-1" in page
    client.post("/osfm/grants/withdraw/")
    app.refresh_from_db()
    assert app.is_withdrawn


def test_closed_call_refuses_with_the_aoe_deadline(client, workshop, call, author):
    import datetime as dt

    from django.utils import timezone

    call.opens_at = timezone.now() - dt.timedelta(days=3)
    call.closes_at = timezone.now().replace(microsecond=0) - dt.timedelta(seconds=1)
    call.save()
    client.force_login(author)
    resp = client.get("/osfm/grants/apply/")
    assert resp.status_code == 403 and "travel-grant applications closed on" in resp.content.decode()
    assert "AoE" in resp.content.decode()


def test_settings_page_stores_aoe_times(client, workshop, handler):
    client.force_login(handler)
    resp = client.post(
        "/osfm/manage/grants/settings/",
        {
            "enabled": "on",
            "opens_local": "2030-05-01T00:00:00",
            "closes_local": "2030-05-31T23:59:59",
            "tz": "AoE",
            "budget": "2500",
            "currency": "usd",
            "max_per_grant": "500",
            "eligibility": "authors",
            "ask_country": "on",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    s = GrantSettings.objects.get(workshop=workshop)
    assert s.closes_at.isoformat() == "2030-06-01T11:59:59+00:00" and s.currency == "USD"
    assert (s.ask_country, s.ask_career_stage, s.ask_underrepresented) == (True, False, False)
    page = client.get("/osfm/manage/grants/").content.decode()
    assert "31 May 2030, 23:59:59 AoE" in page


def test_stage_over_budget_shows_the_error_and_release_mails(
    client, workshop, handler, applicants, django_capture_on_commit_callbacks
):
    a, b, c = applicants
    client.force_login(handler)
    url = f"/osfm/manage/grants/G{a.number}/"
    assert (
        client.post(
            url, {"action": "stage", "outcome": "award", "amount": "500", "version": a.version}
        ).status_code
        == 302
    )
    b.refresh_from_db()
    client.post(
        f"/osfm/manage/grants/G{b.number}/",
        {"action": "stage", "outcome": "award", "amount": "400", "version": b.version},
    )
    c.refresh_from_db()
    resp = client.post(
        f"/osfm/manage/grants/G{c.number}/",
        {"action": "stage", "outcome": "award", "amount": "300", "version": c.version},
    )
    text = resp.content.decode()
    assert resp.status_code == 200 and "over budget" in text and "100.00 EUR remains" in text
    assert client.get("/osfm/manage/grants/budget.json").json()["remaining"] == "100.00"
    client.post(f"/osfm/manage/grants/G{c.number}/", {"action": "score", "score": "4"})
    assert c.scores.get().score == 4
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/osfm/manage/grants/release/").status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.applicant.email, b.applicant.email])


def test_exports_with_and_without_the_sensitive_columns(client, workshop, handler, applicants):
    client.force_login(handler)
    plain = list(csv.reader(io.StringIO(client.get("/osfm/manage/grants/export.csv").content.decode())))
    full = list(
        csv.reader(io.StringIO(client.get("/osfm/manage/grants/export.csv?sensitive=1").content.decode()))
    )
    assert len(plain) == len(full) == 4
    assert "motivation" not in plain[0] and MOTIVATION not in str(plain)
    assert full[0][-2:] == ["motivation", "underrepresented_group"] and full[1][-2:] == [MOTIVATION, GROUP]


def test_formula_cells_are_neutralised(client, workshop, handler, call, make_user):
    evil = make_user(email="evil@uni-e.edu", name="=HYPERLINK(1)")
    services.apply(workshop, evil, data(motivation="=cmd|' /C calc'!A0"))
    client.force_login(handler)
    text = client.get("/osfm/manage/grants/export.csv?sensitive=1").content.decode()
    assert "'=HYPERLINK(1)" in text and "'=cmd" in text


def test_demo_seed(workshop, organizer, make_user, make_data, upload):
    from confero.grants.demo import seed
    from confero.submissions.services import create_submission

    for i in range(5):
        user = make_user(email=f"demo{i}@uni-d.edu", name=f"Demo Author {i}")
        create_submission(
            workshop=workshop, user=user, data=make_data(user, title=f"Paper {i}"), pdf=upload()
        )
    apps = seed(workshop)
    assert len(apps) == 4 and len({a.applicant_id for a in apps}) == 4
    assert all(
        a.submission and a.applicant_id in a.submission.authors.values_list("user_id", flat=True)
        for a in apps
    )
    assert sum(a.underrepresented_prefer_not for a in apps) == 1
    assert seed(workshop) == apps and GrantApplication.objects.count() == 4  # idempotent
    from confero import permissions

    assert permissions.can(organizer, "grant.handle", workshop)


def test_the_call_for_papers_links_to_the_grants_while_offered(client, workshop, call):
    assert 'href="/osfm/grants/">Travel grants</a>' in client.get("/osfm/").content.decode()
    call.enabled = False
    call.save()
    assert "Travel grants" not in client.get("/osfm/").content.decode()


def test_handlers_page_names_the_first_handler_then_only_handlers(
    client, workshop, organizer, call, make_user
):
    from confero.grants.models import GrantHandler
    from confero.people.models import Role

    other = make_user(email="cochair@uni-f.edu", name="Cora Cochair")
    Role.objects.create(workshop=workshop, user=other, kind=Role.Kind.ORGANIZER)
    client.force_login(other)
    page = client.get("/osfm/manage/grants/handlers/").content.decode()
    assert "No handlers yet" in page and "Olga Organizer" in page
    client.post("/osfm/manage/grants/handlers/", {"action": "add", "user": organizer.pk})
    assert list(GrantHandler.objects.values_list("user_id", flat=True)) == [organizer.pk]
    assert client.get("/osfm/manage/grants/handlers/").status_code == 403
    assert (
        client.post("/osfm/manage/grants/handlers/", {"action": "add", "user": other.pk}).status_code == 403
    )
    client.force_login(organizer)
    client.post("/osfm/manage/grants/handlers/", {"action": "remove", "user": organizer.pk})
    assert GrantHandler.objects.count() == 1  # the last handler stays
