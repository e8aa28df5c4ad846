"""Fixtures for the workshops tests: a second workshop and its organizer."""

from __future__ import annotations

import pytest


@pytest.fixture
def other_workshop(db):
    from confero.workshops.models import Workshop

    return Workshop.objects.create(slug="other", name="Another Workshop", acronym="AW")


@pytest.fixture
def other_organizer(make_user, other_workshop):
    from confero.people.models import Role

    user = make_user(email="boss@uni-d.edu", name="Otto Other")
    Role.objects.create(workshop=other_workshop, user=user, kind=Role.Kind.ORGANIZER)
    return user
