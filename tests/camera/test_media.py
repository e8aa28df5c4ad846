"""Posters (PDF/PNG size and aspect), slides and videos (ffprobe): the engine checks and the uploads."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from confero.audit.models import AuditEvent
from confero.camera import files, services
from confero.camera.models import CameraReady, CameraSettings
from confero.engine import media

from .conftest import needs_ffprobe, pdf_of_size, png_of_size, upload, video_upload
from .test_services import details_of

A0 = (2384, 3370)  # points


# --- engine: posters ------------------------------------------------------------------------------


def test_png_size_is_read_from_the_header():
    assert media.png_size(png_of_size(1200, 1700)) == (1200, 1700)
    with pytest.raises(media.MediaProblem, match="not a PNG"):
        media.png_size(b"GIF89a" + b"\x00" * 40)
    with pytest.raises(media.MediaProblem, match="incomplete"):
        media.png_size(png_of_size(1200, 1700)[:-20])


def test_poster_pdf_one_page_and_shape():
    info = media.inspect_poster(pdf_of_size(*A0), max_bytes=None, orientation="portrait", max_ratio=2)
    assert (info.format, round(info.width), round(info.height)) == ("pdf", 2384, 3370)
    with pytest.raises(media.MediaProblem, match="has 2 pages; a poster must be a single page"):
        media.inspect_poster(pdf_of_size(*A0, pages=2), max_bytes=None)
    with pytest.raises(media.MediaProblem, match="landscape .*asks for portrait"):
        media.inspect_poster(pdf_of_size(3370, 2384), max_bytes=None, orientation="portrait")
    with pytest.raises(media.MediaProblem, match="ratio of 3.00"):
        media.inspect_poster(pdf_of_size(1000, 3000), max_bytes=None, max_ratio=2)
    with pytest.raises(media.MediaProblem, match="neither"):
        media.inspect_poster(b"just text", max_bytes=None)
    with pytest.raises(media.MediaProblem, match="limit is"):
        media.inspect_poster(pdf_of_size(*A0), max_bytes=100)


def test_poster_png_resolution():
    with pytest.raises(media.MediaProblem, match="at least 1000 pixels"):
        media.inspect_poster(png_of_size(300, 420), max_bytes=None, min_px=1000)
    info = media.inspect_poster(png_of_size(1000, 1414), max_bytes=None, min_px=1000)
    assert (info.format, info.width, info.height) == ("png", 1000, 1414)


# --- engine: videos -------------------------------------------------------------------------------


@needs_ffprobe
def test_short_video_is_accepted(videos):
    info = media.inspect_video(videos["short"], max_seconds=180, max_bytes=None)
    assert info.codec == "h264" and info.container == "mp4"
    assert 1.5 <= info.seconds <= 2.5 and (info.width, info.height) == (320, 240)


@needs_ffprobe
def test_too_long_video_is_refused_with_its_length(videos):
    with pytest.raises(media.MediaProblem, match=r"too long: 3 min 1 s \(181\.\d s\); at most 3 min"):
        media.inspect_video(videos["long"], max_seconds=180, max_bytes=None)
    # The same file is fine where 4 minutes are allowed.
    assert media.inspect_video(videos["long"], max_seconds=240, max_bytes=None).seconds > 180


@needs_ffprobe
def test_unreadable_and_wrong_videos(videos, tmp_path):
    with pytest.raises(media.MediaProblem, match="could not be read"):
        media.inspect_video(videos["broken"], max_seconds=180, max_bytes=None)
    with pytest.raises(media.MediaProblem, match="mpeg4 codec; accepted are H.264"):
        media.inspect_video(videos["mpeg4"], max_seconds=180, max_bytes=None)
    playlist = tmp_path / "x.mp4"
    playlist.write_bytes(b"#EXTM3U\n#EXTINF:10,\nhttp://169.254.169.254/latest\n")
    with pytest.raises(media.MediaProblem, match="not an MP4 or WebM"):
        media.inspect_video(playlist, max_seconds=180, max_bytes=None)
    with pytest.raises(media.MediaProblem, match="limit is"):
        media.inspect_video(videos["short"], max_seconds=180, max_bytes=1000)


def test_a_missing_ffprobe_is_said_clearly(monkeypatch, tmp_path):
    monkeypatch.setattr(media, "FFPROBE", str(tmp_path / "nope"))
    monkeypatch.setattr(media.shutil, "which", lambda name: None)
    path = tmp_path / "v.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100)
    with pytest.raises(media.ProbeUnavailable, match="ffprobe from ffmpeg is not installed"):
        media.inspect_video(path, max_seconds=180, max_bytes=None)


def test_a_hanging_ffprobe_is_stopped(monkeypatch, tmp_path):
    script = tmp_path / "slowprobe"
    script.write_text("#!/bin/sh\nsleep 30\n")
    script.chmod(0o755)
    monkeypatch.setattr(media, "FFPROBE", str(script))
    path = tmp_path / "v.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100)
    with pytest.raises(media.MediaProblem, match="took longer than 0.5 s"):
        media.inspect_video(path, max_seconds=180, max_bytes=None, timeout=0.5)


# --- uploads --------------------------------------------------------------------------------------


@pytest.fixture
def camera(camera_world):
    ana = camera_world["users"]["ana"]
    cam = services.start(camera_world["papers"][1], actor=ana)
    return services.update_details(cam, details_of(cam), actor=ana)


def test_poster_upload_and_replacement(camera_world, camera, workshop, django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    ana = camera_world["users"]["ana"]
    cam = files.upload_poster(camera, upload(pdf_of_size(*A0), "poster.pdf"), actor=ana)
    first = cam.poster.name
    assert cam.poster_format == "pdf" and first.endswith(".pdf") and default_storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        cam = files.upload_poster(cam, upload(png_of_size(1200, 1600), "poster.png"), actor=ana)
    assert cam.poster_format == "png" and cam.poster.name.endswith(".png")
    assert not default_storage.exists(first)  # the replaced file is gone
    CameraSettings.objects.create(workshop=workshop, poster_orientation="landscape")
    with pytest.raises(ValidationError) as err:
        files.upload_poster(cam, upload(png_of_size(1200, 1600), "p.png"), actor=ana)
    assert "asks for landscape posters" in err.value.message_dict["poster"][0]
    cam.refresh_from_db()
    assert cam.poster_format == "png"


def test_slides_only_for_orals(camera_world, camera, workshop):
    from confero.awards.models import Pick

    ana = camera_world["users"]["ana"]
    slides = upload(pdf_of_size(960, 540, pages=12), "slides.pdf")
    with pytest.raises(ValidationError, match="oral presentation"):
        files.upload_slides(camera, slides, actor=ana)
    Pick.objects.create(workshop=workshop, submission=camera.submission, kind="oral", position=1)
    cam = files.upload_slides(camera, slides, actor=ana)
    assert cam.slides.name.endswith(".pdf")
    cam = files.remove_file(cam, "slides", actor=ana)
    assert not cam.slides
    assert AuditEvent.objects.filter(action="camera.slides_removed").exists()


@needs_ffprobe
def test_video_upload_for_remote_presenters(camera_world, camera, videos, workshop):
    ana = camera_world["users"]["ana"]
    with pytest.raises(ValidationError, match="presented remotely"):
        files.upload_video(camera, video_upload(videos["short"]), actor=ana)
    cam = services.update_details(camera, details_of(camera, attendance="remote"), actor=ana)
    cam = files.upload_video(cam, video_upload(videos["short"]), actor=ana)
    assert cam.video_codec == "h264" and 1.5 <= cam.video_seconds <= 2.5 and cam.video.name.endswith(".mp4")
    version = cam.version
    for name, message in (("long", "too long"), ("broken", "could not be read")):
        with pytest.raises(ValidationError) as err:
            files.upload_video(cam, video_upload(videos[name]), actor=ana)
        assert message in err.value.message_dict["video"][0]
    assert CameraReady.objects.get(pk=cam.pk).version == version
    CameraSettings.objects.create(workshop=workshop, video_max_mb=1)
    big = upload(b"\x00" * 1_000_001, "big.mp4")
    with pytest.raises(ValidationError, match="limit is 1 MB"):
        files.upload_video(cam, big, actor=ana)
