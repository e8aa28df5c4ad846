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


def png_bytes(width=600, height=850) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (240, 240, 250)).save(out, format="PNG")
    return out.getvalue()


def camera_ready(
    paper, *, consent=True, reviews_public=False, files=(), artifacts=(), title=None, licence=""
):
    """A camera-ready of ``paper`` written straight to the database (uploads are the camera slice's)."""
    from django.core.files.base import ContentFile

    from confero.camera.models import CameraArtifact, CameraAuthor, CameraReady
    from confero.submissions.samplepdf import make_pdf

    camera = CameraReady.objects.create(
        submission=paper,
        title=title or f"Final: {paper.title}",
        abstract=f"The final abstract of paper {paper.number} about modular merging.",
        consent_publish=consent,
        reviews_public=reviews_public,
        licence=licence,
    )
    for i, author in enumerate(paper.authors.order_by("order")):
        CameraAuthor.objects.create(
            camera=camera, author=author, order=i, name=author.name, affiliation=f"Uni {author.name[0]}"
        )
    if "paper" in files:
        camera.pdf.save(
            f"{paper.number}.pdf", ContentFile(make_pdf([f"Paper {paper.number}"] * 2)), save=False
        )
    if "poster" in files:
        camera.poster.save(f"{paper.number}-poster.png", ContentFile(png_bytes()), save=False)
    camera.save()
    for i, (kind, url, label) in enumerate(artifacts):
        CameraArtifact.objects.create(camera=camera, kind=kind, url=url, label=label, order=i)
    return camera


@pytest.fixture
def published(released, accepted, workshop):  # noqa: F811
    """#1, #2, #3, #5 published (#3 and #5 with files and artifacts); #4 refused consent, #6 has not
    answered; #7 (rejected) and #8 (decision not released) have a consenting camera-ready all the same."""
    papers = accepted["papers"]
    camera_ready(papers[1], artifacts=[("code", "https://github.com/org/one", "code")])
    camera_ready(papers[2])
    camera_ready(
        papers[3],
        files=("paper", "poster"),
        artifacts=[
            ("code", "https://github.com/org/three", "training code"),
            ("checkpoint", "https://huggingface.co/org/three", "weights"),
        ],
        licence="cc-by-4.0",
    )
    camera_ready(papers[5], files=("paper",), artifacts=[("data", "https://zenodo.org/records/5", "data")])
    camera_ready(papers[4], consent=False, title="Secret four")
    camera_ready(papers[6], consent=None, title="Undecided six")
    camera_ready(papers[7], title="Rejected seven")
    camera_ready(papers[8], title="Unreleased eight")
    return {n: papers[n] for n in (1, 2, 3, 5)}
