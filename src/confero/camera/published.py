"""What the public site shows of each paper: the one interface between camera-ready and the public pages.

A paper is published when it is accepted (decision released, outcome accept), not withdrawn, and its
authors consented to non-archival publication on the public site in their camera-ready. Everything here
comes from the camera-ready (final title, abstract, authors, files), never from the reviewed submission,
so nothing of the anonymous version leaks. Anonymised reviews and the decision note are included only
when the workshop practises open reviewing *and* the authors agreed to publish them.

    published_papers(workshop) -> [PublishedPaper, ...] ordered by number
    published_paper(workshop, number) -> PublishedPaper | None

Files are served without login at ``camera:public_file`` (/<slug>/papers/<number>/<kind>/).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models.fields.files import FieldFile

from confero.awards.models import Kind, Pick
from confero.awards.selectors import accepted
from confero.decisions import answers
from confero.reviews.models import ReviewQuestion

from . import licences
from .models import CameraReady
from .selectors import settings_for

FILE_KINDS = ("paper", "poster", "video", "slides")
_FIELDS = {"paper": "pdf", "poster": "poster", "video": "video", "slides": "slides"}


@dataclass(frozen=True)
class PublishedPaper:
    submission_id: int
    number: int
    title: str
    abstract: str
    authors: list[str]  # display names, in order
    topics: list[str]
    licence: str  # the licence's name, e.g. "CC BY 4.0"
    artifacts: list[tuple[str, str, str]]  # (kind, url, label)
    files: dict[str, FieldFile]  # keys among "paper", "poster", "video", "slides": only those present
    is_oral: bool
    award: str  # "" if none
    reviews: list[dict]  # anonymised reviews when open reviewing and the authors agreed; else []
    decision_note: str  # the released decision note under the same condition; else ""
    affiliations: list[str] = field(default_factory=list)  # one per author, same order ("" if none)
    licence_url: str = ""
    presenter: str = ""  # name of the presenting author ("" when not designated)
    attendance: str = ""  # "in_person", "remote" or ""


def _published_queryset(workshop):
    return (
        CameraReady.objects.filter(
            submission__in=accepted(workshop), consent_publish=True, submission__workshop=workshop
        )
        .select_related(
            "submission__primary_topic", "submission__secondary_topic", "submission__decision", "presenter"
        )
        .prefetch_related("authors", "artifacts")
        .order_by("submission__number")
    )


def _reviews(camera: CameraReady, qs: list[ReviewQuestion]) -> list[dict]:
    out = []
    for shown in answers.for_authors(camera.submission, qs):
        out.append(
            {
                "label": shown.label,
                "answers": [
                    {"key": a.key, "label": a.label, "kind": a.kind, "text": a.text} for a in shown.answers
                ],
            }
        )
    return out


def _paper(camera: CameraReady, picks: dict[int, set[str]], open_reviewing: bool, qs) -> PublishedPaper:
    sub = camera.submission
    authors = list(camera.authors.all())
    topics = [sub.primary_topic.title] + ([sub.secondary_topic.title] if sub.secondary_topic_id else [])
    files = {}
    for kind in FILE_KINDS:
        value = getattr(camera, _FIELDS[kind])
        if value:
            files[kind] = value
    marks = picks.get(sub.pk, set())
    open_ = open_reviewing and camera.reviews_public
    decision = getattr(sub, "decision", None)
    presenter = next((a.name for a in authors if a.author_id == camera.presenter_id), "")
    return PublishedPaper(
        submission_id=sub.pk,
        number=sub.number,
        title=camera.title,
        abstract=camera.abstract,
        authors=[a.name for a in authors],
        affiliations=[a.affiliation for a in authors],
        topics=topics,
        licence=licences.name(camera.licence) if camera.licence else "",
        licence_url=licences.url(camera.licence) if camera.licence else "",
        artifacts=[(a.kind, a.url, a.label) for a in camera.artifacts.all()],
        files=files,
        is_oral=Kind.ORAL in marks,
        award=Kind.AWARD.label if Kind.AWARD in marks else "",
        reviews=_reviews(camera, qs) if open_ else [],
        decision_note=(decision.released_note if open_ and decision is not None else ""),
        presenter=presenter,
        attendance=camera.attendance,
    )


def _picks(workshop) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for submission_id, kind in Pick.objects.filter(workshop=workshop).values_list("submission_id", "kind"):
        out.setdefault(submission_id, set()).add(kind)
    return out


def published_papers(workshop) -> list[PublishedPaper]:
    """Every published paper of ``workshop`` (accepted, not withdrawn, consent given), by number."""
    open_reviewing = settings_for(workshop).open_reviewing
    qs = answers.questions(workshop) if open_reviewing else []
    picks = _picks(workshop)
    return [_paper(c, picks, open_reviewing, qs) for c in _published_queryset(workshop)]


def published_paper(workshop, number: int) -> PublishedPaper | None:
    """The published paper numbered ``number``, or None when there is none (or it is not published)."""
    camera = _published_queryset(workshop).filter(submission__number=number).first()
    if camera is None:
        return None
    open_reviewing = settings_for(workshop).open_reviewing
    qs = answers.questions(workshop) if open_reviewing else []
    return _paper(camera, _picks(workshop), open_reviewing, qs)
