"""Travel-grant fixtures: an open call (1,000 EUR, at most 600 per grant) with one handler, and markers in
the sensitive answers so a test can tell whether they reached a page, export, mail or log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

MOTIVATION = "MOTIVATIONSEE first conference talk"
GROUP = "GROUPSEE first-generation scholar"


@pytest.fixture
def call(workshop):
    from confero.grants.models import GrantSettings

    now = timezone.now()
    return GrantSettings.objects.create(
        workshop=workshop,
        enabled=True,
        opens_at=now - dt.timedelta(days=2),
        closes_at=now + dt.timedelta(days=2),
        budget=Decimal("1000"),
        currency="EUR",
        max_per_grant=Decimal("600"),
    )


@pytest.fixture
def handler(organizer, workshop, call):
    from confero.grants.models import GrantHandler

    GrantHandler.objects.create(workshop=workshop, user=organizer)
    return organizer


@pytest.fixture
def second_handler(make_user, workshop, handler):
    from confero.grants.models import GrantHandler
    from confero.people.models import Role

    user = make_user(email="treasurer@uni-e.edu", name="Tess Treasurer")
    Role.objects.create(workshop=workshop, user=user, kind=Role.Kind.ORGANIZER)
    GrantHandler.objects.create(workshop=workshop, user=user)
    return user


def data(**over):
    from confero.grants.services import ApplicationData

    fields = dict(
        motivation=MOTIVATION,
        requested_amount="500",
        career_stage="phd",
        country="Kenya",
        travel_costs="900",
        underrepresented=GROUP,
        underrepresented_prefer_not=False,
    )
    fields.update(over)
    return ApplicationData(**fields)


@pytest.fixture
def applicants(make_user, workshop, call):
    """Three people who applied: 500, 400 and 300 EUR."""
    from confero.grants import services

    out = []
    for i, amount in enumerate(("500", "400", "300"), start=1):
        user = make_user(email=f"applicant{i}@uni-k.ac.ke", name=f"Applicant {i}")
        out.append(services.apply(workshop, user, data(requested_amount=amount)))
    return out
