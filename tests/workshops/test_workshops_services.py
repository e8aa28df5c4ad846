"""Workshop setup services: validation, UTC storage of local deadlines, audit events, atomicity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from confero.audit.models import AuditEvent
from confero.workshops import services
from confero.workshops.models import AOE, Deadline, Workshop

pytestmark = pytest.mark.django_db


def test_aoe_deadline_is_stored_twelve_hours_later_in_utc(workshop, organizer):
    services.set_deadlines(
        workshop,
        {
            "submission_open": (dt.datetime(2025, 1, 22), "AoE"),
            "submission": (dt.datetime(2025, 2, 3, 23, 59, 59), "AoE"),
        },
        actor=organizer,
    )
    d = workshop.deadline("submission")
    assert d.timezone == AOE
    assert d.at == dt.datetime(2025, 2, 4, 11, 59, 59, tzinfo=dt.UTC)
    assert AuditEvent.objects.filter(
        workshop=workshop, action="workshop.deadlines_set", actor=organizer
    ).exists()


def test_deadline_in_a_dst_zone(workshop):
    # London is on GMT in January and on BST (UTC+1) in July.
    winter = services.set_deadline(
        workshop, "submission_open", dt.datetime(2020, 1, 10, 12, 0), "Europe/London"
    )
    assert winter.at == dt.datetime(2020, 1, 10, 12, 0, tzinfo=dt.UTC)
    summer = services.set_deadline(workshop, "camera_ready", dt.datetime(2030, 7, 10, 12, 0), "Europe/London")
    assert summer.at == dt.datetime(2030, 7, 10, 11, 0, tzinfo=dt.UTC)


def test_unknown_timezone_is_a_field_error_and_changes_nothing(workshop):
    before = list(Deadline.objects.filter(workshop=workshop).values_list("kind", "at", "timezone"))
    with pytest.raises(ValidationError) as exc:
        services.set_deadline(workshop, "submission", dt.datetime(2030, 1, 1), "Mars/Olympus_Mons")
    assert "submission" in exc.value.message_dict
    assert list(Deadline.objects.filter(workshop=workshop).values_list("kind", "at", "timezone")) == before


def test_deadlines_must_be_in_order(workshop):
    sub = workshop.deadline("submission").at
    with pytest.raises(ValidationError) as exc:
        services.set_deadline(
            workshop, "notification", (sub - dt.timedelta(days=1)).replace(tzinfo=None), "UTC"
        )
    assert "notification" in exc.value.message_dict
    assert workshop.deadline("notification") is None


def test_submission_deadline_cannot_be_removed(workshop):
    with pytest.raises(ValidationError):
        services.remove_deadline(workshop, "submission")
    assert Deadline.objects.filter(workshop=workshop, kind="submission").exists()


def test_update_workshop_rejects_more_areas_than_reviewers(workshop):
    with pytest.raises(ValidationError) as exc:
        services.update_workshop(workshop, reviewers_per_paper=2, min_research_areas=3)
    assert "min_research_areas" in exc.value.message_dict
    workshop.refresh_from_db()
    assert (workshop.reviewers_per_paper, workshop.min_research_areas) == (3, 2)


def test_update_workshop_records_changes(workshop, organizer):
    services.update_workshop(workshop, actor=organizer, reviewers_per_paper=4, name=workshop.name)
    workshop.refresh_from_db()
    assert workshop.reviewers_per_paper == 4
    event = AuditEvent.objects.get(action="workshop.updated")
    assert event.data["changes"] == {"reviewers_per_paper": ["3", "4"]}
    services.update_workshop(workshop, actor=organizer, reviewers_per_paper=4)  # no change: no event
    assert AuditEvent.objects.filter(action="workshop.updated").count() == 1


def test_create_workshop_validates_slug_and_fields(db):
    ws = services.create_workshop(
        slug="new-ws", name="New", acronym="NW", reviewers_per_paper=2, min_research_areas=1
    )
    assert Workshop.objects.get(slug="new-ws") == ws
    with pytest.raises(ValidationError):
        services.create_workshop(slug="new-ws", name="Again", acronym="NW2")
    with pytest.raises(ValidationError):
        services.create_workshop(slug="bad slug!", name="X", acronym="X")
    with pytest.raises(ValidationError):
        services.create_workshop(slug="x", name="X", acronym="X", color="red")


def test_set_topics_replaces_by_key_keeps_order_and_is_atomic(workshop):
    keys_before = [t.key for t in workshop.topics.all()]
    services.set_topics(
        workshop, [{"key": "open-agents", "title": "Agents", "scope": "tools"}, {"title": "Brand New Topic"}]
    )
    assert [(t.key, t.title, t.order) for t in workshop.topics.all()] == [
        ("open-agents", "Agents", 0),
        ("brand-new-topic", "Brand New Topic", 1),
    ]
    with pytest.raises(ValidationError):
        services.set_topics(workshop, [{"key": "a", "title": "A"}, {"key": "a", "title": "B"}])
    assert [t.key for t in workshop.topics.all()] == ["open-agents", "brand-new-topic"]
    assert keys_before != ["open-agents", "brand-new-topic"]


def test_set_categories_rejects_zero_page_limit_and_changes_nothing(workshop):
    before = list(workshop.categories.values_list("key", "max_pages"))
    with pytest.raises(ValidationError):
        services.set_categories(workshop, [{"key": "short", "title": "Short", "max_pages": 0}])
    assert list(workshop.categories.values_list("key", "max_pages")) == before


def test_timezone_aliases():
    assert services.normalize_timezone("aoe") == AOE
    assert services.normalize_timezone(" UTC ") == "UTC"
    assert services.normalize_timezone("Asia/Singapore") == "Asia/Singapore"
    for bad in ("", "Nowhere/City", "../../etc/passwd"):
        with pytest.raises(ValidationError):
            services.normalize_timezone(bad)


def test_a_draft_is_published_only_when_ready(db, make_user):
    from confero.workshops import services
    from confero.workshops.models import Deadline, Workshop

    ws = services.create_workshop(slug="new", name="New Workshop", acronym="NW")
    assert not ws.is_published  # new workshops start as drafts
    with pytest.raises(ValidationError) as info:
        services.update_workshop(ws, is_published=True)
    message = " ".join(info.value.message_dict["is_published"])
    assert "topics" in message and "category" in message and "submission deadline" in message
    ws.refresh_from_db()
    assert not ws.is_published
    services.set_topics(ws, [{"key": "data", "title": "Open data"}])
    services.set_categories(ws, [{"key": "short", "title": "Short", "max_pages": 4}])
    with pytest.raises(ValidationError, match="submission deadline"):
        services.update_workshop(ws, is_published=True)
    services.set_deadline(ws, Deadline.Kind.SUBMISSION, dt.datetime(2099, 1, 31, 23, 59, 59))
    services.update_workshop(ws, is_published=True)
    assert Workshop.objects.get(pk=ws.pk).is_published
