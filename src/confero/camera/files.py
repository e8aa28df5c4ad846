"""Uploading the camera-ready's files: the final PDF (the submission PDF checks with the camera-ready page
limit), the poster (PDF of one page or PNG; size and aspect), the video (remote presenters; ffprobe) and
the slides (orals). Stored under ``camera/<slug>/<number>/<kind>-v<version>-<sha8>.<ext>``; a replaced
file is deleted once the change is committed. Each upload bumps the version and is audited.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import tempfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from confero.audit.services import record
from confero.engine import media
from confero.submissions import pdfs

from .models import CameraReady
from .selectors import settings_for
from .services import authorize, is_oral, locked

MB = 1_000_000


@dataclass(frozen=True)
class PageLimit:
    """What :func:`confero.submissions.pdfs.check_upload` needs of a category."""

    max_pages: int
    title: str = "the camera-ready version"


def _read(upload, limit: int, field: str, what: str) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError({field: f"The {what} is {size / MB:.1f} MB; the limit is {limit / MB:.0f} MB."})
    if isinstance(upload, (bytes, bytearray)):
        return bytes(upload)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return upload.read(limit + 1)


def _save(camera: CameraReady, kind: str, ext: str, version: int, content) -> str:
    sub = camera.submission
    digest = getattr(content, "sha8", "")
    name = f"camera/{sub.workshop.slug}/{sub.number}/{kind}-v{version}{('-' + digest) if digest else ''}{ext}"
    return default_storage.save(name, content)


def _discard(name: str) -> None:
    if name:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


def _replace(
    camera: CameraReady, *, actor, field: str, kind: str, ext: str, content, values: dict, expected, summary
):
    """Lock, store the new file, set ``field`` and ``values``, bump the version, audit; the old file goes
    after commit, the new one is removed again when the transaction fails."""
    sub = camera.submission
    name = ""
    try:
        with transaction.atomic():
            current = locked(camera, expected)
            old = getattr(current, field).name
            current.version += 1
            name = _save(current, kind, ext, current.version, content)
            setattr(current, field, name)
            for key, value in values.items():
                setattr(current, key, value)
            current.updated_by = actor if getattr(actor, "is_authenticated", False) else None
            current.save()
            record(
                f"camera.{kind}",
                actor=actor,
                workshop=sub.workshop,
                obj=current,
                summary=f"#{sub.number} {summary} (v{current.version})",
                number=sub.number,
                version=current.version,
                file=name,
            )
            if old and old != name:
                transaction.on_commit(lambda: _discard(old))
    except Exception:
        _discard(name)
        raise
    return current


def _named(data: bytes) -> ContentFile:
    content = ContentFile(data)
    content.sha8 = hashlib.sha256(data).hexdigest()[:8]
    return content


def upload_pdf(camera: CameraReady, upload, *, actor, expected_version=None, now: dt.datetime | None = None):
    """The de-anonymised final PDF, checked like a submission but with the camera-ready page limit."""
    sub = camera.submission
    authorize(actor, sub, now, camera)
    conf = settings_for(sub.workshop)
    checked = pdfs.check_upload(upload, workshop=sub.workshop, category=PageLimit(conf.page_limit))
    r = checked.report
    values = {
        "pdf_sha256": checked.sha256,
        "pdf_size": len(checked.data),
        "pdf_pages": r.pages,
        "pdf_main_pages": r.main_pages,
    }
    content = ContentFile(checked.data)
    content.sha8 = checked.sha256[:8]
    return _replace(
        camera,
        actor=actor,
        field="pdf",
        kind="paper",
        ext=".pdf",
        content=content,
        values=values,
        expected=expected_version,
        summary=f"final PDF uploaded ({r.main_pages} pages of main text, {r.pages} in total)",
    )


def upload_poster(
    camera: CameraReady, upload, *, actor, expected_version=None, now: dt.datetime | None = None
):
    sub = camera.submission
    authorize(actor, sub, now, camera)
    conf = settings_for(sub.workshop)
    limit = conf.poster_max_mb * MB
    data = _read(upload, limit, "poster", "poster")
    try:
        info = media.inspect_poster(
            data,
            max_bytes=limit,
            orientation=conf.poster_orientation,
            max_ratio=float(conf.poster_max_ratio),
            min_px=conf.poster_min_px,
        )
    except media.MediaProblem as exc:
        raise ValidationError({"poster": str(exc)}) from None
    values = {
        "poster_format": info.format,
        "poster_width": info.width,
        "poster_height": info.height,
        "poster_size": info.size,
    }
    return _replace(
        camera,
        actor=actor,
        field="poster",
        kind="poster",
        ext=f".{info.format}",
        content=_named(data),
        values=values,
        expected=expected_version,
        summary=f"poster uploaded ({info.format.upper()}, {info.width:g} × {info.height:g})",
    )


def upload_slides(
    camera: CameraReady, upload, *, actor, expected_version=None, now: dt.datetime | None = None
):
    sub = camera.submission
    authorize(actor, sub, now, camera)
    if not is_oral(sub):
        raise ValidationError({"slides": "Slides are only asked of papers chosen for an oral presentation."})
    conf = settings_for(sub.workshop)
    limit = conf.slides_max_mb * MB
    data = _read(upload, limit, "slides", "slides file")
    try:
        pages = media.inspect_slides(data, max_bytes=limit)
    except media.MediaProblem as exc:
        raise ValidationError({"slides": str(exc)}) from None
    return _replace(
        camera,
        actor=actor,
        field="slides",
        kind="slides",
        ext=".pdf",
        content=_named(data),
        values={"slides_size": len(data)},
        expected=expected_version,
        summary=f"slides uploaded ({pages} pages)",
    )


@contextlib.contextmanager
def _local_path(upload):
    """A path to the uploaded bytes on local disk (Django's temporary file when it has one)."""
    path = getattr(upload, "temporary_file_path", None)
    if callable(path):
        yield path()
        return
    fd, tmp = tempfile.mkstemp(prefix="confero-video-")
    try:
        with os.fdopen(fd, "wb") as out:
            if hasattr(upload, "seek"):
                upload.seek(0)
            if isinstance(upload, (bytes, bytearray)):
                out.write(upload)
            else:
                for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
                    out.write(chunk)
        yield tmp
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def upload_video(
    camera: CameraReady, upload, *, actor, expected_version=None, now: dt.datetime | None = None
):
    """A video of at most the workshop's length (3 minutes by default), for a paper presented remotely."""
    sub = camera.submission
    authorize(actor, sub, now, camera)
    current = CameraReady.objects.get(pk=camera.pk)
    if current.attendance != CameraReady.Attendance.REMOTE:
        raise ValidationError(
            {
                "video": "Videos are for papers presented remotely: first say that the presenter attends remotely."
            }
        )
    conf = settings_for(sub.workshop)
    limit = conf.video_max_mb * MB
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            {"video": f"The video is {size / MB:.1f} MB; the limit is {conf.video_max_mb} MB."}
        )
    with _local_path(upload) as path:
        try:
            info = media.inspect_video(path, max_seconds=conf.video_max_seconds, max_bytes=limit)
        except media.MediaProblem as exc:
            raise ValidationError({"video": str(exc)}) from None
        with open(path, "rb") as fh:
            return _replace(
                camera,
                actor=actor,
                field="video",
                kind="video",
                ext=info.extension,
                content=File(fh),
                values={"video_seconds": info.seconds, "video_codec": info.codec, "video_size": info.size},
                expected=expected_version,
                summary=f"video uploaded ({media.minutes(info.seconds)}, {info.codec}, {info.width}×{info.height})",
            )


FILE_FIELDS = {"pdf": "paper", "poster": "poster", "video": "video", "slides": "slides"}


def remove_file(
    camera: CameraReady, field: str, *, actor, expected_version=None, now: dt.datetime | None = None
):
    """Remove the poster, video or slides (the final PDF can only be replaced)."""
    if field not in ("poster", "video", "slides"):
        raise ValidationError("Only the poster, the video or the slides can be removed.")
    sub = camera.submission
    authorize(actor, sub, now, camera)
    with transaction.atomic():
        current = locked(camera, expected_version)
        old = getattr(current, field).name
        if not old:
            return current
        setattr(current, field, "")
        current.version += 1
        current.save()
        record(
            f"camera.{field}_removed",
            actor=actor,
            workshop=sub.workshop,
            obj=current,
            summary=f"#{sub.number} {field} removed (v{current.version})",
            number=sub.number,
        )
        transaction.on_commit(lambda: _discard(old))
    return current
