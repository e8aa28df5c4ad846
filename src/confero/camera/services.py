"""Every change of a camera-ready: start it, save the details, upload the final PDF, poster, video and
slides, remove a file, grant an extension. Files and settings: :mod:`.files`, :mod:`.settings_services`;
reminders: :mod:`.reminders`.

Authors change their paper's camera-ready while ``camera.edit`` allows (accepted paper, decision
released, the camera-ready step open) and until the deadline, to the second. Each change is one
transaction, bumps ``CameraReady.version`` (a save based on an older version is refused) and is audited.
``actor=None`` is the system (the demo loader), which skips the permission and deadline checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from confero import permissions
from confero.audit.services import record
from confero.awards.models import Kind, Pick
from confero.submissions.models import Submission, SubmissionAuthor

from . import licences
from .deadlines import CameraClosed, check_deadline
from .models import CameraArtifact, CameraAuthor, CameraReady
from .selectors import settings_for

__all__ = ["CameraClosed", "Details", "StaleVersion", "grant_extension", "is_oral", "start", "update_details"]


class StaleVersion(CameraClosed):
    """Someone else changed the camera-ready since the version the change was based on."""


@dataclass
class Details:
    title: str
    abstract: str
    authors: list[tuple[int, str, str]]  # (SubmissionAuthor id, name, affiliation) in the final order
    artifacts: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, url, label)
    licence: str = ""
    consent_publish: bool | None = None
    reviews_public: bool = False
    presenter_id: int | None = None
    attendance: str = ""


def is_oral(submission) -> bool:
    return Pick.objects.filter(submission=submission, kind=Kind.ORAL).exists()


def authorize(actor, submission, now: dt.datetime | None = None, camera: CameraReady | None = None) -> None:
    """Refuse unless ``actor`` may change this camera-ready now (permission table, then the deadline)."""
    if actor is None:
        return
    permissions.require(actor, "camera.edit", submission, now=now)
    check_deadline(submission.workshop, camera, now)


def _stale(current: int, expected: int) -> StaleVersion:
    return StaleVersion(
        f"The camera-ready was changed meanwhile (it is now at version {current}; your change was based on "
        f"version {expected}). Nothing was saved: reload the page and make your change again."
    )


def locked(camera: CameraReady, expected_version: int | None) -> CameraReady:
    """The camera-ready row locked for update; StaleVersion when it moved past ``expected_version``."""
    current = CameraReady.objects.select_for_update().select_related("submission__workshop").get(pk=camera.pk)
    if expected_version is not None and current.version != expected_version:
        raise _stale(current.version, expected_version)
    return current


def start(submission: Submission, *, actor=None, now: dt.datetime | None = None) -> CameraReady:
    """The paper's camera-ready, created from the submission (title, abstract, authors, artifact links)
    the first time. Starting is allowed to whoever may edit it (or the system)."""
    existing = CameraReady.objects.filter(submission=submission).first()
    if existing is not None:
        return existing
    authorize(actor, submission, now)
    accepted = settings_for(submission.workshop).licences or licences.DEFAULT
    with transaction.atomic():
        Submission.objects.select_for_update().get(pk=submission.pk)
        existing = CameraReady.objects.filter(submission=submission).first()
        if existing is not None:
            return existing
        camera = CameraReady.objects.create(
            submission=submission,
            title=submission.title,
            abstract=submission.abstract,
            licence=accepted[0] if len(accepted) == 1 else "",
            updated_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for order, author in enumerate(submission.authors.order_by("order"), start=1):
            CameraAuthor.objects.create(
                camera=camera, author=author, order=order, name=author.name, affiliation=author.affiliation
            )
        for order, link in enumerate(submission.artifacts.order_by("id"), start=1):
            CameraArtifact.objects.create(
                camera=camera, kind=link.kind, url=link.url, label=link.description, order=order
            )
        record(
            "camera.started",
            actor=actor,
            workshop=submission.workshop,
            obj=camera,
            summary=f"#{submission.number} camera-ready started",
            number=submission.number,
        )
    return camera


def _clean(camera: CameraReady, details: Details) -> dict:
    """Check ``details`` against the paper and the workshop's settings; the field values to store."""
    workshop = camera.submission.workshop
    conf = settings_for(workshop)
    errors: dict[str, list[str]] = {}
    title = " ".join((details.title or "").split())
    abstract = (details.abstract or "").strip()
    if not title:
        errors.setdefault("title", []).append("The final title cannot be empty.")
    if len(title) > 300:
        errors.setdefault("title", []).append("The title can have at most 300 characters.")
    if not abstract:
        errors.setdefault("abstract", []).append("The abstract cannot be empty.")
    own = {a.pk for a in SubmissionAuthor.objects.filter(submission=camera.submission)}
    ids = [a[0] for a in details.authors]
    if sorted(ids) != sorted(own) or len(set(ids)) != len(ids):
        errors.setdefault("authors", []).append(
            "The final author list must name every author of the submission exactly once (to add or remove "
            "an author, write to the organizers)."
        )
    for _pk, name, _aff in details.authors:
        if not " ".join((name or "").split()):
            errors.setdefault("authors", []).append("Every author needs a name.")
            break
    accepted = conf.licences or licences.DEFAULT
    if details.licence and details.licence not in accepted:
        names = ", ".join(licences.name(k) for k in accepted)
        errors.setdefault("licence", []).append(f"Choose one of the licences this workshop accepts: {names}.")
    if details.presenter_id is not None and details.presenter_id not in own:
        errors.setdefault("presenter", []).append("The presenting author must be one of the paper's authors.")
    if details.attendance not in CameraReady.Attendance.values:
        errors.setdefault("attendance", []).append("Say whether the presenter attends in person or remotely.")
    urls = set()
    for kind, url, _label in details.artifacts:
        if kind not in CameraArtifact.Kind.values:
            errors.setdefault("artifacts", []).append(f"Unknown artifact kind {kind!r}.")
        if not url.startswith(("https://", "http://")):
            errors.setdefault("artifacts", []).append(f"{url!r} is not a web address (http:// or https://).")
        if url in urls:
            errors.setdefault("artifacts", []).append(f"{url} is listed twice.")
        urls.add(url)
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "abstract": abstract,
        "licence": details.licence,
        "consent_publish": details.consent_publish,
        "reviews_public": bool(details.reviews_public) and conf.open_reviewing,
        "presenter_id": details.presenter_id,
        "attendance": details.attendance,
    }


def update_details(
    camera: CameraReady,
    details: Details,
    *,
    actor,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> CameraReady:
    """Save the final title, abstract, authors, artifact links, licence, consents, presenter and
    attendance."""
    submission = camera.submission
    authorize(actor, submission, now, camera)
    values = _clean(camera, details)
    with transaction.atomic():
        current = locked(camera, expected_version)
        before = _summary(current)
        for key, value in values.items():
            setattr(current, key, value)
        current.version += 1
        current.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        current.save()
        current.authors.all().delete()
        for order, (pk, name, affiliation) in enumerate(details.authors, start=1):
            CameraAuthor.objects.create(
                camera=current,
                author_id=pk,
                order=order,
                name=" ".join(name.split()),
                affiliation=" ".join((affiliation or "").split()),
            )
        current.artifacts.all().delete()
        for order, (kind, url, label) in enumerate(details.artifacts, start=1):
            CameraArtifact.objects.create(
                camera=current, kind=kind, url=url, label=label.strip(), order=order
            )
        after = _summary(current)
        changed = sorted(k for k in after if before.get(k) != after[k])
        record(
            "camera.details",
            actor=actor,
            workshop=submission.workshop,
            obj=current,
            summary=f"#{submission.number} camera-ready details saved (v{current.version})"
            + (f": {', '.join(changed)}" if changed else ""),
            number=submission.number,
            version=current.version,
            changed=changed,
        )
    return current


def _summary(camera: CameraReady) -> dict:
    return {
        "title": camera.title,
        "abstract": camera.abstract,
        "licence": camera.licence,
        "consent_publish": camera.consent_publish,
        "reviews_public": camera.reviews_public,
        "presenter": camera.presenter_id,
        "attendance": camera.attendance,
        "authors": [(a.author_id, a.name, a.affiliation) for a in camera.authors.all()],
        "artifacts": [(a.kind, a.url, a.label) for a in camera.artifacts.all()],
    }


def grant_extension(
    submission: Submission, *, organizer, until: dt.datetime | None, reason: str
) -> CameraReady:
    """Let this paper's authors change the camera-ready until ``until`` (None removes it). Audited."""
    permissions.require(organizer, "camera.extend", submission)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Give a reason for the extension (it is kept in the audit log)."})
    if until is not None and timezone.is_naive(until):
        raise ValidationError({"until": "The extension needs a time zone."})
    camera = start(submission, actor=None)
    with transaction.atomic():
        current = locked(camera, None)
        old = current.deadline_extension
        current.deadline_extension = until
        current.save(update_fields=["deadline_extension", "updated_at"])
        record(
            "camera.extension",
            actor=organizer,
            workshop=submission.workshop,
            obj=current,
            summary=(
                f"#{submission.number} camera-ready extension until {until:%Y-%m-%d %H:%M:%S %Z}"
                if until
                else f"#{submission.number} camera-ready extension removed"
            )
            + f" ({reason})",
            number=submission.number,
            until=until.isoformat() if until else None,
            previous=old.isoformat() if old else None,
            reason=reason,
        )
    return current
