"""Fixtures for the committee tests."""

from __future__ import annotations

import pytest

from tests.cast import ROLES  # noqa: F401  (the roles of the permission matrix's cast)


@pytest.fixture
def member(workshop, pc_member):
    """Rita, a PC member who has just accepted (nothing of her profile filled in)."""
    return pc_member


def complete_profile(user, workshop):
    """Fill in what the profile step needs: an affiliation with a domain, an area, a publication."""
    from confero.committee.models import Publication
    from confero.people.models import Affiliation

    Affiliation.objects.create(
        user=user, institution="University B", email_domain="uni-b.edu", start_year=2020
    )
    user.research_areas.add(workshop.research_areas.first())
    Publication.objects.create(user=user, title=f"A paper by {user.name}", year=2024, authors=[user.name])


@pytest.fixture
def paper(workshop, organizer):
    from confero.submissions.models import Submission

    return Submission.objects.create(
        workshop=workshop,
        number=1,
        title="Open data",
        abstract="Abstract.",
        category=workshop.categories.first(),
        primary_topic=workshop.topics.first(),
        previously_published=False,
        policies_agreed=True,
        created_by=organizer,
    )
