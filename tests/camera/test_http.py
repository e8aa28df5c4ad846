"""The camera-ready pages through HTTP: the author's flow, the organizers' table, settings and extension,
reminders in the outbox, and the attackers (other papers' authors, rejected authors, a conflicted
organizer, anonymous visitors of the public files)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from confero.camera import files, services
from confero.camera.models import CameraReady, CameraSettings

from .conftest import paper_pdf, pdf_of_size, png_of_size, upload
from .test_services import details_of


def client_of(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def edit_url(workshop, number):
    return reverse("camera:edit", args=[workshop.slug, number])


def details_post(camera, **over):
    data = {
        "form": "details",
        "version": str(camera.version),
        "title": "Final: open data for open models",
        "abstract": "The final abstract.",
        "licence": "cc-by-4.0",
        "consent_publish": "yes",
        "presenter": str(camera.authors.first().author_id),
        "attendance": "in_person",
        "artifact-0-kind": "code",
        "artifact-0-url": "https://github.com/osfm/final",
        "artifact-0-label": "code",
    }
    for i, a in enumerate(camera.authors.all(), start=1):
        data[f"author-{a.author_id}-order"] = str(i)
        data[f"author-{a.author_id}-name"] = a.name
        data[f"author-{a.author_id}-affiliation"] = a.affiliation
    data.update(over)
    return data


def test_author_flow_to_the_public_files(camera_world, workshop, django_capture_on_commit_callbacks):
    ana = camera_world["users"]["ana"]
    client = client_of(ana)
    # The decision page and the submission page link to the camera-ready.
    for name in ("decisions:mine", "submissions:detail"):
        page = client.get(reverse(name, args=[workshop.slug, 1]))
        assert page.status_code == 200 and edit_url(workshop, 1) in page.content.decode()
    page = client.get(edit_url(workshop, 1))
    assert page.status_code == 200 and "Still missing" in page.content.decode()
    camera = CameraReady.objects.get(submission__number=1)
    response = client.post(edit_url(workshop, 1), details_post(camera))
    assert response.status_code == 302
    camera.refresh_from_db()
    assert camera.title == "Final: open data for open models" and camera.consent_publish is True
    pdf = paper_pdf(5)
    response = client.post(
        edit_url(workshop, 1), {"form": "pdf", "pdf-file": pdf, "version": camera.version + 0}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        edit_url(workshop, 1),
        {"form": "poster", "poster-file": upload(pdf_of_size(2384, 3370), "poster.pdf")},
    )
    assert response.status_code == 302
    # A too-long PDF shows the check's message on the page and changes nothing.
    camera.refresh_from_db()
    page = client.post(edit_url(workshop, 1), {"form": "pdf", "pdf-file": paper_pdf(12)})
    assert page.status_code == 200 and "The main text is too long" in page.content.decode()
    assert CameraReady.objects.get(pk=camera.pk).version == camera.version
    # Published: anyone may fetch the paper and the poster; nothing else.
    anonymous = client_of()
    got = anonymous.get(reverse("camera:public_file", args=[workshop.slug, 1, "paper"]))
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    assert b"".join(got.streaming_content).startswith(b"%PDF")
    assert anonymous.get(reverse("camera:public_file", args=[workshop.slug, 1, "poster"])).status_code == 200
    for kind in ("video", "slides", "secret"):
        assert anonymous.get(reverse("camera:public_file", args=[workshop.slug, 1, kind])).status_code == 404


def test_the_page_shows_deadline_errors(camera_world, workshop):
    ana = camera_world["users"]["ana"]
    client = client_of(ana)
    client.get(edit_url(workshop, 1))
    camera = CameraReady.objects.get(submission__number=1)
    workshop.deadlines.filter(kind="camera_ready").update(at=timezone.now() - dt.timedelta(seconds=1))
    page = client.get(edit_url(workshop, 1))
    assert "can no longer be changed here" in page.content.decode()
    response = client.post(edit_url(workshop, 1), details_post(camera), follow=True)
    assert "can no longer be changed" in response.content.decode()
    camera.refresh_from_db()
    assert camera.version == 1


def test_attackers_see_nothing(camera_world, workshop):
    ana, bo, dee, eve = (camera_world["users"][k] for k in ("ana", "bo", "dee", "eve"))
    client_of(ana).get(edit_url(workshop, 1))
    camera = CameraReady.objects.get(submission__number=1)
    files.upload_pdf(camera, paper_pdf(5), actor=ana)
    paper_file = reverse("camera:file", args=[workshop.slug, 1, "paper"])
    conflicted = camera_world["conflicted"]
    for user in (bo, dee, eve, conflicted, None):
        client = client_of(user)
        for url in (edit_url(workshop, 1), paper_file, reverse("camera:paper", args=[workshop.slug, 1])):
            status = client.get(url).status_code
            assert status in (302, 404) if user is None else status == 404, (user, url, status)
        if user is not None:
            assert client.post(edit_url(workshop, 1), details_post(camera)).status_code == 404
    # The rejected paper's author and the unreleased paper's author have no camera-ready page.
    assert client_of(dee).get(edit_url(workshop, 3)).status_code == 404
    assert client_of(eve).get(edit_url(workshop, 4)).status_code == 404
    assert (
        edit_url(workshop, 3)
        not in client_of(dee).get(reverse("decisions:mine", args=[workshop.slug, 3])).content.decode()
    )
    # An organizer who oversees it sees it read-only and may not change it.
    organizer = client_of(camera_world["organizer"])
    page = organizer.get(edit_url(workshop, 1))
    assert page.status_code == 200 and 'name="form" value="details"' not in page.content.decode()
    assert organizer.post(edit_url(workshop, 1), details_post(camera)).status_code == 403
    assert organizer.get(paper_file).status_code == 200
    camera.refresh_from_db()
    assert camera.version == 2
    # Not consented (not answered): the public file is 404 for everyone.
    assert client_of().get(reverse("camera:public_file", args=[workshop.slug, 1, "paper"])).status_code == 404


def test_public_files_of_refused_consent_and_draft_workshops(camera_world, workshop):
    ana = camera_world["users"]["ana"]
    camera = services.start(camera_world["papers"][1], actor=ana)
    camera = services.update_details(camera, details_of(camera, consent_publish=False), actor=ana)
    files.upload_pdf(camera, paper_pdf(5), actor=ana)
    url = reverse("camera:public_file", args=[workshop.slug, 1, "paper"])
    assert client_of().get(url).status_code == 404
    camera.refresh_from_db()
    services.update_details(camera, details_of(camera, consent_publish=True), actor=ana)
    assert client_of().get(url).status_code == 200
    workshop.is_published = False
    workshop.save()
    assert client_of().get(url).status_code == 404
    assert client_of(camera_world["organizer"]).get(url).status_code == 404


def test_organizer_table_hides_conflicted_papers_and_reminds(
    camera_world, workshop, django_capture_on_commit_callbacks
):
    ana = camera_world["users"]["ana"]
    camera = services.start(camera_world["papers"][1], actor=ana)
    services.update_details(camera, details_of(camera, title="A very distinctive final title"), actor=ana)
    index = reverse("camera:index", args=[workshop.slug])
    page = client_of(camera_world["organizer"]).get(index).content.decode()
    assert "A very distinctive final title" in page and "#2" in page and "Paper 3" not in page
    page = client_of(camera_world["conflicted"]).get(index).content.decode()
    assert "A very distinctive final title" not in page and "1 accepted paper hidden" in page
    assert client_of(camera_world["users"]["bo"]).get(index).status_code == 403
    # The conflicted organizer's reminders skip paper #1.
    with django_capture_on_commit_callbacks(execute=True):
        client_of(camera_world["conflicted"]).post(reverse("camera:remind", args=[workshop.slug]))
    assert sorted(m.to[0] for m in mail.outbox) == ["bo@uni-b.edu"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_of(camera_world["organizer"]).post(reverse("camera:remind", args=[workshop.slug]))
    # #1 now (its two authors); #2 was reminded today already.
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@uni-a.edu", "cy@uni-c.edu"]
    body = mail.outbox[0].body
    assert "A very distinctive final title" in body and "poster" in body and "Camera-ready deadline" in body
    assert edit_url(workshop, 1) in body


def test_daily_command_reminds_once_a_day(camera_world, workshop, django_capture_on_commit_callbacks):
    import io

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_camera_reminders", stdout=out)
    assert "reminded the authors of 2 paper(s)" in out.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@uni-a.edu", "bo@uni-b.edu", "cy@uni-c.edu"]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_camera_reminders", stdout=out)
    assert len(mail.outbox) == 3 and "2 already reminded today" in out.getvalue()


def test_settings_and_extension_pages(camera_world, workshop):
    organizer = client_of(camera_world["organizer"])
    url = reverse("camera:settings", args=[workshop.slug])
    assert organizer.get(url).status_code == 200
    response = organizer.post(
        url,
        {
            "deadline_at": "2031-05-01T23:59:59",
            "deadline_tz": "AoE",
            "page_limit": "8",
            "licences": ["cc-by-4.0", "cc0-1.0"],
            "poster_max_mb": "15",
            "poster_orientation": "portrait",
            "poster_max_ratio": "1.5",
            "poster_min_px": "800",
            "video_max_seconds": "180",
            "video_max_mb": "100",
            "slides_max_mb": "20",
            "open_reviewing": "on",
        },
    )
    assert response.status_code == 302
    conf = CameraSettings.objects.get(workshop=workshop)
    assert (conf.page_limit, conf.licences, conf.open_reviewing) == (8, ["cc-by-4.0", "cc0-1.0"], True)
    deadline = workshop.deadlines.get(kind="camera_ready")
    assert deadline.at == dt.datetime(2031, 5, 2, 11, 59, 59, tzinfo=dt.UTC)  # 23:59:59 AoE
    assert client_of(camera_world["users"]["ana"]).get(url).status_code == 403
    paper = reverse("camera:paper", args=[workshop.slug, 2])
    response = organizer.post(paper, {"until": "2031-05-08T23:59:59", "reason": "visa"})
    assert response.status_code == 302
    camera = CameraReady.objects.get(submission__number=2)
    assert camera.deadline_extension == dt.datetime(2031, 5, 9, 11, 59, 59, tzinfo=dt.UTC)
    assert (
        client_of(camera_world["conflicted"])
        .post(reverse("camera:paper", args=[workshop.slug, 1]), {"until": "", "reason": "x"})
        .status_code
        == 404
    )


@pytest.mark.parametrize("kind", ["poster"])
def test_png_poster_is_served_as_png(camera_world, workshop, kind):
    ana = camera_world["users"]["ana"]
    camera = services.start(camera_world["papers"][1], actor=ana)
    camera = services.update_details(camera, details_of(camera), actor=ana)
    files.upload_poster(camera, upload(png_of_size(1200, 1700), "p.png"), actor=ana)
    got = client_of().get(reverse("camera:public_file", args=[workshop.slug, 1, kind]))
    assert (
        got.status_code == 200
        and got["Content-Type"] == "image/png"
        and got["X-Content-Type-Options"] == "nosniff"
    )
