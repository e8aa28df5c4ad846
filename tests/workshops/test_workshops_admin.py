"""Django admin: the workshop with its inlines; saving goes through the services (audit events)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from confero.audit.models import AuditEvent
from confero.workshops.models import Workshop

pytestmark = pytest.mark.django_db

INLINES = ["topics", "categories", "research_areas", "deadlines"]


def _management(prefix_counts: dict[str, int]) -> dict:
    data = {}
    for prefix, n in prefix_counts.items():
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(n),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(email="root@site.example", is_staff=True, is_superuser=True))
    return client


def test_admin_pages_render(admin_client, workshop):
    assert admin_client.get(reverse("admin:workshops_workshop_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk]))
    assert page.status_code == 200 and "Open Datasets" in page.content.decode()


def test_admin_add_workshop_with_a_category(admin_client):
    data = {
        "slug": "ws2",
        "name": "Second Workshop",
        "acronym": "WS2",
        "anonymity": "double-blind",
        "reviewers_per_paper": "3",
        "min_research_areas": "2",
        "max_pdf_mb": "10",
        "max_pdf_pages": "50",
        "num_orals": "3",
        "num_awards": "2",
        "is_published": "on",
    }
    data.update(_management({p: 0 for p in INLINES}))
    data.update(_management({"categories": 1}))
    data.update(
        {
            "categories-0-order": "0",
            "categories-0-key": "short",
            "categories-0-title": "Short",
            "categories-0-max_pages": "4",
        }
    )
    response = admin_client.post(reverse("admin:workshops_workshop_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    ws = Workshop.objects.get(slug="ws2")
    assert list(ws.categories.values_list("key", "max_pages")) == [("short", 4)]
    assert AuditEvent.objects.filter(workshop=ws, action="workshop.created").exists()
    assert AuditEvent.objects.filter(workshop=ws, action="workshop.admin_inline_edited").exists()


def test_admin_rejects_more_areas_than_reviewers(admin_client, workshop):
    data = {
        "name": workshop.name,
        "acronym": workshop.acronym,
        "anonymity": "double-blind",
        "reviewers_per_paper": "2",
        "min_research_areas": "3",
        "max_pdf_mb": "10",
        "max_pdf_pages": "50",
        "num_orals": "3",
        "num_awards": "2",
        "is_published": "on",
    }
    data.update(_management({p: 0 for p in INLINES}))
    response = admin_client.post(reverse("admin:workshops_workshop_change", args=[workshop.pk]), data)
    assert response.status_code == 200
    workshop.refresh_from_db()
    assert workshop.reviewers_per_paper == 3
