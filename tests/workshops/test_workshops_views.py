"""Public call for papers, home page, and the organizers' settings pages (permission matrix, forms)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from confero.audit.models import AuditEvent
from confero.workshops import services
from confero.workshops.models import AOE, Deadline, Workshop

pytestmark = pytest.mark.django_db

SETTINGS_PAGES = [
    "workshops:settings",
    "workshops:settings_topics",
    "workshops:settings_categories",
    "workshops:settings_deadlines",
    "workshops:settings_areas",
]


def test_cfp_shows_topics_categories_and_deadlines_to_anonymous_users(client, workshop):
    services.set_deadlines(
        workshop,
        {
            "submission_open": (dt.datetime(2025, 1, 22), "AoE"),
            "submission": (dt.datetime(2025, 2, 3, 23, 59, 59), "AoE"),
            "notification": (dt.datetime(2025, 3, 5, 12, 0), "Europe/London"),
        },
    )
    services.update_workshop(workshop, description="Hello **open** science <script>alert(1)</script>")
    html = client.get(reverse("site:cfp", args=[workshop.slug])).content.decode()
    for topic in workshop.topics.all():
        assert topic.title in html
    assert "at most 6 pages (references and appendix excluded)" in html
    assert "at most 9 pages" in html
    assert "3 Feb 2025, 23:59:59 AoE" in html
    assert 'datetime="2025-02-04T11:59:59Z"' in html  # countdown target in UTC
    assert "5 Mar 2025, 12:00:00 Europe/London" in html
    assert "<strong>open</strong>" in html and "<script>alert" not in html
    assert "Double-blind" in html
    assert "Submissions to OS-FMs closed on 3 Feb 2025, 23:59:59 AoE." in html


def test_cfp_submit_button_and_links_by_role(client, workshop, organizer, author):
    url = reverse("site:cfp", args=[workshop.slug])
    html = client.get(url).content.decode()
    assert reverse("submissions:create", args=[workshop.slug]) in html
    assert reverse("submissions:mine", args=[workshop.slug]) not in html
    assert reverse("workshops:settings", args=[workshop.slug]) not in html
    client.force_login(author)
    html = client.get(url).content.decode()
    assert reverse("submissions:mine", args=[workshop.slug]) in html
    assert reverse("workshops:settings", args=[workshop.slug]) not in html
    client.force_login(organizer)
    html = client.get(url).content.decode()
    assert reverse("workshops:settings", args=[workshop.slug]) in html
    assert reverse("dashboard:index", args=[workshop.slug]) in html
    assert "Olga Organizer" in html  # the organizers list


def test_unpublished_cfp_is_hidden_except_from_its_organizers(client, workshop, organizer, author):
    services.update_workshop(workshop, is_published=False)
    url = reverse("site:cfp", args=[workshop.slug])
    assert client.get(url).status_code == 404
    client.force_login(author)
    assert client.get(url).status_code == 404
    client.force_login(organizer)
    assert client.get(url).status_code == 200


def test_home_with_one_workshop_shows_its_call_for_papers(client, workshop):
    html = client.get("/").content.decode()
    assert "Open Science for Foundation Models" in html and "Open Datasets" in html


def test_home_with_two_workshops_lists_both(client, workshop, other_workshop):
    html = client.get("/").content.decode()
    assert reverse("site:home", args=["osfm"]) in html
    assert reverse("site:home", args=["other"]) in html
    assert "Open Datasets" not in html  # a list, not a call for papers


def test_home_without_workshops(client, db):
    assert "No workshop is published" in client.get("/").content.decode()


def test_unknown_workshop_is_404(client, db):
    assert client.get("/no-such-workshop/").status_code == 404


@pytest.mark.parametrize("name", SETTINGS_PAGES)
def test_settings_permission_matrix(client, workshop, organizer, pc_member, author, other_organizer, name):
    url = reverse(name, args=[workshop.slug])
    response = client.get(url)
    assert response.status_code == 302 and reverse("people:login") in response["Location"]
    for user in (author, pc_member, other_organizer):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403
    client.force_login(organizer)
    assert client.get(url).status_code == 200


def _general_post(workshop, **changes):
    data = {f: getattr(workshop, f) for f in services.EDITABLE_FIELDS}
    data.update(changes)
    return {k: ("on" if v is True else "" if v is False else v) for k, v in data.items() if v is not False}


def test_organizer_changes_reviewers_per_paper(client, workshop, organizer):
    client.force_login(organizer)
    response = client.post(
        reverse("workshops:settings", args=[workshop.slug]), _general_post(workshop, reviewers_per_paper=4)
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.reviewers_per_paper == 4
    assert AuditEvent.objects.filter(action="workshop.updated", actor=organizer).exists()


def test_more_areas_than_reviewers_is_a_field_error_and_changes_nothing(client, workshop, organizer):
    client.force_login(organizer)
    response = client.post(
        reverse("workshops:settings", args=[workshop.slug]),
        _general_post(workshop, reviewers_per_paper=2, min_research_areas=3, name="Changed"),
    )
    assert response.status_code == 200
    assert "min_research_areas" in response.context["form"].errors
    workshop.refresh_from_db()
    assert (workshop.reviewers_per_paper, workshop.min_research_areas, workshop.name) == (
        3,
        2,
        "Open Science for Foundation Models",
    )


def _category_post(rows, extra_empty=1):
    data = {
        "categories-TOTAL_FORMS": str(len(rows) + extra_empty),
        "categories-INITIAL_FORMS": "2",
        "categories-MIN_NUM_FORMS": "1",
        "categories-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for k, v in row.items():
            data[f"categories-{i}-{k}"] = v
    return data


def test_organizer_adds_a_category(client, workshop, organizer):
    client.force_login(organizer)
    rows = [{"key": c.key, "title": c.title, "max_pages": c.max_pages} for c in workshop.categories.all()]
    rows.append({"key": "", "title": "Position paper", "max_pages": 4, "description": "opinions welcome"})
    response = client.post(
        reverse("workshops:settings_categories", args=[workshop.slug]), _category_post(rows)
    )
    assert response.status_code == 302
    assert list(workshop.categories.values_list("key", "max_pages")) == [
        ("short", 6),
        ("regular", 9),
        ("position-paper", 4),
    ]


def test_page_limit_zero_is_a_field_error_and_changes_nothing(client, workshop, organizer):
    client.force_login(organizer)
    rows = [
        {"key": "short", "title": "Short paper", "max_pages": 0},
        {"key": "regular", "title": "Regular paper", "max_pages": 9},
    ]
    response = client.post(
        reverse("workshops:settings_categories", args=[workshop.slug]), _category_post(rows)
    )
    assert response.status_code == 200
    assert "max_pages" in response.context["formset"].forms[0].errors
    assert list(workshop.categories.values_list("key", "max_pages")) == [("short", 6), ("regular", 9)]


def test_organizer_deletes_a_topic(client, workshop, organizer):
    client.force_login(organizer)
    topics = list(workshop.topics.all())
    data = {
        "topics-TOTAL_FORMS": str(len(topics)),
        "topics-INITIAL_FORMS": str(len(topics)),
        "topics-MIN_NUM_FORMS": "0",
        "topics-MAX_NUM_FORMS": "1000",
    }
    for i, t in enumerate(topics):
        data.update({f"topics-{i}-key": t.key, f"topics-{i}-title": t.title, f"topics-{i}-scope": t.scope})
    data["topics-0-DELETE"] = "on"
    assert client.post(reverse("workshops:settings_topics", args=[workshop.slug]), data).status_code == 302
    assert workshop.topics.count() == 7 and not workshop.topics.filter(key=topics[0].key).exists()


def _deadline_post(**values):
    data = {f"{k}_tz": "AoE" for k in Deadline.Kind.values}
    data.update(values)
    return data


def test_organizer_sets_a_deadline_in_a_timezone(client, workshop, organizer):
    client.force_login(organizer)
    response = client.post(
        reverse("workshops:settings_deadlines", args=[workshop.slug]),
        _deadline_post(
            submission_open_at="2025-01-22T00:00",
            submission_at="2025-02-03T23:59:59",
            submission_tz="AoE",
            notification_at="2025-03-05T09:00",
            notification_tz="Asia/Singapore",
        ),
    )
    assert response.status_code == 302
    sub = workshop.deadline("submission")
    assert (sub.at, sub.timezone) == (dt.datetime(2025, 2, 4, 11, 59, 59, tzinfo=dt.UTC), AOE)
    note = workshop.deadline("notification")
    assert (note.at, note.timezone) == (dt.datetime(2025, 3, 5, 1, 0, tzinfo=dt.UTC), "Asia/Singapore")
    page = client.get(reverse("workshops:settings_deadlines", args=[workshop.slug])).content.decode()
    assert 'value="2025-02-03T23:59:59"' in page and "4 Feb 2025, 11:59:59 UTC" in page


def test_unknown_timezone_in_form_changes_nothing(client, workshop, organizer):
    client.force_login(organizer)
    before = workshop.deadline("submission").at
    response = client.post(
        reverse("workshops:settings_deadlines", args=[workshop.slug]),
        _deadline_post(submission_at="2031-02-03T23:59:59", submission_tz="Atlantis/Capital"),
    )
    assert response.status_code == 200
    assert "submission_tz" in response.context["form"].errors
    assert workshop.deadline("submission").at == before


def test_deadlines_out_of_order_show_an_error_and_change_nothing(client, workshop, organizer):
    client.force_login(organizer)
    before = workshop.deadline("submission").at
    response = client.post(
        reverse("workshops:settings_deadlines", args=[workshop.slug]),
        _deadline_post(submission_open_at="2031-01-01T00:00", submission_at="2030-12-01T23:59:59"),
    )
    assert response.status_code == 200
    assert "submission_at" in response.context["form"].errors
    assert workshop.deadline("submission").at == before


def test_two_workshops_have_separate_url_prefixes(client, workshop, other_workshop, other_organizer):
    client.force_login(other_organizer)
    assert client.get(reverse("workshops:settings", args=["other"])).status_code == 200
    assert client.get(reverse("workshops:settings", args=["osfm"])).status_code == 403
    assert Workshop.objects.count() == 2
