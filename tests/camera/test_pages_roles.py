"""Every camera-ready page × the 13 roles of the cast (its paper accepted and released, the camera-ready
phase running): the status each gets, and that the final title never reaches a page that must not show it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from confero.camera import files, services
from tests.cast import ROLES

from .conftest import paper_pdf
from .test_services import details_of

AUTHORS = {"author", "coauthor", "org_author"}
ORGS = {"organizer", "org_conflicted", "org_author", "manager", "superuser"}
OVERSEE = {"organizer", "manager", "superuser"}
FINAL = "A final title only some may read"


@pytest.fixture
def accepted_cast(cast, workshop):
    from confero.decisions.models import Decision
    from confero.phases import services as phases

    people, paper = cast
    Decision.objects.create(
        submission=paper, outcome="accept", staged_at=timezone.now(), released_at=timezone.now()
    )
    phases.switch_to(workshop, "camera_ready", actor=None)
    phases.forget(workshop)
    camera = services.start(paper, actor=people["author"])
    camera = services.update_details(
        camera, details_of(camera, title=FINAL, consent_publish=False), actor=people["author"]
    )
    files.upload_pdf(camera, paper_pdf(5), actor=people["author"])
    return people, paper


def _get(people, role, url):
    client = Client()
    if role != "anonymous":
        client.force_login(people[role])
    return client.get(url)


def test_every_page_for_every_role(accepted_cast, workshop):
    people, paper = accepted_cast
    n = paper.number
    pages = {
        reverse("camera:edit", args=[workshop.slug, n]): (AUTHORS | OVERSEE, True),
        reverse("camera:file", args=[workshop.slug, n, "paper"]): (AUTHORS | OVERSEE, False),
        reverse("camera:paper", args=[workshop.slug, n]): (OVERSEE, True),
        reverse("camera:index", args=[workshop.slug]): (ORGS, None),
        reverse("camera:settings", args=[workshop.slug]): (ORGS, False),
        reverse("camera:public_file", args=[workshop.slug, n, "paper"]): (set(), False),  # no consent
    }
    wrong = []
    for url, (allowed, shows_title) in pages.items():
        for role in ROLES:
            response = _get(people, role, url)
            ok = response.status_code == 200
            if ok != (role in allowed):
                wrong.append(f"{role} {url}: {response.status_code}")
            if ok and shows_title is not None and hasattr(response, "content"):
                body = response.content.decode()
                if (FINAL in body) != shows_title:
                    wrong.append(f"{role} {url}: final title shown={FINAL in body}")
            if not ok and hasattr(response, "content") and FINAL in response.content.decode():
                wrong.append(f"{role} {url}: refused but shows the title")
    # The organizers' table: the final title only for those who oversee the paper.
    index = reverse("camera:index", args=[workshop.slug])
    for role in ORGS:
        body = _get(people, role, index).content.decode()
        if (FINAL in body) != (role in OVERSEE):
            wrong.append(f"{role} index: final title shown={FINAL in body}")
    assert not wrong, "\n".join(wrong)
