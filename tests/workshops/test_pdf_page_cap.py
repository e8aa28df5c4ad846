"""The organizer setting max_pdf_pages (total pages of an uploaded PDF): settings page and Django admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from confero.audit.models import AuditEvent
from confero.workshops import services

pytestmark = pytest.mark.django_db


def _settings_post(workshop, **changes) -> dict:
    data = {f: getattr(workshop, f) for f in services.EDITABLE_FIELDS}
    data.update(changes)
    return {k: ("on" if v is True else v) for k, v in data.items() if v is not False}


def test_the_settings_page_shows_and_saves_the_page_cap(client, workshop, organizer):
    client.force_login(organizer)
    url = reverse("workshops:settings", args=[workshop.slug])
    html = client.get(url).content.decode()
    assert 'name="max_pdf_pages"' in html and "Maximum total PDF pages" in html
    assert 'min="1"' in html and 'max="500"' in html
    assert "longer PDFs are refused before any text is read" in html
    response = client.post(url, _settings_post(workshop, max_pdf_pages=80))
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.max_pdf_pages == 80
    event = AuditEvent.objects.get(action="workshop.updated", actor=organizer)
    assert event.data["changes"] == {"max_pdf_pages": ["50", "80"]}


@pytest.mark.parametrize(
    "value,needle", [(0, "greater than or equal to 1"), (501, "less than or equal to 500")]
)
def test_the_page_cap_must_be_between_1_and_500(client, workshop, organizer, value, needle):
    client.force_login(organizer)
    response = client.post(
        reverse("workshops:settings", args=[workshop.slug]), _settings_post(workshop, max_pdf_pages=value)
    )
    assert response.status_code == 200
    assert needle in " ".join(response.context["form"].errors["max_pdf_pages"])
    workshop.refresh_from_db()
    assert workshop.max_pdf_pages == 50


def test_the_admin_edits_the_page_cap_through_the_service(client, make_user, workshop):
    client.force_login(make_user(email="root@site.example", is_staff=True, is_superuser=True))
    url = reverse("admin:workshops_workshop_change", args=[workshop.pk])
    assert 'name="max_pdf_pages"' in client.get(url).content.decode()
    data = {
        "name": workshop.name,
        "acronym": workshop.acronym,
        "anonymity": workshop.anonymity,
        "reviewers_per_paper": "3",
        "min_research_areas": "2",
        "max_pdf_mb": "10",
        "max_pdf_pages": "120",
        "num_orals": "3",
        "num_awards": "2",
        "is_published": "on",
    }
    for prefix in ("topics", "categories", "research_areas", "deadlines"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    workshop.refresh_from_db()
    assert workshop.max_pdf_pages == 120
    assert AuditEvent.objects.filter(
        action="workshop.updated", data__changes__max_pdf_pages=["50", "120"]
    ).exists()
