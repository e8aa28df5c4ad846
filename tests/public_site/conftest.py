"""A workshop with accepted papers (tests/program/conftest.py) and a released program of its day."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.program.conftest import accepted  # noqa: F401  (fixture)

DAY = dt.date(2025, 4, 27)


@pytest.fixture
def released(accepted, workshop, organizer):  # noqa: F811
    """The OS-FMs day seeded from the facts, three orals, poster sessions, released as version 1."""
    from confero.awards import services as awards
    from confero.program import posters, releases, services

    for number in (3, 1, 5):
        awards.pick(organizer, accepted["papers"][number], "oral")
    services.seed(organizer, workshop, date=DAY, timezone="Asia/Singapore")
    posters.solve(organizer, workshop)
    posters.publish(organizer, workshop)
    return releases.release(organizer, workshop).data
