"""Camera-ready services: start, details, the final PDF with the camera-ready page limit, deadlines to
the second, extensions, the designated presenter, and what the public site gets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from confero.audit.models import AuditEvent
from confero.camera import files, published, services
from confero.camera.deadlines import CameraClosed
from confero.camera.models import CameraReady, CameraSettings
from confero.program.presenters import designated, presenters

from .conftest import paper_pdf


def details_of(camera, **over):
    authors = [(a.author_id, a.name, a.affiliation) for a in camera.authors.all()]
    values = dict(
        title=camera.title,
        abstract=camera.abstract,
        authors=authors,
        artifacts=[("code", "https://github.com/osfm/paper1", "training code")],
        licence="cc-by-4.0",
        consent_publish=True,
        reviews_public=False,
        presenter_id=authors[0][0],
        attendance="in_person",
    )
    values.update(over)
    return services.Details(**values)


@pytest.fixture
def ana_camera(camera_world):
    paper = camera_world["papers"][1]
    return services.start(paper, actor=camera_world["users"]["ana"])


def test_start_copies_the_submission_and_is_audited(camera_world, ana_camera):
    paper = camera_world["papers"][1]
    assert ana_camera.title == paper.title
    assert [a.name for a in ana_camera.authors.all()] == ["Ana Lee", "Cy Diaz"]
    assert ana_camera.licence == "cc-by-4.0"  # the only licence accepted by default
    assert ana_camera.consent_publish is None
    assert AuditEvent.objects.filter(action="camera.started", object_id=str(ana_camera.pk)).exists()
    # Starting again returns the same row.
    assert services.start(paper, actor=camera_world["users"]["ana"]).pk == ana_camera.pk


def test_details_reorder_rename_and_designate_the_presenter(camera_world, ana_camera):
    ana = camera_world["users"]["ana"]
    rows = list(ana_camera.authors.all())
    cy = rows[1]
    camera = services.update_details(
        ana_camera,
        details_of(
            ana_camera,
            title="  The final   title ",
            authors=[(cy.author_id, "Cy  Díaz", "Uni C"), (rows[0].author_id, "Ana Lee", "Uni A")],
            presenter_id=cy.author_id,
        ),
        actor=ana,
        expected_version=1,
    )
    assert camera.version == 2
    assert camera.title == "The final title"
    assert [(a.name, a.affiliation) for a in camera.authors.all()] == [
        ("Cy Díaz", "Uni C"),
        ("Ana Lee", "Uni A"),
    ]
    paper = camera_world["papers"][1]
    assert designated([paper.pk]) == {paper.pk: cy.author_id}
    people, source = presenters([paper.pk])[paper.pk]
    assert source == "camera-ready" and [p.name for p in people] == ["Cy Diaz"]
    event = AuditEvent.objects.filter(action="camera.details").latest("id")
    assert "title" in event.data["changed"] and "presenter" in event.data["changed"]


def test_details_refuse_bad_values(camera_world, ana_camera):
    ana = camera_world["users"]["ana"]
    other_author = camera_world["papers"][2].authors.get()
    with pytest.raises(ValidationError) as err:
        services.update_details(
            ana_camera,
            details_of(ana_camera, licence="cc-by-nc-4.0", presenter_id=other_author.pk, title=""),
            actor=ana,
        )
    assert set(err.value.message_dict) == {"licence", "presenter", "title"}
    rows = list(ana_camera.authors.all())
    with pytest.raises(ValidationError, match="every author of the submission exactly once"):
        services.update_details(
            ana_camera, details_of(ana_camera, authors=[(rows[0].author_id, "Ana", "")]), actor=ana
        )
    with pytest.raises(ValidationError, match="not a web address"):
        services.update_details(
            ana_camera, details_of(ana_camera, artifacts=[("code", "javascript:alert(1)", "")]), actor=ana
        )
    ana_camera.refresh_from_db()
    assert ana_camera.version == 1


def test_a_stale_version_is_refused(camera_world, ana_camera):
    ana = camera_world["users"]["ana"]
    services.update_details(ana_camera, details_of(ana_camera), actor=ana, expected_version=1)
    with pytest.raises(services.StaleVersion, match="changed meanwhile"):
        services.update_details(
            ana_camera, details_of(ana_camera, title="Other"), actor=ana, expected_version=1
        )


def test_reviews_public_only_sticks_when_the_workshop_reviews_openly(camera_world, ana_camera, workshop):
    ana = camera_world["users"]["ana"]
    camera = services.update_details(ana_camera, details_of(ana_camera, reviews_public=True), actor=ana)
    assert camera.reviews_public is False
    CameraSettings.objects.create(workshop=workshop, open_reviewing=True)
    camera = services.update_details(camera, details_of(camera, reviews_public=True), actor=ana)
    assert camera.reviews_public is True


def test_final_pdf_uses_the_camera_ready_page_limit(camera_world, ana_camera, workshop):
    ana = camera_world["users"]["ana"]
    CameraSettings.objects.create(workshop=workshop, page_limit=7)
    # 7 pages: more than the short category's 6 of the submission, within the camera-ready limit.
    camera = files.upload_pdf(ana_camera, paper_pdf(7), actor=ana)
    assert (camera.pdf_main_pages, camera.pdf_pages, camera.version) == (7, 8, 2)
    assert camera.pdf.name.startswith(f"camera/{workshop.slug}/1/paper-v2-")
    with pytest.raises(ValidationError) as err:
        files.upload_pdf(camera, paper_pdf(8), actor=ana)
    assert "The limit for the camera-ready version is 7 pages" in err.value.message_dict["pdf"][0]
    with pytest.raises(ValidationError, match="not a PDF|PDF"):
        files.upload_pdf(camera, b"hello, not a pdf", actor=ana)
    camera.refresh_from_db()
    assert camera.pdf_main_pages == 7 and camera.version == 2


def test_the_deadline_holds_to_the_second(camera_world, ana_camera, workshop):
    ana = camera_world["users"]["ana"]
    deadline = workshop.deadlines.get(kind="camera_ready")
    deadline.at = deadline.at.replace(microsecond=0)
    deadline.save()
    on_time = deadline.at
    camera = services.update_details(ana_camera, details_of(ana_camera), actor=ana, now=on_time)
    with pytest.raises(CameraClosed, match="camera-ready deadline was"):
        services.update_details(camera, details_of(camera), actor=ana, now=on_time + dt.timedelta(seconds=1))
    with pytest.raises(CameraClosed):
        files.upload_pdf(camera, paper_pdf(5), actor=ana, now=on_time + dt.timedelta(seconds=1))
    # An extension lets this paper's authors go on — and only them.
    services.grant_extension(
        camera.submission,
        organizer=camera_world["organizer"],
        until=on_time + dt.timedelta(days=1),
        reason="visa trouble",
    )
    camera.refresh_from_db()
    services.update_details(camera, details_of(camera), actor=ana, now=on_time + dt.timedelta(hours=23))
    bo_camera = services.start(camera_world["papers"][2], actor=camera_world["users"]["bo"], now=on_time)
    with pytest.raises(CameraClosed):
        services.update_details(
            bo_camera,
            details_of(bo_camera),
            actor=camera_world["users"]["bo"],
            now=on_time + dt.timedelta(hours=1),
        )


def test_attackers_cannot_change_a_camera_ready(camera_world, ana_camera):
    users = camera_world["users"]
    for intruder in (users["bo"], users["dee"], camera_world["organizer"], camera_world["conflicted"]):
        with pytest.raises(PermissionDenied):
            services.update_details(ana_camera, details_of(ana_camera), actor=intruder)
    # The rejected paper's author and the unreleased accepted paper's author cannot start one.
    with pytest.raises(PermissionDenied, match="not accepted"):
        services.start(camera_world["papers"][3], actor=users["dee"])
    with pytest.raises(PermissionDenied, match="not accepted"):
        services.start(camera_world["papers"][4], actor=users["eve"])
    # A conflicted organizer cannot grant an extension.
    with pytest.raises(PermissionDenied, match="conflict"):
        services.grant_extension(
            camera_world["papers"][1], organizer=camera_world["conflicted"], until=None, reason="x"
        )
    assert not CameraReady.objects.filter(submission__number__in=[3, 4]).exists()


def test_withdrawn_or_closed_phase_refuses_changes(camera_world, ana_camera, workshop):
    from confero.phases import services as phases

    ana = camera_world["users"]["ana"]
    phases.switch_to(workshop, "released", actor=None)
    phases.forget(workshop)
    from confero import permissions

    permissions.forget(ana)
    with pytest.raises(PermissionDenied, match="camera-ready step is not open"):
        services.update_details(ana_camera, details_of(ana_camera), actor=ana)


def test_published_papers_need_acceptance_and_consent(camera_world, ana_camera, workshop):
    from confero.awards.models import Pick

    ana, bo = camera_world["users"]["ana"], camera_world["users"]["bo"]
    assert published.published_papers(workshop) == []
    camera = services.update_details(ana_camera, details_of(ana_camera), actor=ana)
    camera = files.upload_pdf(camera, paper_pdf(5), actor=ana)
    bo_camera = services.start(camera_world["papers"][2], actor=bo)
    services.update_details(bo_camera, details_of(bo_camera, consent_publish=False), actor=bo)
    Pick.objects.create(workshop=workshop, submission=camera.submission, kind="oral", position=1)
    Pick.objects.create(workshop=workshop, submission=camera.submission, kind="award", position=1)
    papers = published.published_papers(workshop)
    assert [p.number for p in papers] == [1]
    p = papers[0]
    assert p.authors == ["Ana Lee", "Cy Diaz"] and p.affiliations == ["Uni ANA", ""]
    assert p.licence == "CC BY 4.0" and p.is_oral and p.award == "Outstanding paper award"
    assert p.artifacts == [("code", "https://github.com/osfm/paper1", "training code")]
    assert set(p.files) == {"paper"} and p.files["paper"].name == camera.pdf.name
    assert p.reviews == [] and p.decision_note == ""
    assert published.published_paper(workshop, 2) is None  # consent refused
    assert published.published_paper(workshop, 3) is None  # rejected
    assert published.published_paper(workshop, 99) is None
    # Withdrawn papers are not published.
    from django.utils import timezone

    camera.submission.status = "withdrawn"
    camera.submission.withdrawn_at = timezone.now()
    camera.submission.save()
    assert published.published_paper(workshop, 1) is None


def test_open_reviews_are_published_only_when_both_agree(camera_world, ana_camera, workshop, make_user):
    from confero.decisions.models import Decision
    from confero.reviews.models import ReviewQuestion
    from tests.program.conftest import add_review

    ReviewQuestion.objects.create(
        workshop=workshop, key="summary", label="Summary", kind="text", audience="authors", role=""
    )
    ReviewQuestion.objects.create(
        workshop=workshop, key="secret", label="For organizers", kind="text", audience="organizers", role=""
    )
    reviewer = make_user(email="rev@pc.example.org", name="Secret Reviewer")
    review = add_review(camera_world["papers"][1], reviewer, "A", 7, 3, "none")
    review.answers = {"summary": "Solid open work.", "secret": "I know the authors."}
    review.save()
    Decision.objects.filter(submission=camera_world["papers"][1]).update(released_note="Congratulations!")
    ana = camera_world["users"]["ana"]
    services.update_details(ana_camera, details_of(ana_camera, reviews_public=True), actor=ana)
    assert published.published_paper(workshop, 1).reviews == []  # the workshop does not review openly
    CameraSettings.objects.create(workshop=workshop, open_reviewing=True)
    camera = CameraReady.objects.get(pk=ana_camera.pk)
    services.update_details(camera, details_of(camera, reviews_public=True), actor=ana)
    paper = published.published_paper(workshop, 1)
    assert paper.decision_note == "Congratulations!"
    assert [r["label"] for r in paper.reviews] == ["Reviewer A"]
    texts = [a["text"] for a in paper.reviews[0]["answers"]]
    assert "Solid open work." in texts
    assert "I know the authors." not in str(paper.reviews) and "Secret Reviewer" not in str(paper.reviews)
