"""Travel grants for the demo workshop: ``seed(workshop)`` opens a call (4,000 EUR, at most 800 per
grant, authors only, closing in 14 days AoE), names the first organizer a grant handler and adds a few
realistic applications from the workshop's authors. Idempotent: a second call changes nothing.

Not wired into ``confero demo`` (src/confero/workshops/demo.py belongs to another change); call it from
there or from a shell: ``from confero.grants.demo import seed; seed(Workshop.objects.get(slug=...))``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from confero.people.models import Role
from confero.submissions.models import SubmissionAuthor
from confero.workshops.timezones import AOE

from .models import GrantApplication, GrantHandler, GrantSettings

APPLICATIONS = [
    # (career stage, country, requested, travel costs, under-represented answer or None = prefer not, motivation)
    ("phd", "Nigeria", "800", "1450", "First-generation university student",
     "I am presenting our poster and it would be my first international venue. My lab has no travel "
     "budget for workshops, and the flight from Lagos is most of the cost."),
    ("masters", "India", "600", "900", "",
     "I am the first author of our submission and would like to present it in person and meet people "
     "working on open training protocols for my PhD applications."),
    ("postdoc", "Brazil", "700", "1600", None,
     "My fellowship covers the main conference but not the workshop day; the grant would pay for the "
     "extra night and the registration."),
    ("phd", "Germany", "400", "450", "Woman in computing",
     "Short trip by train, but my group's budget is spent for this year; I would present the demo of our "
     "open evaluation harness."),
]  # fmt: skip


@transaction.atomic
def seed(workshop) -> list[GrantApplication]:
    """Open the demo call and add up to four applications by distinct authors of the workshop."""
    now = timezone.now().replace(microsecond=0)
    settings, _ = GrantSettings.objects.get_or_create(
        workshop=workshop,
        defaults={
            "enabled": True,
            "opens_at": now - dt.timedelta(days=7),
            "closes_at": now + dt.timedelta(days=14),
            "timezone": AOE,
            "budget": Decimal("4000"),
            "currency": "EUR",
            "max_per_grant": Decimal("800"),
            "eligibility": GrantSettings.Eligibility.AUTHORS,
        },
    )
    organizer = (
        Role.objects.filter(workshop=workshop, kind=Role.Kind.ORGANIZER).order_by("created_at", "id").first()
    )
    if organizer is not None:
        GrantHandler.objects.get_or_create(workshop=workshop, user=organizer.user)
    organizers = set(
        Role.objects.filter(workshop=workshop, kind=Role.Kind.ORGANIZER).values_list("user_id", flat=True)
    )
    links = (
        SubmissionAuthor.objects.filter(submission__workshop=workshop, submission__status="submitted")
        .exclude(user=None)
        .select_related("user", "submission")
        .order_by("submission__number", "order")
    )
    chosen, seen = [], set()
    for link in links:
        if link.user_id in seen or link.user_id in organizers:
            continue
        seen.add(link.user_id)
        chosen.append(link)
        if len(chosen) == len(APPLICATIONS):
            break
    out = []
    number = max(
        GrantApplication.objects.filter(workshop=workshop).values_list("number", flat=True), default=0
    )
    for link, (stage, country, amount, costs, group, motivation) in zip(chosen, APPLICATIONS, strict=False):
        existing = GrantApplication.objects.filter(workshop=workshop, applicant=link.user).first()
        if existing is not None:
            out.append(existing)
            continue
        number += 1
        out.append(
            GrantApplication.objects.create(
                workshop=workshop,
                number=number,
                applicant=link.user,
                submission=link.submission,
                motivation=motivation,
                career_stage=stage,
                country=country,
                requested_amount=Decimal(amount),
                travel_costs=Decimal(costs),
                underrepresented=group or "",
                underrepresented_prefer_not=group is None,
            )
        )
    return out
