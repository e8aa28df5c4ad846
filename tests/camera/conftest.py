"""Accepted papers in the camera-ready phase, their authors as logged-in users, and real media files.

#1 accepted (Ana Lee, Cy Diaz; Ana is a user), #2 accepted (Bo Chen, a user), #3 rejected (Dee Ford, a
user), #4 accepted but the decision not released (Eve Gold, a user). The organizer ``conflicted`` has a
declared conflict with #1. The camera-ready deadline is in 7 days (AoE).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import struct
import subprocess
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from confero.submissions.samplepdf import make_pdf
from tests.program.conftest import make_paper

FFMPEG = shutil.which("ffmpeg") or "/usr/bin/ffmpeg"
HAS_FFPROBE = bool(shutil.which("ffprobe")) or os.access("/usr/bin/ffprobe", os.X_OK)
HAS_FFMPEG = bool(shutil.which("ffmpeg")) or os.access(FFMPEG, os.X_OK)
needs_ffprobe = pytest.mark.skipif(
    not HAS_FFPROBE, reason="ffprobe (Debian package ffmpeg) is not installed: video checks cannot run"
)


def paper_pdf(main: int, name: str = "final.pdf") -> SimpleUploadedFile:
    pages = [f"Final title\nSection {i + 1}\nMain text on page {i + 1}." for i in range(main)]
    pages += ["References\n[1] A. Author. A paper. 2024."]
    return SimpleUploadedFile(name, make_pdf(pages), content_type="application/pdf")


def pdf_of_size(width: float, height: float, pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=width, height=height)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_of_size(width: int, height: int) -> bytes:
    """A real (grey, 8-bit) PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def upload(data: bytes, name: str, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def make_video(path, seconds: float, *, size="320x240", rate=10, codec="libx264", extra=()):
    cmd = [
        FFMPEG,
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"testsrc=duration={seconds}:size={size}:rate={rate}",
        "-c:v",
        codec,
        *extra,
        "-pix_fmt",
        "yuv420p",
        str(path),
    ]
    subprocess.run(cmd, check=True, timeout=120)
    return path


@pytest.fixture(scope="session")
def videos(tmp_path_factory):
    """{"short": 2 s H.264 MP4, "long": ~181 s tiny MP4, "mpeg4": 2 s MPEG-4 Part 2, "broken": garbage}."""
    if not (HAS_FFPROBE and HAS_FFMPEG):
        pytest.skip("ffmpeg/ffprobe (Debian package ffmpeg) is not installed: video checks cannot run")
    d = tmp_path_factory.mktemp("videos")
    out = {
        "short": make_video(d / "short.mp4", 2),
        "long": make_video(d / "long.mp4", 181, size="32x24", rate=1, extra=("-preset", "ultrafast")),
        "mpeg4": make_video(d / "old.mp4", 2, codec="mpeg4"),
    }
    broken = d / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00garbage" * 500)
    out["broken"] = broken
    return out


def video_upload(path, name=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="video/mp4")


@pytest.fixture
def camera_world(workshop, organizer, make_user):
    """The papers, their author users, the conflicted organizer; the camera-ready phase is running."""
    from confero.people.models import Role
    from confero.phases import services as phases
    from confero.submissions.models import DeclaredConflict
    from confero.workshops.models import Deadline

    users = {
        "ana": make_user(email="ana@uni-a.edu", name="Ana Lee"),
        "bo": make_user(email="bo@uni-b.edu", name="Bo Chen"),
        "dee": make_user(email="dee@uni-d.edu", name="Dee Ford"),
        "eve": make_user(email="eve@uni-e.edu", name="Eve Gold"),
    }
    specs = {
        1: ([("Ana Lee", "ana@uni-a.edu"), ("Cy Diaz", "cy@uni-c.edu")], "accept", True),
        2: ([("Bo Chen", "bo@uni-b.edu")], "accept", True),
        3: ([("Dee Ford", "dee@uni-d.edu")], "reject", True),
        4: ([("Eve Gold", "eve@uni-e.edu")], "accept", False),
    }
    papers = {}
    for number, (authors, outcome, released) in specs.items():
        papers[number] = make_paper(
            workshop, number, organizer, authors=authors, topic=number % 3, outcome=outcome, released=released
        )
        for a in papers[number].authors.all():
            key = a.email.split("@")[0]
            if key in users:
                a.user = users[key]
                a.affiliation = "Uni " + key.upper()
                a.save()
    conflicted = make_user(email="conflicted@org.example.org", name="Connie Conflicted")
    Role.objects.create(workshop=workshop, user=conflicted, kind=Role.Kind.ORGANIZER)
    DeclaredConflict.objects.create(submission=papers[1], person=conflicted, reason="same lab")
    Deadline.objects.create(
        workshop=workshop, kind=Deadline.Kind.CAMERA_READY, at=timezone.now() + dt.timedelta(days=7)
    )
    phases.switch_to(workshop, "camera_ready", actor=None)
    phases.forget(workshop)
    return {"papers": papers, "users": users, "organizer": organizer, "conflicted": conflicted}
